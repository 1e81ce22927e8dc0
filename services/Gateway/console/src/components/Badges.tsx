/** "user/zoe.temp", "role/vendor-audit", "root": the readable part of an IAM ARN (the id when there is no ARN). */
export function identityName(arn: string | null | undefined, fallback = ""): string {
  const resource = arn?.split(":").slice(5).join(":");
  return resource || fallback;
}

export const severities = ["critical", "high", "medium", "low"] as const;

export function SeverityBadge({ severity }: { severity: string }) {
  return <span className={`badge sev-${severity}`}>{severity}</span>;
}

export function StatusBadge({ status }: { status: string }) {
  return <span className={`badge status-${status.replace(/[^a-z-]/g, "")}`}>{status}</span>;
}

const minute = 60_000;
/** "3 min ago", "5 h ago", "2 d ago" — with the exact time in the title. */
export function Age({ at, prefix = "" }: { at?: string | null; prefix?: string }) {
  if (!at) return <span className="muted">never</span>;
  const ms = Date.now() - new Date(at).getTime();
  const text = ms < minute ? "just now" : ms < 60 * minute ? `${Math.round(ms / minute)} min ago`
    : ms < 48 * 60 * minute ? `${Math.round(ms / (60 * minute))} h ago` : `${Math.round(ms / (24 * 60 * minute))} d ago`;
  return <time dateTime={at} title={new Date(at).toLocaleString()}>{prefix}{text}</time>;
}
