import { describe, expect, test } from "vitest";
import { papers, sheetCapacity, sheetsOf, textWidth } from "../../app/published/poster-layout";
import { winnerPageOf } from "../../app/published/print-poster";

// How the 光荣榜 poster shares winners out onto sheets (docs/decisions/0027).
// Whether the cards then fit is proven in Chromium (tests/e2e/honor-roll.test.ts).

const items = (n: number) => Array.from({ length: n }, (_, i) => i);

describe("the poster's sheets", () => {
  test("the demo's four winners fill one A4 sheet, two by two (the poster that took three pages)", () => {
    const sheets = sheetsOf(items(4), "a4", false);
    expect(sheets.map((s) => [s.items.length, s.columns, s.rows])).toEqual([[4, 2, 2]]);
  });

  test("one winner has the whole sheet, with the largest type, on every paper", () => {
    for (const paper of papers) {
      expect(sheetsOf(items(1), paper, false).map((s) => [s.columns, s.rows, s.size])).toEqual([[1, 1, "xl"]]);
    }
  });

  for (const paper of papers) {
    for (const long of [false, true]) {
      test(`1–30 winners on ${paper}${long ? " with long citations" : ""}: as few sheets as fit, shared evenly, every card in a cell`, () => {
        const capacity = sheetCapacity(paper, long);
        for (let n = 1; n <= 30; n++) {
          const sheets = sheetsOf(items(n), paper, long);
          expect(sheets).toHaveLength(Math.ceil(n / capacity));
          expect(sheets.flatMap((s) => s.items)).toEqual(items(n));
          const counts = sheets.map((s) => s.items.length);
          expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
          for (const s of sheets) expect(s.columns * s.rows).toBeGreaterThanOrEqual(s.items.length);
          // The fullest sheet has no empty row (a sheet with one card fewer may, and centres its cards).
          expect(sheets[0]!.columns * (sheets[0]!.rows - 1)).toBeLessThan(sheets[0]!.items.length);
          // One grid for the run: cards keep one size from sheet to sheet.
          expect(new Set(sheets.map((s) => `${s.columns}×${s.rows} ${s.size} ${s.shape}`)).size).toBe(1);
        }
      });
    }
  }

  test("long citations get fewer, larger cells", () => {
    for (const paper of papers) expect(sheetCapacity(paper, true)).toBeLessThan(sheetCapacity(paper, false));
  });

  test("a citation's width counts a hanzi as one and a Latin letter as about half, a rare hanzi (𠮷) as one", () => {
    expect(textWidth("服务明星")).toBe(4);
    expect(textWidth("𠮷祥")).toBe(2);
    expect(textWidth("abcd")).toBeCloseTo(2.2);
  });
});

describe("where a winner's QR code leads", () => {
  const person = { personId: 1, employeeNo: "GD000123", name: "区洁莹", unitZh: "", unitEn: null, jobTitle: null };
  test("a person: their profile page", () => {
    expect(winnerPageOf("3-15-stars", { kind: "individual", nominationId: 7, nominees: [person] })).toBe("/people/GD000123");
  });
  test("a team: its card on the honour roll, not its first member's page", () => {
    expect(winnerPageOf("3-15-stars", { kind: "team", nominationId: 7, nominees: [person, { ...person, employeeNo: "GD000124" }] })).toBe(
      "/honor-roll/3-15-stars#winner-7",
    );
  });
});
