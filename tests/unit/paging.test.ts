import { describe, expect, test } from "vitest";
import { pageWindow } from "../../app/domain/paging";

// One rule for every long list's ?page=: a whole number from 1 to the last page.
describe("pageWindow", () => {
  test.each([
    // total, page size, requested → page, pages, offset
    [0, 50, 1, 1, 1, 0],
    [0, 50, 7, 1, 1, 0],
    [120, 50, 2, 2, 3, 50],
    [120, 50, 3, 3, 3, 100],
    [120, 50, 4, 3, 3, 100],
    [120, 50, 2.9, 2, 3, 50],
    [120, 50, 0, 1, 3, 0],
    [120, 50, -5, 1, 3, 0],
    [120, 50, Number.NaN, 1, 3, 0],
    [120, 50, Number.POSITIVE_INFINITY, 3, 3, 100],
    [120, 50, undefined, 1, 3, 0],
    [100, 50, 3, 2, 2, 50],
  ])("%d rows, %d a page, asked for %s: page %d of %d from row %d", (total, size, requested, page, pageCount, offset) => {
    expect(pageWindow(total, size, requested)).toEqual({ page, pageCount, offset });
  });
});
