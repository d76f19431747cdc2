// Periods of imported metric values (issue 20), shared by the import, the
// figures a nomination shows and the eligibility rules. Pure: safe in the
// browser. A period is written as its grain says: "2026-03" (a month),
// "2026-Q1" (a quarter), "2026" (a year).

export type Grain = "month" | "quarter" | "year";
export type Combine = "sum" | "average" | "latest";

const patterns: Record<Grain, RegExp> = {
  month: /^(\d{4})-(0[1-9]|1[0-2])$/,
  quarter: /^(\d{4})-Q([1-4])$/,
  year: /^(\d{4})$/,
};

/** True when `period` is written as `grain` says. */
export function isPeriod(grain: Grain, period: string): boolean {
  return patterns[grain].test(period);
}

const iso = (year: number, month: number, day: number) =>
  `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;

/** The last day of a month (month 1–12). */
const lastDay = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

/** The first and last day of a period ("YYYY-MM-DD"), or null when it is not written as its grain says. */
export function periodBounds(grain: Grain, period: string): { start: string; end: string } | null {
  const m = patterns[grain].exec(period);
  if (!m) return null;
  const year = Number(m[1]);
  if (year < 1900 || year > 2999) return null;
  const first = grain === "month" ? Number(m[2]) : grain === "quarter" ? (Number(m[2]) - 1) * 3 + 1 : 1;
  const last = grain === "month" ? first : grain === "quarter" ? first + 2 : 12;
  return { start: iso(year, first, 1), end: iso(year, last, lastDay(year, last)) };
}

/** The period of `grain` that holds a day ("YYYY-MM-DD"). */
export function periodOf(grain: Grain, day: string): string {
  const year = day.slice(0, 4);
  const month = Number(day.slice(5, 7));
  if (grain === "year") return year;
  if (grain === "quarter") return `${year}-Q${Math.floor((month - 1) / 3) + 1}`;
  return `${year}-${String(month).padStart(2, "0")}`;
}

/**
 * The periods of `grain` that overlap the days from `from` to `to`
 * (inclusive, "YYYY-MM-DD"), oldest first: a campaign from July to December
 * covers 2026-07 … 2026-12, or 2026-Q3 and 2026-Q4, or 2026.
 */
export function periodsBetween(grain: Grain, from: string, to: string): string[] {
  if (to < from) return [];
  const out: string[] = [];
  let year = Number(from.slice(0, 4));
  let month = Number(from.slice(5, 7));
  const step = grain === "month" ? 1 : grain === "quarter" ? 3 : 12;
  if (grain === "quarter") month = Math.floor((month - 1) / 3) * 3 + 1;
  if (grain === "year") month = 1;
  const toKey = Number(to.slice(0, 4)) * 12 + Number(to.slice(5, 7));
  // At most 120 periods: a campaign is never ten years of months.
  while (year * 12 + month <= toKey && out.length < 120) {
    out.push(periodOf(grain, iso(year, month, 1)));
    month += step;
    while (month > 12) {
      month -= 12;
      year += 1;
    }
  }
  return out;
}

/**
 * One figure from the values of several periods (oldest first): their sum,
 * their average, or the latest; null without any value. Rounded away from
 * binary noise, not to the definition's decimals (the page does that).
 */
export function combineValues(combine: Combine, values: readonly number[]): number | null {
  const usable = values.filter((v) => Number.isFinite(v));
  if (!usable.length) return null;
  if (combine === "latest") return usable[usable.length - 1];
  const sum = usable.reduce((a, b) => a + b, 0);
  const figure = combine === "sum" ? sum : sum / usable.length;
  return Number.parseFloat(figure.toPrecision(12));
}
