// Builders for the voting tests: the nominations world (givenNominatingCampaign)
// with approved nominations, moved on to voting, so each test states only
// what it is about.
import type { Db } from "../../db/client";
import { sessionCookiesFor } from "../../bench/lib/sessions";
import type { User } from "../../app/domain/auth/user";
import type { Phase } from "../../app/domain/campaigns/life-cycle";
import { reviewNomination } from "../../app/domain/nominations/review.server";
import { saveNomination } from "../../app/domain/nominations/saving.server";
import type { NominationInput } from "../../app/domain/nominations/schema";
import { nameKey } from "../../app/domain/people/name-key.server";
import type { BallotInput } from "../../app/domain/voting/schema";
import { givenPerson } from "./builders";
import { aNomination, givenNominatingCampaign, moveTo, type NominatingCampaign } from "./nominations";
import { client, demoAccount, type TestServer } from "./server";

export interface VotingCampaign extends NominatingCampaign {
  /** Staff of team B, nominated for the star title and rejected. */
  gina: User;
  /** Approved for the star title: Alice, Bob, Carol. Rejected: Gina. */
  starAlice: number;
  starBob: number;
  starCarol: number;
  starGina: number;
  /** Approved for the model title: the team of Bob and Carol, and Alice alone. */
  modelTeam: number;
  modelAlice: number;
}

async function nominate(db: Db, w: NominatingCampaign, by: User, input: NominationInput, decision: "approve" | "reject" = "approve") {
  const saved = await saveNomination(db, by, w.slug, null, input, { submit: true });
  if (!saved.ok) throw new Error(`could not nominate: ${saved.error} ${JSON.stringify(saved.vars ?? {})}`);
  const id = saved.value.id;
  const r = await reviewNomination(db, w.committee, w.slug, id, decision === "approve" ? { decision } : { decision, comment: "证据不足。" });
  if (!r.ok) throw new Error(`could not ${decision} nomination ${id}: ${r.error}`);
  return id;
}

/**
 * The nominations world with approved nominations for both titles (and a
 * rejected one), moved on to `phase` (default: voting). `votesPerVoter` (K,
 * of every title), `mayChangeBallot` and `quorum` set the campaign's rules
 * (defaults 1, true and 1).
 */
export async function givenVotingCampaign(
  db: Db,
  opts: { phase?: Phase; votesPerVoter?: number; mayChangeBallot?: boolean; quorum?: number } = {},
): Promise<VotingCampaign> {
  const w = await givenNominatingCampaign(db);
  // The campaign is past its draft, where the form could change these: set them as an administrator would have.
  await db
    .updateTable("campaigns")
    .set({ may_change_ballot: opts.mayChangeBallot ?? true, committee_quorum: opts.quorum ?? 1 })
    .where("id", "=", w.campaignId)
    .execute();
  await db
    .updateTable("campaign_titles")
    .set({ votes_per_voter: opts.votesPerVoter ?? 1 })
    .where("campaign_id", "=", w.campaignId)
    .execute();
  const gina = await givenPerson(db, { unit: w.units.teamB, name: "郑琳" });
  const model = (over: Partial<NominationInput>) =>
    aNomination(w, {
      titleSlug: w.model.slug,
      metrics: [
        {
          templateId: w.model.templateId,
          name: "一次解决率",
          value: 95.5,
          unit: "%",
          period: "2026年第三季度",
          target: 90,
          baseline: null,
          direction: "higher",
          source: "工单系统",
        },
      ],
      ...over,
    });
  const world: VotingCampaign = {
    ...w,
    gina,
    starAlice: await nominate(db, w, w.manager, aNomination(w)),
    starBob: await nominate(db, w, w.manager, aNomination(w, { nominees: [w.bob.employeeNo] })),
    starCarol: await nominate(db, w, w.managerB, aNomination(w, { nominees: [w.carol.employeeNo] })),
    starGina: await nominate(db, w, w.managerB, aNomination(w, { nominees: [gina.employeeNo] }), "reject"),
    modelTeam: await nominate(
      db,
      w,
      w.centreManager,
      model({ kind: "team", teamName: "装维先锋队", nominees: [w.bob.employeeNo, w.carol.employeeNo] }),
    ),
    modelAlice: await nominate(db, w, w.manager, model({ nominees: [w.alice.employeeNo] })),
  };
  await moveTo(db, w, opts.phase ?? "voting");
  return world;
}

