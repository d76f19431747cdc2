// One page of a long list (the directory, the audit log, the inbox, the
// outbox, the privacy findings, a campaign's receipts): what a `?page=` asks
// for, read as a whole number from 1 and at most the last page — a stale link
// after rows went away shows the last page, not an empty one.

export interface PageWindow {
  /** The page shown, 1 to pageCount. */
  page: number;
  /** At least 1: an empty list has one, empty, page. */
  pageCount: number;
  /** How many rows come before it. */
  offset: number;
}

/** The page of a list of `total` rows, `pageSize` a page, that `requested` asks for (anything not a number: the first). */
export function pageWindow(total: number, pageSize: number, requested: number | undefined): PageWindow {
  const pageCount = Math.max(1, Math.ceil(total / pageSize));
  const page = Math.min(Math.max(1, Math.trunc(requested ?? 1) || 1), pageCount);
  return { page, pageCount, offset: (page - 1) * pageSize };
}
