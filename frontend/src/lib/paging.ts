/** The envelope of every paged list the API answers (each list's own type comes from the API). */
export type Page<T> = {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
};

const MAX_PAGE = 100_000;

/** The `page` of a list's address ("?page=3" → 3); 1 when it is missing or not a page number. */
export function pageFromParams(params: URLSearchParams): number {
  const page = Number(params.get("page") ?? "1");
  return Number.isInteger(page) && page >= 1 && page <= MAX_PAGE ? page : 1;
}

/** How many pages a list of `total` items fills (at least one, so "Page 1 of 1" when empty). */
export function pageCount(total: number, pageSize: number, fallbackPageSize: number): number {
  const size = pageSize > 0 ? pageSize : fallbackPageSize;
  return Math.max(1, Math.ceil(total / size));
}
