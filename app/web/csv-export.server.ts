import { stringify } from "csv-stringify/sync";
import type { PasswordLinkRow } from "~/domain/people/password-links.server";
import type { ResultsPage } from "~/domain/results/results.server";
import { formatDate, nameIn, type Locale, type T } from "~/i18n";

// CSV downloads that open correctly in Excel (the tool HR opens them with):
// UTF-8 with a byte-order mark, or Excel reads Chinese as the ANSI code page;
// CRLF line ends; quoting left to csv-stringify. Text that Excel or LibreOffice
// would take for a formula (=, +, -, @, and the tab and CR that some of them
// skip before one) is neutralised with a leading apostrophe: a nominee's name
// or team name is typed by a manager and must never run as a formula.

const formulaStart = /^[=+\-@\t\r]/;

/** A text cell as a spreadsheet must show it: a leading formula character is preceded by `'`. */
export function neutraliseCell(value: string): string {
  return formulaStart.test(value) ? `'${value}` : value;
}

export type Cell = string | number | null;

/** Rows (the first being the header) as a CSV document: BOM, CRLF, every text cell neutralised. */
export function csvDocument(rows: ReadonlyArray<ReadonlyArray<Cell>>): string {
  const safe = rows.map((row) => row.map((cell) => (typeof cell === "string" ? neutraliseCell(cell) : cell === null ? "" : String(cell))));
  return stringify(safe, { bom: true, record_delimiter: "windows" });
}

/**
 * One flat table of a campaign's results: a row per nomination on the
 * ballot, titles in the campaign's order, nominations by place. Headers and
 * words in the reader's language; both title names, so either reader can
 * match them. Counts only: no voter, no receipt.
 */
export function resultsCsv(page: ResultsPage, t: T, locale: Locale): string {
  const sep = t("receipts.csv.separator");
  const header = [
    t("receipts.csv.titleZh"),
    t("receipts.csv.titleEn"),
    t("receipts.csv.place"),
    t("receipts.csv.nominees"),
    t("receipts.csv.team"),
    t("receipts.csv.units"),
    t("receipts.csv.votes"),
    t("receipts.csv.tie"),
    t("receipts.csv.standing"),
  ];
  const rows = page.titles.flatMap((title) =>
    title.nominations.map((n): Cell[] => [
      title.nameZh,
      title.nameEn,
      n.rank,
      n.nominees.map((p) => p.name).join(sep),
      n.teamName ?? "",
      [...new Set(n.nominees.map((p) => nameIn(locale, { nameZh: p.unitZh, nameEn: p.unitEn })))].join(sep),
      n.votes,
      n.tied ? t("common.yes") : t("common.no"),
      n.winner ? t(`receipts.standing.${n.winner}`) : "—",
    ]),
  );
  return csvDocument([header, ...rows]);
}

/**
 * An administrator's one-time password links for a unit, one row per person:
 * employee number, name, unit, the link and when it expires. A name is typed
 * by HR and neutralised like any other text cell.
 */
export function passwordLinksCsv(rows: readonly PasswordLinkRow[], origin: string, expiresAt: Date, t: T, locale: Locale): string {
  const header = [
    t("admin.links.csv.employeeNo"),
    t("admin.links.csv.name"),
    t("admin.links.csv.unit"),
    t("admin.links.csv.link"),
    t("admin.links.csv.expires"),
  ];
  const expires = formatDate(locale, expiresAt, "datetime");
  return csvDocument([
    header,
    ...rows.map((r): Cell[] => [
      r.employeeNo,
      r.name,
      nameIn(locale, { nameZh: r.unitZh, nameEn: r.unitEn }),
      `${origin}/password/${r.token}`,
      expires,
    ]),
  ]);
}

/** A file name for Content-Disposition: the ASCII slug, anything else replaced. */
export function downloadName(slug: string, suffix: string): string {
  const safe = slug.replace(/[^A-Za-z0-9._-]+/g, "-").replace(/^[-.]+|-+$/g, "") || "campaign";
  return `${safe}-${suffix}`;
}
