import { useRef, useState, type ReactNode } from "react";

/** A button that asks first, in a modal dialog (focus moves into it; Escape cancels). */
export function ConfirmButton({ label, title, children, confirmLabel, onConfirm, danger = false }: {
  label: string; title: string; children: ReactNode; confirmLabel: string; onConfirm: () => Promise<void> | void; danger?: boolean;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [busy, setBusy] = useState(false);
  return (
    <>
      <button type="button" className={danger ? "danger" : ""} onClick={() => dialog.current?.showModal()}>{label}</button>
      <dialog ref={dialog} aria-labelledby={`${label}-title`.replace(/\s/g, "-")}>
        <h2 id={`${label}-title`.replace(/\s/g, "-")}>{title}</h2>
        <div>{children}</div>
        <div className="actions">
          <button type="button" onClick={() => dialog.current?.close()} autoFocus>Cancel</button>
          <button type="button" className={danger ? "danger" : "primary"} disabled={busy} onClick={async () => {
            setBusy(true);
            try { await onConfirm(); dialog.current?.close(); } finally { setBusy(false); }
          }}>{confirmLabel}</button>
        </div>
      </dialog>
    </>
  );
}
