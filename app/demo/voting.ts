import { loadUser } from "../domain/auth/auth.server";
import type { User } from "../domain/auth/user";
import { createCampaign } from "../domain/campaigns/campaigns.server";
import { moveCampaign } from "../domain/campaigns/transitions.server";
import type { CampaignInput } from "../domain/campaigns/schema";
import { reviewNomination } from "../domain/nominations/review.server";
import { saveNomination } from "../domain/nominations/saving.server";
import type { Result } from "../domain/result";
import { correctHonorRoll } from "../domain/publishing/corrections.server";
import { publishingPage } from "../domain/publishing/publish-page.server";
import type { WinnerChoice } from "../domain/publishing/choices";
import { ratifyTitle } from "../domain/results/ratification.server";
import { resultsFor } from "../domain/results/results.server";
import { castBallot } from "../domain/voting/casting.server";
import type { Db } from "../../db/client";
import { demoCorrectionReason, honorRollDemoNominations, type HonorRollDemoNomination } from "./honor-roll-content";
import { votingDemoNominations, type DemoNomination, type DemoPhotoScene } from "./nomination-content";
import { demoAccounts } from "./people";
import { nominationDemoPhotos } from "./nominations";
import type { DemoPhotoRef, DemoPhotos } from "./photos";
import { silent, type Report } from "./progress";
import { seededRandom, type Random } from "./random";

// Four campaigns that show the vote and what follows it, so each role finds
// work waiting and a newcomer finds honour rolls: "2026-11" is open for
// voting (the demo accounts have not voted: "Vote now"), "2026-10" is closed
// with one title tied at the cut-off (the committee ratifies on
// /campaigns/2026-10/results), and "2025-annual" and "2026-q3" are published
// — last year's roll with a correction (version 2), last quarter's as the
// latest. Unlike the other demo campaigns they are not written row by row: the
// administrator creates them and moves them through their phases, managers
// submit the nominations, the committee approves them and ratifies the
// winners, generated staff cast ballots, and the administrator publishes
// (choosing photos and headline metrics) and corrects, all through the
// use-cases, so every rule, history row and audit entry is the product's own.

/** The second committee member's reason for the tie at 2026-10's cut-off (shown with the winners once ratified). */
export const demoTieReason = "第二、三名同为19票：评委依据提名材料中的客户表扬次数与投诉处理时长选定。";

/** How the ballots of one title are drawn. */
interface TitlePlan {
  /** Voters with a current ballot for this title. */
  voters: number;
  /** Of those, how many changed their ballot once (their first version is superseded). */
  changes: number;
  /**
   * Exact final votes per nomination, in the order of votingDemoNominations
   * for this title (one vote per voter: the title's K must be 1). Used to
   * put a tie where the demo wants it.
   */
  votes?: number[];
  /** Otherwise: how popular each nomination is; a voter picks up to K by these weights. */
  popularity?: number[];
}

interface VotingDemoCampaign {
  input: Omit<CampaignInput, "schedule" | "mayChangeBallot" | "talliesHidden">;
  /** Where the demo leaves it ("published": ratified, publicity 0 days, then published with the nominations' `headline`). */
  reach: "voting" | "closed" | "published";
  /**
   * Closed: a second committee member has confirmed each title's winners as
   * the vote proposes (with this reason at a tie), so the demo committee
   * member's confirmation completes the quorum of two (decision 0028).
   */
  proposal?: { tieReason: string };
  /** After publication, a correction with this reason (version 2): the nominations' `correctedCitation`. */
  correction?: string;
  /** Voting closes by schedule this many days after seeding (else an administrator closes it). */
  closesInDays?: number;
  /** Seeds the ballot draw. */
  seed: number;
  plans: Record<string, TitlePlan>;
  /** Turnout weight per unit code prefix (longest match wins; 1 otherwise): some teams vote more than others. */
  turnout: Record<string, number>;
  /** Demo accounts who cast a ballot here (the others find the campaign untouched). */
  accountsVoting: string[];
}

