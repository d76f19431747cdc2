import { randomBytes } from "node:crypto";
import { sql } from "kysely";
import type { Db } from "../../../db/client";
import type { NominationStatus } from "../../../db/schema";
import { auditColumns, auditInsert, auditRelation, auditValues, type AuditEntry, type AuditRow } from "../audit/entry.server";
import { batched } from "../../../db/batched";
import { hasRole, type User } from "../auth/user";
import { campaignRefOf, sightOf, visibleCampaignQuery, type CampaignRef, type CampaignSight } from "../campaigns/visibility.server";
import { ownPathOfU } from "../org/unit-path.server";
import { int } from "../../../db/values";
import { precompiled } from "../../../db/precompiled";
import { err, ok, type Result } from "../result";
import { isRowId } from "../row-id";
import {
  receiptCode,
  refusalStatus,
  whyCannotVote,
  whyCannotVoteIn,
  type ChosenNomination,
  type Voter,
  type VoteRefusal,
  type VotingCampaign,
} from "./rules";
import type { BallotInput } from "./schema";

// Peer voting: a staff member casts one ballot per title; a change appends the
// next version. Every rule is asked of rules.ts; this file gathers the facts,
// writes in one statement and audits that someone voted, never for whom.
// Voting is the busiest moment of the portal (bench:votes): one read and one
// write per ballot, each built once (db/precompiled.ts) and shared by the
// ballots of the same moment (db/batched.ts).

function refusal(r: VoteRefusal, votesPerVoter: number) {
  return r === "voting.tooMany" ? err(r, refusalStatus(r), { max: votesPerVoter }) : err(r, refusalStatus(r));
}

export interface Cast {
  receipt: string;
  version: number;
}

interface CastFacts {
  found: CampaignRef;
  campaign: VotingCampaign & { id: number };
  now: Date;
  voter: Voter;
  titleId: number | null;
  /** The title's K (0 when the campaign does not offer the title). */
  votesPerVoter: number;
  nominations: Map<number, ChosenNomination>;
  /** The voter's current version for the title (0: none). */
  current: number;
}

interface CastFactsRow {
  id: number;
  slug: string;
  name_zh: string;
  name_en: string;
  status: CampaignRef["status"];
  unit_zh: string;
  unit_en: string | null;
  unit_path: string;
  unit_id: number;
  votes_per_voter: number | null;
  may_change_ballot: boolean;
  closed_at: Date | null;
  now: Date;
  person_status: string | null;
  voter_path: string | null;
  title_id: number | null;
  nominations: Array<{ id: number; campaign_id: number; title_id: number; status: NominationStatus; nominees: number[] }>;
  current: number | string | null;
}

/** What castFacts asks for one ballot. */
interface FactsAsked {
  sight: CampaignSight;
  slug: string;
  voterId: number;
  /** The chosen nominations, distinct and within int4. */
  ids: number[];
  titleSlug: string;
}

/** Integers as PostgreSQL's array text ("{1,2,3}"): one element of a text[] parameter, cast back with `::int[]`. */
const intArrayText = (xs: number[]) => `{${xs.join(",")}}`;

/**
 * Everything the rules need for a ballot, in one statement: the campaign
 * (only if this person may see it) with its voting settings and the
 * database's clock, the voter as they are now, the title, the chosen
 * nominations with their nominees, and the voter's current version for that
 * title. Voting is the busiest moment of the portal: one round trip here
 * instead of eight, built once (docs/benchmarks.md, bench:votes). The
 * ballots of one moment are asked together (decision 0023): one row of `r`
 * each, with its place (`i`), and f's columns null where the person may not
 * see such a campaign.
 */
