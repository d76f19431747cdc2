import type { HonorRoll } from "~/domain/publishing/read-roll.server";
import { rollScreenPath } from "~/domain/publishing/signed-paths";
import { winnersOf } from "~/domain/publishing/snapshot";
import { nameIn } from "~/i18n";
import { makeT } from "~/i18n/all.server";
import { titled } from "~/i18n/meta";
import { ListOf, useLocale, useT } from "~/i18n/react";
import appStyles from "~/styles/app.css";
import rollStyles from "~/styles/honor-roll.css";
import screenStyles from "~/styles/honor-roll-screen.css";
import webFont from "~/styles/web-font.css";
import { renderDocument, type RollLayout } from "./document";
import { HeadlineMetric } from "./headline-metric";
import { langOf } from "./lang";
import { RollPeriod, TitleBadge } from "./roll-page";
import { WinnerPhoto, winnerName } from "./winner-card";

// The honour roll on the TVs in the call-centre hall
// (/honor-roll/:slug/screen?slide=N), one winner at a time, advancing every
// few seconds by an HTTP Refresh header — the header form of <meta
// http-equiv="refresh">, so it needs no JavaScript, and a fresh page per
// slide picks up a correction without anyone touching the TV. &pause=1 holds
// a slide (WCAG 2.2.2). A TV without an account opens it with a signed link
// (?key=, decision 0015); the slides' links carry the key on.

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
 * winner (or the cover) at a time. The page advances by itself (screenLayout
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

const stylesheets = [appStyles, webFont, rollStyles, screenStyles];
/** Seconds per slide: long enough to read a citation from across the hall. */
export const secondsPerSlide = 12;

export interface ScreenOptions {
  /** The slide asked for (the cover when past the last). */
  slide: number;
  paused: boolean;
  /** The signed link's key the TV opened it with, carried on to the next slide; null for a signed-in reader. */
  key: string | null;
}

/** One slide of the screen as a document, with the Refresh header that moves on to the next while it is not paused. */
export function screenLayout({ slide: asked, paused, key }: ScreenOptions): RollLayout {
  return {
    kind: `screen:${asked}:${paused ? "paused" : "playing"}:${key ?? ""}`,
    stylesheets,
    render: (roll, locale) => {
      const t = makeT(locale);
      const count = slideCount(roll);
      const slide = asked < count ? asked : 0;
      const base = `${rollScreenPath(roll.slug)}?${key ? `key=${encodeURIComponent(key)}&` : ""}${roll.version === roll.latestVersion ? "" : `v=${roll.version}&`}`;
      const at = (n: number, pause: boolean) => `${base}slide=${n}${pause ? "&pause=1" : ""}`;
      const next = at((slide + 1) % count, paused);
      const content = renderDocument(
        {
          locale,
          title: titled(t, t("honorRoll.screen.meta", { campaign: nameIn(locale, roll.snapshot.campaign) })),
          stylesheets,
          here: at(slide, paused),
          bare: true,
          bodyClass: "screen-page",
        },
        <ScreenSlide roll={roll} slide={slide} paused={paused} links={{ next, toggle: at(slide, !paused), exit: `/honor-roll/${roll.slug}` }} />,
      );
      const headers: Record<string, string> = paused ? {} : { Refresh: `${secondsPerSlide}; url=${next}` };
      return { content, headers };
    },
  };
}
