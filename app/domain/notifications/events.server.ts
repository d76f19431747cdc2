import { sql } from "kysely";
import type { Db } from "../../../db/client";
import { todayInShanghai } from "~/i18n";
import { announce, type Announced } from "./announce.server";
import type { MessageParams, MessageValue } from "./kinds";
import { administrators, committeeOf, everyoneIn, managersOf, nonVotersIn, onePerson, votersIn } from "./recipients.server";

// Who hears of what (issue 17's table), one function per event, each called
// by the use-case that causes it, inside its transaction. Here are the event
// keys (what makes the same event one event), the recipients and what the
// message shows; announce.server.ts writes them.

interface CampaignFacts {
  id: number;
  slug: string;
  name: MessageValue;
  scope: string;
  closesAt: string | null;
}

async function campaignFacts(db: Db, campaignId: number): Promise<CampaignFacts> {
  const c = await db
    .selectFrom("campaigns as c")
    .innerJoin("org_units as u", "u.id", "c.org_unit_id")
    .select(["c.id", "c.slug", "c.name_zh", "c.name_en", "c.closed_at", sql<string>`u.path || u.id::text || '/'`.as("scope")])
    .where("c.id", "=", campaignId)
    .executeTakeFirstOrThrow();
  return {
    id: c.id,
    slug: c.slug,
    name: { "zh-CN": c.name_zh, en: c.name_en },
    scope: c.scope,
    closesAt: c.closed_at ? new Date(c.closed_at).toISOString() : null,
  };
}

/** How many names a message lists before "and N more": a message is read on a phone. */
const namesShown = 12;

/** The names of a nomination's nominees (a team by its name), as a message shows them. */
async function nomineeNames(db: Db, nominationIds: readonly number[]): Promise<MessageValue> {
  if (!nominationIds.length) return [];
  const rows = await db
    .selectFrom("nominations as n")
    .leftJoin("nomination_nominees as nn", "nn.nomination_id", "n.id")
    .leftJoin("people as p", "p.id", "nn.person_id")
    .select(["n.id", "n.team_name", "p.name", "nn.position"])
    .where("n.id", "in", nominationIds)
    .orderBy("n.id")
    .orderBy("nn.position")
    .execute();
  const names: string[] = [];
  for (const id of nominationIds) {
    const of = rows.filter((r) => r.id === id);
    const team = of[0]?.team_name;
    if (team) names.push(team);
    else names.push(...of.map((r) => r.name).filter((n): n is string => n !== null));
  }
  return names.length > namesShown ? [...names.slice(0, namesShown), { message: "notify.andMore", count: names.length - namesShown }] : names;
}

async function titleName(db: Db, titleId: number): Promise<MessageValue> {
  const t = await db.selectFrom("titles").select(["name_zh", "name_en"]).where("id", "=", titleId).executeTakeFirstOrThrow();
  return { "zh-CN": t.name_zh, en: t.name_en };
}

/** The current winners of a campaign (proposed or published), in title order. */
async function winnerNames(db: Db, campaignId: number): Promise<MessageValue> {
  const rows = await db
    .selectFrom("winners as w")
    .innerJoin("campaign_titles as ct", (j) => j.onRef("ct.campaign_id", "=", "w.campaign_id").onRef("ct.title_id", "=", "w.title_id"))
    .select("w.nomination_id")
    .where("w.campaign_id", "=", campaignId)
    .where("w.removed_by_objection", "is", null)
    .orderBy("ct.position")
    .orderBy("w.votes", "desc")
    .execute();
  return nomineeNames(
    db,
    rows.map((r) => r.nomination_id),
  );
}

/** A campaign moved on: nominations open (its managers), voting opens (its voters and robots), the honour roll is published (everyone in scope and the robots). */
export async function announcePhase(trx: Db, campaignId: number, phase: string): Promise<Announced | null> {
  if (phase !== "nominating" && phase !== "voting" && phase !== "published") return null;
  const c = await campaignFacts(trx, campaignId);
  const key = `campaign:${c.id}:${phase}`;
  if (phase === "nominating") {
    return announce(trx, {
      key,
      kind: "nominations-opened",
      params: { campaign: c.name },
      link: `/campaigns/${c.slug}/nominate`,
      recipients: managersOf(c.scope),
    });
  }
  if (phase === "voting") {
    const params: MessageParams = { campaign: c.name, ...(c.closesAt ? { closesAt: c.closesAt } : {}) };
    return announce(trx, {
      key,
      kind: "voting-opened",
      params,
      link: `/campaigns/${c.slug}/vote`,
      recipients: votersIn(c.scope),
      robotScope: c.scope,
    });
  }
  const params: MessageParams = { campaign: c.name, winners: await winnerNames(trx, c.id) };
  return announce(trx, {
    key,
    kind: "honor-roll-published",
    params,
    link: `/honor-roll/${c.slug}`,
    recipients: everyoneIn(c.scope),
    robotScope: c.scope,
  });
}

