import type { Db } from "../../../db/client";
import { audit } from "../audit/audit.server";
import { isAdmin, type User } from "../auth/user";
import { allowMaskingInPlace, maskHonorRoll } from "../publishing/masking.server";
import { forgetRollVersions } from "../publishing/read-roll.server";
import { snapshotFieldOf } from "../publishing/snapshot-texts";
import { err, ok, type Result } from "../result";
import { findPersonalData, maskFindings, type Finding, type FindingKind } from "./detect";
import { rescanCampaign, replaceFindings } from "./scan.server";
import { columnSources, readSource, writeColumns, type SourceTable } from "./sources.server";

// Masking in place (issue 19, item 3; decision 0042): an administrator's
// "Mask" on /admin/privacy masks that number wherever it is in the
// finding's campaign — the nomination's texts, the committee's, and every
// version of the campaign's honour roll, the newest published again as a
// corrected version with the reason "personal data masked"; "Mask all"
// masks every finding, campaign by campaign. Each text is read again and
// checked again when masked: the findings table only says where to look.
// Audited with kinds, places and counts, never the text.

export interface MaskOutcome {
  /** Texts masked (a number in three versions of a roll counts three times). */
  masked: number;
  /** Honour rolls published again with the reason "personal data masked". */
  corrected: number;
}

/** What a masking did in one campaign: for the audit entry and the answer. */
interface CampaignMasking {
  slug: string | null;
  texts: number;
  kinds: Partial<Record<FindingKind, number>>;
  where: Map<string, number>;
  correctedVersion: number | null;
  maskedVersions: number[];
}

/** Which findings of a text to mask. */
type Pick = (text: string, found: readonly Finding[]) => readonly Finding[];

const pointSlice = (text: string, f: Finding) => Array.from(text).slice(f.start, f.end).join("");

/**
 * The same number however it was written: full-width read as ASCII, spaces,
 * dashes and brackets dropped, letters in one case, a mobile's +86 or 0086
 * left out.
 */
export function sameNumberKey(written: string): string {
  const plain = written
    .normalize("NFKC")
    .replace(/[^0-9A-Za-z@.]/g, "")
    .toLowerCase();
  return /^(?:00)?86(1\d{10})$/.exec(plain)?.[1] ?? plain;
}

/** Masks what `pick` picks in every free text of one campaign, in the caller's transaction; its findings are then brought up to date. */
async function maskCampaign(trx: Db, user: User, campaignId: number, pick: Pick): Promise<CampaignMasking> {
  await allowMaskingInPlace(trx);
  const done: CampaignMasking = { slug: null, texts: 0, kinds: {}, where: new Map(), correctedVersion: null, maskedVersions: [] };
  const maskText = (table: SourceTable, field: string) => (text: string) => {
    const chosen = pick(text, findPersonalData(text));
    if (!chosen.length) return text;
    for (const f of chosen) done.kinds[f.kind] = (done.kinds[f.kind] ?? 0) + 1;
    const where = `${table}.${field}`;
    done.where.set(where, (done.where.get(where) ?? 0) + 1);
    done.texts++;
    return maskFindings(text, chosen);
  };

  for (const source of columnSources) {
    let after: string | null = null;
    for (;;) {
      const rows = await readSource(trx, source.table, { after, limit: 500, campaignId });
      for (const row of rows) {
        const changes = new Map<string, string>();
        for (const t of row.texts) {
          const masked = maskText(source.table, t.field)(t.text);
          if (masked !== t.text) changes.set(t.field, masked);
        }
        await writeColumns(trx, source.table, row.key, changes);
      }
      if (rows.length < 500) break;
      after = rows[rows.length - 1]!.key;
    }
  }
  const roll = await maskHonorRoll(trx, user, campaignId, (text, path) =>
    maskText("honor_rolls", path === "reason" ? "reason" : `snapshot.${snapshotFieldOf(path)}`)(text),
  );
  if (roll) Object.assign(done, { slug: roll.slug, correctedVersion: roll.correctedVersion, maskedVersions: roll.maskedVersions });
  if (!done.texts) return done;

  done.slug ??= (await trx.selectFrom("campaigns").select("slug").where("id", "=", campaignId).executeTakeFirstOrThrow()).slug;
  await rescanCampaign(trx, campaignId);
  await audit(trx, user, {
    action: "privacy.masked",
    subjectType: "campaign",
    subjectId: done.slug,
    // Kinds, places and counts: never the text, masked or not.
    after: {
      texts: done.texts,
      kinds: done.kinds,
      where: Object.fromEntries(done.where),
      ...(done.maskedVersions.length ? { rollVersionsMasked: done.maskedVersions } : {}),
      ...(done.correctedVersion ? { correctedVersion: done.correctedVersion } : {}),
    },
  });
  return done;
}

/**
 * One finding masked: the number it found, wherever it is in that
 * finding's campaign (its nomination's other texts, the committee's, every
 * version of the roll). When the text has changed since the scan and the
 * finding is no longer there, nothing is masked and the row's findings are
 * brought up to date. Administrators only.
 */
export async function maskFinding(db: Db, user: User, findingId: number): Promise<Result<MaskOutcome>> {
  if (!isAdmin(user)) return err("common.forbidden", 403);
  const result = await db.transaction().execute(async (trx): Promise<Result<CampaignMasking>> => {
    const f = await trx.selectFrom("privacy_findings").selectAll().where("id", "=", findingId).executeTakeFirst();
    if (!f) return err("privacyAdmin.finding.gone", 404);
    const table = f.source_table as SourceTable;
    const [row] = await readSource(trx, table, { after: null, limit: 1, key: f.source_key });
    const text = row?.texts.find((t) => t.field === f.field)?.text ?? "";
    const target = findPersonalData(text).find((x) => x.kind === f.kind && x.start === f.start_offset && x.end === f.end_offset);
    if (!target) {
      if (row) await replaceFindings(trx, table, [row]);
      else await trx.deleteFrom("privacy_findings").where("id", "=", findingId).execute();
      return err("privacyAdmin.finding.gone", 409);
    }
    const key = sameNumberKey(pointSlice(text, target));
    return ok(await maskCampaign(trx, user, f.campaign_id, (t, found) => found.filter((x) => sameNumberKey(pointSlice(t, x)) === key)));
  });
  if (!result.ok) return result;
  if (result.value.correctedVersion && result.value.slug) forgetRollVersions(db, result.value.slug);
  return ok({ masked: result.value.texts, corrected: result.value.correctedVersion ? 1 : 0 });
}

/** Every finding masked, one campaign per transaction. Administrators only. */
export async function maskAllFindings(db: Db, user: User): Promise<Result<MaskOutcome>> {
  if (!isAdmin(user)) return err("common.forbidden", 403);
  const campaigns = await db.selectFrom("privacy_findings").select("campaign_id").distinct().orderBy("campaign_id").execute();
  const outcome: MaskOutcome = { masked: 0, corrected: 0 };
  for (const { campaign_id } of campaigns) {
    const done = await db.transaction().execute((trx) => maskCampaign(trx, user, campaign_id, (_t, found) => found));
    if (done.correctedVersion && done.slug) forgetRollVersions(db, done.slug);
    outcome.masked += done.texts;
    outcome.corrected += done.correctedVersion ? 1 : 0;
  }
  return ok(outcome);
}
