import { useState } from "react";
import { api, call, type ApiError } from "../api/client";
import { Problem } from "./States";

function inDays(days: number) {
  const d = new Date(Date.now() + days * 86_400_000);
  return d.toISOString().slice(0, 10);
}

/** Suppress with a reason (required) and an expiry date (recommended; the API accepts none). */
export function SuppressForm({ findingId, onDone }: { findingId: string; onDone: () => void }) {
  const [reason, setReason] = useState("");
  const [expires, setExpires] = useState(inDays(90));
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const reasonError = error?.fields.reason?.[0];
  const expiryError = error?.fields.expiresAt?.[0];

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    if (!reason.trim()) {
      setError({ status: 400, title: "A reason is required", fields: { reason: ["Say why this finding is accepted."] } });
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await call(api.POST("/api/v1/findings/{id}/suppress", {
        params: { path: { id: findingId } },
        body: { reason: reason.trim(), expiresAt: expires ? new Date(`${expires}T23:59:59Z`).toISOString() : null },
      }));
      onDone();
    } catch (problem) {
      setError(problem as ApiError);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="form" onSubmit={submit} noValidate aria-label="Suppress finding">
      <div className="field">
        <label htmlFor="suppress-reason">Reason</label>
        <textarea id="suppress-reason" rows={2} value={reason} onChange={(e) => setReason(e.target.value)}
          aria-invalid={Boolean(reasonError)} aria-describedby={reasonError ? "suppress-reason-error" : undefined} />
        {reasonError && <p id="suppress-reason-error" className="field-error">{reasonError}</p>}
      </div>
      <div className="field">
        <label htmlFor="suppress-expiry">Expires</label>
        <input id="suppress-expiry" type="date" value={expires} min={inDays(1)} onChange={(e) => setExpires(e.target.value)}
          aria-invalid={Boolean(expiryError)} aria-describedby={expiryError ? "suppress-expiry-error" : "suppress-expiry-help"} />
        {expiryError ? <p id="suppress-expiry-error" className="field-error">{expiryError}</p>
          : <p id="suppress-expiry-help" className="help">The finding reopens by itself when the suppression expires. Clear the date for no expiry.</p>}
      </div>
      {error && !reasonError && !expiryError && <Problem error={error} />}
      <button type="submit" className="primary" disabled={busy}>{busy ? "Suppressing…" : "Suppress"}</button>
    </form>
  );
}