/** A committee member returned, approved or rejected a nomination: its nominator hears, with the comment or reason. */
export async function announceReview(trx: Db, nominationId: number, status: string, comment: string | null): Promise<Announced | null> {
  const kind =
    status === "returned"
      ? "nomination-returned"
      : status === "approved"
        ? "nomination-approved"
        : status === "rejected"
          ? "nomination-rejected"
          : null;
  if (!kind) return null;
  const n = await trx
    .selectFrom("nominations")
    .select(["id", "campaign_id", "title_id", "nominator_id"])
    .where("id", "=", nominationId)
    .executeTakeFirstOrThrow();
  // Each decision is an event of its own: a nomination returned twice is told twice.
  const event = await trx
    .selectFrom("nomination_events")
    .select((eb) => eb.fn.max("id").as("id"))
    .where("nomination_id", "=", n.id)
    .executeTakeFirstOrThrow();
  const c = await campaignFacts(trx, n.campaign_id);
  const params: MessageParams = {
    campaign: c.name,
    title: await titleName(trx, n.title_id),
    nominee: await nomineeNames(trx, [n.id]),
    comment: comment ?? { message: "notify.noComment" },
  };
  const link = `/campaigns/${c.slug}/nominations/${n.id}`;
  return announce(trx, { key: `nomination:${n.id}:event:${String(event.id)}`, kind, params, link, recipients: onePerson(n.nominator_id) });
}

/** Every title is ratified and a publicity period (公示) starts: everyone in scope and the robots see the proposed winners and when objections close. */
export async function announcePublicity(trx: Db, campaignId: number, endsAt: Date): Promise<Announced> {
  const c = await campaignFacts(trx, campaignId);
  const params: MessageParams = { campaign: c.name, winners: await winnerNames(trx, c.id), endsAt: endsAt.toISOString() };
  return announce(trx, {
    key: `campaign:${c.id}:publicity:${endsAt.toISOString()}`,
    kind: "publicity-started",
    params,
    link: `/campaigns/${c.slug}/results`,
    recipients: everyoneIn(c.scope),
    robotScope: c.scope,
  });
}

/** A staff member objected to a proposed winner: the committee hears that there is an objection, not who filed it. */
export async function announceObjectionFiled(trx: Db, objectionId: number): Promise<Announced> {
  const o = await trx.selectFrom("objections").select(["id", "campaign_id", "title_id"]).where("id", "=", objectionId).executeTakeFirstOrThrow();
  const c = await campaignFacts(trx, o.campaign_id);
  return announce(trx, {
    key: `objection:${o.id}:filed`,
    kind: "objection-filed",
    params: { campaign: c.name, title: await titleName(trx, o.title_id) },
    link: `/campaigns/${c.slug}/results`,
    recipients: committeeOf(c.scope),
  });
}

/** The committee resolved an objection: its author hears the outcome. */
export async function announceObjectionResolved(trx: Db, objectionId: number): Promise<Announced | null> {
  const o = await trx
    .selectFrom("objections")
    .select(["id", "campaign_id", "title_id", "filed_by", "status", "resolution_proposal_id"])
    .where("id", "=", objectionId)
    .executeTakeFirstOrThrow();
  if (o.status === "open") return null;
  const c = await campaignFacts(trx, o.campaign_id);
  return announce(trx, {
    key: `objection:${o.id}:resolved:${String(o.resolution_proposal_id)}`,
    kind: "objection-resolved",
    params: {
      campaign: c.name,
      title: await titleName(trx, o.title_id),
      outcome: { message: o.status === "upheld" ? "notify.outcome.upheld" : "notify.outcome.dismissed" },
    },
    link: `/campaigns/${c.slug}/results`,
    recipients: onePerson(o.filed_by),
  });
}

/** A published honour roll was corrected: everyone in scope and the robots. */
export async function announceCorrection(trx: Db, campaignId: number, version: number): Promise<Announced> {
  const c = await campaignFacts(trx, campaignId);
  return announce(trx, {
    key: `honor-roll:${c.id}:v${version}`,
    kind: "honor-roll-corrected",
    params: { campaign: c.name, version },
    link: `/honor-roll/${c.slug}`,
    recipients: everyoneIn(c.scope),
    robotScope: c.scope,
  });
}

/** A colleague congratulated a winner: the winner hears who, and on which honour. */
export async function announceCongratulation(trx: Db, congratulationId: number): Promise<Announced> {
  const g = await trx
    .selectFrom("congratulations as g")
    .innerJoin("nominations as n", "n.id", "g.nomination_id")
    .innerJoin("people as a", "a.id", "g.author_id")
    .innerJoin("people as p", "p.id", "g.person_id")
    .select(["g.id", "g.person_id", "a.name as author", "n.campaign_id", "n.title_id", "p.employee_no"])
    .where("g.id", "=", congratulationId)
    .executeTakeFirstOrThrow();
  const c = await campaignFacts(trx, g.campaign_id);
  return announce(trx, {
    key: `congratulation:${g.id}`,
    kind: "congratulated",
    params: { campaign: c.name, title: await titleName(trx, g.title_id), from: g.author },
    link: `/people/${g.employee_no}`,
    recipients: onePerson(g.person_id),
  });
}

