import { useState } from "react";
import { api, call, type ApiError, type Schemas } from "../api/client";
import { useLoad } from "../lib/useLoad";
import { Age } from "./Badges";
import { ConfirmButton } from "./ConfirmButton";
import { CopyButton } from "./CopyButton";
import { DataTable, type Column } from "./DataTable";
import { ErrorState, Loading, Problem } from "./States";

type Key = Schemas["KeySummary"];

/** The tenant's API keys: create (the secret is shown once, here), list, revoke. */
export function ApiKeys() {
  const [version, setVersion] = useState(0);
  const [keys, reload] = useLoad(() => call(api.GET("/api/v1/keys")), String(version));
  const [created, setCreated] = useState<Schemas["CreatedKey"] | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [name, setName] = useState("");
  const [role, setRole] = useState("reader");
  const [expires, setExpires] = useState("");

  const create = async (e: React.FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      setCreated(await call(api.POST("/api/v1/keys", { body: { name: name.trim(), role, expiresAt: expires ? `${expires}T23:59:59Z` : null } })));
      setName("");
      setVersion((v) => v + 1);
    } catch (problem) {
      setError(problem as ApiError);
    }
  };
  const revoke = async (id: string) => {
    setError(null);
    try {
      await call(api.DELETE("/api/v1/keys/{id}", { params: { path: { id } } }));
      setVersion((v) => v + 1);
    } catch (problem) {
      setError(problem as ApiError);
    }
  };
  const columns: Column<Key>[] = [
    { key: "name", header: "Name", render: (k) => k.name },
    { key: "prefix", header: "Key", className: "mono", render: (k) => `${k.prefix}…` },
    { key: "role", header: "Role", render: (k) => k.role },
    { key: "status", header: "Status", render: (k) => <span className={`badge key-${k.status}`}>{k.status}</span> },
    { key: "created", header: "Created", className: "hide-narrow", render: (k) => <Age at={k.createdAt} /> },
    { key: "expires", header: "Expires", className: "hide-narrow", render: (k) => (k.expiresAt ? new Date(k.expiresAt).toLocaleDateString() : "never") },
    {
      key: "revoke", header: "", render: (k) => k.status === "active" && (
        <ConfirmButton label={`Revoke ${k.name}`} title={`Revoke ${k.name}?`} confirmLabel="Revoke" danger onConfirm={() => revoke(k.id)}>
          <p>Requests and console sessions using this key stop working at once. This cannot be undone.</p>
        </ConfirmButton>
      ),
    },
  ];

  return (
    <section className="card" aria-labelledby="keys-title">
      <h2 id="keys-title">API keys</h2>
      <form className="inline-form" onSubmit={create} aria-label="Create an API key">
        <div className="field"><label htmlFor="key-name">Name</label><input id="key-name" value={name} required onChange={(e) => setName(e.target.value)} placeholder="dashboard" /></div>
        <div className="field"><label htmlFor="key-role">Role</label>
          <select id="key-role" value={role} onChange={(e) => setRole(e.target.value)}><option value="reader">reader</option><option value="admin">admin</option></select>
        </div>
        <div className="field"><label htmlFor="key-expires">Expires (optional)</label><input id="key-expires" type="date" value={expires} onChange={(e) => setExpires(e.target.value)} /></div>
        <button type="submit" className="primary" disabled={!name.trim()}>Create key</button>
      </form>
      {error && <Problem error={{ ...error, detail: [error.detail, ...Object.values(error.fields).flat()].filter(Boolean).join(" ") }} />}
      {created && (
        <div className="secret" role="status">
          <p><strong>Key “{created.name}” created.</strong> Copy it now: it is not shown again.</p>
          <code className="mono">{created.key}</code>
          <div className="actions"><CopyButton text={created.key} label="Copy key" /><button type="button" className="ghost" onClick={() => setCreated(null)}>Done</button></div>
        </div>
      )}
      {keys.state === "loading" && <Loading what="keys" />}
      {keys.state === "error" && <ErrorState error={keys.error} retry={reload} />}
      {keys.state === "ready" && <DataTable caption="API keys" columns={columns} rows={keys.data} rowKey={(k) => k.id} />}
    </section>
  );
}
