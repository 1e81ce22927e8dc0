import { useState } from "react";
import { Link, Route, Routes, useNavigate, useParams } from "react-router-dom";
import { api, call, type AwsConnection, type IdpConnection } from "../api/client";
import { useLoad, usePolledLoad } from "../lib/useLoad";
import { useSession } from "../session";
import { vendorById, vendorName, vendors, type VendorField } from "../lib/vendors";
import { ConnectForm, type ConnectValues } from "../components/ConnectForm";
import { ConfirmButton } from "../components/ConfirmButton";
import { Age, StatusBadge } from "../components/Badges";
import { Empty, ErrorState, Loading, Problem } from "../components/States";
import type { ApiError } from "../api/client";
import { DestinationList, DestinationTypeCards, EditDestination, NewDestination } from "./Destinations";
import { OrganizationList } from "./Organizations";

type Connection = (AwsConnection & { kind: "aws" }) | (IdpConnection & { kind: "idp" });

export function Integrations() {
  return (
    <Routes>
      <Route index element={<ConnectedList />} />
      <Route path="browse" element={<Browse />} />
      <Route path="connect/:vendor" element={<Connect />} />
      <Route path=":kind/:id/credentials" element={<EditCredentials />} />
      <Route path="destinations/new/:type" element={<NewDestination />} />
      <Route path="destinations/:id/edit" element={<EditDestination />} />
    </Routes>
  );
}

async function loadConnections(): Promise<Connection[]> {
  const [aws, idp] = await Promise.all([call(api.GET("/api/v1/integrations/aws")), call(api.GET("/api/v1/integrations/idp"))]);
  return [...aws.map((c) => ({ ...c, kind: "aws" as const })), ...idp.map((c) => ({ ...c, kind: "idp" as const }))];
}

const busyStatuses = new Set(["connected", "syncing"]);

function ConnectedList() {
  const [list, reload] = usePolledLoad(loadConnections, (data) => data.some((c) => busyStatuses.has(c.status)));
  const { isAdmin } = useSession();

  return (
    <section aria-labelledby="integrations-title">
      <div className="page-head">
        <h1 id="integrations-title">Integrations</h1>
        {isAdmin && <Link className="button primary" to="/integrations/browse">Connect an integration</Link>}
      </div>
      {list.state === "loading" && <Loading what="integrations" />}
      {list.state === "error" && <ErrorState error={list.error} retry={reload} />}
      {list.state === "ready" && (list.data.length === 0 ? (
        <Empty>Nothing is connected yet. {isAdmin ? <Link to="/integrations/browse">Connect an AWS account and your identity provider.</Link> : "Ask an admin to connect AWS and your identity provider."}</Empty>
      ) : (
        <ul className="cards connections" aria-label="Connected integrations">
          {list.data.map((c) => <ConnectionCard key={c.id} connection={c} onChange={reload} />)}
        </ul>
      ))}
      <OrganizationList />
      <DestinationList />
    </section>
  );
}

function ConnectionCard({ connection: c, onChange }: { connection: Connection; onChange: () => void }) {
  const { isAdmin } = useSession();
  const [error, setError] = useState<ApiError | null>(null);
  const path = { params: { path: { id: c.id } } };
  const act = async (action: () => Promise<unknown>) => {
    setError(null);
    try { await action(); onChange(); } catch (e) { setError(e as ApiError); }
  };
  const counts = c.kind === "aws"
    ? c.counts && `${c.counts.users} users · ${c.counts.roles} roles`
    : c.counts && `${c.counts.accounts} accounts`;
  return (
    <li className="card connection" aria-label={`${c.displayName} (${vendorName(c.type)})`}>
      <div className="card-head">
        <div>
          <h2>{c.displayName}</h2>
          <p className="muted">{vendorName(c.type)}{c.kind === "aws" ? <> · <span className="mono">{c.accountId}</span></> : null}</p>
        </div>
        <StatusBadge status={c.status} />
      </div>
      <dl className="facts compact">
        <div><dt>Last sync</dt><dd><Age at={c.lastSyncCompletedAt} />{c.lastSyncComplete === false && <span className="warn"> (incomplete)</span>}</dd></div>
        <div><dt>Seen</dt><dd>{counts || <span className="muted">not yet</span>}</dd></div>
      </dl>
      {c.lastError && <p className="problem small" role="note"><strong>Last error:</strong> {c.lastError}</p>}
      {c.kind === "aws" && c.degradations.length > 0 && <p className="warn small">Degraded: {c.degradations.join("; ")}</p>}
      <Problem error={error} />
      {isAdmin && (
        <div className="actions">
          <button type="button" onClick={() => void act(() => c.kind === "aws"
            ? call(api.POST("/api/v1/integrations/aws/{id}/sync", path)) : call(api.POST("/api/v1/integrations/idp/{id}/sync", path)))}>Sync now</button>
          <Link className="button" to={`/integrations/${c.kind}/${c.id}/credentials`}>Edit credentials</Link>
          <ConfirmButton label="Disconnect" danger title={`Disconnect ${c.displayName}?`} confirmLabel="Disconnect"
            onConfirm={() => act(() => c.kind === "aws"
              ? call(api.DELETE("/api/v1/integrations/aws/{id}", path)) : call(api.DELETE("/api/v1/integrations/idp/{id}", path)))}>
            <p>Thalian stops reading {c.displayName}. Its identities leave correlation and their findings resolve. The stored credentials are deleted.</p>
          </ConfirmButton>
        </div>
      )}
    </li>
  );
}

