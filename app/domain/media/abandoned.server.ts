import type { Db } from "../../../db/client";
import { audit } from "../audit/audit.server";
import { defaultRetention } from "../retention";

// Photos uploaded to a nomination form that was never saved, or whose draft
// was deleted, are stored all the same (the form shows them at once, before
// it is saved). A day after the last upload of the file (UPLOAD_ABANDONED_HOURS,
// app/domain/retention.ts) they are deleted by the hourly "abandoned-photos"
// job (decision 0037).

/** Photos deleted per statement: the job repeats until none is left. */
const batch = 200;

/**
 * Deletes photos no nomination uses and no honour roll has shown that nobody
 * has uploaded for `hours` (a day unless set), with their variants, and
 * returns how many. Idempotent: a second run finds nothing. A photo a form is saving right now
 * is skipped (its row is locked by the save's foreign key check); one saved
 * just after this run's snapshot makes the statement fail, and the job tries
 * again, when the photo is no longer a candidate.
 */
export async function removeAbandonedPhotos(db: Db, hours = defaultRetention.uploadAbandonedHours, now = new Date()): Promise<number> {
  const cutoff = new Date(now.getTime() - hours * 3_600_000);
  let removed = 0;
  for (;;) {
    const ids = await db.transaction().execute(async (trx) => {
      const deleted = await trx
        .deleteFrom("media")
        .where("id", "in", (eb) =>
          eb
            .selectFrom("media as m")
            .select("m.id")
            .where("m.purpose", "=", "photo")
            .where("m.published_at", "is", null)
            .where("m.created_at", "<", cutoff)
            .where(({ not, exists, selectFrom }) =>
              not(exists(selectFrom("nomination_photos as np").select("np.media_id").whereRef("np.media_id", "=", "m.id"))),
            )
            .where(({ not, exists, selectFrom }) =>
              not(
                exists(
                  selectFrom("media_uploaders as mu").select("mu.media_id").whereRef("mu.media_id", "=", "m.id").where("mu.last_at", ">=", cutoff),
                ),
              ),
            )
            .orderBy("m.id")
            .limit(batch)
            .forUpdate()
            .skipLocked(),
        )
        .returning("id")
        .execute();
      if (deleted.length) {
        await audit(trx, null, {
          action: "media.abandoned_removed",
          after: { photos: deleted.length, ids: deleted.map((d) => d.id) },
        });
      }
      return deleted.map((d) => d.id);
    });
    removed += ids.length;
    if (ids.length < batch) return removed;
  }
}
