import type { Db } from "../../../db/client";
import { audit } from "../audit/audit.server";
import { isAdmin, type User } from "../auth/user";
import { listUnits, type UnitOption } from "../org/org.server";
import { err, ok, type Result } from "../result";
import { nextPhase, phases, scheduledPhases, scheduleOutOfOrder, type Phase } from "./life-cycle";
import type { Caps } from "./caps";
import { capsOfSlug } from "./caps.server";
import { quorumLimits, type CampaignInput } from "./schema";
import type { Title } from "../titles/titles.server";
import { baseQuery, offeredTitles, scheduleOf, sightOf, visibleTo, withTitles, type CampaignRow, type OfferedTitle } from "./visibility.server";

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
  titles: Array<Title & OfferedTitle>;
  timeline: TimelineStep[];
  /** Only for administrators: the phase the campaign can move to next. */
  next: Phase | null;
  canEdit: boolean;
  /** Administrators manage the campaign (edit while draft, move it on). */
  canManage: boolean;
}

const dateString = (d: Date) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;

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

/** The campaigns a person can see, newest period first; whether they may create one. */
export async function listCampaigns(db: Db, user: User): Promise<{ campaigns: CampaignSummary[]; canCreate: boolean }> {
  const rows = await visibleTo(baseQuery(db), sightOf(user)).orderBy("c.period_start", "desc").orderBy("c.id", "desc").execute();
  return { campaigns: rows.map(summary), canCreate: isAdmin(user) };
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
    enteredAt: phase === "draft" ? c.created_at : (entered.get(phase) ?? null),
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
    titles: await withTitles(db, await offeredTitles(db, c.id)),
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
  /** The caps on who is honoured (decision 0052); they change until the roll is published. */
  caps: (Caps & { editable: boolean }) | null;
}

export async function getCampaignForEdit(db: Db, actor: User, slug: string): Promise<Result<CampaignEdit>> {
  const options = await campaignFormOptions(db, actor);
  if (!options.ok) return options;
  const campaign = await getCampaign(db, actor, slug);
  if (!campaign.ok) return campaign;
  return ok({ campaign: campaign.value, options: options.value, caps: await capsOfSlug(db, slug) });
}

/** Checks the input against the database; the ids it names, or the refusal. */
async function resolveInput(db: Db, input: CampaignInput) {
  if (input.periodEnd < input.periodStart) return err("campaigns.period.order");
  if (scheduleOutOfOrder(input.schedule)) return err("campaigns.schedule.order");
  if (input.offers.some((o) => !Number.isInteger(o.votesPerVoter) || o.votesPerVoter < 1 || o.votesPerVoter > 50))
    return err("campaigns.votes.invalid");
  if (input.offers.some((o) => !Number.isInteger(o.winners) || o.winners < 1)) return err("campaigns.winners.invalid");
  if (!Number.isInteger(input.committeeQuorum) || input.committeeQuorum < quorumLimits.min || input.committeeQuorum > quorumLimits.max)
    return err("campaigns.quorum.invalid");
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
      await trx
        .insertInto("campaign_titles")
        .values(resolved.value.offers.map((o) => ({ ...o, campaign_id: id })))
        .execute();
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
    await trx
      .updateTable("campaigns")
      .set({ ...columnsOf(input, resolved.value.unitId), updated_at: new Date() })
      .where("id", "=", row.id)
      .execute();
    await trx.deleteFrom("campaign_titles").where("campaign_id", "=", row.id).execute();
    if (resolved.value.offers.length) {
      await trx
        .insertInto("campaign_titles")
        .values(resolved.value.offers.map((o) => ({ ...o, campaign_id: row.id })))
        .execute();
    }
    const after = await settingsSnapshot(trx, row.id);
    if (JSON.stringify(before) !== JSON.stringify(after)) {
      await audit(trx, actor, { action: "campaign.updated", subjectType: "campaign", subjectId: input.slug, before, after });
    }
    return ok({ slug: input.slug });
  });
}
