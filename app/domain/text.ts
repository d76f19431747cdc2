// Text is counted and cut as a reader and PostgreSQL count it, never by
// JavaScript's UTF-16 code units. A name such as 吉𠮷祥 holds a character
// outside the Basic Multilingual Plane (CJK Extension B and beyond, common in
// Chinese names): `.length` counts it twice, and `.slice` can cut it in half,
// leaving a lone surrogate that PostgreSQL's jsonb refuses outright and that
// every other path turns into "�" (docs/decisions/0025-text-by-characters.md).
// Client-safe: the forms count with these too.

// Grapheme clusters where the runtime knows them (Node, and browsers since
// 2024), so a cut never parts a character from its accent, its variation
// selector (𠮷 + U+E0100) or the rest of an emoji; code points elsewhere.
const segmenter =
  typeof Intl !== "undefined" && typeof Intl.Segmenter === "function" ? new Intl.Segmenter(undefined, { granularity: "grapheme" }) : null;

/** Characters as PostgreSQL's length() counts them (code points): 𠮷 is one, not two. */
export function charCount(text: string): number {
  let count = 0;
  // for…of walks code points; no array for a 5,000-character story.
  for (const _ of text) count++;
  return count;
}

/** Whether a text has at most `max` characters (code points): the limit every form and the database share. */
export const withinChars = (max: number) => (text: string) => text.length <= max || charCount(text) <= max;

/** Whether a text has at least `min` characters (code points). */
export const atLeastChars = (min: number) => (text: string) => charCount(text) >= min;

/** What a reader sees as one character each: grapheme clusters, or code points without Intl.Segmenter. */
export function graphemes(text: string): string[] {
  return segmenter ? Array.from(segmenter.segment(text), (s) => s.segment) : [...text];
}

/**
 * The start of a text, at most `max` characters (code points, so it fits the
 * same limit the database checks), cut between whole graphemes.
 */
export function cutChars(text: string, max: number): string {
  // Code units never undercount code points: a text this short is whole.
  if (text.length <= max) return text;
  let kept = "";
  let count = 0;
  for (const g of graphemes(text)) {
    const size = charCount(g);
    if (count + size > max) break;
    kept += g;
    count += size;
  }
  return kept;
}

/** The text cut to `max` characters, then an ellipsis when something was left out. */
export function shorten(text: string, max: number): string {
  return withinChars(max)(text) ? text : `${cutChars(text, max)}…`;
}

/** The last `count` graphemes of a text: 邱俊廷 → 俊廷, 吉𠮷祥 → 𠮷祥 (an avatar's initials). */
export function lastGraphemes(text: string, count: number): string {
  return graphemes(text).slice(-count).join("");
}

/** The first grapheme of a text, or "" for an empty one. */
export function firstGrapheme(text: string): string {
  if (!text) return "";
  const first = String.fromCodePoint(text.codePointAt(0)!);
  // Asking the segmenter costs ~15 µs a call (the pinyin key asks once per
  // syllable of 50,000 names): not needed when nothing follows, or when what
  // follows is ASCII, which never joins the character before it (but LF after CR).
  const next = text.charCodeAt(first.length);
  if (Number.isNaN(next) || (next < 0x80 && !(next === 0x0a && first === "\r"))) return first;
  return segmenter ? (segmenter.segment(text).containing(0)?.segment ?? first) : first;
}