function Browse() {
  return (
    <section aria-labelledby="browse-title">
      <p><Link to="/integrations">← Integrations</Link></p>
      <h1 id="browse-title">Connect an integration</h1>
      <h2>Cloud and identity providers</h2>
      <ul className="cards browse" aria-label="Available integrations">
        {vendors.map((v) => (
          <li key={v.id} className="card">
            <p className="muted small">{v.kind}</p>
            <h3>{v.name}</h3>
            <p>{v.blurb}</p>
            <Link className="button" to={`/integrations/connect/${v.id}`} aria-label={`Connect ${v.name}`}>Connect</Link>
          </li>
        ))}
      </ul>
      <DestinationTypeCards />
    </section>
  );
}

const text = (values: ConnectValues, name: string) => values[name]?.trim() || null;

function awsCredentials(values: ConnectValues) {
  return {
    accessKeyId: text(values, "accessKeyId"), secretAccessKey: text(values, "secretAccessKey"),
    roleArn: text(values, "roleArn"), externalId: text(values, "externalId"), useAmbientCredentials: null,
  };
}

/** Turns form values into an IdP request body: blanks dropped, the Google key file parsed. */
function body(values: ConnectValues): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(values)) {
    if (!v.trim()) continue;
    result[k] = k === "serviceAccountKey" ? JSON.parse(v) : v.trim();
  }
  return result;
}

function Connect() {
  const { vendor: id } = useParams();
  const vendor = vendorById(id);
  const navigate = useNavigate();
  if (!vendor) return <Empty>Unknown integration. <Link to="/integrations/browse">Browse integrations</Link></Empty>;
  const submit = async (values: ConnectValues) => {
    if (vendor.id === "aws") await call(api.POST("/api/v1/integrations/aws", {
      body: { ...awsCredentials(values), region: text(values, "region"), displayName: text(values, "displayName"), cloudTrailRegions: null },
    }));
    else if (vendor.id === "aws-organization") await call(api.POST("/api/v1/integrations/aws-organization", {
      body: { ...awsCredentials(values), region: text(values, "region"), displayName: text(values, "displayName"),
        memberRoleName: text(values, "memberRoleName"), memberExternalId: text(values, "memberExternalId") },
    }));
    else await call(api.POST("/api/v1/integrations/{provider}", { params: { path: { provider: vendor.id } }, body: body(values) }));
    navigate("/integrations");
  };
  return (
    <section aria-labelledby="connect-title" className="narrow">
      <p><Link to="/integrations/browse">← All integrations</Link></p>
      <h1 id="connect-title">Connect {vendor.name}</h1>
      <p className="muted">{vendor.blurb} The credentials are checked with {vendor.kind === "Cloud" ? "AWS STS" : vendor.name} before anything is stored, and the first sync starts at once.</p>
      <ConnectForm vendor={vendor} fields={vendor.fields} submitLabel="Connect" submit={submit} />
    </section>
  );
}

function EditCredentials() {
  const { kind, id = "" } = useParams();
  const navigate = useNavigate();
  const path = { params: { path: { id } } };
  const [connection] = useLoad(async () => kind === "aws"
    ? { ...(await call(api.GET("/api/v1/integrations/aws/{id}", path))), kind: "aws" as const }
    : { ...(await call(api.GET("/api/v1/integrations/idp/{id}", path))), kind: "idp" as const }, `${kind}/${id}`);
  if (connection.state === "loading") return <Loading what="the integration" />;
  if (connection.state === "error") return <ErrorState error={connection.error} />;
  const c = connection.data;
  const vendor = vendorById(c.type)!;
  // Rotation asks for the credential fields again; an IdP's non-secret settings are kept unless given.
  const fields: VendorField[] = vendor.fields.filter((f) => f.name !== "displayName" && f.name !== "region")
    .map((f) => (c.kind === "idp" && !f.secret ? { ...f, optional: true } : f));
  const submit = async (values: ConnectValues) => {
    if (c.kind === "aws") await call(api.PUT("/api/v1/integrations/aws/{id}/credentials", { ...path, body: awsCredentials(values) }));
    else await call(api.PUT("/api/v1/integrations/idp/{id}/credentials", { ...path, body: body(values) }));
    navigate("/integrations");
  };
  return (
    <section aria-labelledby="edit-title" className="narrow">
      <p><Link to="/integrations">← Integrations</Link></p>
      <h1 id="edit-title">Edit credentials of {c.displayName}</h1>
      <p className="muted">The new credentials are checked like a new connection{c.kind === "aws" ? " and must reach the same AWS account" : ""}. The old ones stay in use until the check passes.</p>
      <ConnectForm vendor={vendor} fields={fields} submitLabel="Save credentials" submit={submit} />
    </section>
  );
}
