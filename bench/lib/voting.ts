// The voting world shared by bench:votes and bench:crash: the demo data's
// 3·15 campaign moved on to voting through the domain (the committee approves
// its waiting nominations, the administrator opens voting), a few thousand
// generated active staff in its scope, each with a session, and a ledger that
// hands out (voter, title) pairs with the version their next ballot is based on.
import { sql } from "kysely";
import type { Db } from "../../db/client";
import type { BenchDatabase } from "./database";
import { request } from "./http";
import type { Target } from "./load";
import { sessionCookiesFor } from "./sessions";
import { demoAccounts, seedDemo } from "../../app/demo/index";
import { loadUser } from "../../app/domain/auth/auth.server";
import { moveCampaign } from "../../app/domain/campaigns/transitions.server";
import { reviewNomination } from "../../app/domain/nominations/review.server";

export const votingSlug = "3-15-stars";

export interface BenchVoter {
  id: number;
  /** `__session=…`, signed with the secret the app server is given. */
  cookie: string;
}

export interface BenchTitle {
  id: number;
  slug: string;
  /** Approved nominations: what a ballot may choose. */
  nominationIds: number[];
}

export interface VotingWorld {
  campaignId: number;
  slug: string;
  titles: BenchTitle[];
  voters: BenchVoter[];
}

/** The demo account of this role (the first, for managers), as a session would load it. */
export async function demoUser(db: Db, role: "committee" | "admin" | "manager") {
  const account = demoAccounts.find((a) => a.role === role);
  if (!account) throw new Error(`the demo data has no ${role} account`);
  const { id } = await db.selectFrom("people").select("id").where("employee_no", "=", account.employeeNo).executeTakeFirstOrThrow();
  const user = await loadUser(db, id);
  if (!user) throw new Error(`the demo ${role} cannot be loaded`);
  return user;
}

/**
 * Seeds the demo data, opens voting in the 3·15 campaign (may change ballot:
 * on) and adds `voters` active staff in its unit, each signed in with a
 * session row and a cookie signed with `sessionSecret` (./sessions.ts).
 */
export async function prepareVoting(db: Db, opts: { voters: number; sessionSecret: string }): Promise<VotingWorld> {
  const seeded = await seedDemo(db, { force: true });
  if (!seeded.ok) throw new Error(`demo data not loaded: ${seeded.reason}`);
  const committee = await demoUser(db, "committee");
  const admin = await demoUser(db, "admin");
  const campaign = await db.selectFrom("campaigns").select(["id", "org_unit_id"]).where("slug", "=", votingSlug).executeTakeFirstOrThrow();
  const waiting = await db.selectFrom("nominations").select("id").where("campaign_id", "=", campaign.id).where("status", "=", "submitted").execute();
  for (const { id } of waiting) {
    const r = await reviewNomination(db, committee, votingSlug, id, { decision: "approve" });
    if (!r.ok) throw new Error(`approving nomination ${id}: ${r.error}`);
  }
  const moved = await moveCampaign(db, admin, votingSlug, "voting");
  if (!moved.ok) throw new Error(`opening voting in ${votingSlug}: ${moved.error}`);
  await db.updateTable("campaigns").set({ may_change_ballot: true }).where("id", "=", campaign.id).execute();

  const offered = await db
    .selectFrom("campaign_titles as ct")
    .innerJoin("titles as t", "t.id", "ct.title_id")
    .select(["t.id", "t.slug"])
    .where("ct.campaign_id", "=", campaign.id)
    .orderBy("ct.position")
    .execute();
  const approved = await db
    .selectFrom("nominations")
    .select(["id", "title_id"])
    .where("campaign_id", "=", campaign.id)
    .where("status", "=", "approved")
    .execute();
  const titles = offered
    .map((t) => ({ id: t.id, slug: t.slug, nominationIds: approved.filter((n) => n.title_id === t.id).map((n) => n.id) }))
    .filter((t) => t.nominationIds.length > 0);
  if (!titles.length) throw new Error(`${votingSlug} has no approved nominations`);

  // Generated staff in the campaign's own unit (in scope by definition).
  const { rows: people } = await sql<{ id: number }>`
    with made as (
      insert into people (employee_no, name, name_pinyin, org_unit_id)
      select 'BV' || lpad(i::text, 6, '0'), '投票员' || i, 'tou piao yuan ' || i || '|toupiaoyuan' || i || '|tpy', ${campaign.org_unit_id}
      from generate_series(1, ${opts.voters}) i
      returning id
    ), roles as (
      insert into person_roles (person_id, role) select id, 'staff' from made
    )
    select id from made order by id`.execute(db);

  const cookies = await sessionCookiesFor(
    db,
    people.map((p) => p.id),
    opts.sessionSecret,
  );
  const voters: BenchVoter[] = people.map((p, i) => ({ id: p.id, cookie: cookies[i] }));
  await sql`analyze`.execute(db);
  return { campaignId: campaign.id, slug: votingSlug, titles, voters };
}

