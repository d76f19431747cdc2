import { beforeAll, describe, expect, test } from "vitest";
import { shareTypeface } from "../../app/published/share-image.server";
import { rollCard, rollScene, winnerCard, winnerScene } from "../../app/published/share-image";
import { wrap, type Typeface } from "../../app/published/share-text";
import type { HonorRollSnapshot } from "../../app/domain/publishing/snapshot";

// Issue 14, item 8: the English share image cut the campaign's name (one line
// beside the brand) and the citation (sized for Chinese, which says the same
// in fewer characters), and an ellipsis fell mid-word. Drawn here with the
// bundled font's real widths, each glyph's outline replaced by a mark that
// names its character, so the SVG can be read back: every word must be
// there, or the text must end at a word with an ellipsis when it truly
// cannot fit.

let real: Typeface;
beforeAll(async () => {
  real = await shareTypeface();
}, 60_000);

/** The real font's widths; each outline a move that carries its character's code point. */
const reading = (): Typeface => ({
  advance: (char, weight) => real.advance(char, weight),
  kerning: (l, r, weight) => real.kerning(l, r, weight),
  outline: (char, _weight, x, y) => `M${Math.round(x * 10) / 10} ${Math.round(y * 10) / 10}m${char.codePointAt(0)} 0`,
});

/** The lines an SVG draws, top to bottom, each left to right (spaces are not drawn: words run together). */
function linesOf(svg: string): string[] {
  const glyphs = [...svg.matchAll(/M(-?[\d.]+) (-?[\d.]+)m(\d+) 0/g)].map((m) => ({
    x: Number(m[1]),
    y: Number(m[2]),
    char: String.fromCodePoint(Number(m[3])),
  }));
  const rows = new Map<number, typeof glyphs>();
  for (const g of glyphs) rows.set(g.y, [...(rows.get(g.y) ?? []), g]);
  return [...rows.entries()]
    .sort(([a], [b]) => a - b)
    .map(([, row]) =>
      row
        .sort((a, b) => a.x - b.x)
        .map((g) => g.char)
        .join(""),
    );
}
const squeezed = (text: string) => text.replace(/\s+/g, "");

const longName = "Guangdong Telecom 10000 Hotline and Field Maintenance Service Stars of the Year 2026";
const longCitation =
  "For a whole year she answered every call as if it came from her own family: twenty thousand calls, not one complaint, and three call-backs on a typhoon night until an elderly customer's line was working again.";

function snapshot(nameEn: string, citation: string): HonorRollSnapshot {
  return {
    format: 1,
    campaign: {
      id: 1,
      slug: "long",
      nameZh: "2026年度服务之星",
      nameEn,
      periodStart: "2026-01-01",
      periodEnd: "2026-12-31",
      unit: { code: "GD", nameZh: "广东分公司", nameEn: "Guangdong Branch" },
    },
    titles: [
      {
        titleId: 1,
        slug: "star",
        nameZh: "最佳服务明星",
        nameEn: "Best Service Star",
        badge: null,
        winners: [
          {
            nominationId: 1,
            kind: "individual",
            teamName: null,
            citation,
            nominees: [{ personId: 1, employeeNo: "GD1", name: "区洁莹", unitZh: "广州一台", unitEn: "Guangzhou Desk 1", jobTitle: null }],
            photo: null,
            metrics: [],
            stories: [],
            principles: [],
          },
        ],
      },
    ],
  };
}

describe("the English share images keep their words", () => {
  test("a winner's image: a long English campaign name and a 200-character citation are all there, nothing cut", () => {
    expect(longCitation.length).toBeLessThanOrEqual(210);
    const svg = winnerScene(reading(), winnerCard(snapshot(longName, longCitation), 1, "en")!).svg;
    const drawn = linesOf(svg);
    const text = drawn.join("");
    expect(text).not.toContain("…");
    expect(text).toContain(squeezed(longCitation));
    expect(text).toContain(squeezed(longName));
  });

  test("the roll's image: the long English name is all there", () => {
    const text = linesOf(rollScene(reading(), rollCard(snapshot(longName, longCitation), "en")).svg).join("");
    expect(text).not.toContain("…");
    expect(text).toContain(squeezed(longName));
  });

  test("a citation far too long for the image ends at a word with an ellipsis, never mid-word", () => {
    const words = `${longCitation} ${longCitation} ${longCitation}`.split(" ");
    const svg = winnerScene(reading(), winnerCard(snapshot(longName, words.join(" ")), 1, "en")!).svg;
    const drawn = linesOf(svg).join("");
    const cut = /Fora(.*)…/.exec(drawn)?.[0];
    expect(cut).toBeDefined();
    const shown = cut!.slice(0, -1).replace(/[.,;:]$/, "");
    // What is drawn is the first k words, whole.
    const k = words.findIndex((_, i) => squeezed(words.slice(0, i + 1).join(" ")).replace(/[.,;:]$/, "") === shown);
    expect(k, shown.slice(-40)).toBeGreaterThan(10);
  });

  test("wrapping English with the real font: an ellipsis after a whole word", () => {
    const r = wrap(reading(), "Twenty thousand calls without a single complaint", { size: 30, weight: "regular", fill: "#000" }, 300, 1);
    expect(r.truncated).toBe(true);
    expect(r.lines[0]).toMatch(/^Twenty( thousand)?( calls)?…$/);
  });
});
