import { maskFindings, type Finding } from "./detect";

// What /admin/privacy shows of a finding (decision 0042): the sentence it is
// in, cut to a few words either side, with every finding in that stretch
// masked — enough to judge it ("回访了客户王女士（138****5678）"), never the
// number itself. Offsets in code points, as the detector gives them. Pure.

/** Code points either side of a finding kept at most, within its sentence. */
export const previewContext = 30;

const sentenceEnd = /[。！？!?；;\n]/;

/**
 * The sentence around `finding` in `text`, at most `context` code points
 * either side of it, with each of `all` (the text's findings, `finding`
 * among them) that falls in it masked; "…" where the sentence was cut.
 */
export function previewOf(text: string, finding: Finding, all: readonly Finding[], context = previewContext): string {
  const chars = Array.from(text);
  let from = finding.start;
  while (from > 0 && finding.start - from < context && !sentenceEnd.test(chars[from - 1]!)) from--;
  let to = finding.end;
  while (to < chars.length && to - finding.end < context && !sentenceEnd.test(chars[to - 1]!)) to++;
  // Never cut through another finding: half a number is still somebody's.
  for (const f of all) {
    if (f.start < from && f.end > from) from = f.start;
    if (f.start < to && f.end > to) to = f.end;
  }
  const inside = all.filter((f) => f.start >= from && f.end <= to).map((f) => ({ ...f, start: f.start - from, end: f.end - from }));
  const excerpt = maskFindings(chars.slice(from, to).join(""), inside).replace(/\s+/g, " ").trim();
  const cutBefore = from > 0 && !sentenceEnd.test(chars[from - 1]!);
  const cutAfter = to < chars.length && !sentenceEnd.test(chars[to - 1]!);
  return `${cutBefore ? "…" : ""}${excerpt}${cutAfter ? "…" : ""}`;
}
