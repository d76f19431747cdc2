import type { FeedRoll } from "~/domain/publishing/feed.server";
import { feedPath, rollSharePath } from "~/domain/publishing/signed-paths";
import { formatList, nameIn, type Locale } from "~/i18n";
import { makeT } from "~/i18n/all.server";
import { winnerName } from "./share-image";

// The Atom feed of published honour rolls (RFC 4287), written as text: a
// handful of elements, so a tiny escaper rather than an XML library. Pure;
// app/domain/publishing/feed.server.ts gathers what goes in.

export interface FeedEntry {
  id: string;
  title: string;
  updated: Date;
  /** The roll's page. */
  link: string;
  /** The share image (a signed link: the portal's server has no session). */
  image: { href: string; title: string };
  summary: string;
}

export interface Feed {
  id: string;
  lang: string;
  title: string;
  subtitle: string;
  /** The newest entry's time; the epoch for an empty feed (a fixed value, so its ETag holds). */
  updated: Date;
  self: string;
  alternate: string;
  author: string;
  entries: FeedEntry[];
}

// Characters XML 1.0 does not allow at all (a control character pasted into
// a citation would make the whole feed unreadable): dropped.
// eslint-disable-next-line no-control-regex -- finding the characters XML forbids is the point
const notXml = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** Text for an XML element or a quoted attribute. */
export function escapeXml(text: string): string {
  return text.replace(notXml, "").replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&apos;");
}

const date = (d: Date) => d.toISOString();

export function atomFeed(feed: Feed): string {
  const x = escapeXml;
  const entries = feed.entries.map((e) =>
    [
      `  <entry>`,
      `    <id>${x(e.id)}</id>`,
      `    <title type="text">${x(e.title)}</title>`,
      `    <updated>${date(e.updated)}</updated>`,
      `    <link rel="alternate" type="text/html" href="${x(e.link)}"/>`,
      `    <link rel="enclosure" type="image/png" title="${x(e.image.title)}" href="${x(e.image.href)}"/>`,
      `    <summary type="text">${x(e.summary)}</summary>`,
      `  </entry>`,
    ].join("\n"),
  );
  return [
    `<?xml version="1.0" encoding="utf-8"?>`,
    `<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${x(feed.lang)}">`,
    `  <id>${x(feed.id)}</id>`,
    `  <title type="text">${x(feed.title)}</title>`,
    `  <subtitle type="text">${x(feed.subtitle)}</subtitle>`,
    `  <updated>${date(feed.updated)}</updated>`,
    `  <link rel="self" type="application/atom+xml" href="${x(feed.self)}"/>`,
    `  <link rel="alternate" type="text/html" href="${x(feed.alternate)}"/>`,
    `  <author><name>${x(feed.author)}</name></author>`,
    `  <generator>Service Stars</generator>`,
    ...entries,
    `</feed>`,
    ``,
  ].join("\n");
}

export interface FeedRequest {
  locale: Locale;
  /** scheme://host of the request: an Atom feed's links are absolute. */
  origin: string;
}

/** The feed of these rolls in one language: an entry per roll naming its winners by title, with its share image. */
export function writeFeed(updated: Date, rolls: readonly FeedRoll[], { locale, origin }: FeedRequest): string {
  const t = makeT(locale);
  const entries = rolls.map(({ roll, snapshot, imageKey }): FeedEntry => {
    const campaign = nameIn(locale, roll);
    const page = `${origin}/honor-roll/${roll.slug}`;
    const image = rollSharePath(roll.slug);
    const lines = (snapshot?.titles ?? [])
      .filter((title) => title.winners.length > 0)
      .map((title) =>
        t("sharing.feed.entry.line", {
          title: nameIn(locale, title),
          names: formatList(
            locale,
            title.winners.map((w) => winnerName(w, locale)),
          ),
        }),
      );
    return {
      id: `${page}?v=${roll.version}`,
      title:
        roll.version > 1 ? t("sharing.feed.entry.title.corrected", { campaign, version: roll.version }) : t("sharing.feed.entry.title", { campaign }),
      updated: roll.publishedAt,
      link: page,
      image: { href: `${origin}${image}?v=${roll.version}&lang=${locale}&key=${imageKey}`, title: t("sharing.feed.entry.image") },
      summary: lines.join(locale === "en" ? "; " : "；"),
    };
  });
  return atomFeed({
    id: `${origin}${feedPath}`,
    lang: locale,
    title: t("sharing.feed.title"),
    subtitle: t("sharing.feed.subtitle"),
    updated,
    self: `${origin}${feedPath}?lang=${locale}`,
    alternate: `${origin}/honor-roll`,
    author: t("sharing.brand"),
    entries,
  });
}
