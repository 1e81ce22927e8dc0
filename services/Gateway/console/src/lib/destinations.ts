import type { Schemas } from "../api/client";
import type { VendorField } from "./vendors";

/**
 * Delivery destinations. The API describes each type (GET /api/v1/destinations/types: a JSON schema of its settings and
 * its secrets in words), so a new destination type needs no console change; only its display name and blurb live here.
 */
export type DestinationType = Schemas["DestinationTypeView"];
export type Destination = Schemas["DestinationView"];
export type DestinationRequest = Schemas["DestinationRequest"];
export type FormValues = Record<string, string>;

const known: Record<string, { name: string; blurb: string }> = {
  webhook: { name: "Webhook", blurb: "Each finding change as a signed Standard Webhooks POST (OCSF Detection Finding in the body)." },
  "ocsf-http": { name: "OCSF over HTTP", blurb: "Batches of OCSF 1.3 Detection Findings as NDJSON, with a bearer token or an HMAC signature." },
  "splunk-hec": { name: "Splunk HEC", blurb: "OCSF events to Splunk's HTTP Event Collector, optionally with indexer acknowledgement." },
  "syslog-cef": { name: "Syslog (CEF)", blurb: "CEF messages over syslog: TLS (RFC 5425) by default, TCP or UDP when you allow clear text." },
  "aws-security-hub": { name: "AWS Security Hub", blurb: "Findings imported as ASFF into each finding's own AWS account." },
};

export const destinationTypeName = (type: string) => known[type]?.name ?? type;
export const destinationTypeBlurb = (type: string) => known[type]?.blurb ?? "";

export const severities = ["low", "medium", "high", "critical"];

interface PropertySchema {
  type?: string | string[];
  enum?: (string | null)[];
  default?: unknown;
}

const types = (p: PropertySchema) => (Array.isArray(p.type) ? p.type : p.type ? [p.type] : []);
const kind = (p: PropertySchema) => types(p).find((t) => t !== "null") ?? "string";
const properties = (type: DestinationType) =>
  Object.entries(((type.settingsSchema as { properties?: Record<string, PropertySchema> } | null)?.properties) ?? {});

/** "caCertificatePem" → "Ca certificate pem" → with known acronyms: "CA certificate PEM". */
export function label(name: string): string {
  const words = name.replace(/([a-z0-9])([A-Z])/g, "$1 $2").toLowerCase().split(" ");
  const upper = new Set(["url", "ca", "pem", "id", "arn", "hmac", "ack"]);
  return words.map((w, i) => (upper.has(w) ? w.toUpperCase() : i === 0 ? w[0]!.toUpperCase() + w.slice(1) : w)).join(" ");
}

/** The form of a destination type: name, its settings (from the type's schema), its secrets, the severity filter. */
export function destinationFields(type: DestinationType, editing: Destination | null): VendorField[] {
  const settings = properties(type).map(([name, p]): VendorField => {
    const options = p.enum ? p.enum.filter((e): e is string => e !== null) : kind(p) === "boolean" ? ["false", "true"] : undefined;
    return {
      name: `settings.${name}`, label: label(name), apiChecked: true, options, multiline: /pem$/i.test(name),
      help: p.default !== undefined && p.default !== null && !options ? `Default: ${String(p.default)}` : undefined,
    };
  });
  const secrets = type.secrets.map((name): VendorField => {
    const set = editing?.secrets.includes(name) ?? false;
    const required = type.requiredSecrets.includes(name);
    return {
      name: `secrets.${name}`, label: label(name), secret: true, optional: set || !required,
      help: `${type.secretDescriptions[name] ?? ""} Write-only: stored encrypted, never shown.${set ? " It is set; leave blank to keep it." : ""}`.trim(),
    };
  });
  return [
    { name: "displayName", label: "Display name", placeholder: "SIEM production" },
    ...settings,
    ...secrets,
    { name: "filter.minimumSeverity", label: "Minimum severity", options: ["", ...severities], optional: true, help: "Blank sends every severity." },
  ];
}

/** The form's starting values when editing: the destination's name, settings and filter; never a secret. */
export function destinationValues(type: DestinationType, d: Destination): FormValues {
  const settings = d.settings as Record<string, unknown> | null;
  const values: FormValues = { displayName: d.displayName, "filter.minimumSeverity": d.filter.minimumSeverity ?? "" };
  for (const [name] of properties(type)) {
    const value = settings?.[name];
    if (value !== undefined && value !== null) values[`settings.${name}`] = String(value);
  }
  return values;
}

/** The request body: settings typed by the schema (blanks left out, so the API's defaults apply), secrets given only when typed. */
export function destinationRequest(type: DestinationType, values: FormValues, editing: Destination | null): DestinationRequest {
  const settings: Record<string, unknown> = {};
  for (const [name, p] of properties(type)) {
    const value = values[`settings.${name}`]?.trim();
    if (!value) continue;
    const k = kind(p);
    settings[name] = k === "boolean" ? value === "true" : k === "integer" || k === "number" ? Number(value) : value;
  }
  const secrets: Record<string, string> = {};
  for (const name of type.secrets) {
    const value = values[`secrets.${name}`]?.trim();
    if (value) secrets[name] = value;
  }
  return {
    type: type.type, displayName: values.displayName?.trim() ?? null, settings, secrets,
    filter: { ...(editing?.filter ?? { ruleIds: [], accountIds: [], transitions: [] }), minimumSeverity: values["filter.minimumSeverity"] || null },
    enabled: editing?.enabled ?? true,
  };
}