/** A ballot for the star title (or `title`) with these nominations, based on `basedOn` (default 0: a first ballot). */
export function choose(w: Pick<VotingCampaign, "star">, nominationIds: number[], basedOn = 0, title: string = w.star.slug): BallotInput {
  return { titleSlug: title, nominationIds, basedOn };
}

let bulk = 0;

/**
 * `n` active staff in `unit`, inserted in two statements (no password): for
 * tests that need hundreds of voters. Returned as the User a session would load.
 */
export async function givenStaff(db: Db, unit: string, n: number): Promise<User[]> {
  const batch = ++bulk;
  const { id: unitId } = await db.selectFrom("org_units").select("id").where("code", "=", unit).executeTakeFirstOrThrow();
  const values = Array.from({ length: n }, (_, i) => {
    const name = `投票员${batch}-${i}`;
    return { employee_no: `V${batch}${unit}-${i}`.slice(0, 40), name, name_pinyin: nameKey(name), org_unit_id: unitId, email: null };
  });
  const people = await db.insertInto("people").values(values).returning(["id", "employee_no", "name"]).execute();
  await db
    .insertInto("person_roles")
    .values(people.map((p) => ({ person_id: p.id, role: "staff" as const, org_unit_id: null })))
    .execute();
  return people.map((p) => ({
    id: p.id,
    employeeNo: p.employee_no,
    name: p.name,
    locale: null,
    orgUnitId: unitId,
    roles: [{ role: "staff", orgUnitId: null, orgCode: null, orgPath: null }],
  }));
}

/**
 * The ballots stored in a campaign, in id order (while voting, oldest first),
 * with their choices; `voterId` and `version` from the voter's link, which
 * only a current ballot of a campaign that allows changes has while voting
 * (null otherwise: decision 0041).
 */
export async function ballotsOf(db: Db, w: Pick<VotingCampaign, "campaignId">) {
  const ballots = await db
    .selectFrom("ballots as b")
    .leftJoin("ballot_links as l", "l.ballot_id", "b.id")
    .select(["b.id", "b.title_id", "b.receipt_code", "b.counted", "l.voter_id", "l.version"])
    .where("b.campaign_id", "=", w.campaignId)
    .orderBy("b.id")
    .execute();
  const choices = ballots.length
    ? await db
        .selectFrom("ballot_choices")
        .select(["ballot_id", "nomination_id"])
        .where(
          "ballot_id",
          "in",
          ballots.map((b) => b.id),
        )
        .orderBy("nomination_id")
        .execute()
    : [];
  return ballots.map((b) => ({
    id: b.id,
    titleId: b.title_id,
    voterId: b.voter_id,
    version: b.version,
    receipt: b.receipt_code,
    counted: b.counted,
    choices: choices.filter((c) => c.ballot_id === b.id).map((c) => c.nomination_id),
  }));
}

/** The poll book of a campaign: who voted for which title, and the hour. */
export function pollBookOf(db: Db, w: Pick<VotingCampaign, "campaignId">) {
  return db
    .selectFrom("poll_book")
    .select(["title_id", "person_id", "voted_at"])
    .where("campaign_id", "=", w.campaignId)
    .orderBy("title_id")
    .orderBy("person_id")
    .execute();
}

/** The audit entries of cast ballots. */
export function ballotAudit(db: Db) {
  return db
    .selectFrom("audit_log")
    .select(["action", "actor_id", "subject_type", "subject_id", "before", "after"])
    .where("action", "=", "ballot.cast")
    .orderBy("id")
    .execute();
}

