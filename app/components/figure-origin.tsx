import { Lang, useFormat, useRichT, useT } from "~/i18n/react";

/** A figure's provenance as the pages get it; a figure without one (an older roll) was entered by hand. */
export interface FigureOriginData {
  origin?: "entered" | "imported" | null;
  sourceSystem?: string | null;
  /** ISO date-time, or a Date on the server. */
  importedAt?: string | Date | null;
}

export const isImported = (f: FigureOriginData) => f.origin === "imported" && Boolean(f.sourceSystem) && Boolean(f.importedAt);

/**
 * Where a figure came from, said in words with a badge and an icon (never
 * by colour alone): "Imported · From CRM, imported 1 Dec 2026", or
 * "Entered · Entered by the nominator". `short` keeps the badge and says
 * the rest to screen readers only, for the ballot's and the roll's compact
 * lines. Decision 0051.
 */
export function FigureOrigin({ figure, short = false, className = "" }: { figure: FigureOriginData; short?: boolean; className?: string }) {
  const t = useT();
  const rich = useRichT();
  const format = useFormat();
  const imported = isImported(figure);
  const detail = imported
    ? rich("evidence.origin.imported", { source: <Lang>{figure.sourceSystem}</Lang>, date: format.date(figure.importedAt!) })
    : t("evidence.origin.entered");
  return (
    <span className={`figure-origin figure-origin--${imported ? "imported" : "entered"} ${className}`.trim()}>
      <span className="figure-origin__badge">
        <span aria-hidden="true">{imported ? "⇣" : "✎"}</span> {t(imported ? "evidence.origin.imported.badge" : "evidence.origin.entered.badge")}
      </span>
      <span className={short ? "visually-hidden" : "figure-origin__detail"}>
        {short ? ": " : " "}
        {detail}
      </span>
    </span>
  );
}
