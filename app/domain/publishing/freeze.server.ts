import { isDeepStrictEqual } from "node:util";
import { sql } from "kysely";
import type { Db } from "../../../db/client";
import { audit } from "../audit/audit.server";
import type { User } from "../auth/user";
import { getPictures, publishPictures } from "../media/media.server";
import { err, ok, type Result } from "../result";
import { candidates, type Candidate } from "./candidates.server";
import { choicesIn, correctedStories, defaultChoice, whyChoicesRefused, whyStoriesRefused, type WinnerChoice } from "./choices";
import {
  principlesOf,
  snapshotFormat,
  winnersOf,
  type HonorRollSnapshot,
  type SnapshotCorrection,
  type SnapshotTitle,
  type SnapshotWinner,
} from "./snapshot";

// Publishing freezes a campaign's winners into an honour roll: an immutable
// snapshot with a version (docs/decisions/0014-honour-rolls.md). The
// first version is written by the move to "published"
// (campaigns/transitions.server.ts), in that move's transaction; a correction
// (corrections.server.ts) writes the next version with a reason. Readers only ever see snapshots: a campaign that is not published
// has no honour roll, so its winners appear on no roll, profile, feed or
// share image.

export interface Frozen {
  snapshot: HonorRollSnapshot;
  entries: Array<{ titleId: number; nominationId: number; personId: number }>;
}

/**
 * Builds the snapshot of a campaign's current winners with these choices
 * (defaults, or the version before's, for every winner not named). Reads
 * only; the caller writes it in its transaction. A correction names the
 * version it writes and its reason: a winner whose citation or stories it
 * changes carries them, so readers are told why that text changed.
 */