/** Everything castBallot may write: compare before and after a refusal to show nothing was stored. */
export async function storedVotes(db: Db, w: Pick<VotingCampaign, "campaignId">) {
  const [ballots, pollBook, audit, choices] = await Promise.all([
    ballotsOf(db, w),
    pollBookOf(db, w),
    ballotAudit(db),
    db
      .selectFrom("ballot_choices")
      .select((eb) => eb.fn.countAll<string | number>().as("n"))
      .executeTakeFirstOrThrow(),
  ]);
  return { ballots, pollBook, audit, choices: Number(choices.n) };
}

/**
 * The demo's 3·15 campaign moved on to voting over HTTP, as its people would:
 * the committee approves every nomination waiting in its queue, then the
 * administrator opens voting. For tests against a running test server (the
 * server owns its database; PGlite is one process).
 */
export async function openDemoVoting(server: Pick<TestServer, "url">, slug = "3-15-stars"): Promise<void> {
  const committee = client(server, { language: "en" });
  await committee.signIn(demoAccount("committee"));
  const queue = await (await committee.get(`/campaigns/${slug}/review`)).text();
  const pages = [...new Set([...queue.matchAll(/href="(\/campaigns\/[^/"]+\/nominations\/\d+)#decide"/g)].map((m) => m[1]))];
  for (const page of pages) {
    const r = await committee.post(`${page}?index`, { decision: "approve" });
    if (r.status !== 302) throw new Error(`approving ${page} answered ${r.status}`);
  }
  const admin = client(server, { language: "en" });
  await admin.signIn(demoAccount("admin"));
  const moved = await admin.post(`/admin/campaigns/${slug}`, { intent: "move", to: "voting" });
  if (moved.status !== 302) throw new Error(`opening voting in ${slug} answered ${moved.status}`);
}

export interface DemoVoters {
  campaignId: number;
  /** The campaign's first title, which the voters vote for. */
  titleId: number;
  titleSlug: string;
  /** Its approved nominations. */
  nominationIds: number[];
  /** Active people, none of them a nominee of the title, who have not voted in the campaign, each with a signed-in cookie (`__session=…`). */
  voters: Array<{ personId: number; cookie: string }>;
}

/**
 * `count` voters for a demo campaign that is voting, signed in without the
 * login form (their sessions inserted as sign-in writes them, the cookie
 * signed with the server's SESSION_SECRET: bench/lib/sessions.ts).
 */
export async function demoVoters(db: Db, slug: string, count: number, sessionSecret: string): Promise<DemoVoters> {
  const title = await db
    .selectFrom("campaign_titles as ct")
    .innerJoin("campaigns as c", "c.id", "ct.campaign_id")
    .innerJoin("titles as t", "t.id", "ct.title_id")
    .select(["c.id as campaignId", "t.id as titleId", "t.slug"])
    .where("c.slug", "=", slug)
    .orderBy("ct.position")
    .executeTakeFirstOrThrow();
  const nominations = await db
    .selectFrom("nominations as n")
    .innerJoin("nomination_nominees as ne", "ne.nomination_id", "n.id")
    .select(["n.id", "ne.person_id"])
    .where("n.campaign_id", "=", title.campaignId)
    .where("n.title_id", "=", title.titleId)
    .where("n.status", "=", "approved")
    .execute();
  const people = await db
    .selectFrom("people as p")
    .select("p.id")
    .where("p.status", "=", "active")
    .where(
      "p.id",
      "not in",
      nominations.map((n) => n.person_id),
    )
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom("poll_book as pb")
            .select("pb.person_id")
            .whereRef("pb.person_id", "=", "p.id")
            .where("pb.campaign_id", "=", title.campaignId),
        ),
      ),
    )
    .orderBy("p.id")
    .limit(count)
    .execute();
  const cookies = await sessionCookiesFor(
    db,
    people.map((p) => p.id),
    sessionSecret,
  );
  return {
    campaignId: title.campaignId,
    titleId: title.titleId,
    titleSlug: title.slug,
    nominationIds: [...new Set(nominations.map((n) => n.id))],
    voters: people.map((p, i) => ({ personId: p.id, cookie: cookies[i] })),
  };
}
