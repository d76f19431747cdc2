import { chartablePoints, type Direction, type MetricPoint } from "~/domain/nominations/metrics";
import { useFormat, useT } from "~/i18n/react";
import { withUnit } from "./metric-card";

// Fixed geometry in SVG user units; the CSS scales the whole drawing.
export const chart = { width: 360, height: 200, left: 56, right: 16, top: 16, bottom: 48 } as const;

/** Coordinates printed with at most one decimal: the same markup on every run. */
const r = (n: number) => String(Math.round(n * 10) / 10);

/** The value range drawn: includes zero and the target, never empty. */
export function valueRange(values: number[], target?: number | null): { min: number; max: number } {
  const all = [0, ...values, ...(target !== null && target !== undefined && Number.isFinite(target) ? [target] : [])];
  const min = Math.min(...all);
  let max = Math.max(...all);
  if (max === min) max = min + 1;
  return { min, max };
}

/**
 * A metric across several periods as a small line chart, drawn on the server:
 * no script needed. Screen readers get the values in the aria-label; the
 * picture itself repeats them with axis labels and, if given, a target line.
 */
export function MetricChart({
  points,
  target,
  direction,
  unit,
  title,
}: {
  points: readonly MetricPoint[];
  target?: number | null;
  direction: Direction;
  unit?: string | null;
  title: string;
}) {
  const t = useT();
  const format = useFormat();
  const show = (n: number) => withUnit(format.number(n), unit);
  const data = chartablePoints(points);
  const hasTarget = target !== null && target !== undefined && Number.isFinite(target);

  const values = data.map((p) => t("evidence.chart.point", { period: p.period, value: show(p.value) })).join(", ");
  const label =
    data.length === 0
      ? t("evidence.chart.empty", { title })
      : hasTarget
        ? t("evidence.chart.summaryTarget", { title, values, target: show(target) })
        : t("evidence.chart.summary", { title, values });

  const { width, height, left, right, top, bottom } = chart;
  const plotW = width - left - right;
  const plotH = height - top - bottom;
  const { min, max } = valueRange(
    data.map((p) => p.value),
    target,
  );
  const y = (v: number) => top + plotH - ((v - min) / (max - min)) * plotH;
  const step = data.length > 1 ? plotW / (data.length - 1) : 0;
  const x = (i: number) => (data.length > 1 ? left + i * step : left + plotW / 2);
  const path = data.map((p, i) => `${i === 0 ? "M" : "L"}${r(x(i))} ${r(y(p.value))}`).join(" ");
  const axisValue = unit ? t("evidence.chart.axisValue", { unit }) : t("evidence.chart.axisValueNoUnit");

  return (
    <svg
      className={`metric-chart metric-chart--${direction}`}
      role="img"
      aria-label={label}
      viewBox={`0 0 ${width} ${height}`}
      width={width}
      height={height}
      xmlns="http://www.w3.org/2000/svg"
    >
      <title>{label}</title>
      <g className="metric-chart__axes">
        <line x1={left} y1={top} x2={left} y2={top + plotH} />
        <line x1={left} y1={top + plotH} x2={left + plotW} y2={top + plotH} />
      </g>
      <g className="metric-chart__ticks">
        <text x={left - 6} y={r(y(max))} textAnchor="end" dominantBaseline="middle">
          {format.number(max)}
        </text>
        <text x={left - 6} y={r(y(min))} textAnchor="end" dominantBaseline="middle">
          {format.number(min)}
        </text>
        {data.map((p, i) => (
          <text key={i} x={r(x(i))} y={top + plotH + 16} textAnchor="middle">
            {p.period}
          </text>
        ))}
      </g>
      <text className="metric-chart__axis-label" x={left + plotW / 2} y={height - 6} textAnchor="middle">
        {t("evidence.chart.axisPeriod")}
      </text>
      <text className="metric-chart__axis-label" x={12} y={top + plotH / 2} textAnchor="middle" transform={`rotate(-90 12 ${r(top + plotH / 2)})`}>
        {axisValue}
      </text>
      {hasTarget ? (
        <g className="metric-chart__target">
          <line x1={left} y1={r(y(target))} x2={left + plotW} y2={r(y(target))} strokeDasharray="6 4" />
          <text x={left + plotW} y={r(y(target) - 4)} textAnchor="end">
            {t("evidence.chart.target", { target: show(target) })}
          </text>
        </g>
      ) : null}
      {data.length > 1 ? <path className="metric-chart__line" d={path} fill="none" /> : null}
      {data.map((p, i) => (
        <circle key={i} className="metric-chart__point" cx={r(x(i))} cy={r(y(p.value))} r={4} />
      ))}
    </svg>
  );
}
