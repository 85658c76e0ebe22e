import { type Row } from "./schema";

const DEFAULT_PAGE_SIZE = 50;

export interface Page {
  readonly total: number;
  readonly page: number;
  readonly page_size: number;
  readonly data: Row[];
}

/**
 * portal-behaviour.md §7: a list answers a bare array unless `page` is in the query; then it is `{total, page, page_size, data}`,
 * ordered by name, 50 per page by default. `name` is a substring filter in both forms.
 */
export function paginateByName(rows: Row[], query: URLSearchParams): Row[] | Page {
  const name = query.get("name");
  const filtered = name
    ? rows.filter((row) =>
        String(row.name ?? "")
          .toLowerCase()
          .includes(name.toLowerCase()),
      )
    : rows;
  const pageParam = query.get("page");
  if (pageParam === null) return filtered;
  const page = Math.max(1, Number.parseInt(pageParam, 10) || 1);
  const pageSize = Math.max(1, Number.parseInt(query.get("page_size") ?? "", 10) || DEFAULT_PAGE_SIZE);
  const sorted = [...filtered].sort((a, b) => String(a.name).localeCompare(String(b.name)));
  return {
    total: filtered.length,
    page,
    page_size: pageSize,
    data: sorted.slice((page - 1) * pageSize, page * pageSize),
  };
}
