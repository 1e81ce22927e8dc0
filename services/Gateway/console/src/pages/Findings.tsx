import { useMemo, useState } from "react";
import { Link, useSearchParams } from "react-router-dom";
import { api, call, type Finding } from "../api/client";
import { useLoad } from "../lib/useLoad";
import { DataTable, type Column, Pager } from "../components/DataTable";
import { FindingFilters, filterKeys, type FindingFilterValues } from "../components/FindingFilters";
import { Age, SeverityBadge, StatusBadge, identityName } from "../components/Badges";
import { Empty, ErrorState, Loading } from "../components/States";

const pageSize = 50;

const columns: Column<Finding>[] = [
  { key: "severity", header: "Severity", sort: "severity", render: (f) => <SeverityBadge severity={f.severity} /> },
  {
    key: "finding", header: "Finding", render: (f) => (
      <>
        <Link to={`/findings/${f.findingId}`} className="row-link">{f.title}</Link>
        <div className="sub">{f.summary}</div>
      </>
    ),
  },
  { key: "identity", header: "Identity", className: "mono wrap", render: (f) => <span title={f.resourceArn}>{identityName(f.resourceArn, f.resourceId)}</span> },
  { key: "account", header: "Account", className: "mono hide-narrow", render: (f) => f.accountId },
  { key: "status", header: "Status", render: (f) => <StatusBadge status={f.status} /> },
  { key: "lastSeen", header: "Last seen", sort: "lastSeen", className: "hide-narrow", render: (f) => <Age at={f.lastSeenAt} /> },
  { key: "firstSeen", header: "First seen", sort: "firstSeen", className: "hide-narrow", render: (f) => <Age at={f.firstSeenAt} /> },
];

/** Findings: filters and sort live in the URL (shareable), pages are the API's cursors, CSV exports the whole filtered view. */
export function Findings() {
  const [params, setParams] = useSearchParams();
  const filters: FindingFilterValues = Object.fromEntries(filterKeys.map((k) => [k, params.get(k) ?? undefined]));
  const sort = params.get("sort") ?? undefined;
  const [cursors, setCursors] = useState<string[]>([]);
  const cursor = cursors[cursors.length - 1];
  const query = { ...filters, sort, cursor, limit: pageSize };
  const queryKey = JSON.stringify(query);

  const [page, reload] = useLoad(() => call(api.GET("/api/v1/findings", { params: { query } })), queryKey);
  const [facets] = useLoad(async () => {
    const [rules, summary] = await Promise.all([call(api.GET("/api/v1/rules")), call(api.GET("/api/v1/findings/summary"))]);
    return { rules: rules.map((r) => ({ id: r.id, title: r.title })), accounts: Object.keys(summary.byAccount) };
  }, "facets");

  const update = (next: FindingFilterValues, nextSort = sort) => {
    const search = new URLSearchParams();
    for (const k of filterKeys) if (next[k]) search.set(k, next[k]!);
    if (nextSort) search.set("sort", nextSort);
    setCursors([]);
    setParams(search);
  };
  const exportHref = useMemo(() => {
    const search = new URLSearchParams();
    for (const k of filterKeys) if (filters[k]) search.set(k, filters[k]!);
    if (sort) search.set("sort", sort);
    return `/api/v1/findings/export?${search}`;
  }, [params]); // eslint-disable-line react-hooks/exhaustive-deps

  return (
    <section aria-labelledby="findings-title">
      <div className="page-head">
        <h1 id="findings-title">Findings</h1>
        <a className="button" href={exportHref} download>Export CSV</a>
      </div>
      <FindingFilters value={filters} onChange={(f) => update(f)}
        rules={facets.state === "ready" ? facets.data.rules : []} accounts={facets.state === "ready" ? facets.data.accounts : []} />
      {page.state === "loading" && <Loading what="findings" />}
      {page.state === "error" && <ErrorState error={page.error} retry={reload} />}
      {page.state === "ready" && (page.data.items.length === 0 ? (
        <Empty>{Object.values(filters).some(Boolean) ? "No finding matches these filters." : "No findings. Connect an AWS account and an identity provider to start."}</Empty>
      ) : (
        <>
          <p className="count" aria-live="polite">
            {cursors.length > 0 ? `Page ${cursors.length + 1}: ` : ""}{page.data.items.length}{page.data.nextCursor ? "+" : ""} finding{page.data.items.length === 1 ? "" : "s"}
          </p>
          <DataTable caption="Findings" columns={columns} rows={page.data.items} rowKey={(f) => f.findingId}
            sort={{ value: sort, onChange: (s) => update(filters, s) }} />
          <Pager cursors={cursors} setCursors={setCursors} next={page.data.nextCursor} />
        </>
      ))}
    </section>
  );
}
