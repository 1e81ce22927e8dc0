/**
 * The AWS connect form's inline checks. They mirror the AWS collector's CredentialShape checks (same patterns, same
 * messages) so a malformed key is caught before anything is sent; the API checks again and stays the authority.
 */
export interface AwsCredentialInput {
  accessKeyId: string;
  secretAccessKey: string;
  region?: string;
  roleArn?: string;
  externalId?: string;
}

const accessKeyPattern = /^AKIA[A-Z0-9]{16}$/;
const secretPattern = /^[A-Za-z0-9/+=]{40}$/;
const regionPattern = /^[a-z]{2}(-[a-z]+)+-[0-9]+$/;
const roleArnPattern = /^arn:aws(-cn|-us-gov)?:iam::[0-9]{12}:role\/.+$/;
const externalIdPattern = /^[\w+=,.@:/-]{2,1224}$/;

const whitespaceHint = "It contains a space or a line break: paste it again without them.";

export function checkAwsCredentials(input: AwsCredentialInput): Record<string, string> {
  const errors: Record<string, string> = {};
  const key = input.accessKeyId.trim();
  const secret = input.secretAccessKey.trim();
  if (/\s/.test(key)) errors.accessKeyId = whitespaceHint;
  else if (key.startsWith("ASIA")) errors.accessKeyId = "ASIA… keys are temporary session keys; connect with a long-term access key id (AKIA…).";
  else if (!accessKeyPattern.test(key)) {
    errors.accessKeyId = `An access key id is 20 characters, upper-case letters and digits, and a long-term key starts with AKIA${key ? ` (this one has ${key.length})` : ""}.`;
  }
  if (/\s/.test(secret)) errors.secretAccessKey = whitespaceHint;
  else if (!secretPattern.test(secret)) {
    errors.secretAccessKey = `A secret access key is 40 characters of letters, digits, '/', '+' and '='${secret ? ` (this one has ${secret.length})` : ""}.`;
  }
  const region = input.region?.trim();
  if (region && !regionPattern.test(region)) errors.region = "Not an AWS region name (for example us-east-1).";
  const role = input.roleArn?.trim();
  if (role && !roleArnPattern.test(role)) errors.roleArn = "A role ARN looks like arn:aws:iam::123456789012:role/Name.";
  const external = input.externalId?.trim();
  if (external && (!role || !externalIdPattern.test(external))) {
    errors.externalId = role ? "An ExternalId is 2–1224 characters of letters, digits and +=,.@:/-_" : "An ExternalId is only used together with a role ARN.";
  }
  return errors;
}
