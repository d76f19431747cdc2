import { sql, type RawBuilder } from "kysely";
import type { Db } from "../../../db/client";
import { audit } from "../audit/audit.server";
import { isAdmin, type User } from "../auth/user";
import { listUnits, type UnitOption } from "../org/org.server";
import { err, ok, type Result } from "../result";
import { loadTitles, type Title } from "../titles/titles.server";
import {
  dueMove,
  nextPhase,
  phases,
  scheduledPhases,
  scheduleOutOfOrder,
  whyCannotMove,
  type Phase,
  type Schedule,
} from "./life-cycle";
import { publicationFacts, settleNominations } from "../voting/results.server";
import { freezeHonorRoll, writeHonorRoll, type WinnerChoice } from "../publishing/publishing.server";
import { quorumLimits, type CampaignInput } from "./schema";

export interface CampaignSummary {
  slug: string;
  nameZh: string;
  nameEn: string;
  status: Phase;
  periodStart: string;
  periodEnd: string;
  unitZh: string;
  unitEn: string | null;
}

export interface OfferedTitle extends Title {
  winners: number;
  /** K: how many of this title's nominations a voter may choose. */
  votesPerVoter: number;
}

export interface TimelineStep {
  phase: Phase;
  /** When the phase is scheduled to open (draft has no schedule). */
  scheduledAt: Date | null;
  /** When it actually opened (draft: when the campaign was created). */
  enteredAt: Date | null;
  state: "done" | "current" | "upcoming";
}

export interface CampaignPage extends CampaignSummary {
  unitCode: string;
  mayChangeBallot: boolean;
  talliesHidden: boolean;
  publicityDays: number;
  /** Committee members who must confirm a ratification or a resolution (decision 0028). */
  committeeQuorum: number;
  titles: OfferedTitle[];
  timeline: TimelineStep[];
  /** Only for administrators: the phase the campaign can move to next. */
  next: Phase | null;
  canEdit: boolean;
  /** Administrators manage the campaign (edit while draft, move it on). */
  canManage: boolean;
}

