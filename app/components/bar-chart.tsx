import { useId } from "react";

export interface Bar {
  label: string;
  /** Null: no figure (shown as the text, with no bar). */
  value: number | null;
  /** The value as the reader reads it ("12.5", "30 %", "not final yet"). */
  text: string;
}

/**
 * A horizontal bar chart drawn on the server (decision 0052): an <svg
 * role="img"> named by its <title> and described by its <desc>, every bar
 * labelled in text with its value, so nothing is said by colour or length
 * alone; a table beside it carries the same figures. No script, no inline
 * style (the CSP allows none): sizes are attributes.
 */
export function BarChart({ title, desc, bars, max }: { title: string; desc: string; bars: readonly Bar[]; max?: number }) {
  const id = useId();
  const top = Math.max(1, max ?? Math.max(0, ...bars.map((b) => b.value ?? 0)));
  const row = 28;
  const labelWidth = 200;
  const barWidth = 300;
  const width = labelWidth + barWidth + 120;
  const height = Math.max(1, bars.length) * row + 8;
  return (
    <svg
      className="bar-chart"
      role="img"
      aria-labelledby={`${id}-title ${id}-desc`}
      viewBox={`0 0 ${width} ${height}`}
      width="100%"
      preserveAspectRatio="xMinYMin meet"
    >
      <title id={`${id}-title`}>{title}</title>
      <desc id={`${id}-desc`}>{desc}</desc>
      {bars.map((b, i) => {
        const y = 4 + i * row;
        const w = b.value === null ? 0 : Math.max(b.value > 0 ? 2 : 0, Math.round((Math.min(b.value, top) / top) * barWidth));
        return (
          <g key={i}>
            <text x={labelWidth - 8} y={y + 17} textAnchor="end" className="bar-chart__label">
              {b.label.length > 24 ? `${b.label.slice(0, 23)}…` : b.label}
            </text>
            <rect x={labelWidth} y={y + 4} width={barWidth} height={row - 10} className="bar-chart__track" />
            <rect x={labelWidth} y={y + 4} width={w} height={row - 10} className="bar-chart__bar" />
            <text x={labelWidth + barWidth + 8} y={y + 17} className="bar-chart__value">
              {b.text}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
