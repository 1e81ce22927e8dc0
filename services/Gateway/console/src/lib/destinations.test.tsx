import { fireEvent, render, screen, waitFor } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { ConnectForm } from "../components/ConnectForm";
import { destinationFields, destinationRequest, destinationValues, label, type Destination, type DestinationType } from "./destinations";

// The shapes GET /api/v1/destinations/types answers (settings schemas as System.Text.Json exports them).
const splunk: DestinationType = {
  type: "splunk-hec", secrets: ["token"], requiredSecrets: ["token"], maxBatchSize: 100,
  secretDescriptions: { token: "the HEC token." },
  settingsSchema: {
    type: ["object", "null"],
    properties: {
      url: { type: ["string", "null"] }, index: { type: ["string", "null"], default: null },
      useAck: { type: "boolean", default: false }, ackPollSeconds: { type: "number", default: 10 },
    },
  },
};
const syslog: DestinationType = {
  type: "syslog-cef", secrets: [], requiredSecrets: [], maxBatchSize: 50, secretDescriptions: {},
  settingsSchema: { properties: { host: { type: ["string", "null"] }, port: { type: "integer" }, transport: { enum: ["tls", "tcp", "udp"] }, caCertificatePem: { type: ["string", "null"] } } },
};
const existing: Destination = {
  id: "0193a000-0000-7000-8000-000000000002", type: "splunk-hec", displayName: "Splunk", enabled: false,
  settings: { url: "https://splunk.example.com:8088", index: null, useAck: true, ackPollSeconds: 5 }, secrets: ["token"],
  filter: { minimumSeverity: "high", ruleIds: ["root-access-keys"], accountIds: [], transitions: [] },
  status: { state: "paused", reason: null, lastSuccessAt: null, lastErrorAt: null, lastError: null, lastAnswer: null, nextAttemptAt: null,
    backlog: 0, oldestPendingAgeSeconds: null, delivered: 0, failedAttempts: 0, deadLettered: 0 },
  createdAt: "2026-11-01T10:00:00Z", updatedAt: "2026-11-01T10:00:00Z",
};

const field = (label: string) => screen.getByLabelText(label);

describe("destination forms from the type's schema", () => {
  it("names fields readably and picks inputs by the schema: enums and booleans as choices, PEM as a text area", () => {
    expect(label("caCertificatePem")).toBe("CA certificate PEM");
    render(<ConnectForm vendor={{ id: "syslog-cef", name: "Syslog" }} fields={destinationFields(syslog, null)} submitLabel="Add" submit={vi.fn()} />);

    expect(field("Transport").tagName).toBe("SELECT");
    expect(field("CA certificate PEM").tagName).toBe("TEXTAREA");
    expect(field("Port").tagName).toBe("INPUT");
  });

  it("on create, requires the name and the required secret inline and sends typed settings and the secret", async () => {
    const submit = vi.fn().mockResolvedValue(undefined);
    const fields = destinationFields(splunk, null);
    render(<ConnectForm vendor={{ id: "splunk-hec", name: "Splunk HEC" }} fields={fields} submitLabel="Add" submit={submit} />);

    fireEvent.click(screen.getByRole("button", { name: "Add" }));
    expect(await screen.findByText("Display name is required.")).toBeTruthy();
    expect(screen.getByText("Token is required.")).toBeTruthy();
    expect(field("Token").getAttribute("type")).toBe("password");
    expect(submit).not.toHaveBeenCalled();

    fireEvent.change(field("Display name"), { target: { value: " Splunk " } });
    fireEvent.change(field("URL"), { target: { value: "https://splunk.example.com:8088" } });
    fireEvent.change(field("Use ACK"), { target: { value: "true" } });
    fireEvent.change(field("ACK poll seconds"), { target: { value: "2.5" } });
    fireEvent.change(field("Token"), { target: { value: "hec-token" } });
    fireEvent.click(screen.getByRole("button", { name: "Add" }));

    await waitFor(() => expect(submit).toHaveBeenCalled());
    expect(destinationRequest(splunk, submit.mock.calls[0]![0], null)).toEqual({
      type: "splunk-hec", displayName: "Splunk", settings: { url: "https://splunk.example.com:8088", useAck: true, ackPollSeconds: 2.5 },
      secrets: { token: "hec-token" }, filter: { ruleIds: [], accountIds: [], transitions: [], minimumSeverity: null }, enabled: true,
    });
  });

  it("on edit, starts from the stored settings, never a secret, keeps a blank secret and the rest of the filter", () => {
    const values = destinationValues(splunk, existing);
    expect(values).toEqual({ displayName: "Splunk", "filter.minimumSeverity": "high", "settings.url": "https://splunk.example.com:8088",
      "settings.useAck": "true", "settings.ackPollSeconds": "5" });
    expect(destinationFields(splunk, existing).find((f) => f.name === "secrets.token")).toMatchObject({ optional: true, help: expect.stringContaining("leave blank to keep it") });

    const body = destinationRequest(splunk, { ...values, "filter.minimumSeverity": "" }, existing);

    expect(body.secrets).toEqual({});
    expect(body.filter).toEqual({ minimumSeverity: null, ruleIds: ["root-access-keys"], accountIds: [], transitions: [] });
    expect(body.enabled).toBe(false);
  });

  it("puts the API's field errors under their fields", async () => {
    const submit = vi.fn().mockRejectedValue({ status: 400, title: "Invalid", fields: { "settings.url": ["Must use https: findings are sensitive."] } });
    render(<ConnectForm vendor={{ id: "splunk-hec", name: "Splunk HEC" }} fields={destinationFields(splunk, existing)}
      initial={destinationValues(splunk, existing)} submitLabel="Save" submit={submit} />);

    fireEvent.click(screen.getByRole("button", { name: "Save" }));

    expect(await screen.findByText("Must use https: findings are sensitive.")).toBeTruthy();
    expect(field("URL").getAttribute("aria-invalid")).toBe("true");
  });
});
