import { useState } from "react";
import { Link, useSearchParams } from "react-router-dom";
import { api, call, type Schemas } from "../api/client";
import { useLoad } from "../lib/useLoad";
import { DataTable, type Column, Pager } from "../components/DataTable";
import { Age } from "../components/Badges";
import { Empty, ErrorState, Loading } from "../components/States";

type Identity = Schemas["IdentitySummary"];

const kinds = [
  { id: "iam-user", label: "IAM users" },
  { id: "iam-role", label: "IAM roles" },
  { id: "idp-account", label: "IdP accounts" },
  { id: "aws-account", label: "AWS accounts" },
];
const linkStates = ["linked", "unmatched", "ambiguous", "no-idp"];

const columns: Column<Identity>[] = [
  { key: "name", header: "Name", className: "wrap", render: (i) => <Link to={`/identities/${i.id}`} className="row-link mono">{i.name}</Link> },
  { key: "account", header: "Account / IdP", className: "mono", render: (i) => i.accountId ?? i.provider ?? "" },
  { key: "link", header: "Link", render: (i) => i.linkState ? <span className={`badge link-${i.linkState}`}>{i.linkState}</span> : <span className="muted">—</span> },
  { key: "method", header: "Match method", className: "hide-narrow", render: (i) => i.matchMethod ?? <span className="muted">—</span> },
  { key: "lifecycle", header: "IdP lifecycle", render: (i) => i.lifecycles?.length ? i.lifecycles.join(", ") : <span className="muted">—</span> },
  { key: "observed", header: "Observed", className: "hide-narrow", render: (i) => <Age at={i.observedAt} /> },
];

/** IAM users and roles, AWS accounts and IdP accounts, with link state and match method; filters in the URL. */
export function Identities() {
  const [params, setParams] = useSearchParams();
  const kind = params.get("kind") ?? "iam-user";
  const link = params.get("link") ?? undefined;
  const [cursors, setCursors] = useState<string[]>([]);
  const cursor = cursors[cursors.length - 1];
  const query = { kind, link, cursor, limit: 50 };
  const [page, reload] = useLoad(() => call(api.GET("/api/v1/identities", { params: { query } })), JSON.stringify(query));
  const set = (key: string, value: string | undefined) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value); else next.delete(key);
    setCursors([]);
    setParams(next);
  };

  return (
    <section aria-labelledby="identities-page-title">
      <div className="page-head"><h1 id="identities-page-title">Identities</h1></div>
      <form className="filters" aria-label="Filter identities" onSubmit={(e) => e.preventDefault()}>
        <label>Kind
          <select value={kind} onChange={(e) => set("kind", e.target.value)}>
            {kinds.map((k) => <option key={k.id} value={k.id}>{k.label}</option>)}
          </select>
        </label>
        {kind === "iam-user" && (
          <label>Link state
            <select value={link ?? ""} onChange={(e) => set("link", e.target.value || undefined)}>
              <option value="">Any</option>
              {linkStates.map((s) => <option key={s}>{s}</option>)}
            </select>
          </label>
        )}
      </form>
      {page.state === "loading" && <Loading what="identities" />}
      {page.state === "error" && <ErrorState error={page.error} retry={reload} />}
      {page.state === "ready" && (page.data.items.length === 0 ? <Empty>No identities of this kind.</Empty> : (
        <>
          <DataTable caption="Identities" columns={columns} rows={page.data.items} rowKey={(i) => i.id ?? i.name ?? ""} />
          <Pager cursors={cursors} setCursors={setCursors} next={page.data.nextCursor} />
        </>
      ))}
    </section>
  );
}
