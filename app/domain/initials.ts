import { firstGrapheme, graphemes } from "./text";

// The one placeholder for a missing photo (issue 14, item 16): the same
// initials, drawn in the same colours, on the home page, the honour roll,
// the profile, the directory, team cards and the share images
// (components/initials.tsx draws them on pages, published/share-image.ts in the
// image). Client-safe.

/** The placeholder's colours: the honour roll's red and pale gold (5.6:1). app.css's .initials uses the same two. */
export const initialsColours = { background: "#a8151b", ink: "#f7dc97" } as const;

const latin = /^\p{Script=Latin}/u;
/** Separators inside a name (阿依古丽·买买提) that are no one's initial. */
const separator = /^[\s·•・.-]$/u;

/**
 * The initials a name is shown by when there is no photo, counted and cut by
 * grapheme (𠮷 stays whole, a hanzi keeps its variation selector):
 * - a Latin name: the first letters of its first and last words (John Smith → JS, Alice → A);
 * - a Chinese person: the last two characters, the given name as colleagues
 *   call them (邱俊廷 → 俊廷, 欧阳敏华 → 敏华, 吉𠮷祥 → 𠮷祥, 李明 → 李明);
 * - a Chinese team: its first two (禅城线路抢修小组 → 禅城): the last two
 *   would be 小组 ("group") for half the teams.
 */
export function initialsOf(name: string, kind: "person" | "team" = "person"): string {
  const trimmed = name.trim();
  if (!trimmed) return "★";
  if (latin.test(trimmed)) {
    const words = trimmed.split(/\s+/);
    const picked = words.length > 1 ? [words[0]!, words.at(-1)!] : [words[0]!];
    return picked.map((w) => firstGrapheme(w).toUpperCase()).join("");
  }
  const chars = graphemes(trimmed).filter((g) => !separator.test(g));
  return (kind === "team" ? chars.slice(0, 2) : chars.slice(-2)).join("");
}
