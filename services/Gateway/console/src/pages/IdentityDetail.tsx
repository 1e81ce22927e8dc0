import { useState } from "react";
import { Link, useParams } from "react-router-dom";
import { api, call, type Schemas } from "../api/client";
import { useLoad } from "../lib/useLoad";
import { Age } from "../components/Badges";
import { Empty, ErrorState, Loading } from "../components/States";

type Match = Schemas["IdpMatch"];

/** The parts of an identity's state the page shows specially; the rest is listed as recorded. */
interface IdentityState {
  user?: { userName?: string; arn?: string; credentials?: Record<string, unknown> | null; accessKeys?: Record<string, unknown>[] | null; mfaDevices?: Record<string, unknown>[] };
  match?: Match;
  linkState?: string;
}

function Value({ value }: { value: unknown }) {
  if (value === null || value === undefined || value === "") return <span className="muted">—</span>;
  if (Array.isArray(value)) return value.length === 0 ? <span className="muted">none</span> : <code className="small">{JSON.stringify(value)}</code>;
  if (typeof value === "object") return <KeyValues value={value as Record<string, unknown>} />;
  return <>{String(value)}</>;
}

function KeyValues({ value }: { value: Record<string, unknown> }) {
  return <dl className="evidence">{Object.entries(value).map(([k, v]) => <div key={k}><dt>{k}</dt><dd><Value value={v} /></dd></div>)}</dl>;
}

/** An identity now or as of a chosen moment, its linked IdP accounts, credentials and its full timeline. */
export function IdentityDetail() {
  const { id = "" } = useParams();
  const [asOf, setAsOf] = useState("");
  const asOfIso = asOf ? new Date(asOf).toISOString() : undefined;
  const [identity, reload] = useLoad(() => call(api.GET("/api/v1/identities/{id}", { params: { path: { id }, query: { asOf: asOfIso } } })), `${id}:${asOfIso}`);
  const [timeline] = useLoad(() => call(api.GET("/api/v1/identities/{id}/timeline", { params: { path: { id } } })), id);

  const state = identity.state === "ready" ? (identity.data.state as IdentityState) : undefined;
  const match = state?.match;
  return (
    <article aria-labelledby="identity-title" className="detail">
      <p><Link to="/identities">← Identities</Link></p>
      <div className="page-head">
        <h1 id="identity-title" className="mono">{state?.user?.userName ?? (identity.state === "ready" ? identity.data.kind : "Identity")}</h1>
        <label className="inline">As of <input type="datetime-local" value={asOf} onChange={(e) => setAsOf(e.target.value)} /></label>
      </div>
      {identity.state === "loading" && <Loading what="the identity" />}
      {identity.state === "error" && <ErrorState error={identity.error} retry={reload} />}
      {identity.state === "ready" && (
        <>
          <p className="muted">{identity.data.kind} · version {identity.data.version}{asOfIso ? ` · as of ${new Date(asOfIso).toLocaleString()}` : " · now"}</p>
          {state?.user?.arn && <p className="mono">{state.user.arn}</p>}
          {match && (
            <section className="card" aria-labelledby="links-title">
              <h2 id="links-title">IdP link: <span className={`badge link-${match.state}`}>{match.state}</span>
                {match.method && <span className="muted"> by {match.method} ({match.confidence} confidence)</span>}</h2>
              {match.accounts.length === 0 ? <Empty>No linked IdP account.</Empty> : (
                <table className="plain">
                  <caption className="visually-hidden">Linked IdP accounts</caption>
                  <thead><tr><th scope="col">IdP</th><th scope="col">Account</th><th scope="col">Lifecycle</th><th scope="col">Raw status</th><th scope="col">Left active</th></tr></thead>
                  <tbody>
                    {match.accounts.map((a) => (
                      <tr key={`${a.connectionId}/${a.externalId}`}>
                        <td>{a.provider}</td><td className="mono">{a.primaryEmail ?? a.externalId}</td><td>{String(a.lifecycle)}</td>
                        <td className="mono">{a.rawStatus}</td><td><Age at={a.leftActiveAt} /></td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
              {match.attempts.length > 0 && <p className="small muted">Tried: {match.attempts.join("; ")}</p>}
            </section>
          )}
          {state?.user?.credentials && (
            <section className="card" aria-labelledby="credentials-title">
              <h2 id="credentials-title">Credentials</h2>
              <KeyValues value={state.user.credentials} />
              {(state.user.accessKeys ?? []).map((k, i) => <div key={i}><h3>Access key {i + 1}</h3><KeyValues value={k} /></div>)}
            </section>
          )}
          {!state?.user && <section className="card"><h2>State</h2><KeyValues value={identity.data.state as Record<string, unknown>} /></section>}
        </>
      )}
      <section className="card" aria-labelledby="timeline-title">
        <h2 id="timeline-title">Timeline</h2>
        {timeline.state === "loading" && <Loading what="the timeline" />}
        {timeline.state === "error" && <ErrorState error={timeline.error} />}
        {timeline.state === "ready" && (
          <ol className="timeline">
            {[...timeline.data].reverse().map((e) => (
              <li key={e.version}>
                <span className="dot" aria-hidden="true" />
                <strong>{e.type}</strong> <Age at={e.observedAt ?? e.recordedAt} />
                <button type="button" className="link small" onClick={() => setAsOf(toLocalInput(e.recordedAt))}>view as of</button>
              </li>
            ))}
          </ol>
        )}
      </section>
    </article>
  );
}

function toLocalInput(iso: string) {
  const d = new Date(new Date(iso).getTime() + 1000);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}