const castFactsRead = precompiled(
  (
    db,
    v: {
      ordinals: number[];
      slugs: string[];
      voterIds: number[];
      titleSlugs: string[];
      alls: boolean[];
      everyScopes: boolean[];
      units: string[];
      ids: string[];
    },
  ) => sql<Omit<CastFactsRow, "id"> & { i: number; id: number | null }>`
    select r.i, f.*
    from unnest(${v.ordinals}::int[], ${v.slugs}::text[], ${v.voterIds}::int[], ${v.titleSlugs}::text[], ${v.alls}::boolean[], ${v.everyScopes}::boolean[], ${v.units}::text[], ${v.ids}::text[])
      as r (i, slug, voter_id, title_slug, all_campaigns, every_scope, units, ids)
    left join lateral (
      select c.id, c.slug, c.name_zh, c.name_en, c.status, c.unit_zh, c.unit_en, c.unit_path, c.unit_id,
        ct.votes_per_voter, c.may_change_ballot, c.closed_at, now() as now,
        p.status as person_status, ${ownPathOfU} as voter_path,
        t.id as title_id,
        coalesce((
          select json_agg(json_build_object('id', n.id, 'campaign_id', n.campaign_id, 'title_id', n.title_id, 'status', n.status,
            'nominees', coalesce((select json_agg(nn.person_id) from nomination_nominees nn where nn.nomination_id = n.id), '[]'::json)))
          from nominations n where n.id = any(r.ids::int[])
        ), '[]'::json) as nominations,
        -- The linked version where a change is allowed; where it is not, the poll book says whether the one ballot is in.
        coalesce(
          (select l.version from ballot_links l where l.campaign_id = c.id and l.title_id = t.id and l.voter_id = r.voter_id),
          (select 1 from poll_book pb where pb.campaign_id = c.id and pb.title_id = t.id and pb.person_id = r.voter_id),
          0) as current
      from (${visibleCampaignQuery(db, { all: sql`r.all_campaigns`, everyScope: sql`r.every_scope`, units: sql`r.units::int[]` }, sql`r.slug`)}) c
      left join people p on p.id = r.voter_id
      left join org_units u on u.id = p.org_unit_id
      left join (campaign_titles ct join titles t on t.id = ct.title_id) on ct.campaign_id = c.id and t.slug = r.title_slug
    ) f on true`,
);

/** The facts of the ballots cast at the same moment, asked in one statement (castFactsRead). */
const castFactsOf = batched(async (db: Db, asked: FactsAsked[]): Promise<Map<FactsAsked, CastFactsRow>> => {
  const rows = await castFactsRead(db, {
    ordinals: asked.map((_, i) => i),
    slugs: asked.map((a) => a.slug),
    voterIds: asked.map((a) => a.voterId),
    titleSlugs: asked.map((a) => a.titleSlug),
    alls: asked.map((a) => a.sight.all),
    everyScopes: asked.map((a) => a.sight.everyScope),
    units: asked.map((a) => intArrayText(a.sight.units)),
    ids: asked.map((a) => intArrayText(a.ids)),
  });
  return new Map(rows.flatMap(({ i, id, ...facts }) => (id === null ? [] : [[asked[i], { ...facts, id }] as const])));
});

/** The facts for one ballot (castFactsRead); null: no such campaign for this person. */
async function castFacts(db: Db, voter: User, slug: string, input: BallotInput): Promise<CastFacts | null> {
  const ids = [...new Set(input.nominationIds.filter(isRowId))];
  const r = await castFactsOf(db, { sight: sightOf(voter), slug, voterId: voter.id, ids, titleSlug: input.titleSlug });
  if (!r) return null;
  const found = campaignRefOf(r);
  return {
    found,
    campaign: { id: r.id, status: r.status, unitPath: found.unitPath, mayChangeBallot: r.may_change_ballot, closesAt: r.closed_at },
    now: new Date(r.now),
    voter: { id: voter.id, active: r.person_status === "active", staff: hasRole(voter, "staff"), unitPath: r.voter_path ?? "" },
    titleId: r.title_id,
    votesPerVoter: r.votes_per_voter ?? 0,
    nominations: new Map(
      r.nominations.map((n) => [n.id, { id: n.id, campaignId: n.campaign_id, titleId: n.title_id, status: n.status, nomineeIds: n.nominees }]),
    ),
    current: int(r.current),
  };
}

/** One ballot to write: the row, its choices and its audit entry. */
interface BallotWrite {
  campaignId: number;
  titleId: number | null;
  voterId: number;
  version: number;
  receipt: string;
  chosen: number[];
  audit: AuditRow;
}

/** What became of a ballot written: stored; not stored, the campaign no longer voting; not stored, another ballot took its version. */
type Written = "stored" | "closed" | "stale";

