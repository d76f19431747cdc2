import type { ReactElement, ReactNode } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import type { HonorRoll } from "~/domain/publishing/read-roll.server";
import { type Locale } from "~/i18n";
import { allMessages, makeT } from "~/i18n/all.server";
import { titled } from "~/i18n/meta";
import { LocaleProvider } from "~/i18n/react";

// The page shell of a published document (an honour roll and its layouts),
// rendered once per version and language to static HTML outside Remix's
// router (app/web/document-cache.server.ts): plain links and forms, no
// script, nothing about the person reading it, so the same bytes serve
// everyone who reads that language.

/** A roll's document as rendered: its HTML, with the headers it needs (the screen's Refresh), if any. */
export type RenderedRoll = string | { content: string; headers: Record<string, string> };

/**
 * One layout of a published roll — its page, its print poster, a screen
 * slide — as the web layer serves it (app/web/published.server.ts): which
 * layout (a cache key's part), its stylesheets (its error page's too), and
 * how a version of the roll renders in a language.
 */
export interface RollLayout {
  /** Names this layout in the cache key ("page", "print:a4:title", "screen:3"). */
  kind: string;
  stylesheets: string[];
  render: (roll: HonorRoll, locale: Locale) => Promise<RenderedRoll> | RenderedRoll;
}

export interface DocumentMeta {
  locale: Locale;
  title: string;
  description?: string;
  /** Stylesheet URLs (the Remix build's fingerprinted CSS). */
  stylesheets: string[];
  /** Absolute-path URL of the share image (og:image). */
  image?: string;
  /** This document's own path, for the language switch to come back to. */
  here: string;
  /** Extra <head> elements (alternate links, a feed). */
  head?: ReactNode;
  /** The class of <body>: print and screen layouts style the page as a whole. */
  bodyClass?: string;
  /** Print and screen layouts have no site header. */
  bare?: boolean;
}

/** The header of a published document: the site's brand, navigation, language and sign-out, as plain HTML. */
export function StaticHeader({ locale, here }: { locale: Locale; here: string }) {
  const t = makeT(locale);
  const other: Locale = locale === "zh-CN" ? "en" : "zh-CN";
  return (
    <header className="site-header">
      <a className="skip-link" href="#main">
        {t("nav.skip")}
      </a>
      <div className="site-header__bar">
        <a href="/" className="brand">
          <span className="brand__star" aria-hidden="true">
            ★
          </span>
          <span>{t("app.name")}</span>
        </a>
        <div className="site-header__tools">
          <form method="post" action="/locale" className="language-switcher" aria-label={t("nav.language.form")}>
            <input type="hidden" name="redirectTo" value={here} />
            <input type="hidden" name="locale" value={other} />
            <button type="submit" lang={other} aria-label={t("nav.language.switch")}>
              {other === "en" ? "English" : "中文"}
            </button>
          </form>
          <div className="site-nav__account">
            <form method="post" action="/logout">
              <button type="submit" className="link-button">
                {t("nav.signOut")}
              </button>
            </form>
          </div>
        </div>
      </div>
      <nav className="site-nav" aria-label={t("nav.label")}>
        <ul>
          <li>
            <a href="/">{t("nav.home")}</a>
          </li>
          <li>
            <a href="/people">{t("nav.people")}</a>
          </li>
          <li>
            <a href="/campaigns">{t("nav.campaigns")}</a>
          </li>
          <li>
            <a href="/honor-roll" aria-current={here.startsWith("/honor-roll") ? "page" : undefined}>
              {t("nav.honorRolls")}
            </a>
          </li>
        </ul>
      </nav>
    </header>
  );
}

/** A whole published document: <html> to </html>. */
export function PublishedDocument({ meta, children }: { meta: DocumentMeta; children: ReactNode }) {
  return (
    <LocaleProvider value={meta.locale} messages={allMessages}>
      <html lang={meta.locale} dir="ltr">
        <head>
          <meta charSet="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <meta name="color-scheme" content="light" />
          <title>{meta.title}</title>
          {meta.description ? <meta name="description" content={meta.description} /> : null}
          <meta property="og:title" content={meta.title} />
          {meta.description ? <meta property="og:description" content={meta.description} /> : null}
          {meta.image ? <meta property="og:image" content={meta.image} /> : null}
          {meta.image ? <meta name="twitter:card" content="summary_large_image" /> : null}
          <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
          {meta.stylesheets.map((href) => (
            <link key={href} rel="stylesheet" href={href} />
          ))}
          {meta.head}
        </head>
        <body className={meta.bodyClass}>
          {meta.bare ? null : <StaticHeader locale={meta.locale} here={meta.here} />}
          <main id="main" tabIndex={-1}>
            {children}
          </main>
        </body>
      </html>
    </LocaleProvider>
  );
}

/** A whole HTML document from a published document's shell and content. */
export function renderDocument(meta: DocumentMeta, content: ReactElement): string {
  return `<!DOCTYPE html>${renderToStaticMarkup(<PublishedDocument meta={meta}>{content}</PublishedDocument>)}`;
}

/** The page for a roll or version that does not exist (or is not published). */
export function notFoundDocument(locale: Locale, stylesheets: string[], here: string): string {
  const t = makeT(locale);
  return renderDocument(
    { locale, title: titled(t, t("honorRoll.notFound")), stylesheets, here },
    <div className="page narrow error-page">
      <h1>{t("honorRoll.notFound")}</h1>
      <p>
        <a href="/honor-roll">{t("honorRoll.allRolls")}</a>
      </p>
    </div>,
  );
}
