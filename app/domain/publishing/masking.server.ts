import { sql } from "kysely";
import type { Db } from "../../../db/client";
import type { User } from "../auth/user";
import { announceCorrection } from "../notifications/events.server";
import { writeHonorRoll } from "./freeze.server";
import type { HonorRollSnapshot, SnapshotCorrection, SnapshotWinner } from "./snapshot";
import { mapSnapshotTexts } from "./snapshot-texts";

// Personal data masked in a published honour roll (issue 19, item 3;
// decision 0042). Readers are told, as for any correction: the newest
// version's masked text is published as the next version with the reason
// below, and each winner whose citation or stories changed carries the
// correction's note (decision 0031). Unlike a correction, the versions
// before are masked too, in place: `?v=N` stays readable forever (decision
// 0016), and the number must not stay readable there. The table refuses any
// other change to a version (migration 202612061210). A new version is
// published whenever any version was masked, even an old one only.

/** The reason readers see, in both languages: one stored text serves every reader of the roll. */
export const personalDataMaskedReason = "个人信息已遮盖 · Personal data masked";

/** Lets this transaction's masking through the triggers that otherwise keep published and settled texts as they are (migration 202612061210). */
export async function allowMaskingInPlace(trx: Db): Promise<void> {
  if (!trx.isTransaction) throw new Error("masking in place belongs in a transaction");
  await sql`select set_config('service_stars.masking_personal_data', 'on', true)`.execute(trx);
}

export interface RollMasking {
  slug: string;
  /** Versions whose text was masked in place, oldest first. */
  maskedVersions: number[];
  /** The corrected version published. */
  correctedVersion: number;
}

/** Plain JSON, as jsonb gives it back, so a masked copy compares with the stored one. */
const asStored = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

const storyTexts = (w: SnapshotWinner) => JSON.stringify(w.stories.map((s) => [s.heading, s.body, s.quote ?? null, s.quoteBy ?? null]));

/** The masked newest version as the next one: each winner whose citation or stories changed says so, with this correction. */
function correctedSnapshot(before: HonorRollSnapshot, masked: HonorRollSnapshot, correction: SnapshotCorrection): HonorRollSnapshot {
  return {
    ...masked,
    titles: masked.titles.map((t, ti) => ({
      ...t,
      winners: t.winners.map((w, wi) => {
        const was = before.titles[ti]!.winners[wi]!;
        return {
          ...w,
          ...(w.citation !== was.citation ? { citationCorrected: correction } : {}),
          ...(storyTexts(w) !== storyTexts(was) ? { storiesCorrected: correction } : {}),
        };
      }),
    })),
  };
}

/**
 * Masks, in every version of a campaign's honour roll, what `mask` masks in
 * each free text (`mask` returns the text itself when it has nothing to
 * mask; `path` is the text's place in the snapshot, or "reason"). Inside the
 * caller's transaction, which must have called allowMaskingInPlace. Null
 * when the campaign has no roll or nothing in it was masked.
 */
export async function maskHonorRoll(
  trx: Db,
  actor: User,
  campaignId: number,
  mask: (text: string, path: string) => string,
): Promise<RollMasking | null> {
  // A correction published meanwhile waits for this one (corrections lock the campaign too).
  const campaign = await trx.selectFrom("campaigns").select(["slug"]).where("id", "=", campaignId).forUpdate().executeTakeFirstOrThrow();
  const versions = await trx
    .selectFrom("honor_rolls")
    .select(["id", "version", "reason", "snapshot"])
    .where("campaign_id", "=", campaignId)
    .orderBy("version")
    .execute();
  if (!versions.length) return null;
  const masked = versions.map((v) => {
    const snapshot = v.snapshot as HonorRollSnapshot;
    const next = asStored(mapSnapshotTexts(snapshot, (path, _nomination, text) => mask(text, path)));
    const reason = v.reason === null ? null : mask(v.reason, "reason");
    return {
      ...v,
      before: snapshot,
      snapshot: next,
      reason,
      changed: reason !== v.reason || JSON.stringify(next) !== JSON.stringify(asStored(snapshot)),
    };
  });
  const changed = masked.filter((v) => v.changed);
  if (!changed.length) return null;

  // A new version even when only older ones changed: every cached page and
  // image of the roll is named by its newest version (decisions 0014, 0019),
  // so on every instance nothing rendered from the unmasked text is served again.
  const newest = masked[masked.length - 1]!;
  const correctedVersion = newest.version + 1;
  {
    const correction = { version: correctedVersion, reason: personalDataMaskedReason };
    const entries = await trx
      .selectFrom("honor_roll_entries")
      .select(["title_id", "nomination_id", "person_id"])
      .where("honor_roll_id", "=", newest.id)
      .execute();
    await writeHonorRoll(
      trx,
      campaignId,
      {
        snapshot: correctedSnapshot(newest.before, newest.snapshot, correction),
        entries: entries.map((e) => ({ titleId: e.title_id, nominationId: e.nomination_id, personId: e.person_id })),
      },
      actor,
      correctedVersion,
      personalDataMaskedReason,
    );
    await announceCorrection(trx, campaignId, correctedVersion);
  }
  for (const v of changed) {
    await trx
      .updateTable("honor_rolls")
      .set({ snapshot: JSON.stringify(v.snapshot), reason: v.reason })
      .where("id", "=", v.id)
      .execute();
  }
  return { slug: campaign.slug, maskedVersions: changed.map((v) => v.version), correctedVersion };
}
