import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Db } from "../../db/client";
import { privacyPage, requestPrivacyScan } from "../../app/domain/privacy/findings.server";
import { maskAllFindings, maskFinding } from "../../app/domain/privacy/masking.server";
import { scanStoredText } from "../../app/domain/privacy/scan.server";
import { correctHonorRoll } from "../../app/domain/publishing/corrections.server";
import { personalDataMaskedReason } from "../../app/domain/publishing/masking.server";
import { honorRoll, honorRollHead } from "../../app/domain/publishing/read-roll.server";
import type { HonorRollSnapshot } from "../../app/domain/publishing/snapshot";
import { createTestDb, type TestDb } from "../support/db";
import { moveTo } from "../support/nominations";
import { givenRatifiedCampaign, type PublishingWorld } from "../support/publishing";
import { value } from "../support/result";

// Issue 19, item 3: what was stored before the privacy guard. Texts with a
// customer's mobile, ID and bank card numbers are written straight into the
// database (as they were before the forms checked), one of them published
// on an honour roll that was corrected once since; the scan finds them all
// with masked previews and keeps no number itself; masking in place leaves
// the number in no source row and no version of the roll, publishes a
// corrected version with the reason, and is audited without the number.

let t: TestDb;
let db: Db;
beforeAll(async () => {
  t = await createTestDb();
  db = t.db;
});
afterAll(() => t.close());

// Valid numbers, their check digits computed here (GB 11643-1999's MOD 11-2, Luhn), not by the detector.
function idWithCheck(first17: string): string {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((s, d, i) => s + Number(d) * weights[i]!, 0);
  return first17 + "10X98765432"[sum % 11];
}
function withLuhn(body: string): string {
  let sum = 0;
  [...body].reverse().forEach((d, i) => {
    let n = Number(d);
    if (i % 2 === 0) n = n * 2 > 9 ? n * 2 - 9 : n * 2;
    sum += n;
  });
  return body + String((10 - (sum % 10)) % 10);
}
const mobile = "13812345678";
const idCard = idWithCheck("44010619850307123");
const bankCard = withLuhn("622202123456789012");
const tieMobile = "13987654321";
/** Each number as it could be written, spaced or not: none may be anywhere once masked. */
const rawForms = [mobile, "138 1234 5678", idCard, bankCard, tieMobile];

const story = `台风夜回访了客户王女士（138 1234 5678），确认宽带已恢复。`;

interface Seeded extends PublishingWorld {
  storyId: number;
}

/** The ratified world, texts with numbers written by SQL, published, then corrected once (so the roll has two versions). */
async function givenNumbersEverywhere(): Promise<Seeded> {
  const w = await givenRatifiedCampaign(db);
  const { id: storyId } = await db
    .updateTable("nomination_stories")
    .set({ body: sql`body || ${story}` })
    .where("nomination_id", "=", w.starAlice)
    .where("position", "=", 0)
    .returning("id")
    .executeTakeFirstOrThrow();
  await db
    .updateTable("nomination_photos")
    .set({ caption: `客户身份证${idCard}，已核实` })
    .where("nomination_id", "=", w.starAlice)
    .where("media_id", "=", w.photos[0])
    .execute();
  await db
    .insertInto("nomination_events")
    .values({
      nomination_id: w.starGina,
      from_status: "submitted",
      to_status: "returned",
      actor_id: w.committee.id,
      comment: `请删去客户的银行卡号 ${bankCard} 后重新提交。`,
    })
    .execute();
  await moveTo(db, w, "published");
  value(
    await correctHonorRoll(
      db,
      w.admin,
      w.slug,
      [{ nominationId: w.starAlice, photoMediaId: w.photos[0], metricIds: [], citation: "一年接听两万通电话。" }],
      "颁奖词更正。",
    ),
  );
  // A committee's tie reason, once its decision took effect: only a masking transaction may change it.
  await db.transaction().execute(async (trx) => {
    await sql`select set_config('service_stars.masking_personal_data', 'on', true)`.execute(trx);
    await trx
      .updateTable("ratification_proposals")
      .set({ tie_reason: `平票，经与客户（${tieMobile}）核实后确定。` })
      .where("campaign_id", "=", w.campaignId)
      .where("title_id", "=", w.star.id)
      .execute();
  });
  return { ...w, storyId };
}

