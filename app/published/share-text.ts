import { firstGrapheme, graphemes } from "~/domain/text";

// The share images' text, without a font or sharp: measured and drawn
// through a Typeface (share-image.server.ts gives the real one, the unit
// tests a fake), so breaking lines, wrapping, ellipses and fitting are pure
// and tested. Each line becomes one SVG path of outlines — no <text>, so no
// system font is ever asked for (docs/decisions/0015-share-images-and-font.md).

export type Weight = "regular" | "bold";

/** What the layout needs from a font. Sizes in em (1 = the font size). */
export interface Typeface {
  /** The advance of one character, or null when the font has no glyph for it. */
  advance(char: string, weight: Weight): number | null;
  /** The kerning between two neighbours (negative: closer), 0 for none. */
  kerning(left: string, right: string, weight: Weight): number;
  /** SVG path data of one character drawn at this size with its baseline origin at (x, y). */
  outline(char: string, weight: Weight, x: number, y: number, size: number): string;
}

export interface TextStyle {
  size: number;
  weight: Weight;
  fill: string;
  /** Extra space after each character but the last, in em. */
  tracking?: number;
}

// ---- measuring ---------------------------------------------------------------------

/** Combining marks, joiners and variation selectors take no room and draw nothing of their own. */
const invisible = /^[\p{M}\p{Cf}\p{Cc}]$/u;
/** Where a character is missing from the font: a neutral box this wide, never a crash. */
const missingAdvance = 0.9;

interface Placed {
  char: string;
  /** Offset from the run's start, in px. */
  x: number;
  missing: boolean;
}

/** Every visible character of a run and where it goes; the run's width. */
function place(face: Typeface, text: string, style: TextStyle): { glyphs: Placed[]; width: number } {
  const glyphs: Placed[] = [];
  const tracking = (style.tracking ?? 0) * style.size;
  let x = 0;
  let previous: string | null = null;
  for (const char of text) {
    if (invisible.test(char)) continue;
    const advance = face.advance(char, style.weight);
    if (previous !== null) x += face.kerning(previous, char, style.weight) * style.size + tracking;
    glyphs.push({ char, x, missing: advance === null });
    x += (advance ?? missingAdvance) * style.size;
    previous = char;
  }
  return { glyphs, width: x };
}

/** The width of a run in px. */
export function measure(face: Typeface, text: string, style: TextStyle): number {
  return place(face, text, style).width;
}

// ---- breaking lines ----------------------------------------------------------------

// Han, kana, CJK punctuation and full-width forms: a line may break before
// or after each one. Latin text breaks only at spaces.
const cjk = /^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\u3000-\u303f\uff00-\uffef\u2e80-\u2fff]$/u;
// Line-breaking rules of Chinese typesetting (避头尾): these never start a line…
const noStart = new Set([..."，。、；：！？）】》」』〉〕”’…—·%‰℃,.;:!?)]}"]);
// …and these never end one.
const noEnd = new Set([..."（【《「『〈〔“‘([{"]);

/** Collapses white space (a citation's line breaks included) to single spaces. */
export function normaliseSpace(text: string): string {
  return text.replace(/\s+/gu, " ").trim();
}

/**
 * The pieces a line may break between: each hanzi alone, each Latin word
 * whole, each space; closing punctuation held to what precedes it and
 * opening punctuation to what follows. Walked by grapheme, never by UTF-16
 * unit: 𠮷 (two units) is one hanzi, and a hanzi keeps its variation selector.
 */
export function breakUnits(text: string): string[] {
  const raw: string[] = [];
  let word = "";
  const flush = () => {
    if (word) raw.push(word);
    word = "";
  };
  for (const char of graphemes(normaliseSpace(text))) {
    const base = String.fromCodePoint(char.codePointAt(0)!);
    if (char === " ") {
      flush();
      raw.push(" ");
    } else if (cjk.test(base) || noStart.has(char) || noEnd.has(char)) {
      // A Latin word's own comma or bracket stays in the word.
      if (word && !cjk.test(base)) {
        word += char;
        continue;
      }
      flush();
      raw.push(char);
    } else {
      word += char;
    }
  }
  flush();
  const units: string[] = [];
  let glue = "";
  for (const unit of raw) {
    const first = firstGrapheme(unit);
    if (noStart.has(first) && units.length > 0 && units.at(-1) !== " " && !glue) {
      units[units.length - 1] += unit;
    } else if (noEnd.has(graphemes(unit).at(-1)!) && unit !== " ") {
      glue += unit;
    } else {
      units.push(glue + unit);
      glue = "";
    }
  }
  if (glue) units.push(glue);
  return units;
}

export interface Wrapped {
  lines: string[];
  /** True when text was left out (the last line ends with an ellipsis). */
  truncated: boolean;
}

const ellipsis = "…";
/** Punctuation that reads badly just before an ellipsis. */
const beforeEllipsis = /[\s，。、；：,.;:·—-]+$/u;

/**
 * Shortens a line until it and an ellipsis fit: a whole piece at a time (a
 * hanzi, or a Latin word: English ends at a word, never mid-word), then a
 * grapheme at a time only when a single piece is wider than the line.
 */
function withEllipsis(face: Typeface, line: string, style: TextStyle, maxWidth: number): string {
  const fits = (text: string) => measure(face, text.replace(beforeEllipsis, "") + ellipsis, style) <= maxWidth;
  let units = breakUnits(line);
  while (units.length > 1 && !fits(units.join(""))) units = units.slice(0, -1);
  let chars = graphemes(units.join(""));
  while (chars.length > 0 && !fits(chars.join(""))) chars = chars.slice(0, -1);
  return chars.join("").replace(beforeEllipsis, "") + ellipsis;
}

