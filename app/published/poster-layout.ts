// How the 光荣榜 poster fills its sheets (docs/decisions/0027): pure, so the
// balance for 1–30 winners on each paper is unit-tested without a browser.
// The server decides the sheets — how many cards on each, in how many
// columns and rows, and how large their type is — because print has no
// script and a card must never be cut by a page break: each sheet is a box
// of the paper's size holding whole cards.

export const papers = ["a4", "a4-landscape", "a3"] as const;
export type Paper = (typeof papers)[number];

export const isPaper = (x: unknown): x is Paper => papers.includes(x as Paper);

/** How large a card's type and photo are, from the room its cell has. */
export type CardSize = "s" | "m" | "l" | "xl";
/** Photo beside the words (a wide cell), or above them (a narrow one). */
export type CardShape = "row" | "stack";

export interface SheetGrid {
  columns: number;
  rows: number;
  size: CardSize;
  shape: CardShape;
  /** The roll has a long citation: large cards keep moderate type. */
  long: boolean;
}

export interface Sheet<T> extends SheetGrid {
  items: T[];
}

/** What each paper's sheet can hold for the grid (inside the page margins, below the band, above the footer), in mm. */
const room: Record<Paper, { width: number; height: number; firstHeight: number }> = {
  // 210 × 297 less 8 mm margins; the first sheet's band is about 50 mm, a later sheet's 22 mm; the footer 10 mm.
  a4: { width: 194, height: 281 - 32, firstHeight: 281 - 60 },
  "a4-landscape": { width: 281, height: 194 - 30, firstHeight: 194 - 52 },
  a3: { width: 281, height: 404 - 34, firstHeight: 404 - 70 },
};

/**
 * Cards per sheet as [columns, rows] by how many are on it, for each paper,
 * and the most a sheet takes. A citation may be 200 characters: a roll
 * whose longest citation is long gets fewer, larger cells.
 */
const grids: Record<Paper, { short: Array<[number, number]>; long: Array<[number, number]> }> = {
  a4: {
    short: [
      [1, 1],
      [1, 2],
      [2, 2],
      [2, 2],
      [2, 3],
      [2, 3],
    ],
    long: [
      [1, 1],
      [1, 2],
      [1, 3],
    ],
  },
  "a4-landscape": {
    short: [
      [1, 1],
      [2, 1],
      [3, 1],
      [2, 2],
      [3, 2],
      [3, 2],
    ],
    long: [
      [1, 1],
      [2, 1],
      [3, 1],
    ],
  },
  a3: {
    short: [
      [1, 1],
      [1, 2],
      [2, 2],
      [2, 2],
      [2, 3],
      [2, 3],
      [3, 3],
      [3, 3],
      [3, 3],
      [3, 4],
      [3, 4],
      [3, 4],
    ],
    long: [
      [1, 1],
      [1, 2],
      [2, 2],
      [2, 2],
      [2, 3],
      [2, 3],
    ],
  },
};

/** Above this many character widths (a hanzi is one, a Latin letter about half) a citation is long. */
export const longCitation = 90;

/** A text's width in hanzi: wide characters count 1, the rest about half. */
export function textWidth(text: string): number {
  let w = 0;
  for (const ch of text)
    w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]|[\u{20000}-\u{3fffd}]/u.test(ch) ? 1 : 0.55;
  return w;
}

const gap = 4;

/** The grid for a sheet of `count` cards on this paper. */
export function gridFor(paper: Paper, count: number, long: boolean, first: boolean): SheetGrid {
  const table = grids[paper][long ? "long" : "short"];
  const [columns, rows] = table[Math.min(Math.max(count, 1), table.length) - 1]!;
  const r = room[paper];
  const width = (r.width - gap * (columns - 1)) / columns;
  const height = ((first ? r.firstHeight : r.height) - gap * (rows - 1)) / rows;
  // A wide cell puts the photo beside the words. The type grows with the room
  // against the card it was tuned on: 93 × 105 mm standing, 140 × 70 mm lying.
  const shape: CardShape = width / height >= 1.45 ? "row" : "stack";
  const k = shape === "row" ? Math.min(width / 140, height / 70) : Math.min(width / 93, height / 105);
  const size: CardSize = k < 0.85 ? "s" : k < 1.3 ? "m" : k < 1.9 ? "l" : "xl";
  return { columns, rows, size, shape, long };
}

/** The most cards one sheet of this paper takes. */
export const sheetCapacity = (paper: Paper, long: boolean) => grids[paper][long ? "long" : "short"].length;

/**
 * Items onto sheets: as few sheets as the paper allows, the items shared out
 * evenly (30 on A4 is five sheets of six, 7 is four and three), every sheet
 * of a run with the grid of its fullest, so cards keep one size. `first`
 * says whether the run starts the poster (its first sheet carries the band).
 */
export function sheetsOf<T>(items: readonly T[], paper: Paper, long: boolean, first = true): Array<Sheet<T>> {
  if (items.length === 0) return [];
  const capacity = sheetCapacity(paper, long);
  const count = Math.ceil(items.length / capacity);
  const sheets: Array<Sheet<T>> = [];
  // One grid for the run, sized for its first sheet (the tightest when it carries the band).
  const grid = gridFor(paper, Math.ceil(items.length / count), long, first);
  let start = 0;
  for (let i = 0; i < count; i++) {
    const take = Math.ceil((items.length - start) / (count - i));
    sheets.push({ ...grid, items: items.slice(start, start + take) });
    start += take;
  }
  return sheets;
}
