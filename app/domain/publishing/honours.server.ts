import type { Db } from "../../../db/client";
import type { PictureData } from "../media/picture";
import { newestVersion } from "./read-roll.server";
import { publishedSnapshot, winnersOf, type HonorRollSnapshot, type SnapshotPhoto, type SnapshotTitle, type SnapshotWinner } from "./snapshot";

// Where a published winner is shown outside the roll: the home page's newest
// roll and a person's honours on their profile, each as the newest version
// of its roll shows it.

export interface LatestHonorRoll {
  slug: string;
  version: number;
  nameZh: string;
  nameEn: string;
  periodStart: string;
  periodEnd: string;
  /** When its first version was published. */
  publishedAt: Date;
  winners: Array<{
    nominationId: number;
    titleZh: string;
    titleEn: string;
    kind: SnapshotWinner["kind"];
    teamName: string | null;
    names: string[];
    photo: PictureData | null;
  }>;
}

const withoutCaption = ({ caption: _caption, ...picture }: SnapshotPhoto): PictureData => picture;

/**
 * The home page's honour roll: the one most recently published for the
 * first time, as its newest version shows it (a correction of last year's
 * roll fixes that roll; it does not make it the news). Published rolls are
 * for everyone signed in, so nobody is asked; null before the first.
 */
export async function latestHonorRoll(db: Db): Promise<LatestHonorRoll | null> {
  const row = await db
    .selectFrom("honor_rolls as first")
    .innerJoin("honor_rolls as r", "r.campaign_id", "first.campaign_id")
    .innerJoin("campaigns as c", "c.id", "first.campaign_id")
    .select(["c.slug", "r.version", "r.snapshot", "first.published_at"])
    .where("first.version", "=", 1)
    .where(newestVersion)
    // Rolls published in one transaction share a time: the later row is the later publication.
    .orderBy("first.published_at", "desc")
    .orderBy("first.id", "desc")
    .limit(1)
    .executeTakeFirst();
  if (!row) return null;
  const s = publishedSnapshot(row.snapshot);
  return {
    slug: row.slug,
    version: row.version,
    nameZh: s.campaign.nameZh,
    nameEn: s.campaign.nameEn,
    periodStart: s.campaign.periodStart,
    periodEnd: s.campaign.periodEnd,
    publishedAt: row.published_at,
    winners: winnersOf(s).map(({ title, winner }) => ({
      nominationId: winner.nominationId,
      titleZh: title.nameZh,
      titleEn: title.nameEn,
      kind: winner.kind,
      teamName: winner.teamName,
      names: winner.nominees.map((p) => p.name),
      // Without its caption: the home page names the winner instead.
      photo: winner.photo ? withoutCaption(winner.photo) : null,
    })),
  };
}

export interface Honour {
  rollSlug: string;
  version: number;
  publishedAt: Date;
  campaign: HonorRollSnapshot["campaign"];
  title: Pick<SnapshotTitle, "slug" | "nameZh" | "nameEn" | "badge">;
  winner: SnapshotWinner;
}

/**
 * A person's honours, newest first: every winning nomination they are part
 * of, as the newest version of each published roll shows it. Nothing
 * unpublished: the entries exist only for published versions.
 */
export async function honoursOf(db: Db, personId: number): Promise<Honour[]> {
  const rows = await db
    .selectFrom("honor_roll_entries as e")
    .innerJoin("honor_rolls as r", "r.id", "e.honor_roll_id")
    .innerJoin("campaigns as c", "c.id", "r.campaign_id")
    .select(["c.slug", "r.version", "r.published_at", "r.snapshot", "e.nomination_id", "e.title_id"])
    .where("e.person_id", "=", personId)
    .where(newestVersion)
    .orderBy("r.published_at", "desc")
    .execute();
  return rows.flatMap((r) => {
    const s = publishedSnapshot(r.snapshot);
    const title = s.titles.find((t) => t.titleId === r.title_id);
    const winner = title?.winners.find((w) => w.nominationId === r.nomination_id);
    if (!title || !winner) return [];
    return [
      {
        rollSlug: r.slug,
        version: r.version,
        publishedAt: r.published_at,
        campaign: s.campaign,
        title: { slug: title.slug, nameZh: title.nameZh, nameEn: title.nameEn, badge: title.badge },
        winner,
      },
    ];
  });
}
