import { sql } from "kysely";
import { afterAll, beforeAll, expect, test } from "vitest";
import { removeAbandonedPhotos } from "../../app/domain/media/abandoned.server";
import { storeImage } from "../../app/domain/media/media.server";
import { saveNomination } from "../../app/domain/nominations/saving.server";
import { solid } from "../fixtures/media/images";
import { createTestDb, type TestDb } from "../support/db";
import { aNomination, givenNominatingCampaign, type NominatingCampaign } from "../support/nominations";

// Photos uploaded to a nomination form that was never saved are deleted a day
// after their last upload by the hourly "abandoned-photos" job (decision 0037);
// everything a nomination or an honour roll uses stays, and a second run
// changes nothing.

let t: TestDb;
let w: NominatingCampaign;
beforeAll(async () => {
  t = await createTestDb();
  w = await givenNominatingCampaign(t.db);
});
afterAll(() => t.close());

const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000);

/** A photo as the nomination form stores it, uploaded `hours` ago. */
async function uploaded(width: number, hours: number): Promise<number> {
  const stored = await storeImage(t.db, w.manager, { purpose: "photo", bytes: await solid("jpeg", width, 300) });
  if (!stored.ok) throw new Error(stored.error);
  const at = hoursAgo(hours);
  await sql`update media set created_at = ${at} where id = ${stored.value.mediaId}`.execute(t.db);
  await t.db.updateTable("media_uploaders").set({ first_at: at, last_at: at }).where("media_id", "=", stored.value.mediaId).execute();
  return stored.value.mediaId;
}

const existing = async (ids: number[]) =>
  (await t.db.selectFrom("media").select("id").where("id", "in", ids).orderBy("id").execute()).map((m) => m.id);

test("a day after its last upload, a photo no nomination or roll uses is deleted with its variants; the rest stay; a second run deletes nothing", async () => {
  const abandoned = await uploaded(401, 30);
  const onNomination = await uploaded(402, 30);
  const onRoll = await uploaded(403, 30);
  const uploadedAgain = await uploaded(404, 30);
  const recent = await uploaded(405, 2);
  const saved = await saveNomination(t.db, w.manager, w.slug, null, aNomination(w, { photos: [{ mediaId: onNomination, caption: "" }] }), {
    submit: false,
  });
  expect(saved.ok).toBe(true);
  await t.db
    .updateTable("media")
    .set({ published_at: hoursAgo(1) })
    .where("id", "=", onRoll)
    .execute();
  // The same file uploaded again today: the same stored picture, kept another day.
  const again = await storeImage(t.db, w.manager, { purpose: "photo", bytes: await solid("jpeg", 404, 300) });
  expect(again.ok && again.value.mediaId).toBe(uploadedAgain);

  const all = [abandoned, onNomination, onRoll, uploadedAgain, recent];
  expect(await removeAbandonedPhotos(t.db)).toBe(1);
  expect(await existing(all)).toEqual([onNomination, onRoll, uploadedAgain, recent]);
  const left = await sql<{ n: number }>`
    select (select count(*) from media_variants where media_id = ${abandoned})::int
      + (select count(*) from media_uploaders where media_id = ${abandoned})::int as n`.execute(t.db);
  expect(left.rows[0].n).toBe(0);
  const entries = await t.db.selectFrom("audit_log").select(["actor_id", "after"]).where("action", "=", "media.abandoned_removed").execute();
  expect(entries).toEqual([{ actor_id: null, after: { photos: 1, ids: [abandoned] } }]);

  // The job tried again: nothing more to do, nothing more written.
  expect(await removeAbandonedPhotos(t.db)).toBe(0);
  expect(await existing(all)).toEqual([onNomination, onRoll, uploadedAgain, recent]);
  expect(await t.db.selectFrom("audit_log").select("id").where("action", "=", "media.abandoned_removed").execute()).toHaveLength(1);

  // A day after its draft was deleted, the nomination's photo goes too.
  await t.db.deleteFrom("nomination_photos").where("media_id", "=", onNomination).execute();
  expect(await removeAbandonedPhotos(t.db)).toBe(1);
  expect(await existing(all)).toEqual([onRoll, uploadedAgain, recent]);
});
