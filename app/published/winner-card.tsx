import { Fragment } from "react";
import { Initials } from "~/components/initials";
import { Picture } from "~/components/picture";
import { fredPrincipleLabel } from "~/domain/nominations/story";
import type { SnapshotWinner } from "~/domain/publishing/snapshot";
import { formatList, formatListToParts, type Locale } from "~/i18n";
import { Lang, useLocale, useT } from "~/i18n/react";
import { HeadlineMetric } from "./headline-metric";
import { langOf } from "./lang";

/** The names a winner is shown by: the team's name, or the people's, joined as the page's language joins names. */
export function winnerName(w: Pick<SnapshotWinner, "kind" | "teamName" | "nominees">, locale: Locale = "zh-CN"): string {
  return w.kind === "team" && w.teamName
    ? w.teamName
    : formatList(
        locale,
        w.nominees.map((p) => p.name),
      );
}

export function WinnerPhoto({ winner, sizes, loading = "lazy" }: { winner: SnapshotWinner; sizes: string; loading?: "lazy" | "eager" }) {
  const t = useT();
  const locale = useLocale();
  const name = winnerName(winner, locale);
  return winner.photo ? (
    <Picture
      picture={winner.photo}
      alt={winner.photo.caption || t("honorRoll.photoOf", { name })}
      sizes={sizes}
      loading={loading}
      className="winner__img"
    />
  ) : (
    <Initials
      name={name}
      kind={winner.kind === "team" && winner.teamName ? "team" : "person"}
      label={t("honorRoll.photoOf", { name })}
      className="winner__initials"
    />
  );
}

/**
 * One winner on the honour roll: a large photo, the name(s) linked to their
 * profile pages, unit, citation, headline metrics and the Fred principles
 * their stories show.
 */
export function WinnerCard({ winner, shareHref, headingLevel = 3 }: { winner: SnapshotWinner; shareHref?: string; headingLevel?: 3 | 4 }) {
  const t = useT();
  const locale = useLocale();
  const H = `h${headingLevel}` as const;
  const unitOf = (p: SnapshotWinner["nominees"][number]) => (locale === "en" ? (p.unitEn ?? p.unitZh) : p.unitZh);
  const team = winner.kind === "team";
  return (
    <article className="winner" aria-labelledby={`winner-${winner.nominationId}`}>
      {/* A photo with no caption of its own: the card's heading names it (a <figure> needs a label of its own). */}
      <div className="winner__photo">
        <WinnerPhoto winner={winner} sizes="(min-width: 120rem) 30rem, (min-width: 48rem) 24rem, 100vw" />
      </div>
      <div className="winner__body">
        <H className="winner__name" id={`winner-${winner.nominationId}`}>
          {team ? (
            <>
              <span className="winner__team-label">{t("honorRoll.team")}</span> <Lang>{winner.teamName}</Lang>
            </>
          ) : (
            <a href={`/people/${encodeURIComponent(winner.nominees[0]!.employeeNo)}`} lang={langOf(winner.nominees[0]!.name)}>
              {winner.nominees[0]!.name}
            </a>
          )}
        </H>
        {team ? (
          <p className="winner__members">
            <span className="visually-hidden">{t("honorRoll.teamMembers")}: </span>
            <TeamMembers nominees={winner.nominees} />
          </p>
        ) : null}
        <p className="winner__unit">
          {[...new Set(winner.nominees.map(unitOf)), ...(!team && winner.nominees[0]?.jobTitle ? [winner.nominees[0].jobTitle] : [])].map((x, i) => (
            <Fragment key={i}>
              {i > 0 ? " · " : null}
              <Lang>{x}</Lang>
            </Fragment>
          ))}
        </p>
        <blockquote className="winner__citation" lang={langOf(winner.citation)}>
          <p>{winner.citation}</p>
        </blockquote>
        {winner.metrics.length ? (
          <ul className="winner__metrics" aria-label={t("honorRoll.metrics")}>
            {winner.metrics.map((m) => (
              <HeadlineMetric key={m.id} metric={m} originDetail />
            ))}
          </ul>
        ) : null}
        {winner.principles.length ? (
          <ul className="winner__principles" aria-label={t("honorRoll.principles")}>
            {winner.principles.map((p) => (
              <li key={p} className={`principle principle--${p}`}>
                {t(fredPrincipleLabel[p])}
              </li>
            ))}
          </ul>
        ) : null}
        {shareHref ? (
          <p className="winner__share">
            <a href={shareHref} download aria-label={t("honorRoll.shareWinnerLabel", { name: winnerName(winner, locale) })}>
              {t("honorRoll.shareWinner")}
            </a>
          </p>
        ) : null}
      </div>
    </article>
  );
}

/** A team's members, each linked to their profile, joined as the page's language joins names. */
function TeamMembers({ nominees }: { nominees: SnapshotWinner["nominees"] }) {
  const locale = useLocale();
  const parts = formatListToParts(
    locale,
    nominees.map((p) => p.name),
  );
  let n = 0;
  return (
    <>
      {parts.map((part, i) => {
        if (part.type !== "element") return <Fragment key={i}>{part.value}</Fragment>;
        const p = nominees[n++]!;
        return (
          <a key={i} href={`/people/${encodeURIComponent(p.employeeNo)}`} lang={langOf(p.name)}>
            {p.name}
          </a>
        );
      })}
    </>
  );
}
