import { Link } from "react-router-dom";
import { api, call } from "../api/client";
import { useLoad } from "../lib/useLoad";
import { vendorName } from "../lib/vendors";
import { Age, SeverityBadge, StatusBadge, identityName, severities } from "../components/Badges";
import { Empty, ErrorState, Loading } from "../components/States";
import { TrendChart } from "../components/TrendChart";

/** Open findings by severity and rule, 30-day trend, data freshness, the identities with most findings, changes since yesterday. */
export function Overview() {
  const [data, reload] = useLoad(async () => {
    const [summary, activity, rules, aws, idp] = await Promise.all([
      call(api.GET("/api/v1/findings/summary")),
      call(api.GET("/api/v1/findings/activity", { params: { query: { days: 30 } } })),
      call(api.GET("/api/v1/rules")),
      call(api.GET("/api/v1/integrations/aws")),
      call(api.GET("/api/v1/integrations/idp")),
    ]);
    return { summary, activity, rules, integrations: [...aws, ...idp] };
  }, "overview");

  if (data.state === "loading") return <Loading what="the overview" />;
  if (data.state === "error") return <ErrorState error={data.error} retry={reload} />;
  const { summary, activity, rules, integrations } = data.data;
  const open = summary.byStatus.open ?? 0;
  const title = (id: string) => rules.find((r) => r.id === id)?.title ?? id;
  const byRule = Object.entries(summary.byRule).sort((a, b) => b[1] - a[1]);
  const maxRule = Math.max(1, ...byRule.map(([, n]) => n));

  return (
    <section aria-labelledby="overview-title">
      <div className="page-head"><h1 id="overview-title">Overview</h1></div>
      {!summary.idpRules.active && <p className="notice" role="note">{summary.idpRules.reason}</p>}
      <div className="tiles">
        <Link className="tile" to="/findings?status=open"><span className="tile-value">{open}</span><span>open findings</span></Link>
        {severities.map((s) => (
          <Link key={s} className={`tile sev-tile-${s}`} to={`/findings?status=open&severity=${s}`}>
            <span className="tile-value">{summary.bySeverity[s] ?? 0}</span><span><SeverityBadge severity={s} /></span>
          </Link>
        ))}
      </div>
      <div className="columns">
        <section className="card" aria-labelledby="trend-title">
          <h2 id="trend-title">Opened vs resolved, last 30 days</h2>
          <TrendChart days={activity.days} />
        </section>
        <section className="card" aria-labelledby="rules-title">
          <h2 id="rules-title">Open findings by rule</h2>
          {byRule.length === 0 ? <Empty>No open findings.</Empty> : (
            <ul className="bars">
              {byRule.map(([rule, n]) => (
                <li key={rule}>
                  <Link to={`/findings?status=open&rule=${rule}`}>{title(rule)}</Link>
                  <span className="bar" style={{ width: `${(n / maxRule) * 100}%` }} aria-hidden="true" />
                  <span className="bar-value">{n}</span>
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>
      <div className="columns">
        <section className="card" aria-labelledby="identities-title">
          <h2 id="identities-title">Identities with the most open findings</h2>
          {summary.topIdentities.length === 0 ? <Empty>No identity has open findings.</Empty> : (
            <ol className="ranked">
              {summary.topIdentities.map((i) => (
                <li key={i.identityId}>
                  <Link to={`/findings?status=open&identity=${encodeURIComponent(i.identityId)}`} className="mono">{identityName(i.resourceArn, i.resourceId)}</Link>
                  <span className="muted mono small">{i.accountId}</span>
                  <SeverityBadge severity={i.worstSeverity} /> <strong>{i.open}</strong>
                </li>
              ))}
            </ol>
          )}
        </section>
        <section className="card" aria-labelledby="freshness-title">
          <h2 id="freshness-title">Data freshness</h2>
          {integrations.length === 0 ? <Empty><Link to="/integrations/browse">Connect an integration</Link> to see data.</Empty> : (
            <div className="scroll-x"><table className="plain">
              <caption className="visually-hidden">Integrations and their last sync</caption>
              <thead><tr><th scope="col">Integration</th><th scope="col">Status</th><th scope="col">Last sync</th></tr></thead>
              <tbody>
                {integrations.map((c) => (
                  <tr key={c.id}>
                    <td>{c.displayName} <span className="muted small">{vendorName(c.type)}</span></td>
                    <td><StatusBadge status={c.status} /></td>
                    <td><Age at={c.lastSyncCompletedAt} /></td>
                  </tr>
                ))}
              </tbody>
            </table></div>
          )}
        </section>
      </div>
      <section className="card" aria-labelledby="changes-title">
        <h2 id="changes-title">Changed since yesterday <span className="muted">({activity.changeCount})</span></h2>
        {activity.changes.length === 0 ? <Empty>Nothing changed in the last 24 hours.</Empty> : (
          <ul className="changes">
            {activity.changes.map((c) => (
              <li key={`${c.findingId}-${c.occurredAt}-${c.transition}`}>
                <span className={`badge t-${c.transition}`}>{c.transition}</span>
                <Link to={`/findings/${c.findingId}`}>{c.title}</Link>
                <span className="mono small">{identityName(c.resourceArn, c.resourceId)}</span>
                <Age at={c.occurredAt} />
              </li>
            ))}
          </ul>
        )}
      </section>
    </section>
  );
}