/** An import finished or failed: administrators hear. */
export async function announceImport(trx: Db, importId: number, outcome: "done" | "failed"): Promise<Announced> {
  const i = await trx.selectFrom("imports").select(["id", "file_name"]).where("id", "=", importId).executeTakeFirstOrThrow();
  return announce(trx, {
    key: `import:${i.id}:${outcome}`,
    kind: outcome === "done" ? "import-finished" : "import-failed",
    params: { id: i.id, file: i.file_name },
    link: `/admin/imports/${i.id}`,
    recipients: administrators(),
  });
}

/** A background job failed after its last try: administrators hear which queue and why. */
export async function announceJobFailed(trx: Db, job: { id: string; queue: string; error: string }): Promise<Announced> {
  return announce(trx, {
    // One notice per queue and day: a queue failing every minute (the mail server away) must not flood administrators.
    key: `job:${job.queue}:${todayInShanghai()}`,
    kind: "job-failed",
    params: { queue: job.queue, error: job.error.slice(0, 300) },
    link: "/admin/jobs",
    recipients: administrators(),
  });
}

/** How long before a campaign's scheduled close the voting reminder goes, unless its administrator chose a time. */
export const reminderLeadHours = 24;

/** A campaign's voting reminder is the event with this key and the campaign's id: the key says which campaign it reminds of (resend.server.ts). */
export const votingReminderKeyPrefix = "voting-reminder:";

/**
 * A voting reminder (notification `n`) that would now remind of nothing: its
 * campaign is no longer in voting or is past its close, or its person has
 * voted since it was written (is in the poll book). The sender cancels it
 * rather than send it (a reminder held by quiet hours or retried may wait
 * hours), and Send again cancels it rather than put it back.
 */
export const remindsOfNothing = sql<boolean>`(n.kind = 'voting-reminder' and exists (
  select 1 from campaigns c
  where n.event_key = ${votingReminderKeyPrefix} || c.id::text
    and (c.status <> 'voting' or c.closed_at <= now()
      or exists (select 1 from poll_book pb where pb.campaign_id = c.id and pb.person_id = n.person_id))))`;

/** Why such a reminder was not sent: the same words either way, so its row says no more of its person than "not sent". */
export const remindsOfNothingReason = "voting has closed or the person has voted: the reminder was not sent";

/**
 * Campaigns in voting whose reminder time has come: each voter who has not
 * voted is told so, once (the event's key), in their own notice only. No
 * robot carries it, and no page lists its recipients.
 */
export async function announceVotingReminders(db: Db, now: Date): Promise<number> {
  const due = await db
    .selectFrom("campaigns")
    .select(["id"])
    .where("status", "=", "voting")
    .where("closed_at", "is not", null)
    .where("closed_at", ">", now)
    .where(sql<boolean>`coalesce(voting_reminder_at, closed_at - make_interval(hours => ${reminderLeadHours})) <= ${now}`)
    .execute();
  let told = 0;
  for (const { id } of due) {
    told += await db.transaction().execute(async (trx) => {
      const c = await campaignFacts(trx, id);
      const written = await announce(trx, {
        key: `${votingReminderKeyPrefix}${c.id}`,
        kind: "voting-reminder",
        params: { campaign: c.name, closesAt: c.closesAt ?? "" },
        link: `/campaigns/${c.slug}/vote`,
        recipients: nonVotersIn(c.scope, c.id),
      });
      return written.notices;
    });
  }
  return told;
}

/** The committee's daily digest: while nominations of a campaign wait for review, its committee hears how many, once a day. */
export async function announceReviewWaiting(db: Db, now: Date): Promise<number> {
  const day = todayInShanghai(now);
  const waiting = await db
    .selectFrom("nominations as n")
    .innerJoin("campaigns as c", "c.id", "n.campaign_id")
    .select(["n.campaign_id", (eb) => eb.fn.countAll<string>().as("count")])
    .where("n.status", "=", "submitted")
    .where("c.status", "in", ["nominating", "reviewing"])
    .groupBy("n.campaign_id")
    .execute();
  let told = 0;
  for (const w of waiting) {
    told += await db.transaction().execute(async (trx) => {
      const c = await campaignFacts(trx, w.campaign_id);
      const written = await announce(trx, {
        key: `review-waiting:${c.id}:${day}`,
        kind: "review-waiting",
        params: { campaign: c.name, count: Number(w.count) },
        link: `/campaigns/${c.slug}/review`,
        recipients: committeeOf(c.scope),
      });
      return written.notices;
    });
  }
  return told;
}
