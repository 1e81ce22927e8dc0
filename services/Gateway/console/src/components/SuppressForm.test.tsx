import { fireEvent, render, screen, waitFor } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";

const post = vi.fn();
vi.mock("../api/client", async (original) => ({ ...(await original<typeof import("../api/client")>()), api: { POST: (...args: unknown[]) => post(...args) } }));
const { SuppressForm } = await import("./SuppressForm");

describe("SuppressForm", () => {
  beforeEach(() => post.mockReset());

  it("needs a reason before anything is sent", async () => {
    render(<SuppressForm findingId="f1" onDone={vi.fn()} />);
    fireEvent.click(screen.getByRole("button", { name: "Suppress" }));
    expect(await screen.findByText("Say why this finding is accepted.")).toBeTruthy();
    expect(post).not.toHaveBeenCalled();
  });

  it("sends the reason and the expiry (end of the chosen day, UTC) and reports success", async () => {
    post.mockResolvedValue({ data: {}, response: new Response(null, { status: 200 }) });
    const onDone = vi.fn();
    render(<SuppressForm findingId="f1" onDone={onDone} />);
    fireEvent.change(screen.getByLabelText("Reason"), { target: { value: " break-glass, reviewed " } });
    fireEvent.change(screen.getByLabelText("Expires"), { target: { value: "2031-03-31" } });
    fireEvent.click(screen.getByRole("button", { name: "Suppress" }));

    await waitFor(() => expect(onDone).toHaveBeenCalled());
    expect(post).toHaveBeenCalledWith("/api/v1/findings/{id}/suppress", {
      params: { path: { id: "f1" } }, body: { reason: "break-glass, reviewed", expiresAt: "2031-03-31T23:59:59.000Z" },
    });
  });

  it("shows the API's field error under the field", async () => {
    post.mockResolvedValue({ error: { title: "Invalid", errors: { expiresAt: ["The expiry must be in the future."] } }, response: new Response(null, { status: 400 }) });
    render(<SuppressForm findingId="f1" onDone={vi.fn()} />);
    fireEvent.change(screen.getByLabelText("Reason"), { target: { value: "x" } });
    fireEvent.click(screen.getByRole("button", { name: "Suppress" }));

    expect(await screen.findByText("The expiry must be in the future.")).toBeTruthy();
    expect(screen.getByLabelText("Expires").getAttribute("aria-invalid")).toBe("true");
  });
});
