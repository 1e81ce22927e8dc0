import { useState } from "react";
import { api, call, type ApiError, type Schemas } from "../api/client";
import { useLoad } from "../lib/useLoad";
import { useSession } from "../session";
import { ErrorState, Loading, Problem } from "../components/States";
import { ApiKeys } from "../components/ApiKeys";

type Settings = Schemas["TenantSettings"];
type Exclusion = Schemas["ServiceAccountExclusion"];

const lines = (text: string) => text.split(/[\n,]/).map((s) => s.trim()).filter(Boolean);

/** Rule thresholds, service-account classification, exclusions, trusted accounts — and the tenant's API keys. */
export function Settings() {
  const { isAdmin } = useSession();
  const [settings, reload] = useLoad(() => call(api.GET("/api/v1/settings")), "settings");
  return (
    <section aria-labelledby="settings-title">
      <div className="page-head"><h1 id="settings-title">Settings</h1></div>
      {settings.state === "loading" && <Loading what="settings" />}
      {settings.state === "error" && <ErrorState error={settings.error} retry={reload} />}
      {settings.state === "ready" && <SettingsForm key={settings.data.version} initial={settings.data} readOnly={!isAdmin} onSaved={reload} />}
      {isAdmin && <ApiKeys />}
    </section>
  );
}