/**
 * Lays pieces into at most `maxLines` lines of `maxWidth` px: greedy, a
 * piece wider than a line broken between its characters, spaces dropped at
 * the ends of lines, an ellipsis when something is left over.
 */
export function wrapUnits(face: Typeface, units: readonly string[], style: TextStyle, maxWidth: number, maxLines: number): Wrapped {
  const lines: string[] = [];
  let line = "";
  const fits = (text: string) => measure(face, text.trimEnd(), style) <= maxWidth;
  const push = () => {
    if (line.trim()) lines.push(line.trim());
    line = "";
  };
  for (const unit of units) {
    if (lines.length > maxLines) break;
    if (unit === " ") {
      if (line) line += " ";
      continue;
    }
    if (fits(line + unit)) {
      line += unit;
      continue;
    }
    push();
    if (fits(unit)) {
      line = unit;
      continue;
    }
    for (const char of graphemes(unit)) {
      if (line && !fits(line + char)) push();
      line += char;
    }
  }
  push();
  if (lines.length <= maxLines) return { lines, truncated: false };
  const kept = lines.slice(0, maxLines);
  kept[maxLines - 1] = withEllipsis(face, kept[maxLines - 1], style, maxWidth);
  return { lines: kept, truncated: true };
}

/** wrapUnits over free text. */
export function wrap(face: Typeface, text: string, style: TextStyle, maxWidth: number, maxLines: number): Wrapped {
  return wrapUnits(face, breakUnits(text), style, maxWidth, maxLines);
}

/**
 * The largest of `sizes` at which the text fits whole; else the smallest,
 * shortened. `maxLines` may depend on the size (more lines fit in a box at
 * a smaller size).
 */
export function fit(
  face: Typeface,
  text: string,
  style: TextStyle,
  sizes: readonly number[],
  maxWidth: number,
  maxLines: number | ((size: number) => number),
): Wrapped & { style: TextStyle } {
  let last: Wrapped & { style: TextStyle } = { lines: [], truncated: false, style };
  for (const size of sizes) {
    const sized = { ...style, size };
    const lines = typeof maxLines === "number" ? maxLines : maxLines(size);
    last = { ...wrap(face, text, sized, maxWidth, lines), style: sized };
    if (!last.truncated) break;
  }
  return last;
}

/**
 * As many whole items (names) as fit in the lines, joined by `separator`,
 * then `more(total)` when some were left out. An item is never split
 * across lines unless it is wider than a line by itself.
 */
export function fitList(
  face: Typeface,
  items: readonly string[],
  separator: string,
  more: (total: number) => string,
  style: TextStyle,
  maxWidth: number,
  maxLines: number,
): Wrapped {
  if (items.length === 0) return { lines: [], truncated: false };
  for (let count = items.length; count > 0; count--) {
    const shown = items.slice(0, count);
    const units = shown.map((item, i) => (i < shown.length - 1 ? item + separator : item));
    if (count < items.length) units.push(" ", more(items.length));
    const wrapped = wrapUnits(face, units, style, maxWidth, maxLines);
    if (!wrapped.truncated) return wrapped;
  }
  return wrap(face, more(items.length), style, maxWidth, maxLines);
}

// ---- drawing -----------------------------------------------------------------------

/** A coordinate to a tenth of a pixel. */
export const round = (n: number) => Math.round(n * 10) / 10;

/** Escapes text for an SVG attribute. */
const attr = (value: string) => value.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** An empty box where the font has no glyph: the reader sees something is missing, not a wrong character. */
function missingBox(x: number, y: number, size: number): string {
  const [left, top, w, h, t] = [x + 0.1 * size, y - 0.8 * size, 0.7 * size, 0.9 * size, Math.max(1, 0.06 * size)];
  const rect = (l: number, tp: number, wd: number, ht: number) => `M${round(l)} ${round(tp)}h${round(wd)}v${round(ht)}h${round(-wd)}Z`;
  return rect(left, top, w, h) + rect(left + t, top + t, w - 2 * t, h - 2 * t);
}

export type Anchor = "start" | "middle" | "end";

/** One line of text as one filled SVG path, its baseline at y. */
export function textPath(face: Typeface, text: string, style: TextStyle, x: number, y: number, anchor: Anchor = "start"): string {
  const { glyphs, width } = place(face, text, style);
  const left = anchor === "start" ? x : anchor === "middle" ? x - width / 2 : x - width;
  const d = glyphs
    .map((g) =>
      g.char === " " ? "" : g.missing ? missingBox(left + g.x, y, style.size) : face.outline(g.char, style.weight, left + g.x, y, style.size),
    )
    .join("");
  return d ? `<path fill="${attr(style.fill)}" fill-rule="evenodd" d="${d}"/>` : "";
}

/** Lines of text, the first baseline at y, `leading` px apart. */
export function textLines(
  face: Typeface,
  lines: readonly string[],
  style: TextStyle,
  x: number,
  y: number,
  leading: number,
  anchor: Anchor = "start",
): string {
  return lines.map((line, i) => textPath(face, line, style, x, y + i * leading, anchor)).join("");
}

/** Where the top of a CJK character's box sits above its baseline (Noto CJK: 0.88 em). */
export const ascent = 0.88;

/** Headings: hanzi spaced wide, like a poster's; Latin letters only a little. */
export const spacing = (text: string, hanzi: number, latin: number) => (cjk.test(String.fromCodePoint(text.codePointAt(0) ?? 0x20)) ? hanzi : latin);
