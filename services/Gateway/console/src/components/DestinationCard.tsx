import { useState } from "react";
import { Link } from "react-router-dom";
import type { ApiError } from "../api/client";
import { destinationTypeName, type Destination } from "../lib/destinations";
import { Age, StatusBadge } from "./Badges";
import { ConfirmButton } from "./ConfirmButton";
import { Problem } from "./States";

export interface DestinationActions {
  test: (id: string) => Promise<{ delivered: boolean; answer: string; reason?: string | null }>;
  resync: (id: string) => Promise<{ queued: number }>;
  remove: (id: string) => Promise<void>;
}

const seconds = (s: number) => (s < 90 ? `${Math.round(s)} s` : s < 5400 ? `${Math.round(s / 60)} min` : `${Math.round(s / 3600)} h`);

/** A destination with its delivery status; admins may send a test event, resync, edit and delete it. Secrets show by name only. */
export function DestinationCard({ destination: d, isAdmin, actions, onChange }: {
  destination: Destination; isAdmin: boolean; actions: DestinationActions; onChange: () => void;
}) {
  const [error, setError] = useState<ApiError | null>(null);
  const [outcome, setOutcome] = useState<string | null>(null);
  const s = d.status;
  const act = async (action: () => Promise<string | null>) => {
    setError(null);
    setOutcome(null);
    try { setOutcome(await action()); onChange(); } catch (e) { setError(e as ApiError); }
  };
  return (
    <li className="card connection" aria-label={`${d.displayName} (${destinationTypeName(d.type)})`}>
      <div className="card-head">
        <div>
          <h3>{d.displayName}</h3>
          <p className="muted">{destinationTypeName(d.type)}</p>
        </div>
        <StatusBadge status={s.state} />
      </div>
      {s.reason && <p className="problem small" role="note"><strong>{s.state === "disabled" ? "Disabled" : "Failing"}:</strong> {s.reason}</p>}
      <dl className="facts compact">
        <div><dt>Backlog</dt><dd>{s.backlog}{s.oldestPendingAgeSeconds != null && s.backlog > 0 && <span className="muted"> (oldest {seconds(s.oldestPendingAgeSeconds)})</span>}</dd></div>
        <div><dt>Last success</dt><dd><Age at={s.lastSuccessAt} /></dd></div>
        <div><dt>Delivered</dt><dd>{s.delivered}</dd></div>
        <div><dt>Dead letters</dt><dd>{s.deadLettered}</dd></div>
        {s.nextAttemptAt && <div><dt>Next attempt</dt><dd><time dateTime={s.nextAttemptAt}>{new Date(s.nextAttemptAt).toLocaleTimeString()}</time></dd></div>}
        <div><dt>Secrets</dt><dd>{d.secrets.length > 0 ? d.secrets.map((n) => `${n} (set)`).join(", ") : <span className="muted">none</span>}</dd></div>
      </dl>
      {s.lastError && <p className="small"><strong>Last error</strong> <Age at={s.lastErrorAt} />: {s.lastError}</p>}
      {outcome && <p className="small" role="status">{outcome}</p>}
      <Problem error={error} />
      {isAdmin && (
        <div className="actions">
          <button type="button" onClick={() => void act(async () => {
            const r = await actions.test(d.id);
            return r.delivered ? `Test event delivered (${r.answer}).` : `Test event not delivered (${r.answer})${r.reason ? `: ${r.reason}` : "."}`;
          })}>Send test event</button>
          <button type="button" onClick={() => void act(async () => `Resync queued ${(await actions.resync(d.id)).queued} open findings.`)}>Resync</button>
          <Link className="button" to={`/integrations/destinations/${d.id}/edit`}>Edit</Link>
          <ConfirmButton label="Delete" danger title={`Delete ${d.displayName}?`} confirmLabel="Delete"
            onConfirm={() => act(async () => { await actions.remove(d.id); return null; })}>
            <p>Nothing more is sent to {d.displayName}; its queue ({s.backlog} waiting) and its stored secrets are deleted.</p>
          </ConfirmButton>
        </div>
      )}
    </li>
  );
}
