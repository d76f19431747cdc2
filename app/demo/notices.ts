import { sql } from "kysely";
import type { Db } from "../../db/client";

// The demo walks its campaigns through their phases in a few seconds, through
// the use-cases, so every notice they announce is written now and unread:
// "voting is open" for last year's vote, long closed. This dates what is over
// in the demo's story (from the campaign's period: a vote a week after it
// ended, the roll a fortnight after) and marks it read; what still waits for
// someone stays unread and new — nominations open, voting open, the
// publicity period, the newest honour roll, what the committee decided on a
// nomination of a campaign still under way — and a congratulation. The emails of what is over are
// not sent (they would have left long ago): the outbox keeps the current ones.

/** Days after a campaign's period ends that each of its notices is dated, in the demo's story. */
const daysAfterPeriod = {
  "nominations-opened": 1,
  "nomination-approved": 4,
  "nomination-returned": 4,
  "nomination-rejected": 4,
  "voting-opened": 7,
  "publicity-started": 12,
  "honor-roll-published": 14,
  "honor-roll-corrected": 30,
} as const;

export async function settleDemoNotices(db: Db): Promise<void> {
  const offsets = sql.join(Object.entries(daysAfterPeriod).map(([kind, days]) => sql`(${kind}::text, ${days}::int)`));
  await sql`
    with newest_roll as (
      select id from campaigns where status = 'published' order by period_end desc, id desc limit 1
    ), about as (
      select n.id, c.status, c.period_end, o.days, n.kind,
        c.id = (select id from newest_roll) as newest_roll
      from notifications n
      join (values ${offsets}) as o (kind, days) on o.kind = n.kind
      left join nominations nom on n.event_key like 'nomination:' || nom.id || ':%'
      join campaigns c on n.event_key like 'campaign:' || c.id || ':%' or n.event_key like 'honor-roll:' || c.id || ':%'
        or c.id = nom.campaign_id
    )
    update notifications n
    set created_at = least(now(), a.period_end::timestamptz + make_interval(days => a.days)),
      read_at = least(now(), a.period_end::timestamptz + make_interval(days => a.days, hours => 3))
    from about a
    where n.id = a.id and n.read_at is null and not (
      (a.kind = 'nominations-opened' and a.status = 'nominating')
      or (a.kind like 'nomination-%' and a.status in ('nominating', 'reviewing', 'voting'))
      or (a.kind = 'voting-opened' and a.status = 'voting')
      or (a.kind = 'publicity-started' and a.status = 'closed')
      or (a.kind = 'honor-roll-published' and a.newest_roll)
    )`.execute(db);
  await sql`
    update notification_deliveries d set status = 'cancelled'
    from notifications n
    where n.id = d.notification_id and n.read_at is not null and d.status in ('pending', 'digest')`.execute(db);
}
