import type { InsightsPage, UnitRef } from "~/domain/insights/insights.server";
import type { InsightsTable } from "~/domain/insights/schema";
import { sharePercent } from "~/domain/campaigns/caps";
import { nameIn, type Locale, type T } from "~/i18n";
import { csvDocument, type Cell } from "./csv-export.server";

// The tables of /insights as CSV, with the page's filters: the same rows the
// page shows, headers in the reader's language, written by csvDocument (BOM,
// CRLF, a formula-looking cell neutralised: unit and person names are typed by
// HR). Unit codes beside names, so a spreadsheet can join them.

const num = (n: number | null): Cell => n;

export function insightsCsv(page: InsightsPage, table: InsightsTable, t: T, locale: Locale): string {
  const unitName = (u: UnitRef, own = false) => (own ? t("insights.ownStaff", { unit: nameIn(locale, u) }) : nameIn(locale, u));
  const campaignName = (c: { nameZh: string; nameEn: string }) => nameIn(locale, c);
  switch (table) {
    case "units":
      return csvDocument([
        [
          t("insights.col.campaign"),
          t("insights.col.unit"),
          "code",
          t("insights.col.headcount"),
          t("insights.col.nominated"),
          t("insights.col.nominatedPer100"),
          t("insights.col.winners"),
          t("insights.col.winnersPer100"),
        ],
        ...page.units.map((r): Cell[] => [
          page.campaign ? campaignName(page.campaign) : "",
          unitName(r.unit, r.own),
          r.unit.code,
          r.headcount,
          r.nominated,
          num(r.nominatedPer100),
          num(r.winners),
          num(r.winnersPer100),
        ]),
      ]);
    case "turnout":
      return csvDocument([
        [t("insights.col.campaign"), t("insights.col.units"), t("insights.col.eligible"), t("insights.col.voted"), t("insights.col.rate")],
        ...(page.turnout?.rows ?? []).map((r): Cell[] => [
          page.campaign ? campaignName(page.campaign) : "",
          r.units.map((u) => nameIn(locale, u)).join(" / "),
          r.eligible,
          r.voted,
          num(r.rate),
        ]),
      ]);
    case "trend":
      return csvDocument([
        [
          t("insights.col.campaign"),
          t("insights.col.periodEnd"),
          t("insights.col.headcount"),
          t("insights.col.nominated"),
          t("insights.col.nominatedPer100"),
          t("insights.col.winners"),
          t("insights.col.winnersPer100"),
          t("insights.col.turnout"),
          t("insights.col.individuals"),
          t("insights.col.frontline"),
          t("insights.col.frontlineShare"),
          t("insights.col.frontlineMin"),
          t("insights.col.management"),
          t("insights.col.managementShare"),
          t("insights.col.managementCap"),
          t("insights.col.unknownPosts"),
        ],
        ...page.trend.map((r): Cell[] => {
          const c = r.caps;
          return [
            campaignName(r.campaign),
            r.campaign.periodEnd,
            r.headcount,
            r.nominated,
            num(r.nominatedPer100),
            num(r.winners),
            num(r.winnersPer100),
            r.turnout ? num(r.turnout.rate) : null,
            c ? c.individuals : null,
            c ? c.frontline : null,
            c ? sharePercent(c.frontline, c.individuals) : null,
            c ? c.caps.frontlineMinPercent : null,
            c ? c.management : null,
            c ? sharePercent(c.management, c.individuals) : null,
            c ? c.caps.managementCapPercent : null,
            c ? c.unknown.length : null,
          ];
        }),
      ]);
    case "recognition":
      return csvDocument([
        [
          t("insights.col.unit"),
          "code",
          t("insights.col.staff"),
          t("insights.col.everNominated"),
          t("insights.col.everNominatedShare"),
          t("insights.col.everWon"),
          t("insights.col.everWonShare"),
        ],
        ...page.recognition.rows.map((r): Cell[] => [
          unitName(r.unit, r.own),
          r.unit.code,
          r.staff,
          r.nominated,
          num(r.nominatedShare),
          r.won,
          num(r.wonShare),
        ]),
      ]);
    case "quiet-units":
      return csvDocument([
        [t("insights.col.unit"), "code", t("insights.col.staff"), t("insights.col.campaignsCovering")],
        ...page.quiet.map((r): Cell[] => [nameIn(locale, r.unit), r.unit.code, r.staff, r.campaigns]),
      ]);
    case "repeat-winners":
      return csvDocument([
        [t("insights.col.name"), t("insights.col.employeeNo"), t("insights.col.unit"), t("insights.col.wins"), t("insights.col.campaigns")],
        ...page.repeatWinners.map((r): Cell[] => [r.name, r.employeeNo, nameIn(locale, r.unit), r.wins, r.campaigns.map(campaignName).join(" / ")]),
      ]);
  }
}
