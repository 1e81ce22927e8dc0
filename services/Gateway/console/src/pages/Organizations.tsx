import { useState } from "react";
import { api, call, type ApiError, type Schemas } from "../api/client";
import { usePolledLoad } from "../lib/useLoad";
import { useSession } from "../session";
import { Age } from "../components/Badges";
import { ConfirmButton } from "../components/ConfirmButton";
import { ErrorState, Problem } from "../components/States";

type Organization = Schemas["OrganizationView"];
const byId = (id: string) => ({ params: { path: { id } } });

/** Connected AWS organisations (their member accounts appear with the AWS connections); nothing at all while there is none. */
export function OrganizationList() {
  const [list, reload] = usePolledLoad(() => call(api.GET("/api/v1/integrations/aws-organization")), () => false);
  if (list.state === "error") return <ErrorState error={list.error} retry={reload} />;
  if (list.state !== "ready" || list.data.length === 0) return null;
  return (
    <section aria-labelledby="organizations-title">
      <h2 id="organizations-title">AWS organisations</h2>
      <ul className="cards connections" aria-label="AWS organisations">
        {list.data.map((o) => <OrganizationCard key={o.id} organization={o} onChange={reload} />)}
      </ul>
    </section>
  );
}

function OrganizationCard({ organization: o, onChange }: { organization: Organization; onChange: () => void }) {
  const { isAdmin } = useSession();
  const [error, setError] = useState<ApiError | null>(null);
  const act = async (action: () => Promise<unknown>) => {
    setError(null);
    try { await action(); onChange(); } catch (e) { setError(e as ApiError); }
  };
  const synced = o.members.filter((m) => m.status === "synced").length;
  return (
    <li className="card connection" aria-label={`${o.displayName} (AWS organisation)`}>
      <div className="card-head">
        <div>
          <h3>{o.displayName}</h3>
          <p className="muted"><span className="mono">{o.organizationId}</span> · management <span className="mono">{o.managementAccountId}</span></p>
        </div>
      </div>
      <dl className="facts compact">
        <div><dt>Accounts</dt><dd>{o.accountCount} ({synced} synced)</dd></div>
        <div><dt>Last discovery</dt><dd><Age at={o.lastDiscoveredAt} /></dd></div>
        <div><dt>Member role</dt><dd className="mono">{o.memberRoleName}</dd></div>
      </dl>
      {o.lastDiscoveryError && <p className="problem small" role="note"><strong>Last discovery failed:</strong> {o.lastDiscoveryError}</p>}
      {o.degradations.length > 0 && <p className="warn small">Degraded: {o.degradations.join("; ")}</p>}
      <Problem error={error} />
      {isAdmin && (
        <div className="actions">
          <button type="button" onClick={() => void act(() => call(api.POST("/api/v1/integrations/aws-organization/{id}/discover", byId(o.id))))}>Discover now</button>
          <ConfirmButton label="Remove" danger title={`Remove ${o.displayName}?`} confirmLabel="Remove"
            onConfirm={() => act(() => call(api.DELETE("/api/v1/integrations/aws-organization/{id}", byId(o.id))))}>
            <p>Thalian stops reading all {o.accountCount} accounts of {o.organizationId}; their identities leave correlation and their findings resolve.</p>
          </ConfirmButton>
        </div>
      )}
    </li>
  );
}
