import { FigureOrigin } from "~/components/figure-origin";
import { WithUnit } from "~/components/metric-card";
import type { SnapshotMetric } from "~/domain/publishing/snapshot";
import { metricNameIn, unitIn } from "~/i18n";
import { useFormat, useLocale, useRichT, useT } from "~/i18n/react";
import { langOf } from "./lang";

/**
 * One headline figure of a winner, compact for the honour roll: the value,
 * what it measures, and how it compares with its target or baseline — said
 * in words and with an icon, never by colour alone — and where it came
 * from: imported from a system, or entered by the nominator (a roll
 * published before figures were imported has no origin: entered). The
 * source and date are said in full with `originDetail`, else to screen
 * readers only (print and the office screen have no room for them).
 */
export function HeadlineMetric({ metric, originDetail = false }: { metric: SnapshotMetric; originDetail?: boolean }) {
  const t = useT();
  const rich = useRichT();
  const format = useFormat();
  const locale = useLocale();
  const name = metricNameIn(locale, metric);
  const show = (n: number) => <WithUnit formatted={format.number(n)} unit={unitIn(locale, metric)} />;
  const { met, better } = metric.comparison;
  const verdict =
    met !== null
      ? { icon: met ? "✓" : "✗", tone: met ? "good" : "bad", words: t(met ? "evidence.metric.met" : "evidence.metric.notMet") }
      : better !== null
        ? { icon: better ? "▲" : "▼", tone: better ? "good" : "bad", words: t(better ? "evidence.metric.better" : "evidence.metric.worse") }
        : null;
  const against =
    metric.target !== null
      ? rich("honorRoll.metric.target", {
          target: (
            <>
              {metric.direction === "higher" ? "≥" : "≤"} {show(metric.target)}
            </>
          ),
        })
      : metric.baseline !== null
        ? rich("honorRoll.metric.baseline", { baseline: show(metric.baseline) })
        : null;
  return (
    <li className="headline-metric">
      <span className="headline-metric__value">{show(metric.value)}</span>
      {originDetail ? (
        <span className="headline-metric__name" lang={langOf(name)}>
          {name}
        </span>
      ) : (
        // Print and the office screen are laid out to the millimetre: the short badge rides on the name's line.
        <span className="headline-metric__name">
          <span lang={langOf(name)}>{name}</span> <FigureOrigin figure={metric} short className="headline-metric__origin" />
        </span>
      )}
      <span className="headline-metric__period" lang={langOf(metric.period)}>
        {metric.period}
      </span>
      {originDetail ? <FigureOrigin figure={metric} className="headline-metric__origin" /> : null}
      {verdict ? (
        <span className={`headline-metric__verdict headline-metric__verdict--${verdict.tone}`}>
          <span aria-hidden="true">{verdict.icon}</span> {verdict.words}
          {against ? <span className="headline-metric__against"> · {against}</span> : null}
        </span>
      ) : null}
    </li>
  );
}
