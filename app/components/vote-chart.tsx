import { cutChars, withinChars } from "~/domain/text";
import { useFormat, useT } from "~/i18n/react";

// One title's votes as horizontal bars, drawn on the server (no script). The
// table beside it carries the same figures for screen readers and for
// reading exact numbers; the drawing is the at-a-glance view.

export interface Bar {
  id: number;
  label: string;
  votes: number;
  /** A winner (or, before ratification, in the top N). */
  highlight: boolean;
  tied: boolean;
}

// Narrow enough that a 360-px phone shows the labels at a readable size.
const geometry = { width: 420, row: 30, label: 140, right: 44, top: 6 } as const;
const r = (n: number) => String(Math.round(n * 10) / 10);

/** Long names are cut for the drawing (between characters, never inside 𠮷); the table shows them whole. */
const short = (s: string) => (withinChars(9)(s) ? s : `${cutChars(s, 8)}…`);

export function VoteChart({ title, bars }: { title: string; bars: readonly Bar[] }) {
  const t = useT();
  const format = useFormat();
  const { width, row, label, right, top } = geometry;
  const height = top * 2 + row * Math.max(1, bars.length);
  const max = Math.max(1, ...bars.map((b) => b.votes));
  const plot = width - label - right;
  const summary = `${t("results.page.chart", { title })}: ${bars.map((b) => `${b.label} ${format.number(b.votes)}`).join(", ")}`;
  return (
    <svg
      className="vote-chart"
      role="img"
      aria-label={summary}
      viewBox={`0 0 ${width} ${height}`}
      width={width}
      height={height}
      xmlns="http://www.w3.org/2000/svg"
    >
      <title>{summary}</title>
      {bars.map((b, i) => {
        const y = top + i * row;
        const w = (b.votes / max) * plot;
        return (
          <g key={b.id} className={`vote-chart__row${b.highlight ? " vote-chart__row--win" : ""}${b.tied ? " vote-chart__row--tied" : ""}`}>
            <text x={label - 8} y={r(y + row / 2)} textAnchor="end" dominantBaseline="middle" className="vote-chart__label">
              {short(b.label)}
            </text>
            <rect x={label} y={r(y + 4)} width={r(Math.max(w, b.votes > 0 ? 2 : 0))} height={row - 8} rx={3} className="vote-chart__bar" />
            <text x={r(label + w + 6)} y={r(y + row / 2)} dominantBaseline="middle" className="vote-chart__value">
              {format.number(b.votes)}
            </text>
          </g>
        );
      })}
      <line x1={label} y1={top} x2={label} y2={height - top} className="vote-chart__axis" />
    </svg>
  );
}