/**
 * Ballots, their choices and their audit entries in one atomic statement,
 * each only while its campaign is still voting (castBallot says why); built
 * once. The values come as one array per column, a ballot's place in them
 * (`i`) joining its choices and its entry to it. A ballot whose version is
 * taken is left out, not an error, so one stale ballot does not fail the
 * others.
 *
 * The poll book and the ballot box are written apart (decision 0041): a first
 * ballot gets in through the poll book's key (voter, title), a change through
 * the voter's link, locked and still at the version the form was based on.
 * Only where the campaign allows a change is the new ballot linked to its
 * voter: a first one gets a link, a change moves it, so a replaced ballot is
 * linked to nobody. The ballot row itself names no voter and no time.
 */
const ballotsWrite = precompiled(
  (
    db,
    v: ReturnType<typeof auditColumns> & {
      ordinals: number[];
      campaignIds: number[];
      titleIds: Array<number | null>;
      voterIds: number[];
      versions: number[];
      receipts: string[];
      choiceOf: number[];
      choices: number[];
    },
  ) => sql<{ i: number; stored: boolean; open: boolean }>`
    with req as (
      select * from unnest(${v.ordinals}::int[], ${v.campaignIds}::int[], ${v.titleIds}::int[], ${v.voterIds}::int[], ${v.versions}::int[], ${v.receipts}::text[])
        as r (i, campaign_id, title_id, voter_id, version, receipt)
    ), open as (
      select id, may_change_ballot from campaigns
      where id in (select campaign_id from req) and status = 'voting' and (closed_at is null or closed_at > now())
      for share
    ), firsts as (
      insert into poll_book (campaign_id, title_id, person_id)
      select distinct r.campaign_id, r.title_id, r.voter_id from req r join open on open.id = r.campaign_id where r.version = 1
      -- In the key's order: two batches (two instances) racing for the same keys wait in one order, never for each other.
      order by r.campaign_id, r.title_id, r.voter_id
      on conflict do nothing
      returning campaign_id, title_id, person_id
    ), changing as materialized (
      -- The link still at the version the form was based on, locked (in key order); one a concurrent change moved is not.
      select l.campaign_id, l.title_id, l.voter_id, l.version from ballot_links l
      join req r on r.campaign_id = l.campaign_id and r.title_id = l.title_id and r.voter_id = l.voter_id and r.version = l.version + 1
      join open on open.id = r.campaign_id
      order by l.campaign_id, l.title_id, l.voter_id
      for update of l
    ), accepted as (
      -- One ballot per voter and title of the batch: the same form sent twice at once is stored once.
      select distinct on (r.campaign_id, r.title_id, r.voter_id) r.*, open.may_change_ballot
      from req r join open on open.id = r.campaign_id
      where (r.version = 1 and exists (select 1 from firsts f where f.campaign_id = r.campaign_id and f.title_id = r.title_id and f.person_id = r.voter_id))
         or (r.version > 1 and exists (select 1 from changing k where k.campaign_id = r.campaign_id and k.title_id = r.title_id and k.voter_id = r.voter_id and k.version = r.version - 1))
      order by r.campaign_id, r.title_id, r.voter_id, r.i
    ), ballot as (
      insert into ballots (campaign_id, title_id, receipt_code)
      select a.campaign_id, a.title_id, a.receipt from accepted a
      returning id, campaign_id, title_id, receipt_code
    ), written as (
      select a.i, a.voter_id, a.version, a.may_change_ballot, ballot.id, ballot.campaign_id, ballot.title_id
      from ballot join accepted a on a.receipt = ballot.receipt_code
    ), linked as (
      insert into ballot_links (campaign_id, title_id, voter_id, ballot_id, version)
      select w.campaign_id, w.title_id, w.voter_id, w.id, w.version from written w where w.may_change_ballot and w.version = 1
    ), moved as (
      update ballot_links l set ballot_id = w.id, version = w.version
      from written w
      where w.version > 1 and l.campaign_id = w.campaign_id and l.title_id = w.title_id and l.voter_id = w.voter_id
    ), choices as (
      insert into ballot_choices (ballot_id, nomination_id, campaign_id, title_id)
      select w.id, c.nomination_id, w.campaign_id, w.title_id
      from written w join unnest(${v.choiceOf}::int[], ${v.choices}::int[]) as c (i, nomination_id) on c.i = w.i
    ), audited as (
      ${auditInsert(sql`from written w join ${auditRelation(v, v.ordinals)} on a.i = w.i order by w.i`)}
    )
    select r.i, w.id is not null as stored, open.id is not null as open
    from req r left join written w on w.i = r.i left join open on open.id = r.campaign_id`,
);

