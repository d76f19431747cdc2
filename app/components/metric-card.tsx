import { compareMetric, type Direction } from "~/domain/nominations/metrics";
import { FigureOrigin, type FigureOriginData } from "~/components/figure-origin";
import { useId } from "react";
import { metricNameIn, unitIn, type MessageKey } from "~/i18n";
import { langOf } from "~/i18n/lang";
import { Lang, useFormat, useLocale, useRichT, useT } from "~/i18n/react";

/** "3.2%" but "1,200 calls": no space before a percent sign. */
export function withUnit(formatted: string, unit: string | null | undefined): string {
  const u = (unit ?? "").trim();
  if (!u) return formatted;
  return u.startsWith("%") || u === "‰" ? `${formatted}${u}` : `${formatted} ${u}`;
}

/** withUnit as elements: the unit marked with its language. */
export function WithUnit({ formatted, unit }: { formatted: string; unit: string | null | undefined }) {
  const u = (unit ?? "").trim();
  if (!u) return <>{formatted}</>;
  return u.startsWith("%") || u === "‰" ? (
    <>
      {formatted}
      {u}
    </>
  ) : (
    <>
      {formatted} <Lang>{u}</Lang>
    </>
  );
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
  origin,
  sourceSystem,
  importedAt,
}: FigureOriginData & {
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
  const rich = useRichT();
  const format = useFormat();
  const locale = useLocale();
  const id = useId();
  const shownName = metricNameIn(locale, { name, nameEn });
  const shownUnit = unitIn(locale, { unit: unit ?? "", unitEn });
  // A unit with no English form (件, 单) stays Chinese on an English page: marked as such.
  const show = (n: number) => <WithUnit formatted={format.number(n)} unit={shownUnit} />;
  const { met, better } = compareMetric({ value, target, baseline, direction });

  const verdicts: Verdict[] = [];
  if (met !== null)
    verdicts.push(met ? { key: "evidence.metric.met", tone: "good", icon: "✓" } : { key: "evidence.metric.notMet", tone: "bad", icon: "✗" });
  if (baseline !== null && baseline !== undefined && Number.isFinite(baseline)) {
    if (better === null) verdicts.push({ key: "evidence.metric.same", tone: "neutral", icon: "=" });
    else
      verdicts.push(better ? { key: "evidence.metric.better", tone: "good", icon: "▲" } : { key: "evidence.metric.worse", tone: "bad", icon: "▼" });
  }
  const tone = verdicts.some((v) => v.tone === "bad") ? "bad" : verdicts.some((v) => v.tone === "good") ? "good" : "neutral";

  return (
    // Named by the metric and its period: a page may show satisfaction for two campaigns (each article's name is unique).
    <article className={`metric-card metric-card--${tone}`} aria-labelledby={period ? `${id}-name ${id}-period` : `${id}-name`}>
      <h3 className="metric-card__name" id={`${id}-name`} lang={langOf(shownName)}>
        {shownName}
      </h3>
      <p className="metric-card__value">{show(value)}</p>
      <p className="metric-card__origin">
        <FigureOrigin figure={{ origin, sourceSystem, importedAt }} />
      </p>
      <ul className="metric-card__facts">
        {target !== null && target !== undefined && Number.isFinite(target) ? (
          <li>{rich(direction === "higher" ? "evidence.metric.target.higher" : "evidence.metric.target.lower", { target: show(target) })}</li>
        ) : null}
        {baseline !== null && baseline !== undefined && Number.isFinite(baseline) ? (
          <li>{rich("evidence.metric.baseline", { baseline: show(baseline) })}</li>
        ) : null}
        <li>{t(direction === "higher" ? "evidence.metric.direction.higher" : "evidence.metric.direction.lower")}</li>
        {period ? <li id={`${id}-period`}>{rich("evidence.metric.period", { period })}</li> : null}
        {source ? <li>{rich("evidence.metric.source", { source })}</li> : null}
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