/** Every text the tests wrote to, and every version of the roll, as one string. */
async function everythingStored(w: PublishingWorld): Promise<string> {
  const tables = await Promise.all([
    db.selectFrom("nomination_stories").selectAll().where("nomination_id", "in", [w.starAlice, w.starGina]).execute(),
    db.selectFrom("nomination_photos").selectAll().where("nomination_id", "=", w.starAlice).execute(),
    db.selectFrom("nomination_events").selectAll().where("nomination_id", "=", w.starGina).execute(),
    db.selectFrom("ratification_proposals").selectAll().where("campaign_id", "=", w.campaignId).execute(),
    db.selectFrom("honor_rolls").selectAll().where("campaign_id", "=", w.campaignId).execute(),
  ]);
  return JSON.stringify(tables);
}

const findingsTable = async () => db.selectFrom("privacy_findings").selectAll().orderBy("id").execute();
const rollVersion = async (slug: string, version?: number) => honorRoll(db, value(await honorRollHead(db, slug, version)));
const starOf = (snapshot: HonorRollSnapshot, nominationId: number) =>
  snapshot.titles.flatMap((x) => x.winners).find((x) => x.nominationId === nominationId)!;

describe("the scan of stored texts", () => {
  test("finds a story's mobile, a caption's ID, a comment's bank card, a tie reason and the published roll's copies, with masked previews and no number stored", async () => {
    const w = await givenNumbersEverywhere();
    const run = await scanStoredText(db);
    expect(run.findings).toBeGreaterThanOrEqual(8);
    const found = (await findingsTable()).filter((f) => f.campaign_id === w.campaignId);
    const where = found.map((f) => [f.source_table, f.field.replace(/^titles\/\d+\/winners\/\d+\//, ""), f.kind, f.roll_version]);
    expect(where).toEqual(
      expect.arrayContaining([
        ["nomination_stories", "body", "mobile", null],
        ["nomination_photos", "caption", "id_card", null],
        ["nomination_events", "comment", "bank_card", null],
        ["ratification_proposals", "tie_reason", "mobile", null],
        ["honor_rolls", "stories/0/body", "mobile", 1],
        ["honor_rolls", "stories/0/body", "mobile", 2],
        ["honor_rolls", "photo/caption", "id_card", 1],
        ["honor_rolls", "photo/caption", "id_card", 2],
      ]),
    );
    const inStory = found.find((f) => f.source_table === "nomination_stories")!;
    expect(inStory).toMatchObject({ source_key: String(w.storyId), nomination_id: w.starAlice, masked: "138 **** 5678" });
    expect(inStory.preview).toBe("台风夜回访了客户王女士（138 **** 5678），确认宽带已恢复。");
    // Offsets in code points, as the text is read.
    const body = (await db.selectFrom("nomination_stories").select("body").where("id", "=", w.storyId).executeTakeFirstOrThrow()).body;
    expect(Array.from(body).slice(inStory.start_offset, inStory.end_offset).join("")).toBe("138 1234 5678");
    expect(found.find((f) => f.source_table === "nomination_photos")!.preview).toBe(`客户身份证440106********${idCard.slice(-4)}，已核实`);
    expect(found.find((f) => f.source_table === "honor_rolls" && f.roll_version === 1)!.nomination_id).toBe(w.starAlice);

    // No number, in any form, anywhere in the findings table.
    const stored = JSON.stringify(await findingsTable());
    for (const raw of rawForms) expect(stored).not.toContain(raw);

    // Idempotent: a second run finds and records the same.
    const strip = (rows: Awaited<ReturnType<typeof findingsTable>>) => rows.map(({ id: _i, found_at: _f, ...rest }) => rest);
    const first = strip(await findingsTable());
    const again = await scanStoredText(db);
    expect(again.findings).toBe(run.findings);
    expect(strip(await findingsTable())).toEqual(first);

    // A text cleaned meanwhile loses its finding at the next scan.
    await db.updateTable("nomination_events").set({ comment: "请补充证据。" }).where("nomination_id", "=", w.starGina).execute();
    await scanStoredText(db);
    expect((await findingsTable()).some((f) => f.source_table === "nomination_events" && f.campaign_id === w.campaignId)).toBe(false);
  });

  test("the page shows when it last scanned, the counts per kind and the findings with where they are; staff are refused", async () => {
    const w = await givenNumbersEverywhere();
    await scanStoredText(db);
    const page = value(await privacyPage(db, w.admin, 1));
    expect(page.lastScan?.finishedAt).toBeInstanceOf(Date);
    expect(page.counts.map((c) => c.kind)).toEqual(expect.arrayContaining(["mobile", "id_card", "bank_card"]));
    expect(page.total).toBe(page.counts.reduce((n, c) => n + c.count, 0));
    const mine = page.findings.filter((f) => f.campaign.slug === w.slug);
    expect(mine.map((f) => f.place)).toEqual(
      expect.arrayContaining(["nomination_stories.body", "nomination_photos.caption", "roll.stories.body", "roll.photo.caption"]),
    );
    expect(JSON.stringify(page)).not.toContain(mobile);

    for (const who of [w.alice, w.manager, w.committee]) {
      expect(await privacyPage(db, who, 1)).toMatchObject({ ok: false, status: 403 });
      expect(await requestPrivacyScan(db, who)).toMatchObject({ ok: false, status: 403 });
      expect(await maskFinding(db, who, mine[0]!.id)).toMatchObject({ ok: false, status: 403 });
      expect(await maskAllFindings(db, who)).toMatchObject({ ok: false, status: 403 });
    }
    // Refused: nothing masked, nothing published.
    expect(await everythingStored(w)).toContain("138 1234 5678");
    expect((await rollVersion(w.slug)).version).toBe(2);
  });
});

describe("masking in place", () => {
  test("one finding masked: the number is in no source row and no version of the roll; a corrected version says why; the audit entry holds no number", async () => {
    const w = await givenNumbersEverywhere();
    await scanStoredText(db);
    const inStory = (await findingsTable()).find((f) => f.source_table === "nomination_stories" && f.campaign_id === w.campaignId)!;

    expect(value(await maskFinding(db, w.admin, inStory.id))).toEqual({ masked: 3, corrected: 1 });
    const stored = await everythingStored(w);
    expect(stored).not.toContain("138 1234 5678");
    expect(stored).toContain("王女士（138 **** 5678）");
    // Only that number: the ID in the caption waits for its own Mask.
    expect(stored).toContain(idCard);

    // Version 3, with the reason in both languages and the note on the winner's stories; versions 1 and 2 masked too.
    const v3 = await rollVersion(w.slug);
    expect(v3).toMatchObject({ version: 3, reason: personalDataMaskedReason });
    expect(personalDataMaskedReason).toMatch(/个人信息已遮盖/);
    expect(personalDataMaskedReason).toMatch(/Personal data masked/);
    const star = starOf(v3.snapshot, w.starAlice);
    expect(star.storiesCorrected).toEqual({ version: 3, reason: personalDataMaskedReason });
    expect(star.citationCorrected).toEqual({ version: 2, reason: "颁奖词更正。" });
    for (const version of [1, 2]) {
      const old = await rollVersion(w.slug, version);
      expect(old.reason).toBe(version === 1 ? null : "颁奖词更正。");
      expect(starOf(old.snapshot, w.starAlice).stories[0]!.body).toContain("王女士（138 **** 5678）");
    }
    // The roll's people are the same in the new version.
    const entries = await db
      .selectFrom("honor_roll_entries as e")
      .innerJoin("honor_rolls as r", "r.id", "e.honor_roll_id")
      .select(["r.version", "e.nomination_id", "e.person_id"])
      .where("r.campaign_id", "=", w.campaignId)
      .execute();
    const of = (v: number) =>
      entries
        .filter((e) => e.version === v)
        .map(({ nomination_id, person_id }) => [nomination_id, person_id])
        .sort();
    expect(of(3)).toEqual(of(2));

    // Its findings are gone; the others are still listed.
    const left = (await findingsTable()).filter((f) => f.campaign_id === w.campaignId);
    expect(left.some((f) => f.kind === "mobile" && f.source_table !== "ratification_proposals")).toBe(false);
    expect(left.some((f) => f.kind === "id_card" && f.roll_version === 3)).toBe(true);

    const [entry] = await db
      .selectFrom("audit_log")
      .select(["action", "subject_id", "after"])
      .where("action", "=", "privacy.masked")
      .orderBy("id", "desc")
      .limit(1)
      .execute();
    expect(entry).toMatchObject({
      subject_id: w.slug,
      after: {
        texts: 3,
        kinds: { mobile: 3 },
        where: { "nomination_stories.body": 1, "honor_rolls.snapshot.stories/body": 2 },
        rollVersionsMasked: [1, 2],
        correctedVersion: 3,
      },
    });
    expect(JSON.stringify(entry)).not.toMatch(/\d{7}|\*{4}/);

    // A finding masked already is gone.
    expect(await maskFinding(db, w.admin, inStory.id)).toMatchObject({ ok: false, status: 404 });
  });

  test("Mask all: nothing left in any source row, any version or the findings table; one corrected version; the old versions masked", async () => {
    const w = await givenNumbersEverywhere();
    await scanStoredText(db);
    const r = value(await maskAllFindings(db, w.admin));
    expect(r.corrected).toBeGreaterThanOrEqual(1);
    const stored = await everythingStored(w);
    for (const raw of rawForms) expect(stored).not.toContain(raw);
    expect(stored).toContain(`440106********${idCard.slice(-4)}`);
    expect(stored).toContain(`622202*********${bankCard.slice(-4)}`);
    expect((await findingsTable()).filter((f) => f.campaign_id === w.campaignId)).toEqual([]);
    expect(await rollVersion(w.slug)).toMatchObject({ version: 3, reason: personalDataMaskedReason });
    expect(starOf((await rollVersion(w.slug)).snapshot, w.starAlice).photo?.caption).toBe(`客户身份证440106********${idCard.slice(-4)}，已核实`);
    // A later scan finds nothing more there.
    await scanStoredText(db);
    expect((await findingsTable()).filter((f) => f.campaign_id === w.campaignId)).toEqual([]);
    const audits = await db
      .selectFrom("audit_log")
      .select(["after"])
      .where("action", "in", ["privacy.masked", "publishing.roll_corrected"])
      .execute();
    for (const raw of rawForms) expect(JSON.stringify(audits)).not.toContain(raw);
  });

  test("a text at its column's limit stays within it when masked: a one-letter email name keeps its length", async () => {
    const w = await givenRatifiedCampaign(db);
    // citation: at most 200 characters (a check constraint). A mask three characters longer failed there with a server error.
    const citation = "客户 k@189.cn 来信表扬。".padEnd(200, "好");
    await db.updateTable("nominations").set({ citation }).where("id", "=", w.starBob).execute();
    await scanStoredText(db);
    const inCitation = (await findingsTable()).find((f) => f.source_table === "nominations" && f.campaign_id === w.campaignId)!;
    expect(inCitation).toMatchObject({ kind: "email", field: "citation" });

    expect(value(await maskFinding(db, w.admin, inCitation.id)).masked).toBeGreaterThanOrEqual(1);
    const stored = await db.selectFrom("nominations").select("citation").where("id", "=", w.starBob).executeTakeFirstOrThrow();
    expect(stored.citation).toBe(citation.replace("k@189.cn", "*@189.cn"));
  });
});

describe("published versions stay guarded", () => {
  test("a roll's version can change only inside a masking transaction, and then only its texts", async () => {
    const w = await givenNumbersEverywhere();
    const refused = (p: Promise<unknown>) => expect(p).rejects.toThrow(/immutable/);
    // Outside a masking transaction: nothing.
    await refused(db.updateTable("honor_rolls").set({ reason: "改" }).where("campaign_id", "=", w.campaignId).where("version", "=", 2).execute());
    await refused(db.deleteFrom("honor_rolls").where("campaign_id", "=", w.campaignId).execute());
    const inMasking = (change: (trx: Db) => Promise<unknown>) =>
      db.transaction().execute(async (trx) => {
        await sql`select set_config('service_stars.masking_personal_data', 'on', true)`.execute(trx);
        await change(trx);
      });
    // Inside one: not the version, not a figure, not the shape.
    await refused(
      inMasking((trx) =>
        trx.updateTable("honor_rolls").set({ version: 9 }).where("campaign_id", "=", w.campaignId).where("version", "=", 2).execute(),
      ),
    );
    await refused(
      inMasking((trx) =>
        sql`update honor_rolls set snapshot = jsonb_set(snapshot, '{campaign,id}', '0') where campaign_id = ${w.campaignId} and version = 2`.execute(
          trx,
        ),
      ),
    );
    await refused(
      inMasking((trx) => sql`update honor_rolls set snapshot = snapshot - 'titles' where campaign_id = ${w.campaignId} and version = 2`.execute(trx)),
    );
    await refused(inMasking((trx) => trx.deleteFrom("honor_rolls").where("campaign_id", "=", w.campaignId).execute()));
    // A settled proposal's other columns stay as they were.
    await expect(
      inMasking((trx) =>
        trx.updateTable("ratification_proposals").set({ proposed_by: w.admin.id }).where("campaign_id", "=", w.campaignId).execute(),
      ),
    ).rejects.toThrow(/cannot change/);
    await expect(db.updateTable("ratification_proposals").set({ tie_reason: "x" }).where("campaign_id", "=", w.campaignId).execute()).rejects.toThrow(
      /cannot change/,
    );
  });
});
