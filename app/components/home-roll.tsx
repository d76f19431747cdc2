import { Initials } from "~/components/initials";
import { Picture } from "~/components/picture";
import type { LatestHonorRoll as LatestHonorRollData } from "~/domain/publishing/honours.server";
import { formatList, nameIn } from "~/i18n";
import { langOf } from "~/i18n/lang";
import { ListOf, useFormat, useLocale, useT } from "~/i18n/react";

/** The home page's roll as it arrives in the browser (a date may be its string). */
type Roll = Omit<LatestHonorRollData, "publishedAt"> & { publishedAt: Date | string };

/**
 * The latest honour roll, first on the page: the winners' faces and names
 * with their titles, two to a row on a phone. The roll itself is a static
 * document outside the client router, so its link is a plain one.
 */
export function LatestHonorRoll({ roll }: { roll: Roll }) {
  const t = useT();
  const locale = useLocale();
  const format = useFormat();
  return (
    <section className="home-roll" aria-labelledby="home-roll-title">
      <p className="home-roll__label">
        <span aria-hidden="true">★ </span>
        {t("publish.home.label")}
      </p>
      <h2 id="home-roll-title">{nameIn(locale, roll)}</h2>
      <p className="home-roll__period">{t("publish.home.period", { start: format.date(roll.periodStart), end: format.date(roll.periodEnd) })}</p>
      <ul className="home-roll__winners" aria-label={t("publish.home.winners")}>
        {roll.winners.map((w) => {
          const names = formatList(locale, w.names);
          const who = w.kind === "team" && w.teamName ? w.teamName : names;
          return (
            <li key={w.nominationId} className="home-roll__winner">
              {w.photo ? (
                <Picture picture={w.photo} alt="" sizes="5rem" className="home-roll__photo" />
              ) : (
                <Initials name={who} kind={w.kind === "team" && w.teamName ? "team" : "person"} className="home-roll__photo home-roll__initial" />
              )}
              <span className="home-roll__name" lang={langOf(who)}>
                {who}
              </span>
              {w.kind === "team" ? (
                <span className="home-roll__members">
                  <ListOf items={w.names} />
                </span>
              ) : null}
              <span className="home-roll__title">{locale === "en" ? w.titleEn : w.titleZh}</span>
            </li>
          );
        })}
      </ul>
      <p className="home-roll__more">
        <a className="button primary" href={`/honor-roll/${roll.slug}`}>
          {t("publish.home.view")}
        </a>
      </p>
    </section>
  );
}