export const votingDemoCampaigns: readonly VotingDemoCampaign[] = [
  {
    input: {
      slug: "2026-11",
      nameZh: "2026年11月 服务之星",
      nameEn: "November 2026 Service Stars",
      periodStart: "2026-11-01",
      periodEnd: "2026-11-30",
      unitCode: "GD",
      publicityDays: 5,
      committeeQuorum: 2,
      offers: [
        { titleSlug: "outstanding-service-star", winners: 3, votesPerVoter: 2 },
        { titleSlug: "service-model", winners: 2, votesPerVoter: 2 },
      ],
    },
    reach: "voting",
    closesInDays: 6,
    seed: 2026_11,
    plans: {
      "outstanding-service-star": { voters: 54, changes: 5, popularity: [5, 3, 4, 2, 3] },
      "service-model": { voters: 38, changes: 4, popularity: [5, 3, 2, 2] },
    },
    turnout: { "GD.10000.GZ": 2, "GD.ZS": 3, "GD.GZ.TH": 2.5, "GD.SZ.NS": 1.5, "GD.HR": 0.4, "GD.SQ": 0.3, "GD.10000.SZ.D2": 0.5 },
    accountsVoting: [],
  },
  {
    input: {
      slug: "2026-10",
      nameZh: "2026年10月 服务之星",
      nameEn: "October 2026 Service Stars",
      periodStart: "2026-10-01",
      periodEnd: "2026-10-31",
      unitCode: "GD.10000",
      publicityDays: 5,
      committeeQuorum: 2,
      offers: [
        { titleSlug: "best-service-star", winners: 1, votesPerVoter: 1 },
        { titleSlug: "outstanding-service-star", winners: 2, votesPerVoter: 1 },
      ],
    },
    reach: "closed",
    // Another committee member has confirmed the vote's winners; the demo committee member's confirmation ratifies.
    proposal: { tieReason: demoTieReason },
    seed: 2026_03,
    plans: {
      "best-service-star": { voters: 67, changes: 5, votes: [31, 22, 14] },
      // Two winners; the second and third have 19 votes each: a tie at the cut-off.
      "outstanding-service-star": { voters: 77, changes: 5, votes: [27, 19, 19, 12] },
    },
    turnout: { "GD.10000.GZ.D1": 3, "GD.10000.GZ.CPL": 3, "GD.10000.GZ.ADV": 2.5, "GD.10000.GZ.D2": 2, "GD.10000.SZ.D1": 1.5, "GD.10000.SZ.D2": 0.4 },
    // The demo agent voted: their receipt is in the published list.
    accountsVoting: ["GD000004"],
  },
  // Published before 2026-q3, so 2026-q3 is the latest roll (the home page's).
  {
    input: {
      slug: "2025-annual",
      nameZh: "2025年度 服务之星",
      nameEn: "2025 Annual Service Stars",
      periodStart: "2025-01-01",
      periodEnd: "2025-12-31",
      unitCode: "GD",
      publicityDays: 0,
      committeeQuorum: 2,
      offers: [
        { titleSlug: "best-service-star", winners: 1, votesPerVoter: 1 },
        { titleSlug: "outstanding-service-star", winners: 2, votesPerVoter: 1 },
        { titleSlug: "service-model", winners: 1, votesPerVoter: 1 },
        { titleSlug: "fred-spirit-award", winners: 1, votesPerVoter: 1 },
      ],
    },
    reach: "published",
    correction: demoCorrectionReason,
    seed: 2025_12,
    plans: {
      "best-service-star": { voters: 29, changes: 2, votes: [18, 11] },
      "outstanding-service-star": { voters: 36, changes: 2, votes: [16, 13, 7] },
      "service-model": { voters: 15, changes: 0, votes: [15] },
      "fred-spirit-award": { voters: 12, changes: 0, votes: [12] },
    },
    turnout: { "GD.10000": 1.5, "GD.FS": 2.5, "GD.ZS": 2, "GD.HR": 0.4 },
    accountsVoting: [],
  },
  {
    input: {
      slug: "2026-q3",
      nameZh: "2026年第三季度 服务之星",
      nameEn: "2026 Q3 Service Stars",
      periodStart: "2026-07-01",
      periodEnd: "2026-09-30",
      unitCode: "GD",
      publicityDays: 0,
      committeeQuorum: 2,
      offers: [
        { titleSlug: "best-service-star", winners: 1, votesPerVoter: 1 },
        { titleSlug: "outstanding-service-star", winners: 2, votesPerVoter: 1 },
        { titleSlug: "service-model", winners: 1, votesPerVoter: 1 },
      ],
    },
    reach: "published",
    seed: 2026_09,
    plans: {
      "best-service-star": { voters: 27, changes: 2, votes: [17, 10] },
      "outstanding-service-star": { voters: 35, changes: 2, votes: [15, 12, 8] },
      "service-model": { voters: 14, changes: 0, votes: [14] },
    },
    turnout: { "GD.10000.GZ": 2, "GD.SZ.NS": 2, "GD.ZS": 2, "GD.HR": 0.4 },
    accountsVoting: ["GD000004"],
  },
];

