import { act, fireEvent, render, screen } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { FindingFilters } from "./FindingFilters";

const rules = [{ id: "stale-iam-user", title: "Stale IAM user" }, { id: "root-without-mfa", title: "Root without MFA" }];

describe("FindingFilters", () => {
  it("reports a rule choice at once, keeping the other filters", () => {
    const onChange = vi.fn();
    render(<FindingFilters value={{ status: "open" }} onChange={onChange} rules={rules} accounts={["111122223333"]} />);

    fireEvent.change(screen.getByLabelText("Rule"), { target: { value: "stale-iam-user" } });

    expect(onChange).toHaveBeenCalledWith({ status: "open", rule: "stale-iam-user" });
  });

  it("reports text after a pause, trimmed, and drops an emptied filter", () => {
    vi.useFakeTimers();
    const onChange = vi.fn();
    render(<FindingFilters value={{ severity: "high" }} onChange={onChange} rules={rules} accounts={[]} />);

    fireEvent.change(screen.getByLabelText("Search"), { target: { value: "  mallory " } });
    expect(onChange).not.toHaveBeenCalled();
    act(() => { vi.advanceTimersByTime(350); });
    expect(onChange).toHaveBeenLastCalledWith({ severity: "high", q: "mallory", identity: undefined });

    fireEvent.change(screen.getByLabelText("Severity"), { target: { value: "" } });
    expect(onChange).toHaveBeenLastCalledWith({ severity: undefined });
    vi.useRealTimers();
  });

  it("offers to clear only when a filter is set", () => {
    const onChange = vi.fn();
    const { rerender } = render(<FindingFilters value={{}} onChange={onChange} rules={rules} accounts={[]} />);
    expect(screen.queryByRole("button", { name: "Clear filters" })).toBeNull();

    rerender(<FindingFilters value={{ account: "111122223333" }} onChange={onChange} rules={rules} accounts={["111122223333"]} />);
    fireEvent.click(screen.getByRole("button", { name: "Clear filters" }));

    expect(onChange).toHaveBeenLastCalledWith({});
  });
});
