import { CorrectionNote } from "~/components/correction-note";
import { Picture } from "~/components/picture";
import { nameIn } from "~/i18n";
import { langOf } from "~/i18n/lang";
import { Lang, ListOf, useFormat, useLocale, useRichT, useT } from "~/i18n/react";
import { ThumbIcon } from "./thumb-icon";
import { congratulationsAnchor, plural, type HonourView } from "./types";

/**
 * Every honour, newest first, grouped by year: the title with its badge, the
 * campaign, the citation as published, and the way to its honour roll. The
 * roll is a static document outside the client router, so the link is a
 * plain <a> (a full page load), never a <Link>.
 */
export function HonoursTimeline({ honours }: { honours: HonourView[] }) {
  const t = useT();
  const years = [...new Set(honours.map((h) => h.year))];
  return (
    <section className="profile-section" aria-labelledby="timeline-title">
      <h2 id="timeline-title">{t("profile.timeline.title")}</h2>
      <ol className="timeline-years">
        {years.map((year) => (
          <li key={year} className="timeline-year">
            <h3 className="timeline-year__label">{t("profile.timeline.year", { year: String(year) })}</h3>
            <ol className="honours">
              {honours
                .filter((h) => h.year === year)
                .map((h) => (
                  <li key={h.nominationId}>
                    <HonourCard honour={h} />
                  </li>
                ))}
            </ol>
          </li>
        ))}
      </ol>
    </section>
  );
}

function HonourCard({ honour: h }: { honour: HonourView }) {
  const t = useT();
  const rich = useRichT();
  const format = useFormat();
  const locale = useLocale();
  const name = (x: { nameZh: string; nameEn: string }) => nameIn(locale, x);
  const count = h.congratulations.count;
  return (
    <article className="honour" id={`honour-${h.nominationId}`} aria-labelledby={`honour-${h.nominationId}-title`}>
      <div className="honour__badge">
        {h.title.badge ? (
          // The title's name is right beside it: the badge is its picture, not more words.
          <Picture picture={h.title.badge} alt="" sizes="4rem" />
        ) : (
          <span className="honour__star" aria-hidden="true">
            ★
          </span>
        )}
      </div>
      <div className="honour__body">
        <h4 className="honour__title" id={`honour-${h.nominationId}-title`} lang={langOf(name(h.title))}>
          {name(h.title)}
        </h4>
        <p className="honour__campaign">
          <Lang>{name(h.campaign)}</Lang>
        </p>
        {h.team ? (
          <p className="honour__team">{rich("profile.timeline.team", { team: h.team.name, members: <ListOf items={h.team.others} /> })}</p>
        ) : null}
        <blockquote className="honour__citation" lang={langOf(h.citation)}>
          <p>{h.citation}</p>
        </blockquote>
        <CorrectionNote what="citation" correction={h.citationCorrected} />
        <CorrectionNote what="stories" correction={h.storiesCorrected} />
        <p className="honour__meta hint">
          {t("profile.timeline.published", { date: format.date(h.publishedAt) })}
          {h.version > 1 ? ` · ${t("profile.timeline.corrected", { version: h.version })}` : ""}
        </p>
        <ul className="honour__links">
          <li>
            <a href={`/honor-roll/${h.rollSlug}`}>
              {t("profile.timeline.roll")}
              <span className="visually-hidden">: {name(h.campaign)}</span>
            </a>
          </li>
          <li>
            <a href={`#${congratulationsAnchor(h.nominationId)}`}>
              <ThumbIcon />{" "}
              {count === 0
                ? t("profile.congrats.count.zero")
                : t(plural(count, "profile.congrats.count.one", "profile.congrats.count.other"), { count })}
              <span className="visually-hidden">: {name(h.title)}</span>
            </a>
          </li>
        </ul>
      </div>
    </article>
  );
}
