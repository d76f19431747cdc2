import type { HonorRoll } from "~/domain/publishing/read-roll.server";
import { winnersOf } from "~/domain/publishing/snapshot";
import { nameIn } from "~/i18n";
import { ListOf, useLocale, useT } from "~/i18n/react";
import { HeadlineMetric } from "./headline-metric";
import { RollPeriod, TitleBadge } from "./honor-roll-view";
import { langOf } from "./lang";
import { WinnerPhoto, winnerName } from "./winner-card";

/** The slides of a roll's screen mode: a cover, then each winner in page order. */
export const slideCount = (roll: Pick<HonorRoll, "snapshot">) => 1 + winnersOf(roll.snapshot).length;

export interface SlideLinks {
  /** The next slide's address (what the page advances to). */
  next: string;
  /** This slide held still, or moving again. */
  toggle: string;
  /** Back to the honour roll page. */
  exit: string;
}

/**
 * One slide for the office screen, read from five metres: huge type, one
 * winner (or the cover) at a time. The page advances by itself (the route
 * sends a Refresh header); the person at the screen can hold it still.
 */
export function ScreenSlide({ roll, slide, paused, links }: { roll: HonorRoll; slide: number; paused: boolean; links: SlideLinks }) {
  const t = useT();
  const locale = useLocale();
  const s = roll.snapshot;
  const all = winnersOf(s);
  const current = slide === 0 ? null : all[slide - 1];
  return (
    <div className="screen">
      {current ? (
        <article className="screen-winner" aria-labelledby="screen-name">
          <div className="screen-winner__photo">
            <WinnerPhoto winner={current.winner} sizes="50vw" loading="eager" />
          </div>
          <div className="screen-winner__body">
            <p className="screen-winner__title">
              <TitleBadge title={current.title} size="6vh" />
              <span>{nameIn(locale, current.title)}</span>
            </p>
            <h1 className="screen-winner__name" id="screen-name" lang={langOf(winnerName(current.winner))}>
              {winnerName(current.winner, locale)}
            </h1>
            {current.winner.kind === "team" ? (
              <p className="screen-winner__members">
                <ListOf items={current.winner.nominees.map((p) => p.name)} />
              </p>
            ) : null}
            <p className="screen-winner__unit">
              {[...new Set(current.winner.nominees.map((p) => (locale === "en" ? (p.unitEn ?? p.unitZh) : p.unitZh)))].join(" · ")}
            </p>
            <blockquote className="screen-winner__citation" lang={langOf(current.winner.citation)}>
              <p>{current.winner.citation}</p>
            </blockquote>
            {current.winner.metrics.length ? (
              <ul className="winner__metrics screen-winner__metrics" aria-label={t("honorRoll.metrics")}>
                {current.winner.metrics.slice(0, 2).map((m) => (
                  <HeadlineMetric key={m.id} metric={m} />
                ))}
              </ul>
            ) : null}
          </div>
        </article>
      ) : (
        <section className="screen-cover" aria-labelledby="screen-title">
          <p className="screen-cover__kicker">{t("honorRoll.kicker")}</p>
          <h1 className="screen-cover__title" id="screen-title">
            {nameIn(locale, s.campaign)}
          </h1>
          <p className="screen-cover__period">
            <RollPeriod snapshot={s} />
          </p>
          <ul className="screen-cover__titles">
            {s.titles
              .filter((x) => x.winners.length)
              .map((x) => (
                <li key={x.slug}>
                  {nameIn(locale, x)} · {t("honorRoll.titleWinners", { count: x.winners.length })}
                </li>
              ))}
          </ul>
        </section>
      )}
      <footer className="screen-footer">
        <span className="screen-footer__brand">
          ★ {t("app.name")} · {nameIn(locale, s.campaign)}
        </span>
        <span className="screen-footer__count">{t("honorRoll.screenCount", { n: slide + 1, count: all.length + 1 })}</span>
        <nav className="screen-footer__controls" aria-label={t("honorRoll.screenControls")}>
          <a href={links.toggle}>{paused ? t("honorRoll.screenResume") : t("honorRoll.screenPause")}</a>
          {paused ? <a href={links.next}>{t("honorRoll.screenNext")}</a> : null}
          <a href={links.exit}>{t("honorRoll.screenExit")}</a>
        </nav>
      </footer>
    </div>
  );
}