const dateString = (d: Date) =>
  `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;

const campaignColumns = [
  "c.id", "c.slug", "c.name_zh", "c.name_en", "c.status", "c.period_start", "c.period_end", "c.org_unit_id",
  "c.may_change_ballot", "c.tallies_hidden", "c.publicity_days", "c.committee_quorum", "c.created_at",
  "c.nominating_at", "c.reviewing_at", "c.voting_at", "c.closed_at", "c.published_at",
  "u.code as unit_code", "u.name_zh as unit_zh", "u.name_en as unit_en",
] as const;

function baseQuery(db: Db) {
  return db.selectFrom("campaigns as c").innerJoin("org_units as u", "u.id", "c.org_unit_id").select(campaignColumns);
}
type CampaignRow = Awaited<ReturnType<ReturnType<typeof baseQuery>["executeTakeFirstOrThrow"]>>;

const scheduleOf = (c: Pick<CampaignRow, `${"nominating" | "reviewing" | "voting" | "closed" | "published"}_at`>): Schedule => ({
  nominating: c.nominating_at,
  reviewing: c.reviewing_at,
  voting: c.voting_at,
  closed: c.closed_at,
  published: c.published_at,
});

const summary = (c: CampaignRow): CampaignSummary => ({
  slug: c.slug,
  nameZh: c.name_zh,
  nameEn: c.name_en,
  status: c.status,
  periodStart: dateString(c.period_start),
  periodEnd: dateString(c.period_end),
  unitZh: c.unit_zh,
  unitEn: c.unit_en,
});

/**
 * Who sees a campaign, as values: administrators all of them; nobody else a
 * draft. The committee (without a unit) sees every campaign; everyone else
 * those whose org scope holds their own unit or a unit they act for.
 */
export interface CampaignSight {
  all: boolean;
  everyScope: boolean;
  units: number[];
}

export function sightOf(user: User): CampaignSight {
  return {
    all: isAdmin(user),
    everyScope: user.roles.some((r) => r.role === "committee" && r.orgUnitId === null),
    units: [user.orgUnitId, ...user.roles.flatMap((r) => (r.orgUnitId === null ? [] : [r.orgUnitId]))],
  };
}

/** A sight as values, or as SQL that gives them (columns of a statement's rows: the ballots castBallot asks about together). */
export type SightTerms = { [K in keyof CampaignSight]: CampaignSight[K] | RawBuilder<unknown> };

/**
 * The rule of CampaignSight as one condition whose text is the same for
 * everyone (the sight goes in as parameters), so that a statement embedding it
 * is compiled and planned once for all voters (castBallot).
 */
function visibleTo<Q extends ReturnType<typeof baseQuery>>(q: Q, sight: SightTerms): Q {
  return q.where((eb) =>
    eb.or([
      sql<boolean>`${sight.all}::boolean`,
      eb.and([
        eb("c.status", "<>", "draft"),
        eb.or([
          sql<boolean>`${sight.everyScope}::boolean`,
          eb.exists(
            eb
              .selectFrom("org_units as pu")
              .select("pu.id")
              .where(sql<boolean>`pu.id = any(${sight.units}::int[])`)
              // Inside the scope: the scope unit itself or any unit below it (paths hold only digits and slashes).
              .where(sql<boolean>`(pu.id = u.id or pu.path like u.path || u.id::text || '/%')`),
          ),
        ]),
      ]),
    ]),
  ) as Q;
}

/** What other areas need of a campaign: its id, phase and scope. */
export interface CampaignRef {
  id: number;
  slug: string;
  nameZh: string;
  nameEn: string;
  status: Phase;
  unitZh: string;
  unitEn: string | null;
  /** The scope unit's own path, ancestors and itself ("/1/4/"): a unit is in scope when its own path starts with it. */
  unitPath: string;
}

/**
 * The query behind findVisibleCampaign, for a use-case that reads more in the
 * same statement (castBallot embeds it, once per ballot of a batch): the
 * campaign's columns, the scope unit's path and id, only if this person may
 * see it. The sight and the slug may be values or SQL (SightTerms).
 */
export function visibleCampaignQuery(db: Db, sight: SightTerms, slug: string | RawBuilder<string>) {
  return visibleTo(baseQuery(db).select(["u.path as unit_path", "u.id as unit_id"]).where("c.slug", "=", slug), sight);
}

/** A row of visibleCampaignQuery as the CampaignRef other areas use. */
export function campaignRefOf(c: {
  id: number;
  slug: string;
  name_zh: string;
  name_en: string;
  status: Phase;
  unit_zh: string;
  unit_en: string | null;
  unit_path: string;
  unit_id: number;
}): CampaignRef {
  return {
    id: c.id,
    slug: c.slug,
    nameZh: c.name_zh,
    nameEn: c.name_en,
    status: c.status,
    unitZh: c.unit_zh,
    unitEn: c.unit_en,
    unitPath: `${c.unit_path}${c.unit_id}/`,
  };
}

/**
 * A campaign this person may see, or null. `lock: "share"` keeps its phase
 * from moving until the caller's transaction ends (a nomination saved while
 * the administrator closes nominations waits, then sees the new phase).
 */
export async function findVisibleCampaign(db: Db, user: User, slug: string, lock: "share" | null = null): Promise<CampaignRef | null> {
  let q = visibleCampaignQuery(db, sightOf(user), slug);
  if (lock) q = q.forShare("c") as typeof q;
  const c = await q.executeTakeFirst();
  return c ? campaignRefOf(c) : null;
}

/** The campaigns a person can see, newest period first; whether they may create one. */
export async function listCampaigns(db: Db, user: User): Promise<{ campaigns: CampaignSummary[]; canCreate: boolean }> {
  const rows = await visibleTo(baseQuery(db), sightOf(user)).orderBy("c.period_start", "desc").orderBy("c.id", "desc").execute();
  return { campaigns: rows.map(summary), canCreate: isAdmin(user) };
}

async function offeredTitles(db: Db, campaignId: number): Promise<OfferedTitle[]> {
  const offers = await db
    .selectFrom("campaign_titles")
    .select(["title_id", "winners", "votes_per_voter"])
    .where("campaign_id", "=", campaignId)
    .orderBy("position")
    .execute();
  const titles = new Map((await loadTitles(db, offers.map((o) => o.title_id))).map((t) => [t.id, t]));
  return offers.map((o) => ({ ...titles.get(o.title_id)!, winners: o.winners, votesPerVoter: o.votes_per_voter }));
}

async function timeline(db: Db, c: CampaignRow): Promise<TimelineStep[]> {
  const moves = await db
    .selectFrom("campaign_transitions")
    .select(["to_status", "at"])
    .where("campaign_id", "=", c.id)
    .orderBy("at")
    .orderBy("id")
    .execute();
  const entered = new Map<Phase, Date>(moves.map((m) => [m.to_status, m.at]));
  const schedule = scheduleOf(c);
  const current = phases.indexOf(c.status);
  return phases.map((phase, i) => ({
    phase,
    scheduledAt: phase === "draft" ? null : schedule[phase],
    enteredAt: phase === "draft" ? c.created_at : entered.get(phase) ?? null,
    state: i < current ? "done" : i === current ? "current" : "upcoming",
  }));
}

/** One campaign's page: timeline, titles with their templates, rules; what an administrator may do next. */
export async function getCampaign(db: Db, user: User, slug: string): Promise<Result<CampaignPage>> {
  const c = await visibleTo(baseQuery(db).where("c.slug", "=", slug), sightOf(user)).executeTakeFirst();
  if (!c) return err("campaigns.notFound", 404);
  const admin = isAdmin(user);
  return ok({
    ...summary(c),
    unitCode: c.unit_code,
    mayChangeBallot: c.may_change_ballot,
    talliesHidden: c.tallies_hidden,
    publicityDays: c.publicity_days,
    committeeQuorum: c.committee_quorum,
    titles: await offeredTitles(db, c.id),
    timeline: await timeline(db, c),
    next: admin ? nextPhase(c.status) : null,
    canEdit: admin && c.status === "draft",
    canManage: admin,
  });
}

// ---- administration ---------------------------------------------------------

export interface CampaignFormOptions {
  units: UnitOption[];
  titles: Array<{ slug: string; nameZh: string; nameEn: string }>;
}

/** The units and titles the campaign form offers; administrators only. */
export async function campaignFormOptions(db: Db, actor: User): Promise<Result<CampaignFormOptions>> {
  if (!isAdmin(actor)) return err("common.forbidden", 403);
  const titles = await db.selectFrom("titles").select(["slug", "name_zh", "name_en"]).orderBy("id").execute();
  return ok({ units: await listUnits(db), titles: titles.map((t) => ({ slug: t.slug, nameZh: t.name_zh, nameEn: t.name_en })) });
}

export interface CampaignEdit {
  campaign: CampaignPage;
  options: CampaignFormOptions;
}

export async function getCampaignForEdit(db: Db, actor: User, slug: string): Promise<Result<CampaignEdit>> {
  const options = await campaignFormOptions(db, actor);
  if (!options.ok) return options;
  const campaign = await getCampaign(db, actor, slug);
  if (!campaign.ok) return campaign;
  return ok({ campaign: campaign.value, options: options.value });
}

/** Checks the input against the database; the ids it names, or the refusal. */
async function resolveInput(db: Db, input: CampaignInput) {
  if (input.periodEnd < input.periodStart) return err("campaigns.period.order");
  if (scheduleOutOfOrder(input.schedule)) return err("campaigns.schedule.order");
  if (input.offers.some((o) => !Number.isInteger(o.votesPerVoter) || o.votesPerVoter < 1 || o.votesPerVoter > 50)) return err("campaigns.votes.invalid");
  if (input.offers.some((o) => !Number.isInteger(o.winners) || o.winners < 1)) return err("campaigns.winners.invalid");
  if (!Number.isInteger(input.committeeQuorum) || input.committeeQuorum < quorumLimits.min || input.committeeQuorum > quorumLimits.max) return err("campaigns.quorum.invalid");
  const slugs = input.offers.map((o) => o.titleSlug);
  if (new Set(slugs).size !== slugs.length) return err("campaigns.titles.unknown");
  const unit = await db.selectFrom("org_units").select("id").where("code", "=", input.unitCode).executeTakeFirst();
  if (!unit) return err("campaigns.unit.unknown");
  const titles = slugs.length ? await db.selectFrom("titles").select(["id", "slug"]).where("slug", "in", slugs).execute() : [];
  if (titles.length !== slugs.length) return err("campaigns.titles.unknown");
  const idOf = new Map(titles.map((t) => [t.slug, t.id]));
  return ok({
    unitId: unit.id,
    offers: input.offers.map((o, position) => ({ title_id: idOf.get(o.titleSlug)!, winners: o.winners, votes_per_voter: o.votesPerVoter, position })),
  });
}

const columnsOf = (input: CampaignInput, unitId: number) => ({
  slug: input.slug,
  name_zh: input.nameZh,
  name_en: input.nameEn,
  period_start: input.periodStart,
  period_end: input.periodEnd,
  org_unit_id: unitId,
  may_change_ballot: input.mayChangeBallot,
  tallies_hidden: input.talliesHidden,
  publicity_days: input.publicityDays,
  committee_quorum: input.committeeQuorum,
  nominating_at: input.schedule.nominating,
  reviewing_at: input.schedule.reviewing,
  voting_at: input.schedule.voting,
  closed_at: input.schedule.closed,
  published_at: input.schedule.published,
});

/** The audited shape of a campaign's settings. */
async function settingsSnapshot(db: Db, id: number) {
  const c = await baseQuery(db).where("c.id", "=", id).executeTakeFirstOrThrow();
  const offers = await db
    .selectFrom("campaign_titles as ct")
    .innerJoin("titles as t", "t.id", "ct.title_id")
    .select(["t.slug", "ct.winners", "ct.votes_per_voter"])
    .where("ct.campaign_id", "=", id)
    .orderBy("ct.position")
    .execute();
  const schedule = scheduleOf(c);
  return {
    ...summary(c),
    unit: c.unit_code,
    mayChangeBallot: c.may_change_ballot,
    talliesHidden: c.tallies_hidden,
    publicityDays: c.publicity_days,
    committeeQuorum: c.committee_quorum,
    schedule: Object.fromEntries(scheduledPhases.map((p) => [p, schedule[p]?.toISOString() ?? null])),
    titles: offers.map((o) => ({ title: o.slug, winners: o.winners, votesPerVoter: o.votes_per_voter })),
  };
}

/** An administrator creates a campaign; it starts as a draft. */
export async function createCampaign(db: Db, actor: User, input: CampaignInput): Promise<Result<{ slug: string }>> {
  if (!isAdmin(actor)) return err("common.forbidden", 403);
  return db.transaction().execute(async (trx) => {
    const resolved = await resolveInput(trx, input);
    if (!resolved.ok) return resolved;
    const taken = await trx.selectFrom("campaigns").select("id").where("slug", "=", input.slug).executeTakeFirst();
    if (taken) return err("campaigns.slug.taken", 409);
    const { id } = await trx
      .insertInto("campaigns")
      .values({ ...columnsOf(input, resolved.value.unitId), created_by: actor.id })
      .returning("id")
      .executeTakeFirstOrThrow();
    if (resolved.value.offers.length) {
      await trx.insertInto("campaign_titles").values(resolved.value.offers.map((o) => ({ ...o, campaign_id: id }))).execute();
    }
    await audit(trx, actor, { action: "campaign.created", subjectType: "campaign", subjectId: input.slug, after: await settingsSnapshot(trx, id) });
    return ok({ slug: input.slug });
  });
}

/** Settings change only while the campaign is a draft: nobody has acted on them yet. */
export async function updateCampaign(db: Db, actor: User, slug: string, input: CampaignInput): Promise<Result<{ slug: string }>> {
  if (!isAdmin(actor)) return err("common.forbidden", 403);
  return db.transaction().execute(async (trx) => {
    const row = await trx.selectFrom("campaigns").select(["id", "status"]).where("slug", "=", slug).forUpdate().executeTakeFirst();
    if (!row) return err("campaigns.notFound", 404);
    if (row.status !== "draft") return err("campaigns.edit.notDraft", 409);
    const resolved = await resolveInput(trx, input);
    if (!resolved.ok) return resolved;
    if (input.slug !== slug) {
      const taken = await trx.selectFrom("campaigns").select("id").where("slug", "=", input.slug).executeTakeFirst();
      if (taken) return err("campaigns.slug.taken", 409);
    }
    const before = await settingsSnapshot(trx, row.id);
    await trx.updateTable("campaigns").set({ ...columnsOf(input, resolved.value.unitId), updated_at: new Date() }).where("id", "=", row.id).execute();
    await trx.deleteFrom("campaign_titles").where("campaign_id", "=", row.id).execute();
    if (resolved.value.offers.length) {
      await trx.insertInto("campaign_titles").values(resolved.value.offers.map((o) => ({ ...o, campaign_id: row.id }))).execute();
    }
    const after = await settingsSnapshot(trx, row.id);
    if (JSON.stringify(before) !== JSON.stringify(after)) {
      await audit(trx, actor, { action: "campaign.updated", subjectType: "campaign", subjectId: input.slug, before, after });
    }
    return ok({ slug: input.slug });
  });
}

export interface Move {
  slug: string;
  from: Phase;
  to: Phase;
}

/**
 * Moves a locked campaign one phase on: checked, recorded, audited. Moving to
 * "published" freezes the first version of its honour roll with `choices`
 * (the administrator's photos and headline metrics; defaults for the rest).
 */
async function move(trx: Db, actor: User | null, campaign: { id: number; slug: string; status: Phase }, to: string, choices: readonly WinnerChoice[] = []): Promise<Result<Move>> {
  const titles = await trx
    .selectFrom("campaign_titles")
    .select((eb) => eb.fn.countAll<number | string>().as("n"))
    .where("campaign_id", "=", campaign.id)
    .executeTakeFirstOrThrow();
  // Leaving closed means publishing: ratified, publicity over, objections resolved.
  const results = campaign.status === "closed" ? await publicationFacts(trx, campaign.id) : undefined;
  const refusal = whyCannotMove(campaign.status, to, { titles: Number(titles.n), results });
  if (refusal) return err(refusal, 409);
  const target = to as Phase;
  // Built before anything is written: refused choices leave the campaign as it was.
  const roll = target === "published" ? await freezeHonorRoll(trx, campaign.id, choices) : null;
  if (roll && !roll.ok) return roll;
  const at = new Date();
  await trx.updateTable("campaigns").set({ status: target, updated_at: at }).where("id", "=", campaign.id).execute();
  await trx
    .insertInto("campaign_transitions")
    .values({ campaign_id: campaign.id, from_status: campaign.status, to_status: target, actor_id: actor?.id ?? null, at })
    .execute();
  if (target === "published") await settleNominations(trx, campaign.id, actor);
  if (roll) await writeHonorRoll(trx, campaign.id, roll.value, actor, 1, null);
  await audit(trx, actor, {
    action: "campaign.moved",
    subjectType: "campaign",
    subjectId: campaign.slug,
    before: { status: campaign.status },
    after: { status: target, by: actor ? "administrator" : "schedule" },
  });
  return ok({ slug: campaign.slug, from: campaign.status, to: target });
}

/** An administrator moves a campaign to the next phase (`to` must be exactly that phase); publishing takes the honour roll's choices. */
export async function moveCampaign(db: Db, actor: User, slug: string, to: string, choices: readonly WinnerChoice[] = []): Promise<Result<Move>> {
  if (!isAdmin(actor)) return err("common.forbidden", 403);
  return db.transaction().execute(async (trx) => {
    const c = await trx.selectFrom("campaigns").select(["id", "slug", "status"]).where("slug", "=", slug).forUpdate().executeTakeFirst();
    if (!c) return err("campaigns.notFound", 404);
    return move(trx, actor, c, to, choices);
  });
}

/**
 * Opens every phase whose scheduled date-time has come, one step at a time
 * (a campaign several phases behind walks through each, each recorded). Safe
 * to run on every instance at once: a campaign another instance is moving is
 * skipped (skip locked), and each step re-reads the status under its lock.
 * A step the rules refuse (a draft without titles) is left for a person.
 */
export async function applyScheduledTransitions(db: Db, now: Date): Promise<Move[]> {
  const candidates = await db
    .selectFrom("campaigns")
    .select("id")
    // Only campaigns whose next phase is due: the rest are not even locked.
    .where((eb) =>
      eb.or(scheduledPhases.map((p) => eb.and([eb("status", "=", phases[phases.indexOf(p) - 1]), eb(`${p}_at`, "<=", now)]))),
    )
    .orderBy("id")
    .execute();
  const moves: Move[] = [];
  for (const { id } of candidates) {
    for (let step = 0; step < phases.length; step++) {
      const moved = await db.transaction().execute(async (trx) => {
        const c = await baseQuery(trx).where("c.id", "=", id).forUpdate("c").skipLocked().executeTakeFirst();
        if (!c) return null;
        const due = dueMove(c.status, scheduleOf(c), now);
        if (!due) return null;
        const r = await move(trx, null, { id: c.id, slug: c.slug, status: c.status }, due);
        return r.ok ? r.value : null;
      });
      if (!moved) break;
      moves.push(moved);
    }
  }
  return moves;
}
