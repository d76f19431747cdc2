import { sql } from "kysely";
import type { Db } from "../../../db/client";
import { formatList, type Locale, nameIn } from "~/i18n";
import { makeT } from "~/i18n/all.server";
import type { User } from "../auth/user";
import { int } from "../../../db/values";
import { atomFeed, feedPath, feedSize, type FeedEntry } from "./feed";
import { linkSigner, signedPathFor } from "./links.server";
import { listHonorRolls } from "./roll-list.server";
import { rollSharePath, winnerName } from "./share-image";
import type { HonorRollSnapshot } from "./snapshot";

// The Atom feed of published honour rolls for the intranet's home page. Its
// server fetches the feed without a session, so the feed is readable with a
// signed link (links.server.ts) as well as by anyone signed in. Only
// published rolls are in it: a campaign's winners appear here from the
// moment it is published, never before.

export interface FeedRequest {
  locale: Locale;
  /** scheme://host of the request: an Atom feed's links are absolute. */
  origin: string;
}

/** The feed to serve: the cache key that names everything its text depends on, and how to write it. */
export interface FeedJob {
  key: string;
  render(): Promise<string>;
}

/**
 * The feed of the newest published honour rolls (the newest version of
 * each). Finding the job reads the time of the last publication, so the
 * cached text is written again only when a roll or a correction is published.
 */
export async function honorRollFeed(db: Db, request: FeedRequest): Promise<FeedJob> {
  const [last, sign] = await Promise.all([
    db
      .selectFrom("honor_rolls")
      .select([sql<Date | string | null>`max(published_at)`.as("newest"), sql<string | number>`count(*)`.as("versions")])
      .executeTakeFirstOrThrow(),
    linkSigner(db),
  ]);
  const newest = last.newest === null ? new Date(0) : new Date(last.newest);
  // The share images' keys are in the text: a new secret (links revoked) is a new text.
  const secretMark = sign("feed-cache");
  return {
    key: `feed:${request.locale}:${request.origin}:${newest.getTime()}:${int(last.versions)}:${secretMark}`,
    render: () => writeFeed(db, request, newest, sign),
  };
}

async function writeFeed(db: Db, { locale, origin }: FeedRequest, newest: Date, sign: (path: string) => string): Promise<string> {
  const t = makeT(locale);
  const rolls = await listHonorRolls(db, {}, feedSize);
  // The winners' names are in the snapshots; the summaries carry counts only.
  const snapshots = rolls.length
    ? await db
        .selectFrom("honor_rolls as r")
        .innerJoin("campaigns as c", "c.id", "r.campaign_id")
        .select(["c.slug", "r.version", "r.snapshot"])
        .where((eb) => eb.or(rolls.map((roll) => eb.and([eb("c.slug", "=", roll.slug), eb("r.version", "=", roll.version)]))))
        .execute()
    : [];
  const snapshotOf = new Map(snapshots.map((s) => [`${s.slug}\u0000${s.version}`, s.snapshot as HonorRollSnapshot]));
  const entries = rolls.map((roll): FeedEntry => {
    const snapshot = snapshotOf.get(`${roll.slug}\u0000${roll.version}`);
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
      image: { href: `${origin}${image}?v=${roll.version}&lang=${locale}&key=${sign(image)}`, title: t("sharing.feed.entry.image") },
      summary: lines.join(locale === "en" ? "; " : "；"),
    };
  });
  return atomFeed({
    id: `${origin}${feedPath}`,
    lang: locale,
    title: t("sharing.feed.title"),
    subtitle: t("sharing.feed.subtitle"),
    updated: newest,
    self: `${origin}${feedPath}?lang=${locale}`,
    alternate: `${origin}/honor-roll`,
    author: t("sharing.brand"),
    entries,
  });
}

/**
 * The feed's address with its key, for an administrator to give the
 * intranet's server (the honour-roll list shows it to them); null for
 * anyone else. A path: the page puts its own origin in front.
 */
export function feedLinkFor(db: Db, user: User): Promise<string | null> {
  return signedPathFor(db, user, feedPath);
}
