import { useEffect, useState } from "react";
import { severities } from "./Badges";

export interface FindingFilterValues {
  severity?: string;
  rule?: string;
  status?: string;
  account?: string;
  identity?: string;
  q?: string;
}

export const filterKeys = ["severity", "rule", "status", "account", "identity", "q"] as const;
const statuses = ["open", "suppressed", "resolved"];

/** The findings filters. Every change is reported at once (the page puts it in the URL), text after a short pause. */
export function FindingFilters({ value, onChange, rules, accounts }: {
  value: FindingFilterValues;
  onChange: (next: FindingFilterValues) => void;
  rules: { id: string; title: string }[];
  accounts: string[];
}) {
  const [text, setText] = useState(value.q ?? "");
  const [identity, setIdentity] = useState(value.identity ?? "");
  useEffect(() => setText(value.q ?? ""), [value.q]);
  useEffect(() => setIdentity(value.identity ?? ""), [value.identity]);
  useEffect(() => {
    const pending = setTimeout(() => {
      const q = text.trim() || undefined;
      const id = identity.trim() || undefined;
      if (q !== value.q || id !== value.identity) onChange({ ...value, q, identity: id });
    }, 300);
    return () => clearTimeout(pending);
  }, [text, identity]); // eslint-disable-line react-hooks/exhaustive-deps

  const set = (key: keyof FindingFilterValues) => (e: { target: { value: string } }) =>
    onChange({ ...value, [key]: e.target.value || undefined });
  const active = filterKeys.some((k) => value[k]);

  return (
    <form className="filters" role="search" aria-label="Filter findings" onSubmit={(e) => e.preventDefault()}>
      <label>Search<input type="search" value={text} placeholder="user, ARN, text…" onChange={(e) => setText(e.target.value)} /></label>
      <label>Severity
        <select value={value.severity ?? ""} onChange={set("severity")}>
          <option value="">All</option>
          {severities.map((s) => <option key={s} value={s}>{s}</option>)}
        </select>
      </label>
      <label>Rule
        <select value={value.rule ?? ""} onChange={set("rule")}>
          <option value="">All rules</option>
          {rules.map((r) => <option key={r.id} value={r.id}>{r.title}</option>)}
        </select>
      </label>
      <label>Status
        <select value={value.status ?? ""} onChange={set("status")}>
          <option value="">Any</option>
          {statuses.map((s) => <option key={s} value={s}>{s}</option>)}
        </select>
      </label>
      <label>Account
        <select value={value.account ?? ""} onChange={set("account")}>
          <option value="">All accounts</option>
          {accounts.map((a) => <option key={a} value={a}>{a}</option>)}
        </select>
      </label>
      <label>Identity<input value={identity} placeholder="ARN or id" onChange={(e) => setIdentity(e.target.value)} /></label>
      {active && <button type="button" className="ghost" onClick={() => onChange({})}>Clear filters</button>}
    </form>
  );
}
