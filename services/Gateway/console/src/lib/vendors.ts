/** The integrations a tenant can connect, and the fields each connect form asks for (the API's request fields). */
export interface VendorField {
  name: string;
  label: string;
  secret?: boolean;
  optional?: boolean;
  multiline?: boolean;
  placeholder?: string;
  help?: string;
  options?: string[];
  /** Whether it is required is the API's to say (a destination's settings): no inline check, no "(optional)" mark. */
  apiChecked?: boolean;
}

export interface Vendor {
  id: "aws" | "aws-organization" | "okta" | "entra" | "google-workspace" | "jumpcloud" | "onelogin";
  name: string;
  kind: "Cloud" | "Identity provider";
  blurb: string;
  fields: VendorField[];
}

const displayName: VendorField = { name: "displayName", label: "Display name", optional: true, placeholder: "Production" };
const awsKeyFields: VendorField[] = [
  { name: "accessKeyId", label: "Access Key ID", placeholder: "AKIA…", help: "A long-term key of a read-only IAM user (AKIA + 16 characters)." },
  { name: "secretAccessKey", label: "Secret Access Key", secret: true, help: "40 characters. Stored encrypted, never shown again." },
  { name: "region", label: "Region", optional: true, placeholder: "us-east-1" },
  { name: "roleArn", label: "Role ARN to assume", optional: true, placeholder: "arn:aws:iam::123456789012:role/thalian-audit" },
  { name: "externalId", label: "External ID", optional: true },
];

export const vendors: Vendor[] = [
  {
    id: "aws", name: "AWS IAM", kind: "Cloud",
    blurb: "IAM users, roles, credentials and root-account posture, read with a read-only audit user or role.",
    fields: [displayName, ...awsKeyFields],
  },
  {
    id: "aws-organization", name: "AWS Organizations", kind: "Cloud",
    blurb: "Every account of an organisation, found from the management account and read through a role in each member.",
    fields: [
      displayName,
      ...awsKeyFields,
      { name: "memberRoleName", label: "Role in each member account", optional: true, placeholder: "ThalianAudit" },
      { name: "memberExternalId", label: "External ID of the member role", optional: true, help: "Generated when left blank." },
    ],
  },
  {
    id: "okta", name: "Okta", kind: "Identity provider",
    blurb: "Every Okta user, deprovisioned and suspended ones included, via a read-only API token.",
    fields: [
      displayName,
      { name: "orgUrl", label: "Org URL", placeholder: "https://acme.okta.com" },
      { name: "apiToken", label: "API token", secret: true, help: "A token of a read-only administrator." },
    ],
  },
  {
    id: "entra", name: "Microsoft Entra ID", kind: "Identity provider",
    blurb: "Users and their sign-in state via Microsoft Graph (application permission User.Read.All).",
    fields: [
      displayName,
      { name: "tenantId", label: "Directory (tenant) ID" },
      { name: "clientId", label: "Application (client) ID" },
      { name: "clientSecret", label: "Client secret", secret: true },
    ],
  },
  {
    id: "google-workspace", name: "Google Workspace", kind: "Identity provider",
    blurb: "Directory users via a service account with domain-wide delegation (admin.directory.user.readonly).",
    fields: [
      displayName,
      { name: "adminEmail", label: "Admin to impersonate", placeholder: "admin@acme.com" },
      { name: "serviceAccountKey", label: "Service account key (JSON)", secret: true, multiline: true, help: "Paste the whole key file." },
    ],
  },
  {
    id: "jumpcloud", name: "JumpCloud", kind: "Identity provider",
    blurb: "System users and their state via a read-only administrator's API key.",
    fields: [
      displayName,
      { name: "apiKey", label: "API key", secret: true },
      { name: "orgId", label: "Organization ID", optional: true, help: "Only for multi-tenant administrators." },
      { name: "region", label: "Region", options: ["US", "EU"] },
    ],
  },
  {
    id: "onelogin", name: "OneLogin", kind: "Identity provider",
    blurb: "Users and their status via an API credential pair with the Read users scope.",
    fields: [
      displayName,
      { name: "subdomain", label: "Subdomain", placeholder: "acme" },
      { name: "clientId", label: "Client ID" },
      { name: "clientSecret", label: "Client secret", secret: true },
    ],
  },
];

export const vendorById = (id: string | undefined) => vendors.find((v) => v.id === id);
export const vendorName = (type: string) => vendorById(type)?.name ?? type;
