import { sql } from "kysely";
import type { Db } from "../../../db/client";
import { int } from "../../../db/values";
import type { User } from "../auth/user";
import { linkSigner, signedPathFor } from "./links.server";
import { listHonorRolls, type HonorRollSummary } from "./roll-list.server";
import { feedPath, rollSharePath } from "./signed-paths";
import { publishedSnapshot, type HonorRollSnapshot } from "./snapshot";

// What goes in the Atom feed of published honour rolls for the intranet's
// home page (app/published/feed.ts writes it). Its server fetches the feed
// without a session, so the feed is readable with a signed link
// (links.server.ts) as well as by anyone signed in, and each entry's share
// image carries a key of its own. Only published rolls are in it: a
// campaign's winners appear here from the moment it is published, never before.

/** How many rolls the feed carries: the newest publications. */
export const feedSize = 30;

export interface FeedRoll {
  roll: HonorRollSummary;
  /** Its snapshot, for the winners' names (the summary carries counts only). */
  snapshot: HonorRollSnapshot | undefined;
  /** The key of its share image's signed link (rollSharePath). */
  imageKey: string;
}

/** The feed as it stands: what names it, and how to read its rolls. */
export interface FeedEdition {
  /** Everything the feed's text depends on besides its language and origin: the last publication, the number of versions, the links' secret. */
  mark: string;
  /** The newest publication's time; the epoch for an empty feed (a fixed value, so its ETag holds). */
  updated: Date;
  /** The newest published rolls (the newest version of each), newest publication first. */
  rolls(): Promise<FeedRoll[]>;
}

/**
 * The feed of the newest published honour rolls. Finding it reads the time
 * of the last publication, so the cached text is written again only when a
 * roll or a correction is published.
 */
export async function feedEdition(db: Db): Promise<FeedEdition> {
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
    mark: `${newest.getTime()}:${int(last.versions)}:${secretMark}`,
    updated: newest,
    rolls: () => feedRolls(db, sign),
  };
}

async function feedRolls(db: Db, sign: (path: string) => string): Promise<FeedRoll[]> {
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
  const snapshotOf = new Map(snapshots.map((s) => [`${s.slug}\u0000${s.version}`, publishedSnapshot(s.snapshot)]));
  return rolls.map((roll) => ({ roll, snapshot: snapshotOf.get(`${roll.slug}\u0000${roll.version}`), imageKey: sign(rollSharePath(roll.slug)) }));
}

/**
 * The feed's address with its key, for an administrator to give the
 * intranet's server (the honour-roll list shows it to them); null for
 * anyone else. A path: the page puts its own origin in front.
 */
export function feedLinkFor(db: Db, user: User): Promise<string | null> {
  return signedPathFor(db, user, feedPath);
}
