import { useEffect, useState } from "react";
import { useSearchParams } from "react-router-dom";
import { api, type ApiError } from "../api/client";
import { useSession } from "../session";
import { Problem } from "../components/States";

/** Paste an API key (exchanged once for a session cookie, never stored here) or, where configured, sign in with the IdP. */
export function SignIn() {
  const { signInWithKey } = useSession();
  const [params] = useSearchParams();
  const [key, setKey] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(
    params.get("error") ? { status: 401, title: "Sign-in with your identity provider failed", detail: params.get("error")!, fields: {} } : null);
  const [oidc, setOidc] = useState(false);
  useEffect(() => {
    api.GET("/api/v1/session/methods").then(({ data }) => setOidc(Boolean(data?.oidc)), () => undefined);
  }, []);

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await signInWithKey(key);
    } catch (problem) {
      setError(problem as ApiError);
    } finally {
      setKey("");
      setBusy(false);
    }
  };

  return (
    <main className="signin" id="main">
      <div className="signin-card">
        <h1>
          <svg viewBox="0 0 32 32" width="28" height="28" aria-hidden="true"><rect width="32" height="32" rx="7" fill="currentColor" /><path d="M9 10h14v3h-5.5v11h-3V13H9z" fill="var(--surface)" /></svg>
          Sign in to Thalian
        </h1>
        <p className="muted">Identity gaps between AWS IAM and your identity provider, with evidence.</p>
        <form onSubmit={submit}>
          <label htmlFor="api-key">API key</label>
          <input id="api-key" type="password" autoComplete="off" spellCheck={false} value={key} required
            placeholder="thk_…" onChange={(e) => setKey(e.target.value)} aria-describedby="api-key-help" />
          <p id="api-key-help" className="help">The key is exchanged for a session that ends after 30 minutes without use; it is not stored in this browser.</p>
          <Problem error={error} />
          <button type="submit" className="primary" disabled={busy || key.trim().length === 0}>{busy ? "Signing in…" : "Sign in"}</button>
        </form>
        {oidc && (
          <>
            <div className="or"><span>or</span></div>
            <a className="button" href="/api/v1/session/oidc">Sign in with your identity provider</a>
          </>
        )}
      </div>
    </main>
  );
}
