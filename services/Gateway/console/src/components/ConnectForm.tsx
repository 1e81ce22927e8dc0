import { useState } from "react";
import type { ApiError } from "../api/client";
import { checkAwsCredentials } from "../lib/awsChecks";
import type { VendorField } from "../lib/vendors";
import { Problem } from "./States";

export type ConnectValues = Record<string, string>;

/** What a form is for: an integration vendor ("aws", "okta", ...) or a destination type; the name labels the form. */
export interface FormSubject {
  id: string;
  name: string;
}

/** Inline checks before anything is sent: the AWS shape checks the API makes, required fields, a parsable key file. */
export function checkConnect(vendor: FormSubject, values: ConnectValues, fields: VendorField[]): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const f of fields) {
    if (!f.optional && !f.apiChecked && !values[f.name]?.trim()) errors[f.name] = `${f.label} is required.`;
  }
  if (vendor.id === "aws" || vendor.id === "aws-organization") Object.assign(errors, checkAwsCredentials({
    accessKeyId: values.accessKeyId ?? "", secretAccessKey: values.secretAccessKey ?? "",
    region: values.region, roleArn: values.roleArn, externalId: values.externalId,
  }));
  if (values.serviceAccountKey?.trim()) {
    try { JSON.parse(values.serviceAccountKey); } catch { errors.serviceAccountKey = "This is not the JSON key file (it does not parse)."; }
  }
  return errors;
}

/**
 * A vendor's connect (or edit-credentials) form, and a destination's. `submit` sends the request and throws the API's
 * problem; field errors land under their fields, anything else (AWS rejected the key, a missing permission) is shown
 * with the API's own words.
 */
export function ConnectForm({ vendor, fields, submitLabel, submit, initial = {}, busyLabel = "Checking the credentials…" }: {
  vendor: FormSubject; fields: VendorField[]; submitLabel: string; submit: (values: ConnectValues) => Promise<void>;
  initial?: ConnectValues; busyLabel?: string;
}) {
  const [values, setValues] = useState<ConnectValues>(() => ({
    ...Object.fromEntries(fields.filter((f) => f.options).map((f) => [f.name, f.options![0]!])), ...initial,
  }));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const [tried, setTried] = useState(false);

  const change = (name: string, value: string) => {
    const next = { ...values, [name]: value };
    setValues(next);
    if (tried) setErrors(checkConnect(vendor, next, fields));
  };

  const onSubmit = async (e: React.FormEvent) => {
    e.preventDefault();
    setTried(true);
    setProblem(null);
    const found = checkConnect(vendor, values, fields);
    setErrors(found);
    if (Object.keys(found).length > 0) {
      document.getElementById(`field-${Object.keys(found)[0]}`)?.focus();
      return;
    }
    setBusy(true);
    try {
      await submit(values);
    } catch (error) {
      const apiError = error as ApiError;
      const fieldErrors = Object.fromEntries(Object.entries(apiError.fields).map(([k, v]) => [k, v.join(" ")]));
      setErrors(fieldErrors);
      if (!fields.some((f) => fieldErrors[f.name])) setProblem(apiError);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="form" onSubmit={onSubmit} noValidate aria-label={`${submitLabel} ${vendor.name}`}>
      {fields.map((f) => {
        const id = `field-${f.name}`;
        const error = errors[f.name];
        const describedBy = [error ? `${id}-error` : "", f.help ? `${id}-help` : ""].filter(Boolean).join(" ") || undefined;
        const common = {
          id, name: f.name, value: values[f.name] ?? "", "aria-invalid": Boolean(error), "aria-describedby": describedBy,
          onChange: (e: { target: { value: string } }) => change(f.name, e.target.value),
        };
        return (
          <div className="field" key={f.name}>
            <label htmlFor={id}>{f.label}{f.optional && <span className="muted"> (optional)</span>}</label>
            {f.options ? (
              <select {...common}>{f.options.map((o) => <option key={o}>{o}</option>)}</select>
            ) : f.multiline ? (
              <textarea {...common} rows={5} spellCheck={false} className="mono" />
            ) : (
              <input {...common} type={f.secret ? "password" : "text"} autoComplete="off" spellCheck={false} placeholder={f.placeholder} />
            )}
            {error && <p id={`${id}-error`} className="field-error">{error}</p>}
            {f.help && <p id={`${id}-help`} className="help">{f.help}</p>}
          </div>
        );
      })}
      {problem && <Problem error={problem} />}
      <button type="submit" className="primary" disabled={busy}>{busy ? busyLabel : submitLabel}</button>
    </form>
  );
}
