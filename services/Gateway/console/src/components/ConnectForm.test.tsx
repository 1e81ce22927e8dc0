import { fireEvent, render, screen, waitFor } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { ConnectForm } from "./ConnectForm";
import { vendorById } from "../lib/vendors";
import { checkAwsCredentials } from "../lib/awsChecks";

const aws = vendorById("aws")!;
const secret = "DemoDevAuditSecretKey000000000000000002B";

function fill(label: string, value: string) {
  fireEvent.change(screen.getByLabelText(label, { exact: false }), { target: { value } });
}

describe("AWS credential checks (mirroring the API)", () => {
  it("accepts a long-term key and a 40-character secret, trimmed", () => {
    expect(checkAwsCredentials({ accessKeyId: " AKIADEMODEVAUDIT0001 ", secretAccessKey: `${secret}\n` })).toEqual({});
  });

  it("names the problem: short key, temporary key, inner whitespace, secret length, region, role", () => {
    expect(checkAwsCredentials({ accessKeyId: "AKIA123", secretAccessKey: secret }).accessKeyId).toMatch(/starts with AKIA \(this one has 7\)/);
    expect(checkAwsCredentials({ accessKeyId: "ASIADEMODEVAUDIT0001", secretAccessKey: secret }).accessKeyId).toMatch(/temporary session keys/);
    expect(checkAwsCredentials({ accessKeyId: "AKIADEMO DEVAUDIT001", secretAccessKey: secret }).accessKeyId).toMatch(/space or a line break/);
    expect(checkAwsCredentials({ accessKeyId: "AKIADEMODEVAUDIT0001", secretAccessKey: secret.slice(1) }).secretAccessKey).toMatch(/this one has 39/);
    expect(checkAwsCredentials({ accessKeyId: "AKIADEMODEVAUDIT0001", secretAccessKey: secret, region: "europe" }).region).toBeDefined();
    expect(checkAwsCredentials({ accessKeyId: "AKIADEMODEVAUDIT0001", secretAccessKey: secret, externalId: "abc" }).externalId).toMatch(/only used together/);
  });
});

describe("ConnectForm", () => {
  it("stops a malformed key inline, marks the field invalid and sends nothing", async () => {
    const submit = vi.fn();
    render(<ConnectForm vendor={aws} fields={aws.fields} submitLabel="Connect" submit={submit} />);
    fill("Access Key ID", "AKIA123");
    fill("Secret Access Key", secret);

    fireEvent.click(screen.getByRole("button", { name: "Connect" }));

    expect(await screen.findByText(/starts with AKIA/)).toBeTruthy();
    expect(screen.getByLabelText("Access Key ID").getAttribute("aria-invalid")).toBe("true");
    expect(document.activeElement).toBe(screen.getByLabelText("Access Key ID"));
    expect(submit).not.toHaveBeenCalled();
  });

  it("sends valid values and shows the API's field errors and troubleshooting text", async () => {
    const submit = vi.fn()
      .mockRejectedValueOnce({ status: 400, title: "Invalid", fields: { secretAccessKey: ["A secret access key is 40 characters."] } })
      .mockRejectedValueOnce({ status: 422, title: "AWS rejected the credentials", detail: "InvalidClientTokenId: the key id is unknown or inactive.", fields: {} });
    render(<ConnectForm vendor={aws} fields={aws.fields} submitLabel="Connect" submit={submit} />);
    fill("Access Key ID", "AKIADEMODEVAUDIT0001");
    fill("Secret Access Key", secret);

    fireEvent.click(screen.getByRole("button", { name: "Connect" }));
    expect(await screen.findByText("A secret access key is 40 characters.")).toBeTruthy();
    expect(submit).toHaveBeenCalledWith(expect.objectContaining({ accessKeyId: "AKIADEMODEVAUDIT0001", secretAccessKey: secret }));

    fireEvent.click(screen.getByRole("button", { name: "Connect" }));
    await waitFor(() => expect(screen.getByRole("alert").textContent).toContain("InvalidClientTokenId"));
    expect(screen.getByRole("alert").textContent).toContain("AWS rejected the credentials");
  });

  it("requires each IdP's fields and a parsable service account key", async () => {
    const google = vendorById("google-workspace")!;
    const submit = vi.fn();
    render(<ConnectForm vendor={google} fields={google.fields} submitLabel="Connect" submit={submit} />);
    fill("Service account key", "{ not json");

    fireEvent.click(screen.getByRole("button", { name: "Connect" }));

    expect(await screen.findByText("Admin to impersonate is required.")).toBeTruthy();
    expect(screen.getByText(/does not parse/)).toBeTruthy();
    expect(submit).not.toHaveBeenCalled();
  });
});
