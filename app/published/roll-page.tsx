import { Picture } from "~/components/picture";
import type { HonorRoll } from "~/domain/publishing/read-roll.server";
import type { HonorRollSnapshot, SnapshotTitle } from "~/domain/publishing/snapshot";
import { formatList, nameIn } from "~/i18n";
import { makeT } from "~/i18n/all.server";
import { titled } from "~/i18n/meta";
import { useFormat, useLocale, useT } from "~/i18n/react";
import appStyles from "~/styles/app.css";
import rollStyles from "~/styles/honor-roll.css";
import { renderDocument, type RollLayout } from "./document";
import { WinnerCard } from "./winner-card";

// The honour roll's own page (/honor-roll/:slug, ?v=N for an earlier
// version): a whole static document, rendered once per version and language
// (docs/decisions/0014); app/web/roll-page.server.ts serves it.

/** Where a version of a roll lives: the newest at the plain URL, older ones with ?v=. */
export const rollHref = (slug: string, suffix = "", version?: number) =>
  `/honor-roll/${slug}${suffix}${version === undefined ? "" : `?v=${version}`}`;

export function TitleBadge({ title, size = "4rem" }: { title: Pick<SnapshotTitle, "badge">; size?: string }) {
  return title.badge ? (
    <Picture picture={title.badge} alt="" sizes={size} className="title-badge" />
  ) : (
    <span className="title-badge title-badge--star" aria-hidden="true">
      ★
    </span>
  );
}

export function RollPeriod({ snapshot }: { snapshot: HonorRollSnapshot }) {
  const t = useT();
  const format = useFormat();
  return <>{t("honorRoll.period", { from: format.date(snapshot.campaign.periodStart), to: format.date(snapshot.campaign.periodEnd) })}</>;
}

/** Version notices: a corrected roll says why; an old version points to the current one. */
function VersionNotice({ roll }: { roll: HonorRoll }) {
  const t = useT();
  const format = useFormat();
  const current = roll.version === roll.latestVersion;
  return (
    <>
      {!current ? (
        <p className="roll-notice roll-notice--old" role="note">
          {t("honorRoll.version.old", { version: roll.version, date: format.date(roll.publishedAt) })}{" "}
          <a href={rollHref(roll.slug)}>{t("honorRoll.version.latest")}</a>
        </p>
      ) : null}
      {roll.reason ? (
        <p className="roll-notice" role="note">
          {t("honorRoll.version.corrected", { version: roll.version, date: format.date(roll.publishedAt), reason: roll.reason })}
        </p>
      ) : null}
    </>
  );
}

/** The honour roll page's content: the winners grouped by title, as published. */
export function HonorRollView({ roll }: { roll: HonorRoll }) {
  const t = useT();
  const format = useFormat();
  const locale = useLocale();
  const s = roll.snapshot;
  const count = s.titles.reduce((n, x) => n + x.winners.length, 0);
  const version = roll.version === roll.latestVersion ? undefined : roll.version;
  return (
    <div className="roll">
      <header className="roll__hero">
        <div className="roll__hero-inner">
          <p className="roll__kicker">{t("honorRoll.kicker")}</p>
          <h1 className="roll__title">{nameIn(locale, s.campaign)}</h1>
          <p className="roll__facts">
            <span>
              <RollPeriod snapshot={s} />
            </span>
            <span>{t("honorRoll.scope", { unit: nameIn(locale, s.campaign.unit) })}</span>
            <span>{t("honorRoll.winnersCount", { count })}</span>
            <span>{t("honorRoll.published", { date: format.date(roll.publishedAt) })}</span>
          </p>
          <nav className="roll__actions" aria-label={t("honorRoll.actions")}>
            <a className="button button--light" href={rollHref(roll.slug, "/print", version)}>
              {t("honorRoll.print")}
            </a>
            <a className="button button--light" href={rollHref(roll.slug, "/screen", version)}>
              {t("honorRoll.screen")}
            </a>
            <a className="button button--light" href={rollHref(roll.slug, "/share.png", version)} download>
              {t("honorRoll.share")}
            </a>
          </nav>
        </div>
      </header>
      <div className="roll__body">
        <VersionNotice roll={roll} />
        {s.titles.map((title) => (
          <section key={title.slug} className="roll-title" aria-labelledby={`title-${title.slug}`}>
            <h2 className="roll-title__heading" id={`title-${title.slug}`}>
              <TitleBadge title={title} />
              <span className="roll-title__name">{nameIn(locale, title)}</span>
              <span className="roll-title__count">{t("honorRoll.titleWinners", { count: title.winners.length })}</span>
            </h2>
            {title.winners.length ? (
              <ul className="roll-grid">
                {title.winners.map((w) => (
                  <li key={w.nominationId}>
                    <WinnerCard winner={w} shareHref={rollHref(roll.slug, `/winners/${w.nominationId}/share.png`, version)} />
                  </li>
                ))}
              </ul>
            ) : (
              <p className="hint">{t("honorRoll.noWinners")}</p>
            )}
          </section>
        ))}
        <footer className="roll__footer">
          {roll.versions.length > 1 ? (
            <section aria-labelledby="versions-title" className="roll-versions">
              <h2 id="versions-title">{t("honorRoll.versions")}</h2>
              <ol reversed>
                {roll.versions.map((v) => (
                  <li key={v.version}>
                    <a
                      href={rollHref(roll.slug, "", v.version === roll.latestVersion ? undefined : v.version)}
                      aria-current={v.version === roll.version ? "page" : undefined}
                    >
                      {t("honorRoll.versionItem", { version: v.version, date: format.date(v.publishedAt) })}
                    </a>
                    {" — "}
                    {v.reason ?? t("honorRoll.versionFirst")}
                    {v.version === roll.latestVersion ? ` (${t("honorRoll.current")})` : null}
                  </li>
                ))}
              </ol>
            </section>
          ) : null}
          <p>
            <a href="/honor-roll">{t("honorRoll.allRolls")}</a>
          </p>
        </footer>
      </div>
    </div>
  );
}

const stylesheets = [appStyles, rollStyles];

/** The roll page as a document, with what a link to it shows (its description and share image). */
export const rollPage: RollLayout = {
  kind: "page",
  stylesheets,
  render: (roll, locale) => {
    const t = makeT(locale);
    const s = roll.snapshot;
    const campaign = nameIn(locale, s.campaign);
    const count = s.titles.reduce((n, x) => n + x.winners.length, 0);
    const version = roll.version === roll.latestVersion ? undefined : roll.version;
    return renderDocument(
      {
        locale,
        title: titled(t, t("honorRoll.meta", { campaign })),
        description: t("honorRoll.description", {
          campaign,
          count,
          titles: formatList(
            locale,
            s.titles.map((x) => nameIn(locale, x)),
          ),
        }),
        image: rollHref(roll.slug, "/share.png", version),
        stylesheets,
        here: rollHref(roll.slug, "", version),
      },
      <HonorRollView roll={roll} />,
    );
  },
};
