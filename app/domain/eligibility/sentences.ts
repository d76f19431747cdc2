import { formatDate, formatList, nameIn, type Locale, type T, type Vars } from "~/i18n";
import type { Comparator, RuleOutcome, RuleScope } from "./rules";
import type { Grain } from "../metrics/periods";

// Rules and their outcomes as sentences in the reader's language: the rules
// editor, the eligible list, the nomination form's refusal and the
// committee's view all say them the same way. Pure: a page passes useT(),
// the server makeT(locale).

export const comparatorSign: Record<Comparator, string> = { gte: "≥", lte: "≤", gt: ">", lt: "<", eq: "=" };

/** A figure with its unit as the reader's language writes it: "98 %" in English, "98%" in Chinese. */
export function figureText(locale: Locale, value: number, m: { unit: string; unitEn: string; decimals?: number }): string {
  const n = new Intl.NumberFormat(locale, { maximumFractionDigits: m.decimals ?? 4 }).format(value);
  const unit = locale === "en" ? m.unitEn || m.unit : m.unit;
  if (!unit) return n;
  return locale === "en" ? `${n} ${unit}` : `${n}${unit}`;
}

const grainKey: Record<Grain, "eligibility.grain.month" | "eligibility.grain.quarter" | "eligibility.grain.year"> = {
  month: "eligibility.grain.month",
  quarter: "eligibility.grain.quarter",
  year: "eligibility.grain.year",
};

/** The shape of a rule a sentence needs (a stored rule, or an outcome that carries its rule). */
export type RuleShape =
  | {
      kind: "metric";
      metric: { nameZh: string; nameEn: string; unit: string; unitEn: string; decimals: number; grain: Grain };
      scope: RuleScope;
      comparator: Comparator;
      threshold: number;
    }
  | { kind: "service_months"; comparator: Comparator; threshold: number }
  | { kind: "active" };

/** "Satisfaction ≥ 98 % in each month of the period" / "满意度每月 ≥ 98%". */
export function ruleSentence(t: T, locale: Locale, rule: RuleShape): string {
  if (rule.kind === "active") return t("eligibility.rule.active");
  const sign = comparatorSign[rule.comparator];
  if (rule.kind === "service_months") return t("eligibility.rule.service", { sign, months: rule.threshold });
  const vars = {
    metric: nameIn(locale, rule.metric),
    sign,
    threshold: figureText(locale, rule.threshold, rule.metric),
    grain: t(grainKey[rule.metric.grain]),
  };
  return rule.scope === "each" ? t("eligibility.rule.each", vars) : t("eligibility.rule.overall", vars);
}

/** Why an outcome is what it is: the value against the threshold, the period, where it came from. */
export function reasonSentence(t: T, locale: Locale, o: RuleOutcome): string {
  if (o.kind === "active") return o.met ? t("eligibility.reason.active") : t("eligibility.reason.left");
  const sign = comparatorSign[o.comparator];
  if (o.kind === "service_months") {
    if (o.months === null) return t("eligibility.reason.hireDateUnknown");
    return t("eligibility.reason.service", { months: o.months, sign, threshold: o.threshold, date: formatDate(locale, `${o.asOf}T12:00:00+08:00`) });
  }
  if (o.value === null) return t("eligibility.reason.missing", { period: o.missing ?? o.from });
  const period = o.period ?? (o.from === o.to ? o.from : `${o.from} – ${o.to}`);
  return t("eligibility.reason.value", {
    value: figureText(locale, o.value, o.metric),
    sign,
    threshold: figureText(locale, o.threshold, o.metric),
    period,
    source: formatList(locale, o.sourceSystems),
    date: o.importedAt ? formatDate(locale, o.importedAt) : "—",
  });
}

/** The rules a person fails, each with its reason, as one line (the nomination form's refusal). */
export function failedText(t: T, locale: Locale, outcomes: readonly RuleOutcome[]): string {
  return outcomes
    .filter((o) => !o.met)
    .map((o) => `${ruleSentence(t, locale, o)}${locale === "en" ? ": " : "："}${reasonSentence(t, locale, o)}`)
    .join(locale === "en" ? "; " : "；");
}

/**
 * A refusal's variables in the reader's language: a refusal that carries
 * text in both (the reasons a nominee fails, written at submit) names its
 * Chinese variables `name.zh-CN` beside the English `name`.
 */
export function localisedVars<R extends { vars?: Vars }>(refusal: R, locale: Locale): R {
  if (!refusal.vars) return refusal;
  const vars: Vars = {};
  for (const [key, value] of Object.entries(refusal.vars)) {
    if (key.includes(".")) continue;
    vars[key] = refusal.vars[`${key}.${locale}`] ?? value;
  }
  return { ...refusal, vars };
}