/** Opens the bench database, runs `use` on it, closes it (a PGlite folder must be free again for the server). */
export async function withDatabase<T>(database: BenchDatabase, use: (db: Db) => Promise<T>): Promise<T> {
  const handle = await database.open();
  try {
    return await use(handle.db);
  } finally {
    await handle.close();
  }
}

/** One ballot as sent: who, which title, the version it creates, what it chose. */
export interface Sent {
  voterId: number;
  titleId: number;
  version: number;
  choice: number;
  receipt?: string;
}

interface Pair {
  voter: BenchVoter;
  title: BenchTitle;
  /** The voter's current version for this title, as far as the answers told. */
  version: number;
}

/**
 * Hands out (voter, title) pairs round-robin, each at most once at a time, and
 * books every answer. A pair whose answer was not a success, or never came, is
 * retired: its stored version is no longer known, so it is never sent again.
 */
export class Ledger {
  private queue: Pair[] = [];
  private head = 0;
  readonly acknowledged: Sent[] = [];
  /** Non-success answers, by status. */
  readonly refused = new Map<number, number>();
  /** Sent, and no answer came (cut off, timed out, server killed): may or may not be stored. */
  readonly unanswered: Sent[] = [];
  private inFlight = new Set<{ pair: Pair; sent: Sent }>();

  constructor(readonly world: VotingWorld) {
    // Interleave titles so consecutive requests hit different voters.
    for (const title of world.titles) for (const voter of world.voters) this.queue.push({ voter, title, version: 0 });
    let seed = 42;
    const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
    for (let i = this.queue.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [this.queue[i], this.queue[j]] = [this.queue[j], this.queue[i]];
    }
  }

  /** The next ballot to send (null: every pair is busy or retired). */
  next(): { ticket: object; cookie: string; body: string } | null {
    if (this.head >= this.queue.length) {
      this.queue = this.queue.slice(this.head);
      this.head = 0;
      if (!this.queue.length) return null;
    }
    const pair = this.queue[this.head++];
    const choice = pair.title.nominationIds[(pair.voter.id + pair.version) % pair.title.nominationIds.length];
    const sent: Sent = { voterId: pair.voter.id, titleId: pair.title.id, version: pair.version + 1, choice };
    const ticket = { pair, sent };
    this.inFlight.add(ticket);
    const body = new URLSearchParams({ title: pair.title.slug, nominationIds: String(choice), basedOn: String(pair.version) }).toString();
    return { ticket, cookie: pair.voter.cookie, body };
  }

  /** The answer to a ticket: success (302 with the receipt notice) or not. */
  answered(ticket: object, status: number, setCookie: string | string[] | undefined) {
    const t = ticket as { pair: Pair; sent: Sent };
    if (!this.inFlight.delete(t)) return;
    const receipt = status === 302 ? receiptOf(setCookie) : null;
    if (receipt) {
      t.sent.receipt = receipt;
      this.acknowledged.push(t.sent);
      t.pair.version += 1;
      this.queue.push(t.pair);
    } else {
      this.refused.set(status, (this.refused.get(status) ?? 0) + 1);
    }
  }

