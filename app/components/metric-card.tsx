import { compareMetric, type Direction } from "~/domain/nominations/metrics";
import { metricNameIn, unitIn, type MessageKey } from "~/i18n";
import { useFormat, useLocale, useT } from "~/i18n/react";
import { langOf } from "./honor-roll/lang";

/** "3.2%" but "1,200 calls": no space before a percent sign. */
export function withUnit(formatted: string, unit: string | null | undefined): string {
  const u = (unit ?? "").trim();
  if (!u) return formatted;
  return u.startsWith("%") || u === "‰" ? `${formatted}${u}` : `${formatted} ${u}`;
}

type Verdict = { key: MessageKey; tone: "good" | "bad" | "neutral"; icon: string };

/**
 * One metric with its verdict. The verdict is said in words and shown with an
 * icon as well as a colour, so no one depends on the colour alone.
 */
export function MetricCard({
  name,
  nameEn,
  value,
  unit,
  unitEn,
  direction,
  target,
  baseline,
  period,
  source,
}: {
  name: string;
  /** Its template's English name, shown on English pages (metricNameIn). */
  nameEn?: string | null;
  value: number;
  unit?: string | null;
  /** Its template's English unit, shown on English pages (unitIn). */
  unitEn?: string | null;
  direction: Direction;
  target?: number | null;
  baseline?: number | null;
  period?: string | null;
  source?: string | null;
}) {
  const t = useT();
  const format = useFormat();
  const locale = useLocale();
  const shownName = metricNameIn(locale, { name, nameEn });
  const shownUnit = unitIn(locale, { unit: unit ?? "", unitEn });
  const show = (n: number) => withUnit(format.number(n), shownUnit);
  const { met, better } = compareMetric({ value, target, baseline, direction });

  const verdicts: Verdict[] = [];
  if (met !== null) verdicts.push(met ? { key: "evidence.metric.met", tone: "good", icon: "✓" } : { key: "evidence.metric.notMet", tone: "bad", icon: "✗" });
  if (baseline !== null && baseline !== undefined && Number.isFinite(baseline)) {
    if (better === null) verdicts.push({ key: "evidence.metric.same", tone: "neutral", icon: "=" });
    else verdicts.push(better ? { key: "evidence.metric.better", tone: "good", icon: "▲" } : { key: "evidence.metric.worse", tone: "bad", icon: "▼" });
  }
  const tone = verdicts.some((v) => v.tone === "bad") ? "bad" : verdicts.some((v) => v.tone === "good") ? "good" : "neutral";

  return (
    <article className={`metric-card metric-card--${tone}`}>
      <h3 className="metric-card__name" lang={langOf(shownName)}>{shownName}</h3>
      <p className="metric-card__value">{show(value)}</p>
      <ul className="metric-card__facts">
        {target !== null && target !== undefined && Number.isFinite(target) ? (
          <li>{t(direction === "higher" ? "evidence.metric.target.higher" : "evidence.metric.target.lower", { target: show(target) })}</li>
        ) : null}
        {baseline !== null && baseline !== undefined && Number.isFinite(baseline) ? <li>{t("evidence.metric.baseline", { baseline: show(baseline) })}</li> : null}
        <li>{t(direction === "higher" ? "evidence.metric.direction.higher" : "evidence.metric.direction.lower")}</li>
        {period ? <li>{t("evidence.metric.period", { period })}</li> : null}
        {source ? <li>{t("evidence.metric.source", { source })}</li> : null}
      </ul>
      <ul className="metric-card__verdicts">
        {verdicts.length === 0 ? (
          <li className="metric-verdict metric-verdict--neutral">{t("evidence.metric.noComparison")}</li>
        ) : (
          verdicts.map((v) => (
            <li key={v.key} className={`metric-verdict metric-verdict--${v.tone}`}>
              <span className="metric-verdict__icon" aria-hidden="true">
                {v.icon}
              </span>{" "}
              {t(v.key)}
            </li>
          ))
        )}
      </ul>
    </article>
  );
}
