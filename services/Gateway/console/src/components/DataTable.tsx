import type { ReactNode } from "react";

export interface Column<T> {
  key: string;
  header: string;
  render: (row: T) => ReactNode;
  /** The API's sort key for this column; sortable columns get a header button. */
  sort?: string;
  className?: string;
}

export interface SortState {
  /** The API's sort value, e.g. "severity" or "-lastSeen"; undefined is the API's default order. */
  value?: string;
  onChange: (value: string) => void;
}

/** A plain, accessible table: a caption, sortable headers as buttons with aria-sort, and rows keyed by id. */
export function DataTable<T>({ caption, columns, rows, rowKey, sort }: {
  caption: string; columns: Column<T>[]; rows: T[]; rowKey: (row: T) => string; sort?: SortState;
}) {
  return (
    <div className="table-wrap">
      <table>
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            {columns.map((c) => {
              const direction = sortDirection(sort?.value, c.sort);
              return (
                <th key={c.key} scope="col" className={c.className} aria-sort={direction ?? (c.sort ? "none" : undefined)}>
                  {c.sort && sort ? (
                    <button type="button" className="sort" onClick={() => sort.onChange(direction === "descending" ? c.sort! : `-${c.sort}`)}>
                      {c.header}<span aria-hidden="true">{direction === "ascending" ? " ▲" : direction === "descending" ? " ▼" : ""}</span>
                    </button>
                  ) : c.header}
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={rowKey(row)}>
              {columns.map((c) => <td key={c.key} className={c.className}>{c.render(row)}</td>)}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function sortDirection(value: string | undefined, key: string | undefined): "ascending" | "descending" | undefined {
  if (!key || !value) return undefined;
  if (value === key) return "ascending";
  if (value === `-${key}`) return "descending";
  return undefined;
}

/** Previous / Next over cursor pages: `cursors` are the cursors of the pages before this one. */
export function Pager({ cursors, setCursors, next }: {
  cursors: string[]; setCursors: (update: (c: string[]) => string[]) => void; next: string | null | undefined;
}) {
  return (
    <nav className="pager" aria-label="Pages">
      <button type="button" disabled={cursors.length === 0} onClick={() => setCursors((c) => c.slice(0, -1))}>Previous</button>
      <button type="button" disabled={!next} onClick={() => setCursors((c) => [...c, next!])}>Next</button>
    </nav>
  );
}