  /** The request never left (the connection was refused): the pair goes back as it was. */
  notSent(ticket: object) {
    const t = ticket as { pair: Pair; sent: Sent };
    if (this.inFlight.delete(t)) this.queue.push(t.pair);
  }

  /** Sent, and the connection died before an answer: it may or may not be stored. */
  noAnswer(ticket: object) {
    const t = ticket as { pair: Pair; sent: Sent };
    if (this.inFlight.delete(t)) this.unanswered.push(t.sent);
  }

  /** Every ticket without an answer so far is given up as unanswered. */
  abandonInFlight() {
    for (const t of this.inFlight) this.unanswered.push(t.sent);
    this.inFlight.clear();
  }

  get errors(): number {
    let n = 0;
    for (const count of this.refused.values()) n += count;
    return n;
  }
}

/** The receipt code in the `__notice` cookie a successful cast sets (app/web/notice.server.ts). */
export function receiptOf(setCookie: string | string[] | undefined): string | null {
  for (const c of Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : []) {
    const m = /^__notice=([^;]+)/.exec(c);
    if (!m) continue;
    try {
      const notice = JSON.parse(decodeURIComponent(m[1])) as { key?: string; vars?: { receipt?: unknown } };
      if (notice.key === "voting.page.cast" && typeof notice.vars?.receipt === "string") return notice.vars.receipt;
    } catch {
      return null;
    }
  }
  return null;
}

export interface Check {
  acknowledged: number;
  stored: number;
  /** Acknowledged, and not stored as acknowledged (missing, other receipt or other choices). */
  lost: number;
  /** Current ballots beyond one per voter and title (per title: current ballots against the poll book's voters). */
  duplicates: number;
  /** Stored, not acknowledged: each must be one of the unanswered requests. */
  unacknowledgedStored: number;
  /** Stored ballots matching no request that was sent at all (must be 0). */
  unexplained: number;
  samples: string[];
}

/**
 * Compares what the answers acknowledged with the ballots and choices in the
 * database. A ballot names no voter (decision 0041): each acknowledged one is
 * found by its receipt; the voter's link, while voting, points at their
 * current ballot, which must be their latest acknowledged version (or a later
 * one left unanswered).
 */
