import type { Db } from "../../../db/client";
import { audit } from "../audit/audit.server";
import { defaultRetention } from "../retention";

// What a sign-in leaves about the person's network is kept only for a while
// (issue 19, docs/privacy.md). A session keeps the browser's user agent it
// was opened with (so a person can tell their sessions apart); the client
// address is never stored with a session. The address appears only in the
// sign-in counters' keys (rate-limit.server.ts), which the hourly
// "rate-limit-prune" job deletes a day after the last attempt — well within
// any retention set here.

/** Sessions changed per statement: the job repeats until none is left, so no transaction holds many rows. */
const batch = 1_000;

/**
 * Forgets the user agent of every session opened more than `days` ago; the
 * session row stays (its person, when it was opened, last used and ends).
 * Returns how many sessions were changed. Idempotent: a second run finds
 * nothing, so the daily job may be retried at will.
 */
export async function forgetNetworkDetails(db: Db, days = defaultRetention.networkDays, now = new Date()): Promise<number> {
  const cutoff = new Date(now.getTime() - days * 86_400_000);
  let forgotten = 0;
  for (;;) {
    const changed = await db.transaction().execute(async (trx) => {
      const rows = await trx
        .updateTable("sessions")
        .set({ user_agent: null })
        .where("id", "in", (eb) =>
          eb
            .selectFrom("sessions as s")
            .select("s.id")
            .where("s.created_at", "<", cutoff)
            .where("s.user_agent", "is not", null)
            .limit(batch)
            .forUpdate()
            .skipLocked(),
        )
        .returning("id")
        .execute();
      // That it happened and how much, never whose.
      if (rows.length) await audit(trx, null, { action: "privacy.network_forgotten", after: { sessions: rows.length, days } });
      return rows.length;
    });
    forgotten += changed;
    if (changed < batch) return forgotten;
  }
}