/** Every nomination the voting demo campaigns submit, by campaign slug. */
const nominationsOf = (slug: string): HonorRollDemoNomination[] =>
  [...votingDemoNominations, ...honorRollDemoNominations].filter((n) => n.campaign === slug);

/**
 * The seed's transaction as the use-cases expect a database. They open their
 * own transaction (`db.transaction().execute`), which Kysely refuses inside
 * one; here it runs in the seed's instead, so the demo still loads all or
 * nothing, under the seeding lock.
 */
function inSeedTransaction(trx: Db): Db {
  const db: Db = new Proxy(trx, {
    get(target, prop) {
      if (prop === "transaction") return () => ({ execute: <T>(fn: (t: Db) => Promise<T>) => fn(db) });
      const value: unknown = Reflect.get(target, prop, target);
      return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
  return db;
}

function must<T>(what: string, r: Result<T>): T {
  if (!r.ok) throw new Error(`demo voting seed: ${what} was refused: ${r.error}`);
  return r.value;
}

export interface VotingSeedCounts {
  campaigns: number;
  nominations: number;
  ballots: number;
}

/**
 * The voting demo campaigns that are missing (by slug), each walked to where
 * the demo leaves it. A campaign whose slug exists is left as it is, so a
 * forced re-run adds nothing; one whose people or roles are missing (a
 * database with real people under the demo numbers) is skipped.
 */
export async function seedVoting(trx: Db, photos: DemoPhotos, report: Report = silent): Promise<VotingSeedCounts> {
  const db = inSeedTransaction(trx);
  const counts: VotingSeedCounts = { campaigns: 0, nominations: 0, ballots: 0 };
  for (const [index, c] of votingDemoCampaigns.entries()) {
    report("voting", index, votingDemoCampaigns.length, c.input.slug);
    const exists = await db.selectFrom("campaigns").select("id").where("slug", "=", c.input.slug).executeTakeFirst();
    if (exists) continue;
    const added = await seedCampaign(db, photos, c, index);
    if (!added) continue;
    counts.campaigns++;
    counts.nominations += added.nominations;
    counts.ballots += added.ballots;
  }
  report("voting", votingDemoCampaigns.length, votingDemoCampaigns.length);
  return counts;
}

/**
 * Demo people left without any ballot or nomination: tests/integration/seed.test.ts
 * deletes the first generated person (as someone who went missing) and checks
 * that a forced seed brings them back, which history would forbid.
 */
const withoutHistory = new Set(["GD000101"]);

const within = (code: string, scope: string) => code === scope || code.startsWith(`${scope}.`);

async function seedCampaign(
  db: Db,
  photos: DemoPhotos,
  c: VotingDemoCampaign,
  index: number,
): Promise<{ nominations: number; ballots: number } | null> {
  const slug = c.input.slug;
  const nominations = nominationsOf(slug);
  const numbers = new Set(["ADMIN01", "GD000003", ...nominations.flatMap((n) => [n.nominator, ...n.nominees])]);
  const people = new Map(
    (
      await db
        .selectFrom("people")
        .select(["id", "employee_no"])
        .where("employee_no", "in", [...numbers])
        .execute()
    ).map((p) => [p.employee_no, p.id]),
  );
  if ([...numbers].some((n) => !people.has(n))) return null;
  const users = new Map<string, User>();
  const userOf = async (employeeNo: string, personId = people.get(employeeNo)!): Promise<User> => {
    let u = users.get(employeeNo);
    if (!u) {
      u = (await loadUser(db, personId))!;
      users.set(employeeNo, u);
    }
    return u;
  };
  const admin = await userOf("ADMIN01");
  const committee = await userOf("GD000003");
  const hasRole = (u: User, role: string, unit?: boolean) =>
    u.roles.some((r) => r.role === role && (unit === undefined || (r.orgUnitId !== null) === unit));
  if (!hasRole(admin, "admin") || !hasRole(committee, "committee", false)) return null;
  // The committee decides together: a second member confirms with the demo account.
  const colleague = await secondCommitteeMember(db, people.get("GD000003")!);
  if (!colleague && c.input.committeeQuorum > 1 && c.reach !== "voting") return null;
  for (const n of nominations) if (!hasRole(await userOf(n.nominator), "manager", true)) return null;

  const now = Date.now();
  const closes = c.closesInDays === undefined ? null : new Date(now + c.closesInDays * 86_400_000);
  must(
    `creating ${slug}`,
    await createCampaign(db, admin, {
      ...c.input,
      mayChangeBallot: true,
      talliesHidden: true,
      schedule: { nominating: null, reviewing: null, voting: null, closed: closes, published: null },
    }),
  );
  const moveTo = async (to: string) => must(`moving ${slug} to ${to}`, await moveCampaign(db, admin, slug, to));

  await moveTo("nominating");
  const photoSeed = photoSeeds(index);
  const ids: Array<{ title: string; id: number; nominees: number[]; demo: HonorRollDemoNomination }> = [];
  for (const n of nominations) {
    const id = await submit(db, photos, await userOf(n.nominator), n, photoSeed);
    ids.push({ title: n.title, id, nominees: n.nominees.map((no) => people.get(no)!), demo: n });
  }
  await moveTo("reviewing");
  for (const n of ids) must(`approving nomination ${n.id}`, await reviewNomination(db, committee, slug, n.id, { decision: "approve" }));
  await moveTo("voting");

  const ballots = await castDemoBallots(db, c, ids, userOf);
  if (c.reach === "closed" || c.reach === "published") await moveTo("closed");
  if (c.proposal) await ratifyAsProposed(db, slug, [colleague!], c.proposal.tieReason);
  if (c.reach === "published") await publish(db, c, ids, admin, [committee, colleague!]);
  return { nominations: ids.length, ballots };
}

/** A committee member other than the demo account (the first by employee number), as the use-cases see them. */
async function secondCommitteeMember(db: Db, demoCommitteeId: number): Promise<User | null> {
  const row = await db
    .selectFrom("people as p")
    .innerJoin("person_roles as r", "r.person_id", "p.id")
    .select("p.id")
    .where("r.role", "=", "committee")
    .where("r.org_unit_id", "is", null)
    .where("p.status", "=", "active")
    .where("p.id", "<>", demoCommitteeId)
    .orderBy("p.employee_no")
    .executeTakeFirst();
  return row ? ((await loadUser(db, row.id)) ?? null) : null;
}

/** Each member confirms every title's winners as the vote proposes (with `tieReason` at a tie), in turn. */
async function ratifyAsProposed(db: Db, slug: string, members: readonly User[], tieReason: string): Promise<void> {
  const results = must(`reading the results of ${slug}`, await resultsFor(db, members[0], slug));
  for (const title of results.titles) {
    const chosen = title.nominations.filter((n) => n.proposed).map((n) => n.id);
    for (const member of members) {
      must(
        `ratifying ${title.slug} in ${slug}`,
        await ratifyTitle(db, member, slug, { titleSlug: title.slug, nominationIds: chosen, tieReason: title.tie ? tieReason : "" }),
      );
    }
  }
}

/**
 * The committee ratifies every title as the vote proposes (the demo plans
 * put no tie at a cut-off), then the administrator publishes with each
 * winner's `headline` choice, as on /admin/campaigns/:slug/publish, and
 * corrects the citations the campaign's `correction` is about.
 */
async function publish(
  db: Db,
  c: VotingDemoCampaign,
  ids: ReadonlyArray<{ id: number; demo: HonorRollDemoNomination }>,
  admin: User,
  committee: readonly User[],
): Promise<void> {
  const slug = c.input.slug;
  await ratifyAsProposed(db, slug, committee.slice(0, c.input.committeeQuorum), "");
  const demoOf = new Map(ids.map((n) => [n.id, n.demo]));
  const page = must(`reading the publishing page of ${slug}`, await publishingPage(db, admin, slug));
  const choices: WinnerChoice[] = page.titles.flatMap((t) =>
    t.winners.flatMap((w) => {
      const headline = demoOf.get(w.nominationId)?.headline;
      if (!headline) return [];
      const photo = headline.photo === null ? null : w.photos[headline.photo]?.mediaId;
      const metricIds = headline.metrics.map((i) => w.metrics[i]?.id);
      if (photo === undefined || metricIds.some((id) => id === undefined))
        throw new Error(`demo voting seed: the headline of nomination ${w.nominationId} names a photo or metric it lacks`);
      return [{ nominationId: w.nominationId, photoMediaId: photo, metricIds: metricIds as number[] }];
    }),
  );
  must(`publishing ${slug}`, await moveCampaign(db, admin, slug, "published", choices));
  if (!c.correction) return;
  const published = must(`reading the published ${slug}`, await publishingPage(db, admin, slug));
  const corrections: WinnerChoice[] = published.titles.flatMap((t) =>
    t.winners.flatMap((w) => {
      const citation = demoOf.get(w.nominationId)?.correctedCitation;
      return citation ? [{ nominationId: w.nominationId, ...w.chosen, citation }] : [];
    }),
  );
  must(`correcting ${slug}`, await correctHonorRoll(db, admin, slug, corrections, c.correction));
}

/**
 * The seed of each demo photo: first the pictures the other demo nominations
 * already stored (same bytes, so the upload finds them and skips decoding and
 * re-encoding, the slow part), new ones only when a scene has none left.
 */
function photoSeeds(campaignIndex: number): (scene: DemoPhotoScene) => number {
  const stored = nominationDemoPhotos();
  const used = new Set<number>();
  let fresh = 500 + campaignIndex * 100;
  return (scene) => {
    const reuse = stored.find((p) => p.scene === scene && !used.has(p.seed));
    if (!reuse) return fresh++;
    used.add(reuse.seed);
    return reuse.seed;
  };
}

/** The photos the voting campaigns' nominations show, in the order they are stored (most are the other nominations' pictures again). */
export function votingDemoPhotos(): DemoPhotoRef[] {
  return votingDemoCampaigns.flatMap((c, index) => {
    const photoSeed = photoSeeds(index);
    return nominationsOf(c.input.slug).flatMap((n) => n.photos.map((p) => ({ scene: p.scene, seed: photoSeed(p.scene) })));
  });
}

/** A manager submits a demo nomination through the form's use-case, photos uploaded first as theirs. */
async function submit(db: Db, photos: DemoPhotos, nominator: User, n: DemoNomination, photoSeed: (scene: DemoPhotoScene) => number): Promise<number> {
  const title = await db.selectFrom("titles").select("id").where("slug", "=", n.title).executeTakeFirstOrThrow();
  const templates = await db.selectFrom("title_metric_templates").select(["id", "name_zh"]).where("title_id", "=", title.id).execute();
  const templateOf = new Map(templates.map((t) => [t.name_zh, t.id]));
  const attached = [];
  for (const photo of n.photos) {
    const stored = await photos.store(db, nominator, { scene: photo.scene, seed: photoSeed(photo.scene) });
    attached.push({ mediaId: stored.mediaId, caption: photo.caption });
  }
  const saved = must(
    `nominating ${n.nominees.join("+")} in ${n.campaign}`,
    await saveNomination(
      db,
      nominator,
      n.campaign,
      null,
      {
        titleSlug: n.title,
        kind: n.nominees.length > 1 ? "team" : "individual",
        teamName: n.nominees.length > 1 ? (n.teamName ?? null) : null,
        nominees: n.nominees,
        citation: n.citation,
        metrics: n.metrics.map((m) => ({ ...m, templateId: templateOf.get(m.name) ?? null, target: m.target ?? null, baseline: m.baseline ?? null })),
        stories: n.stories.map((s) => ({ ...s, quote: s.quote ?? null, quoteBy: s.quoteBy ?? null })),
        photos: attached,
      },
      { submit: true },
    ),
  );
  return saved.id;
}

/** Picks `count` distinct items, each draw weighted. */
function sample<T>(rng: Random, items: ReadonlyArray<readonly [T, number]>, count: number): T[] {
  const left = [...items];
  const out: T[] = [];
  while (out.length < count && left.length) {
    const pick = rng.weighted(left.map((item, i) => [i, item[1]] as const));
    out.push(left[pick][0]);
    left.splice(pick, 1);
  }
  return out;
}

function shuffle<T>(rng: Random, items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [items[i], items[j]] = [items[j], items[i]];
  }
  return items;
}

/**
 * Ballots by generated staff in the campaign's scope (never the nominees, never
 * the demo accounts except those the campaign names), drawn from a seeded
 * generator: the same voters and choices on every run. A few voters change
 * their ballot once, so superseded versions exist.
 */
async function castDemoBallots(
  db: Db,
  c: VotingDemoCampaign,
  nominations: ReadonlyArray<{ title: string; id: number; nominees: number[] }>,
  userOf: (employeeNo: string, personId?: number) => Promise<User>,
): Promise<number> {
  const rng = seededRandom(c.seed);
  const nominees = new Set(nominations.flatMap((n) => n.nominees));
  const accounts = new Set(demoAccounts.map((a) => a.employeeNo));
  const staff = await db
    .selectFrom("people as p")
    .innerJoin("org_units as u", "u.id", "p.org_unit_id")
    .select(["p.id", "p.employee_no", "u.code"])
    .where("p.status", "=", "active")
    .where((eb) =>
      eb.exists(eb.selectFrom("person_roles as r").select("r.person_id").whereRef("r.person_id", "=", "p.id").where("r.role", "=", "staff")),
    )
    .orderBy("p.employee_no")
    .execute();
  const inScope = staff.filter((p) => within(p.code, c.input.unitCode) && !nominees.has(p.id));
  const weightOf = (code: string) => {
    const match = Object.keys(c.turnout)
      .filter((prefix) => within(code, prefix))
      .sort((a, b) => b.length - a.length)[0];
    return match ? c.turnout[match] : 1;
  };
  const pool = inScope.filter((p) => !accounts.has(p.employee_no) && !withoutHistory.has(p.employee_no)).map((p) => [p, weightOf(p.code)] as const);
  const named = inScope.filter((p) => c.accountsVoting.includes(p.employee_no));

  let cast = 0;
  const vote = async (voter: (typeof staff)[number], titleSlug: string, nominationIds: number[], basedOn: number) => {
    must(
      `a demo ballot in ${c.input.slug}`,
      await castBallot(db, await userOf(voter.employee_no, voter.id), c.input.slug, { titleSlug, nominationIds, basedOn }),
    );
    cast++;
  };
  // Cast as voters do, many at the same moment: the use-case then reads and
  // writes them together (decision 0023), a few statements per title instead
  // of two per ballot. A voter's second version waits for their first.
  const together = (ballots: ReadonlyArray<() => Promise<void>>) => Promise.all(ballots.map((b) => b()));

  for (const [titleSlug, plan] of Object.entries(c.plans)) {
    const onBallot = nominations.filter((n) => n.title === titleSlug).map((n) => n.id);
    const votesPerVoter = c.input.offers.find((o) => o.titleSlug === titleSlug)!.votesPerVoter;
    const voters = [...named, ...sample(rng, pool, plan.voters - named.length)];
    // Each voter's final choice, then (for the first few who changed) an earlier one that differs.
    let finals: number[][];
    if (plan.votes) {
      if (votesPerVoter !== 1 || plan.votes.reduce((s, v) => s + v, 0) !== plan.voters)
        throw new Error(`demo voting seed: the plan for ${titleSlug} does not add up`);
      const slots = plan.votes.flatMap((v, i) => Array.from({ length: v }, () => onBallot[i]));
      // The demo accounts (first in line) vote for the leader; the rest are shuffled.
      finals = [...slots.slice(0, named.length), ...shuffle(rng, slots.slice(named.length))].map((id) => [id]);
    } else {
      const weights = onBallot.map((id, i) => [id, plan.popularity?.[i] ?? 1] as const);
      finals = voters.map(() => sample(rng, weights, rng.next() < 0.7 ? votesPerVoter : 1).sort((a, b) => a - b));
    }
    const first: Array<() => Promise<void>> = [];
    const second: Array<() => Promise<void>> = [];
    for (const [i, voter] of voters.entries()) {
      const final = finals[i];
      const changed = i >= named.length && i < named.length + plan.changes;
      if (changed) {
        const other = onBallot.filter((id) => !final.includes(id));
        const earlier = [rng.pick(other)];
        first.push(() => vote(voter, titleSlug, earlier, 0));
        second.push(() => vote(voter, titleSlug, final, 1));
      } else {
        first.push(() => vote(voter, titleSlug, final, 0));
      }
    }
    await together(first);
    await together(second);
  }
  return cast;
}