function SettingsForm({ initial, readOnly, onSaved }: { initial: Settings; readOnly: boolean; onSaved: () => void }) {
  const [form, setForm] = useState({
    staleKeyDays: String(initial.staleKeyDays), keyRotationDays: String(initial.keyRotationDays), rootUseWindowDays: String(initial.rootUseWindowDays),
    serviceAccountTagKey: initial.serviceAccountTagKey ?? "",
    serviceAccountPathPrefixes: (initial.serviceAccountPathPrefixes ?? []).join("\n"),
    serviceAccountNamePatterns: (initial.serviceAccountNamePatterns ?? []).join("\n"),
    personTagKeys: (initial.personTagKeys ?? []).join("\n"),
    trustedAccountIds: (initial.trustedAccountIds ?? []).join("\n"),
  });
  const [exclusions, setExclusions] = useState<Exclusion[]>(initial.exclusions ?? []);
  const [error, setError] = useState<ApiError | null>(null);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);
  const field = (name: keyof typeof form) => ({
    id: `settings-${name}`, value: form[name], disabled: readOnly,
    "aria-invalid": Boolean(error?.fields[name]),
    "aria-describedby": error?.fields[name] ? `settings-${name}-error` : undefined,
    onChange: (e: { target: { value: string } }) => { setSaved(false); setForm({ ...form, [name]: e.target.value }); },
  });
  const fieldError = (name: string) => error?.fields[name] && <p id={`settings-${name}-error`} className="field-error">{error.fields[name]!.join(" ")}</p>;

  const save = async (e: React.FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await call(api.PUT("/api/v1/settings", {
        body: {
          staleKeyDays: Number(form.staleKeyDays), keyRotationDays: Number(form.keyRotationDays), rootUseWindowDays: Number(form.rootUseWindowDays),
          serviceAccountTagKey: form.serviceAccountTagKey.trim(),
          serviceAccountPathPrefixes: lines(form.serviceAccountPathPrefixes), serviceAccountNamePatterns: lines(form.serviceAccountNamePatterns),
          personTagKeys: lines(form.personTagKeys), trustedAccountIds: lines(form.trustedAccountIds),
          exclusions: exclusions.map((x) => ({ userArn: x.userArn.trim(), owner: x.owner.trim(), reason: x.reason.trim(), expiresAt: x.expiresAt })),
        },
      }));
      setSaved(true);
      onSaved();
    } catch (problem) {
      setError(problem as ApiError);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="settings" onSubmit={save} noValidate aria-label="Detection settings">
      <fieldset className="card">
        <legend>Thresholds (days)</legend>
        <div className="grid3">
          <div className="field"><label htmlFor="settings-staleKeyDays">Access key unused for</label><input type="number" min={1} max={3650} {...field("staleKeyDays")} />{fieldError("staleKeyDays")}</div>
          <div className="field"><label htmlFor="settings-keyRotationDays">Access key older than</label><input type="number" min={1} max={3650} {...field("keyRotationDays")} />{fieldError("keyRotationDays")}</div>
          <div className="field"><label htmlFor="settings-rootUseWindowDays">Root use within</label><input type="number" min={1} max={3650} {...field("rootUseWindowDays")} />{fieldError("rootUseWindowDays")}</div>
        </div>
      </fieldset>
      <fieldset className="card">
        <legend>Service accounts</legend>
        <p className="help">IAM users matching any of these are service accounts: the "not in the IdP" rules skip them.</p>
        <div className="grid2">
          <div className="field"><label htmlFor="settings-serviceAccountTagKey">Tag key</label><input {...field("serviceAccountTagKey")} />{fieldError("serviceAccountTagKey")}</div>
          <div className="field"><label htmlFor="settings-serviceAccountPathPrefixes">IAM path prefixes (one per line)</label><textarea rows={3} {...field("serviceAccountPathPrefixes")} />{fieldError("serviceAccountPathPrefixes")}</div>
          <div className="field"><label htmlFor="settings-serviceAccountNamePatterns">Name patterns (one per line, * wildcard)</label><textarea rows={3} {...field("serviceAccountNamePatterns")} />{fieldError("serviceAccountNamePatterns")}</div>
          <div className="field"><label htmlFor="settings-personTagKeys">Person tag keys (link a user to a person)</label><textarea rows={3} {...field("personTagKeys")} />{fieldError("personTagKeys")}</div>
        </div>
      </fieldset>
      <fieldset className="card">
        <legend>Exclusions</legend>
        <p className="help">Named IAM users treated as service accounts, each with an owner, a reason and an expiry.</p>
        {exclusions.map((x, i) => (
          <div className="exclusion" key={i}>
            {(["userArn", "owner", "reason"] as const).map((k) => (
              <div className="field" key={k}>
                <label htmlFor={`exclusion-${i}-${k}`}>{k === "userArn" ? "IAM user ARN" : k === "owner" ? "Owner" : "Reason"}</label>
                <input id={`exclusion-${i}-${k}`} value={x[k]} disabled={readOnly}
                  onChange={(e) => setExclusions(exclusions.map((y, j) => (j === i ? { ...y, [k]: e.target.value } : y)))} />
              </div>
            ))}
            <div className="field">
              <label htmlFor={`exclusion-${i}-expiresAt`}>Expires</label>
              <input id={`exclusion-${i}-expiresAt`} type="date" value={x.expiresAt.slice(0, 10)} disabled={readOnly}
                onChange={(e) => setExclusions(exclusions.map((y, j) => (j === i ? { ...y, expiresAt: `${e.target.value}T23:59:59Z` } : y)))} />
            </div>
            {!readOnly && <button type="button" className="ghost" onClick={() => setExclusions(exclusions.filter((_, j) => j !== i))} aria-label={`Remove exclusion ${i + 1}`}>Remove</button>}
            {fieldError(`exclusions[${i}]`)}
          </div>
        ))}
        {!readOnly && <button type="button" onClick={() => setExclusions([...exclusions, { userArn: "", owner: "", reason: "", expiresAt: new Date(Date.now() + 90 * 86_400_000).toISOString() }])}>Add exclusion</button>}
      </fieldset>
      <fieldset className="card">
        <legend>Trusted AWS accounts</legend>
        <div className="field"><label htmlFor="settings-trustedAccountIds">Account ids roles may trust without a finding (one per line)</label><textarea rows={3} {...field("trustedAccountIds")} />{fieldError("trustedAccountIds")}</div>
      </fieldset>
      {!readOnly && (
        <div className="actions">
          <button type="submit" className="primary" disabled={busy}>{busy ? "Saving…" : "Save settings"}</button>
          {saved && <span role="status">Saved. Findings are re-evaluated now.</span>}
        </div>
      )}
      {error && Object.keys(error.fields).length === 0 && <Problem error={error} />}
      <p className="small muted">Version {initial.version}{initial.updatedBy ? `, last changed by ${initial.updatedBy}` : ""}.</p>
    </form>
  );
}
