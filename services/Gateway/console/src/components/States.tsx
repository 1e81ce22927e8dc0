import type { ReactNode } from "react";
import type { ApiError } from "../api/client";

export function Loading({ what }: { what: string }) {
  return <div className="state" role="status" aria-live="polite"><span className="spinner" aria-hidden="true" />Loading {what}…</div>;
}

export function Empty({ children }: { children: ReactNode }) {
  return <div className="state empty">{children}</div>;
}

export function ErrorState({ error, retry }: { error: ApiError; retry?: () => void }) {
  return (
    <div className="state error" role="alert">
      <strong>{error.title}</strong>
      {error.detail && <p>{error.detail}</p>}
      {retry && <button type="button" onClick={retry}>Retry</button>}
    </div>
  );
}

export function Problem({ error }: { error: ApiError | null }) {
  if (!error) return null;
  return (
    <div className="problem" role="alert">
      <strong>{error.title}</strong>
      {error.detail && <p>{error.detail}</p>}
    </div>
  );
}
