import type { CapCheck } from "~/domain/campaigns/caps";
import { sharePercent } from "~/domain/campaigns/caps";
import { formatList, formatNumber } from "~/i18n";
import { useLocale, useT } from "~/i18n/react";

/**
 * The caps on who is honoured, checked (decision 0052): one sentence per cap,
 * a broken one marked in words ("Warning:") as well as by its look, the
 * unknown posts named, team awards said to be counted apart.
 */
export function CapCheckList({ check }: { check: CapCheck }) {
  const t = useT();
  const locale = useLocale();
  const pct = (part: number) => formatNumber(locale, sharePercent(part, check.individuals));
  const { managementCapPercent: cap, frontlineMinPercent: min } = check.caps;
  const total = formatNumber(locale, check.individuals);
  const items: Array<{ key: string; broken: boolean; text: string }> = [];
  if (check.individuals === 0) items.push({ key: "none", broken: false, text: t("campaigns.caps.check.none") });
  else {
    if (cap === null && min === null) items.push({ key: "noCaps", broken: false, text: t("campaigns.caps.check.noCaps") });
    if (cap !== null) {
      const vars = { management: formatNumber(locale, check.management), total, percent: pct(check.management), cap: formatNumber(locale, cap) };
      items.push({
        key: "management",
        broken: check.managementOver,
        text: check.managementOver ? t("campaigns.caps.check.managementOver", vars) : t("campaigns.caps.check.managementOk", vars),
      });
    }
    if (min !== null) {
      const vars = { frontline: formatNumber(locale, check.frontline), total, percent: pct(check.frontline), min: formatNumber(locale, min) };
      items.push({
        key: "frontline",
        broken: check.frontlineUnder,
        text: check.frontlineUnder ? t("campaigns.caps.check.frontlineUnder", vars) : t("campaigns.caps.check.frontlineOk", vars),
      });
    }
    if (check.unknown.length) {
      items.push({
        key: "unknown",
        broken: false,
        text: t("campaigns.caps.check.unknown", { count: check.unknown.length, names: formatList(locale, check.unknown) }),
      });
    }
  }
  if (check.teams > 0) {
    items.push({
      key: "teams",
      broken: false,
      text: t("campaigns.caps.check.teams", { teams: formatNumber(locale, check.teams), members: formatNumber(locale, check.teamMembers) }),
    });
  }
  return (
    <ul className="cap-check">
      {items.map((i) => (
        <li key={i.key} className={i.broken ? "cap-check__broken" : undefined}>
          {i.broken ? <strong>{t("campaigns.caps.check.warning")} </strong> : null}
          {i.text}
        </li>
      ))}
    </ul>
  );
}
