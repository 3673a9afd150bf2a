/** Rows on one page of a list. */
export const PAGE_SIZE = 25;

/** Where a list page stands: which page, of how many, over how many rows. */
export interface Paging {
  /** 1-based page shown; clamped to the last page. */
  readonly page: number;
  /** At least 1, even for an empty list. */
  readonly pages: number;
  readonly total: number;
  /** Rows to skip in the query. */
  readonly offset: number;
  readonly size: number;
}

/** The page number of a `?page=` value; anything that is not a positive integer gives 1. */
export function pageNumber(value: unknown): number {
  const page = typeof value === 'string' && /^\d{1,6}$/.test(value) ? Number(value) : 1;
  return Math.max(1, page);
}

/** Where a page stands among `total` rows; a page past the end shows the last one. */
export function paging(total: number, requested: number, size = PAGE_SIZE): Paging {
  const pages = Math.max(1, Math.ceil(total / size));
  const page = Math.min(requested, pages);
  return { page, pages, total, offset: (page - 1) * size, size };
}

/** Links of the pager that keep the list's search and filters. */
export interface PagerLinks {
  readonly page: number;
  readonly pages: number;
  readonly total: number;
  readonly previous?: string;
  readonly next?: string;
}

/** Previous and next links of a list at `path` with its query `params`. */
export function pagerLinks(
  path: string,
  params: Readonly<Record<string, string | number | undefined>>,
  at: Paging,
): PagerLinks {
  const href = (page: number): string => {
    const query = new URLSearchParams();
    for (const [name, value] of Object.entries(params)) {
      if (value !== undefined && value !== '') query.set(name, String(value));
    }
    if (page > 1) query.set('page', String(page));
    const text = query.toString();
    return text ? `${path}?${text}` : path;
  };
  return {
    page: at.page,
    pages: at.pages,
    total: at.total,
    previous: at.page > 1 ? href(at.page - 1) : undefined,
    next: at.page < at.pages ? href(at.page + 1) : undefined,
  };
}
