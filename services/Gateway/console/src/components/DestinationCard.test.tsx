import { fireEvent, render, screen } from "@testing-library/react";
import { MemoryRouter } from "react-router-dom";
import { describe, expect, it, vi } from "vitest";
import { DestinationCard, type DestinationActions } from "./DestinationCard";
import type { Destination } from "../lib/destinations";

const failing: Destination = {
  id: "0193a000-0000-7000-8000-000000000001", type: "splunk-hec", displayName: "Splunk production", enabled: true,
  settings: { url: "https://splunk.example.com:8088" }, secrets: ["token"],
  filter: { minimumSeverity: null, ruleIds: [], accountIds: [], transitions: [] },
  status: {
    state: "failing", reason: "Splunk refused the token (HTTP 403): check the HEC token.", lastSuccessAt: new Date(Date.now() - 3 * 3_600_000).toISOString(),
    lastErrorAt: new Date().toISOString(), lastError: "HTTP 403", lastAnswer: "HTTP 403", nextAttemptAt: null,
    backlog: 12, oldestPendingAgeSeconds: 600, delivered: 40, failedAttempts: 3, deadLettered: 1,
  },
  createdAt: "2026-11-01T10:00:00Z", updatedAt: "2026-11-01T10:00:00Z",
};

function actions(): DestinationActions {
  return {
    test: vi.fn().mockResolvedValue({ delivered: false, answer: "HTTP 403", reason: "Splunk refused the token." }),
    resync: vi.fn().mockResolvedValue({ queued: 17 }),
    remove: vi.fn().mockResolvedValue(undefined),
  };
}

function show(destination: Destination, isAdmin: boolean, a = actions()) {
  render(<MemoryRouter><ul><DestinationCard destination={destination} isAdmin={isAdmin} actions={a} onChange={() => {}} /></ul></MemoryRouter>);
  return a;
}

describe("DestinationCard", () => {
  it("shows the state, why it fails, the backlog with its age and the last success; a secret only by name", () => {
    show(failing, false);

    const card = screen.getByRole("listitem", { name: "Splunk production (Splunk HEC)" });
    expect(card.textContent).toContain("failing");
    expect(screen.getByRole("note").textContent).toContain("Splunk refused the token (HTTP 403)");
    expect(card.textContent).toContain("12 (oldest 10 min)");
    expect(card.textContent).toContain("3 h ago");
    expect(card.textContent).toContain("token (set)");
    expect(screen.queryByRole("button")).toBeNull();
    expect(screen.queryByRole("link", { name: "Edit" })).toBeNull();
  });

  it("gives admins test, resync, edit and delete, and reports the receiver's answer", async () => {
    const a = show(failing, true);

    fireEvent.click(screen.getByRole("button", { name: "Send test event" }));
    expect((await screen.findByRole("status")).textContent).toBe("Test event not delivered (HTTP 403): Splunk refused the token.");
    expect(a.test).toHaveBeenCalledWith(failing.id);

    fireEvent.click(screen.getByRole("button", { name: "Resync" }));
    expect((await screen.findByText("Resync queued 17 open findings."))).toBeTruthy();
    expect(screen.getByRole("link", { name: "Edit" }).getAttribute("href")).toBe(`/integrations/destinations/${failing.id}/edit`);
  });

  it("shows the API's problem when an action fails", async () => {
    const a = actions();
    a.resync = vi.fn().mockRejectedValue({ status: 404, title: "Destination not found", fields: {} });
    show(failing, true, a);

    fireEvent.click(screen.getByRole("button", { name: "Resync" }));

    expect((await screen.findByRole("alert")).textContent).toContain("Destination not found");
  });
});