export async function freezeHonorRoll(
  db: Db,
  campaignId: number,
  choices: readonly WinnerChoice[],
  previous?: HonorRollSnapshot,
  correction?: SnapshotCorrection,
): Promise<Result<Frozen>> {
  const winners = await candidates(db, campaignId);
  const refusal = whyChoicesRefused(winners, choices);
  if (refusal) return err(refusal, 400);
  // Stories, like the citation, start from the version before: what was
  // published, not what the nomination holds now.
  const publishedWinner = new Map(previous ? winnersOf(previous).map(({ winner }) => [winner.nominationId, winner]) : []);
  const storiesBefore = (w: Candidate) => publishedWinner.get(w.nominationId)?.stories ?? w.stories;
  for (const c of choices) {
    const w = winners.find((x) => x.nominationId === c.nominationId)!;
    if (c.stories && whyStoriesRefused(storiesBefore(w), c.stories)) return err("publishing.choice.story", 400);
  }
  const [campaign, titles] = await Promise.all([
    db
      .selectFrom("campaigns as c")
      .innerJoin("org_units as u", "u.id", "c.org_unit_id")
      .select([
        "c.id",
        "c.slug",
        "c.name_zh",
        "c.name_en",
        sql<string>`c.period_start::text`.as("period_start"),
        sql<string>`c.period_end::text`.as("period_end"),
        "u.code",
        "u.name_zh as unit_zh",
        "u.name_en as unit_en",
      ])
      .where("c.id", "=", campaignId)
      .executeTakeFirstOrThrow(),
    db
      .selectFrom("campaign_titles as ct")
      .innerJoin("titles as t", "t.id", "ct.title_id")
      .select(["t.id", "t.slug", "t.name_zh", "t.name_en", "t.badge_media_id"])
      .where("ct.campaign_id", "=", campaignId)
      .orderBy("ct.position")
      .execute(),
  ]);
  const badges = await getPictures(
    db,
    titles.flatMap((t) => (t.badge_media_id === null ? [] : [t.badge_media_id])),
  );
  const given = new Map(choices.map((c) => [c.nominationId, c]));
  const before = previous ? choicesIn(previous) : new Map<number, WinnerChoice>();
  const snapshotTitles: SnapshotTitle[] = titles.map((t) => ({
    titleId: t.id,
    slug: t.slug,
    nameZh: t.name_zh,
    nameEn: t.name_en,
    badge: t.badge_media_id === null ? null : (badges.get(t.badge_media_id) ?? null),
    winners: winners
      .filter((w) => w.titleId === t.id)
      .map((w): SnapshotWinner => {
        const choice = given.get(w.nominationId) ?? before.get(w.nominationId) ?? defaultChoice(w);
        const photo = w.photos.find((p) => p.mediaId === choice.photoMediaId);
        const metric = new Map(w.metrics.map((m) => [m.id, m]));
        const citation = (choice.citation ?? before.get(w.nominationId)?.citation ?? w.citation).trim();
        const stories = correctedStories(storiesBefore(w), given.get(w.nominationId)?.stories);
        const was = publishedWinner.get(w.nominationId);
        // A text changed by this correction carries it; one left alone keeps the note it had.
        const noteFor = (changed: boolean, had: SnapshotCorrection | undefined) => (was && changed && correction ? correction : had);
        const citationCorrected = noteFor(was?.citation !== citation, was?.citationCorrected);
        const storiesCorrected = noteFor(!isDeepStrictEqual(was?.stories, stories), was?.storiesCorrected);
        return {
          nominationId: w.nominationId,
          kind: w.kind,
          teamName: w.teamName,
          citation,
          nominees: w.nominees,
          photo: photo ? { ...photo.picture, caption: photo.caption } : null,
          metrics: choice.metricIds.flatMap((id) => {
            const m = metric.get(id);
            if (!m) return [];
            // The English name and unit only where there are any: snapshots
            // published before they were kept read the same as they did.
            const { templateId: _t, templatePosition: _p, nameEn, unitEn, origin, sourceSystem, importedAt, ...shown } = m;
            // Where the figure came from: an imported one with its source system and date (decision 0051).
            const provenance =
              origin === "imported" && sourceSystem && importedAt ? { origin, sourceSystem, importedAt } : { origin: "entered" as const };
            return [{ ...shown, ...(nameEn === null ? {} : { nameEn }), ...(unitEn === null ? {} : { unitEn }), ...provenance }];
          }),
          stories,
          principles: principlesOf(stories),
          ...(citationCorrected ? { citationCorrected } : {}),
          ...(storiesCorrected ? { storiesCorrected } : {}),
        };
      }),
  }));
  return ok({
    snapshot: {
      format: snapshotFormat,
      campaign: {
        id: campaign.id,
        slug: campaign.slug,
        nameZh: campaign.name_zh,
        nameEn: campaign.name_en,
        periodStart: campaign.period_start,
        periodEnd: campaign.period_end,
        unit: { code: campaign.code, nameZh: campaign.unit_zh, nameEn: campaign.unit_en },
      },
      titles: snapshotTitles,
    },
    entries: winners.flatMap((w) => w.nominees.map((p) => ({ titleId: w.titleId, nominationId: w.nominationId, personId: p.personId }))),
  });
}

/** Writes one version of a campaign's honour roll and its entries; inside the caller's transaction. */
export async function writeHonorRoll(
  trx: Db,
  campaignId: number,
  frozen: Frozen,
  actor: User | null,
  version: number,
  reason: string | null,
): Promise<{ id: number; version: number }> {
  const { id } = await trx
    .insertInto("honor_rolls")
    .values({ campaign_id: campaignId, version, published_by: actor?.id ?? null, reason, snapshot: JSON.stringify(frozen.snapshot) })
    .returning("id")
    .executeTakeFirstOrThrow();
  if (frozen.entries.length) {
    await trx
      .insertInto("honor_roll_entries")
      .values(
        frozen.entries.map((e) => ({
          honor_roll_id: id,
          campaign_id: campaignId,
          title_id: e.titleId,
          nomination_id: e.nominationId,
          person_id: e.personId,
        })),
      )
      .execute();
  }
  // What a roll shows is public from now on, to anyone (decision 0030).
  await publishPictures(
    trx,
    frozen.snapshot.titles.flatMap((t) => t.winners.flatMap((w) => (w.photo ? [w.photo.mediaId] : []))),
  );
  await audit(trx, actor, {
    action: version === 1 ? "publishing.roll_published" : "publishing.roll_corrected",
    subjectType: "campaign",
    subjectId: frozen.snapshot.campaign.slug,
    after: { version, winners: frozen.snapshot.titles.reduce((n, t) => n + t.winners.length, 0), ...(reason ? { reason } : {}) },
  });
  return { id, version };
}
