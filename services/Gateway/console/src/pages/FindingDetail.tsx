import { useState } from "react";
import { Link, useParams } from "react-router-dom";
import { api, call, type ApiError, type FindingWithHistory } from "../api/client";
import { useLoad } from "../lib/useLoad";
import { useSession } from "../session";
import { Age, SeverityBadge, StatusBadge } from "../components/Badges";
import { CopyButton } from "../components/CopyButton";
import { ErrorState, Loading, Problem } from "../components/States";
import { SuppressForm } from "../components/SuppressForm";

/** One finding: evidence, data age, remediation with copyable AWS CLI commands, history, suppress / unsuppress. */
export function FindingDetail() {
  const { id = "" } = useParams();
  const { isAdmin } = useSession();
  const [version, setVersion] = useState(0);
  const [detail, reload] = useLoad(async () => {
    const [finding, rules] = await Promise.all([
      call(api.GET("/api/v1/findings/{id}", { params: { path: { id } } })),
      call(api.GET("/api/v1/rules")),
    ]);
    return { finding, rule: rules.find((r) => r.id === finding.finding.ruleId) };
  }, `${id}:${version}`);
  const [error, setError] = useState<ApiError | null>(null);

  if (detail.state === "loading") return <Loading what="the finding" />;
  if (detail.state === "error") return <ErrorState error={detail.error} retry={reload} />;
  const { finding: data, rule } = detail.data;
  const f = data.finding;
  // The rule's commands name USER / ROLE; this finding's evidence says which.
  const commands = (rule?.remediationCommands ?? []).map((c) => c
    .replace(/\bUSER\b/g, f.evidence?.userName ?? "USER").replace(/\bROLE\b/g, f.evidence?.roleName ?? "ROLE")).join("\n");

  const unsuppress = async () => {
    setError(null);
    try {
      await call(api.POST("/api/v1/findings/{id}/unsuppress", { params: { path: { id } } }));
      setVersion((v) => v + 1);
    } catch (e) {
      setError(e as ApiError);
    }
  };

  return (
    <article aria-labelledby="finding-title" className="detail">
      <p><Link to="/findings?status=open">← Findings</Link></p>
      <div className="page-head">
        <h1 id="finding-title">{f.title}</h1>
        <div className="head-badges"><SeverityBadge severity={f.severity} /><StatusBadge status={f.status} /></div>
      </div>
      <p className="lead">{f.summary}</p>
      <dl className="facts">
        <div><dt>Identity</dt><dd className="mono">{f.resourceArn}</dd></div>
        <div><dt>Account</dt><dd className="mono">{f.accountId}</dd></div>
        <div><dt>First seen</dt><dd><Age at={f.firstSeenAt} /></dd></div>
        <div><dt>Data age</dt><dd><Age at={f.dataObservedAt} prefix="observed " /></dd></div>
        {f.cisControl && <div><dt>CIS</dt><dd>{f.cisControl}</dd></div>}
        {f.identityId && <div><dt>Timeline</dt><dd><Link to={`/identities/${f.identityId}`}>Identity history</Link></dd></div>}
      </dl>

      <div className="columns">
        <section aria-labelledby="evidence-title" className="card">
          <h2 id="evidence-title">Evidence</h2>
          <dl className="evidence">
            {Object.entries(f.evidence ?? {}).map(([k, v]) => <div key={k}><dt>{k}</dt><dd>{v}</dd></div>)}
          </dl>
        </section>
        {rule && (
          <section aria-labelledby="remediation-title" className="card">
            <h2 id="remediation-title">Remediation</h2>
            <p>{rule.remediation}</p>
            {commands && (
              <div className="commands">
                <pre><code>{commands}</code></pre>
                <CopyButton text={commands} label="Copy commands" />
              </div>
            )}
          </section>
        )}
      </div>

      <section aria-labelledby="suppression-title" className="card">
        <h2 id="suppression-title">Suppression</h2>
        {f.status === "suppressed" ? (
          <>
            <p>Suppressed by <strong>{data.suppressedBy}</strong>: {data.suppressionReason}
              {data.suppressedUntil ? <> — until {new Date(data.suppressedUntil).toLocaleString()}</> : " — no expiry"}</p>
            {isAdmin && <button type="button" onClick={() => void unsuppress()}>Unsuppress</button>}
            <Problem error={error} />
          </>
        ) : f.status === "resolved" ? <p className="muted">Resolved findings cannot be suppressed.</p>
          : isAdmin ? <SuppressForm findingId={id} onDone={() => setVersion((v) => v + 1)} />
          : <p className="muted">Only admins can suppress findings.</p>}
      </section>

      <section aria-labelledby="history-title" className="card">
        <h2 id="history-title">History</h2>
        <ol className="timeline">
          {[...data.history].reverse().map((h: FindingWithHistory["history"][number]) => (
            <li key={h.version}>
              <span className={`dot t-${h.transition}`} aria-hidden="true" />
              <strong>{h.transition}</strong> <Age at={h.occurredAt} />
              {h.detail && <div className="sub">{h.detail}</div>}
            </li>
          ))}
        </ol>
      </section>
    </article>
  );
}