async function writeBallots(db: Db, batch: BallotWrite[]): Promise<Written[]> {
  const rows = await ballotsWrite(db, {
    ordinals: batch.map((_, i) => i),
    campaignIds: batch.map((b) => b.campaignId),
    titleIds: batch.map((b) => b.titleId),
    voterIds: batch.map((b) => b.voterId),
    versions: batch.map((b) => b.version),
    receipts: batch.map((b) => b.receipt),
    choiceOf: batch.flatMap((b, i) => b.chosen.map(() => i)),
    choices: batch.flatMap((b) => b.chosen),
    ...auditColumns(batch.map((b) => b.audit)),
  });
  const by = new Map(rows.map((r) => [r.i, r]));
  return batch.map((_, i) => {
    const r = by.get(i);
    return r?.stored ? "stored" : r?.open ? "stale" : "closed";
  });
}

/**
 * The ballots cast at the same moment, written by one statement and one
 * commit (batched, decision 0023). A ballot is acknowledged only after the
 * statement that wrote it has committed. If the database refuses the
 * statement, nothing of it was written, and each ballot is tried again on its
 * own, so that the one it refused fails alone.
 */
const ballotWrites = batched(async (db: Db, batch: BallotWrite[]): Promise<Map<BallotWrite, PromiseSettledResult<Written>>> => {
  try {
    const written = await writeBallots(db, batch);
    return new Map(batch.map((b, i) => [b, { status: "fulfilled", value: written[i] }]));
  } catch (error) {
    if (batch.length === 1) throw error;
    const alone = await Promise.allSettled(batch.map(async (b) => (await writeBallots(db, [b]))[0]));
    return new Map(batch.map((b, i) => [b, alone[i]]));
  }
});

/**
 * Casts the voter's ballot for one title: a new row with the next version
 * (the first is 1). The form says which version it was based on; a form
 * older than the stored ballot is refused as stale, so a second tab or a
 * double submit never overwrites a newer choice.
 *
 * One read, the rules, then one atomic statement that writes the ballot, its
 * choices and the audit entry only if the campaign is still voting, under a
 * share lock on the campaign row: an administrator's close waits for ballots
 * in flight, and a ballot after it finds the campaign closed and writes
 * nothing. Two submits racing past the check both ask for the same version:
 * the poll book's key (a first ballot) or the link's row lock (a change) lets
 * one in and the other is the same stale refusal (decision 0041).
 * Ballots cast at the same moment share that statement (ballotWrites).
 */
export async function castBallot(db: Db, voter: User, slug: string, input: BallotInput): Promise<Result<Cast>> {
  const f = await castFacts(db, voter, slug, input);
  if (!f) return err("campaigns.notFound", 404);
  const { found } = f;
  const early = whyCannotVoteIn(f.campaign, f.voter, f.now);
  if (early) return refusal(early, f.votesPerVoter);
  const why = whyCannotVote({
    campaign: f.campaign,
    titleId: f.titleId,
    votesPerVoter: f.votesPerVoter,
    voter: f.voter,
    chosen: input.nominationIds,
    nominations: f.nominations,
    current: f.current,
    basedOn: input.basedOn,
    now: f.now,
  });
  if (why) return refusal(why, f.votesPerVoter);
  const receipt = receiptCode(randomBytes(12));
  const version = f.current + 1;
  // That this person voted for this title, never for whom: no nomination, no choice, no receipt.
  const entry: AuditEntry = {
    action: "ballot.cast",
    subjectType: "campaign",
    subjectId: found.id,
    after: { campaign: found.slug, title: input.titleSlug },
  };
  const written = await ballotWrites(db, {
    campaignId: found.id,
    titleId: f.titleId,
    voterId: voter.id,
    version,
    receipt,
    chosen: input.nominationIds,
    audit: auditValues(voter, entry),
  });
  if (written?.status !== "fulfilled") throw written?.reason ?? new Error("castBallot: the ballot's write gave no answer");
  // Closed between the read and the write (by the administrator or the clock).
  if (written.value === "closed") return refusal("voting.closed", f.votesPerVoter);
  if (written.value === "stale") return err("voting.stale", 409);
  return ok({ receipt, version });
}
