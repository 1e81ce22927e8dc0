import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { DataTable, sortDirection, type Column } from "./DataTable";

interface Row { id: string; name: string; seen: string }
const rows: Row[] = [{ id: "1", name: "alice", seen: "today" }, { id: "2", name: "bob", seen: "yesterday" }];
const columns: Column<Row>[] = [
  { key: "name", header: "Name", render: (r) => r.name },
  { key: "seen", header: "Last seen", sort: "lastSeen", render: (r) => r.seen },
];

describe("DataTable", () => {
  it("renders a row per item and a cell per column", () => {
    render(<DataTable caption="People" columns={columns} rows={rows} rowKey={(r) => r.id} />);
    expect(screen.getByRole("table", { name: "People" })).toBeTruthy();
    expect(screen.getAllByRole("row")).toHaveLength(3);
    expect(screen.getByRole("cell", { name: "bob" })).toBeTruthy();
  });

  it("sorts descending first, then ascending, and announces the order with aria-sort", async () => {
    const onChange = vi.fn();
    const { rerender } = render(<DataTable caption="People" columns={columns} rows={rows} rowKey={(r) => r.id} sort={{ value: undefined, onChange }} />);
    expect(screen.getByRole("columnheader", { name: "Last seen" }).getAttribute("aria-sort")).toBe("none");
    expect(screen.getByRole("columnheader", { name: "Name" }).getAttribute("aria-sort")).toBeNull();

    await userEvent.click(screen.getByRole("button", { name: "Last seen" }));
    expect(onChange).toHaveBeenLastCalledWith("-lastSeen");

    rerender(<DataTable caption="People" columns={columns} rows={rows} rowKey={(r) => r.id} sort={{ value: "-lastSeen", onChange }} />);
    expect(screen.getByRole("columnheader", { name: /Last seen/ }).getAttribute("aria-sort")).toBe("descending");
    await userEvent.click(screen.getByRole("button", { name: /Last seen/ }));
    expect(onChange).toHaveBeenLastCalledWith("lastSeen");
  });

  it("maps API sort values to directions", () => {
    expect(sortDirection("severity", "severity")).toBe("ascending");
    expect(sortDirection("-severity", "severity")).toBe("descending");
    expect(sortDirection("lastSeen", "severity")).toBeUndefined();
  });
});
