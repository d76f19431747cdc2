import { sql } from "kysely";
import type { Db } from "../../../db/client";
import { nudgeJob } from "~/jobs/engine.server";
import { deliverEmails, deliverRobotMessages } from "~/jobs/queues";
import { escapeLike } from "../org/unit-path.server";
import { actionKinds, isRobotKind, type MessageParams, type NotificationKind } from "./kinds";
import type { Recipients } from "./recipients.server";

// The outbox (issue 17, decision 0039). A change that people should hear of
// calls announce() inside its own transaction: the notices, their email
// deliveries and the robots' messages are written with the change, or not at
// all if it rolls back, and the delivery jobs sent with them start only once
// it commits. The unique keys (event, person) and (notification, channel)
// make a second announce() of the same event add nothing.

export interface Announcement {
  /** The event's own key: the same event announced twice is one event ("campaign:12:voting-opened"). */
  key: string;
  kind: NotificationKind;
  /** Names, counts and dates the message shows (kinds.ts MessageParams). */
  params: MessageParams;
  /** The portal page it is about, a path ("/campaigns/2026-11/vote"). */
  link: string;
  recipients: Recipients;
  /** The own path of the unit whose group robots announce it too: robots of units above or inside it (robot kinds only). */
  robotScope?: string;
}

export interface Announced {
  /** Notices written now (0 when the event was announced before). */
  notices: number;
  emails: number;
  robotMessages: number;
}

/** Writes the notices of one event in the caller's transaction, and queues their delivery. */
export async function announce(trx: Db, a: Announcement): Promise<Announced> {
  const action = actionKinds.has(a.kind);
  // A reminder held for tomorrow's digest could arrive after voting closed: it goes on its own.
  const urgent = a.kind === "voting-reminder";
  const params = JSON.stringify(a.params);
  // A person's choice for the kind, else the organisation's default, else on.
  const wants = (channel: "portal" | "email") => sql<boolean>`coalesce(np.${sql.ref(channel)}, nd.${sql.ref(channel)}, true)`;
  const choices = sql`left join notification_preferences np on np.person_id = p.id and np.kind = ${a.kind}
    left join notification_defaults nd on nd.kind = ${a.kind}`;

  const notices = await sql`
    insert into notifications (event_key, kind, person_id, params, link, in_portal)
    select ${a.key}, ${a.kind}, p.id, ${params}::jsonb, ${a.link}, ${action} or ${wants("portal")}
    from people p ${choices}
    where p.id in (${a.recipients}) and p.status = 'active' and (${action} or ${wants("portal")} or ${wants("email")})
    on conflict (event_key, person_id) do nothing`.execute(trx);

  // Email: to those with an address who want it; as part of the daily digest for those who chose one.
  const emails = await sql`
    insert into notification_deliveries (notification_id, channel, status)
    select n.id, 'email', case when coalesce(s.email_digest, false) and not ${urgent} then 'digest' else 'pending' end
    from notifications n
    join people p on p.id = n.person_id
    ${choices}
    left join notification_settings s on s.person_id = p.id
    where n.event_key = ${a.key} and p.email is not null and ${wants("email")}
    on conflict (notification_id, channel) do nothing`.execute(trx);

  const robotMessages =
    a.robotScope && isRobotKind(a.kind)
      ? await sql`
          insert into robot_messages (robot_id, event_key, kind, params, link)
          select r.id, ${a.key}, ${a.kind}, ${params}::jsonb, ${a.link}
          from robots r join org_units u on u.id = r.org_unit_id
          where r.enabled and ${a.kind} = any (r.events)
            and (${a.robotScope} like (u.path || u.id::text || '/') || '%' or (u.path || u.id::text || '/') like ${`${escapeLike(a.robotScope)}%`})
          on conflict (robot_id, event_key) do nothing`.execute(trx)
      : { numAffectedRows: 0n };

  const written: Announced = {
    notices: Number(notices.numAffectedRows ?? 0),
    emails: Number(emails.numAffectedRows ?? 0),
    robotMessages: Number(robotMessages.numAffectedRows ?? 0),
  };
  if (written.emails) await nudgeJob(trx, deliverEmails);
  if (written.robotMessages) await nudgeJob(trx, deliverRobotMessages);
  return written;
}