export async function checkStored(db: Db, ledger: Ledger): Promise<Check> {
  const campaignId = ledger.world.campaignId;
  const { rows } = await sql<{ receipt_code: string; title_id: number; voter_id: number | null; version: number | null; choices: number[] | null }>`
    select b.receipt_code, b.title_id, l.voter_id, l.version,
           array_agg(c.nomination_id order by c.nomination_id) filter (where c.nomination_id is not null) as choices
    from ballots b left join ballot_links l on l.ballot_id = b.id left join ballot_choices c on c.ballot_id = b.id
    where b.campaign_id = ${campaignId}
    group by b.id, b.receipt_code, b.title_id, l.voter_id, l.version`.execute(db);
  const pair = (s: { titleId: number; voterId: number }) => `${s.titleId}:${s.voterId}`;
  const stored = new Map(rows.map((r) => [r.receipt_code, r]));
  const samples: string[] = [];
  let lost = 0;
  const acked = new Set<string>();
  const latest = new Map<string, number>();
  for (const a of ledger.acknowledged) {
    acked.add(a.receipt!);
    latest.set(pair(a), Math.max(latest.get(pair(a)) ?? 0, a.version));
    const row = stored.get(a.receipt!);
    const same =
      row &&
      row.title_id === a.titleId &&
      JSON.stringify((row.choices ?? []).map(Number)) === JSON.stringify([a.choice]) &&
      (row.voter_id === null || (row.voter_id === a.voterId && row.version === a.version));
    if (!same) {
      lost += 1;
      if (samples.length < 5) samples.push(`acknowledged ${JSON.stringify(a)} stored as ${JSON.stringify(row ?? null)}`);
    }
  }
  const unanswered = new Set(ledger.unanswered.map((u) => `${pair(u)}:${u.version}`));
  let unacknowledgedStored = 0;
  let unexplained = 0;
  let unlinked = 0;
  for (const [receipt, row] of stored) {
    if (row.voter_id !== null && (latest.get(`${row.title_id}:${row.voter_id}`) ?? 0) > row.version!) {
      // The link points at an older ballot than one acknowledged.
      lost += 1;
      if (samples.length < 5) samples.push(`link of ${row.title_id}:${row.voter_id} at version ${row.version} behind an acknowledged one`);
    }
    if (acked.has(receipt)) continue;
    if (row.voter_id === null) unlinked += 1;
    else if (unanswered.has(`${row.title_id}:${row.voter_id}:${row.version}`)) unacknowledgedStored += 1;
    else {
      unexplained += 1;
      if (samples.length < 5) samples.push(`stored ${receipt} (${row.title_id}:${row.voter_id}:${row.version}) matches no request sent`);
    }
  }
  // A replaced ballot nobody acknowledged can only be one of the unanswered requests.
  const room = Math.max(0, ledger.unanswered.length - unacknowledgedStored);
  unacknowledgedStored += Math.min(unlinked, room);
  unexplained += Math.max(0, unlinked - room);
  // More than one current ballot for a voter and title: per title, current ballots beyond the poll book's voters.
  const dup = await sql<{ n: string | number }>`
    with box as (
      select b.title_id, count(*) filter (where coalesce(b.counted, not cp.may_change_ballot or l.ballot_id is not null)) as current
      from ballots b join campaigns cp on cp.id = b.campaign_id left join ballot_links l on l.ballot_id = b.id
      where b.campaign_id = ${campaignId} group by b.title_id
    ), book as (
      select title_id, count(*) as voters from poll_book where campaign_id = ${campaignId} group by title_id
    )
    select coalesce(sum(abs(coalesce(box.current, 0) - coalesce(book.voters, 0))), 0) as n
    from box full join book on book.title_id = box.title_id`.execute(db);
  return {
    acknowledged: ledger.acknowledged.length,
    stored: rows.length,
    lost,
    duplicates: Number(dup.rows[0].n),
    unacknowledgedStored,
    unexplained,
    samples,
  };
}

/**
 * Real votes as a load target: each request a cast by the next (voter,
 * title) pair of the ledger, with that voter's cookie and the server's
 * Origin, its answer recorded; a cast answers 302. Requests cut off at a
 * slice's end are abandoned, as bench:votes counts them.
 */
export function voteTarget(ledger: Ledger, origin: string, votePath: string, extra: Pick<Target, "cpu"> = {}): Target {
  return {
    url: `${origin}${votePath}`,
    ok: (status) => status === 302,
    afterSlice: () => ledger.abandonInFlight(),
    ...extra,
    requests: [
      {
        method: "POST",
        path: votePath,
        setupRequest(req, context) {
          const next = ledger.next();
          if (!next) throw new Error("every (voter, title) pair is retired: too many errors");
          context.ticket = next.ticket;
          return {
            ...req,
            headers: { ...req.headers, cookie: next.cookie, origin, "content-type": "application/x-www-form-urlencoded" },
            body: next.body,
          };
        },
        onResponse(status, _body, context, headers) {
          ledger.answered(context.ticket as object, status, headers["set-cookie"] ?? headers["Set-Cookie"]);
        },
      },
    ],
  };
}

/**
 * One vote cast by hand before the load: the next (voter, title) pair of the
 * ledger posts its ballot as the load will, and must get a 302 with a
 * receipt. Returns the pair it used (bench:votes sends the baseline the same
 * cookie and body).
 */
export async function castOneVote(ledger: Ledger, origin: string, votePath: string) {
  const first = ledger.next()!;
  const cast = await request(`${origin}${votePath}`, {
    method: "POST",
    headers: { cookie: first.cookie, origin, "content-type": "application/x-www-form-urlencoded" },
    body: first.body,
  });
  ledger.answered(first.ticket, cast.status, cast.headers["set-cookie"]);
  if (cast.status !== 302 || !receiptOf(cast.headers["set-cookie"])) {
    throw new Error(`POST ${votePath}: HTTP ${cast.status}, expected 302 with a receipt\n${cast.body.toString("utf8").slice(0, 2_000)}`);
  }
  return first;
}
