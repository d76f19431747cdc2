import { sql, type Selectable } from "kysely";
import type { Db } from "../../../db/client";
import type { NominationMetricTable, NominationStatus } from "../../../db/schema";
import { audit } from "../audit/audit.server";
import { hasRole, isAdmin, managesUnitPath, type User } from "../auth/user";
import { findVisibleCampaign, offeredTitles, withTitles, type CampaignRef } from "../campaigns/visibility.server";
import { getPictures } from "../media/media.server";
import { escapeLike, ownPathOfU, uWithin } from "../org/unit-path.server";
import type { PictureData } from "../media/picture";
import { violates } from "../../../db/values";
import { err, ok, type Result } from "../result";
import { cutChars, withinChars } from "../text";
import type { MetricTemplate } from "../titles/titles.server";
import { compareMetric, type MetricComparison } from "./metrics";
import {
  decisions,
  mayRead,
  publicStatuses,
  recusalOf,
  whyCannotEdit,
  whyCannotNominate,
  whyCannotReview,
  type Decision,
  type Recusal,
} from "./rules";
import { limits, type MetricInput, type MetricRow, type NominationInput, type PhotoInput, type StoryInput, type StoryRow } from "./schema";
import { isFredPrinciple, parseStory, storyProblem, type FredPrinciple, type StoryBlock } from "./story";

// Nominations: a manager puts people forward with evidence, the committee
// decides. Every rule is asked of rules.ts; this file gathers the facts,
// writes in one transaction and audits.

/** pg reads numeric as a string, PGlite may not. */
const num = (v: string | number | null): number | null => (v === null ? null : Number(v));

// ---- shared reads ------------------------------------------------------------

export interface NomineeRef {
  personId: number;
  employeeNo: string;
  name: string;
  orgUnitId: number;
  unitZh: string;
  unitEn: string | null;
  jobTitle: string | null;
}

interface NominationRow {
  id: number;
  campaignId: number;
  titleId: number;
  kind: "individual" | "team";
  teamName: string | null;
  status: NominationStatus;
  citation: string;
  nominatorId: number;
  nominatorName: string;
  createdAt: Date;
  updatedAt: Date;
  submittedAt: Date | null;
}

async function loadNomination(db: Db, campaignId: number, id: number, lock = false): Promise<NominationRow | null> {
  if (!Number.isSafeInteger(id) || id <= 0) return null;
  let q = db
    .selectFrom("nominations as n")
    .innerJoin("people as p", "p.id", "n.nominator_id")
    .select([
      "n.id",
      "n.campaign_id",
      "n.title_id",
      "n.kind",
      "n.team_name",
      "n.status",
      "n.citation",
      "n.nominator_id",
      "p.name as nominator_name",
      "n.created_at",
      "n.updated_at",
      "n.submitted_at",
    ])
    .where("n.id", "=", id)
    .where("n.campaign_id", "=", campaignId);
  if (lock) q = q.forUpdate("n");
  const r = await q.executeTakeFirst();
  if (!r) return null;
  return {
    id: r.id,
    campaignId: r.campaign_id,
    titleId: r.title_id,
    kind: r.kind,
    teamName: r.team_name,
    status: r.status,
    citation: r.citation,
    nominatorId: r.nominator_id,
    nominatorName: r.nominator_name,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    submittedAt: r.submitted_at,
  };
}

/** The nominees of some nominations, in their order. */
async function loadNominees(db: Db, nominationIds: readonly number[]): Promise<Map<number, NomineeRef[]>> {
  const out = new Map<number, NomineeRef[]>();
  if (nominationIds.length === 0) return out;
  const rows = await db
    .selectFrom("nomination_nominees as nn")
    .innerJoin("people as p", "p.id", "nn.person_id")
    .innerJoin("org_units as u", "u.id", "p.org_unit_id")
    .select(["nn.nomination_id", "p.id", "p.employee_no", "p.name", "p.org_unit_id", "p.job_title", "u.name_zh", "u.name_en"])
    .where("nn.nomination_id", "in", [...new Set(nominationIds)])
    .orderBy("nn.nomination_id")
    .orderBy("nn.position")
    .execute();
  for (const r of rows) {
    const list = out.get(r.nomination_id) ?? [];
    list.push({
      personId: r.id,
      employeeNo: r.employee_no,
      name: r.name,
      orgUnitId: r.org_unit_id,
      unitZh: r.name_zh,
      unitEn: r.name_en,
      jobTitle: r.job_title,
    });
    out.set(r.nomination_id, list);
  }
  return out;
}

async function campaignOr404(db: Db, user: User, slug: string, lock: "share" | null = null): Promise<Result<CampaignRef>> {
  const campaign = await findVisibleCampaign(db, user, slug, lock);
  return campaign ? ok(campaign) : err("campaigns.notFound", 404);
}

export interface OfferedTitleOption {
  id: number;
  slug: string;
  nameZh: string;
  nameEn: string;
  templates: MetricTemplate[];
}

async function titlesOffered(db: Db, campaignId: number): Promise<OfferedTitleOption[]> {
  const titles = await withTitles(db, await offeredTitles(db, campaignId));
  return titles.map((t) => ({ id: t.id, slug: t.slug, nameZh: t.nameZh, nameEn: t.nameEn, templates: t.templates }));
}

/** The first unit a manager acts for, for the form's "your scope" line. */
function managedPaths(user: User): string[] {
  return user.roles.flatMap((r) => (r.role === "manager" && r.orgPath ? [r.orgPath] : []));
}

// ---- the form ----------------------------------------------------------------

/** The form's values, in the shape of the Zod schema (rows for the title's templates included). */
export interface NominationFormValues {
  title: string;
  kind: "individual" | "team";
  teamName: string;
  nominees: string[];
  citation: string;
  metrics: MetricRow[];
  stories: StoryRow[];
  photos: Array<{ mediaId: number; caption: string }>;
}

export interface NominationFormData {
  campaign: Pick<CampaignRef, "slug" | "nameZh" | "nameEn" | "status" | "unitZh" | "unitEn">;
  titles: OfferedTitleOption[];
  /** null: a new nomination. */
  nomination: null | {
    id: number;
    status: NominationStatus;
    /** The committee's comment when it was returned. */
    returnComment: string | null;
    values: NominationFormValues;
  };
  /** Pictures of the photos already attached, by media id. */
  pictures: Record<number, PictureData>;
  /** The units this manager acts for (with the units below them), for the form's scope hint. */
  managedUnits: Array<{ nameZh: string; nameEn: string | null }>;
}

/** Stored metrics first, then a row for each template the nomination has not answered yet. */
export function metricRowsFor(templates: readonly MetricTemplate[], stored: readonly MetricRow[]): MetricRow[] {
  const answered = new Set(stored.map((m) => m.templateId).filter(Boolean));
  const blanks = templates
    .filter((t) => !answered.has(t.id))
    .map((t): MetricRow => ({ templateId: t.id, name: t.nameZh, unit: t.unit, direction: t.direction, target: t.target ?? undefined }));
  return [...stored, ...blanks];
}

/**
 * What the nomination form needs: the campaign, the titles it offers with
 * their metric templates, and for an existing nomination its current values.
 * Refused unless the person may nominate now (new) or edit this nomination.
 */
export async function nominationForm(db: Db, user: User, slug: string, id: number | null): Promise<Result<NominationFormData>> {
  const campaign = await campaignOr404(db, user, slug);
  if (!campaign.ok) return campaign;
  const c = campaign.value;
  const titles = await titlesOffered(db, c.id);
  const head = { slug: c.slug, nameZh: c.nameZh, nameEn: c.nameEn, status: c.status, unitZh: c.unitZh, unitEn: c.unitEn };
  const unitIds = user.roles.flatMap((r) => (r.role === "manager" && r.orgUnitId !== null ? [r.orgUnitId] : []));
  const managedUnits = unitIds.length
    ? await db
        .selectFrom("org_units")
        .select(["name_zh as nameZh", "name_en as nameEn"])
        .where("id", "in", unitIds)
        .orderBy("path")
        .orderBy("id")
        .execute()
    : [];
  if (id === null) {
    const refusal = whyCannotNominate(user, c.status);
    if (refusal) return err(refusal, 403);
    return ok({ campaign: head, titles, nomination: null, pictures: {}, managedUnits });
  }
  const n = await loadNomination(db, c.id, id);
  if (!n || !mayRead(user, n, c.status)) return err("nominations.notFound", 404);
  const refusal = whyCannotEdit(user, n, c.status);
  if (refusal) return err(refusal, 403);
  const title = titles.find((t) => t.id === n.titleId)!;
  const [nominees, evidence, history] = await Promise.all([loadNominees(db, [n.id]), loadEvidence(db, n.id), loadHistory(db, n.id)]);
  const returned = n.status === "returned" ? [...history].reverse().find((e) => e.to === "returned") : undefined;
  return ok({
    campaign: head,
    titles,
    nomination: {
      id: n.id,
      status: n.status,
      returnComment: returned?.comment ?? null,
      values: {
        title: title.slug,
        kind: n.kind,
        teamName: n.teamName ?? "",
        nominees: (nominees.get(n.id) ?? []).map((p) => p.employeeNo),
        citation: n.citation,
        metrics: metricRowsFor(
          title.templates,
          evidence.metrics.map((m) => ({
            templateId: m.templateId ?? undefined,
            name: m.name,
            value: m.value,
            unit: m.unit,
            period: m.period,
            target: m.target ?? undefined,
            baseline: m.baseline ?? undefined,
            direction: m.direction,
            source: m.source,
          })),
        ),
        stories: evidence.stories.map((s) => ({
          heading: s.heading,
          body: s.body,
          principles: s.principles,
          quote: s.quote ?? undefined,
          quoteBy: s.quoteBy ?? undefined,
        })),
        photos: evidence.photos.map((p) => ({ mediaId: p.mediaId, caption: p.caption })),
      },
    },
    pictures: Object.fromEntries(evidence.photos.map((p) => [p.mediaId, p.picture])),
    managedUnits,
  });
}

/**
 * Pictures for photos a person has uploaded to the form but not saved yet
 * (the form came back with an error). Only photos they uploaded themselves
 * or that belong to their own nominations: media ids are sequential.
 */
export async function photoPreviews(db: Db, user: User, mediaIds: readonly number[]): Promise<Record<number, PictureData>> {
  const ids = [...new Set(mediaIds.filter((id) => Number.isSafeInteger(id) && id > 0))].slice(0, limits.photos * 2);
  if (ids.length === 0) return {};
  const mine = await ownPhotoIds(db, user, null, ids);
  return Object.fromEntries(await getPictures(db, [...mine]));
}

/** Of these media ids, the photos this person may attach to a nomination (theirs, or already on it). */
async function ownPhotoIds(db: Db, user: User, nominationId: number | null, ids: readonly number[]): Promise<Set<number>> {
  if (ids.length === 0) return new Set();
  const rows = await db
    .selectFrom("media as m")
    .select("m.id")
    .where("m.id", "in", [...ids])
    .where("m.purpose", "=", "photo")
    .where((eb) =>
      eb.or([
        eb.exists(
          eb.selectFrom("media_uploaders as mu").select("mu.media_id").whereRef("mu.media_id", "=", "m.id").where("mu.person_id", "=", user.id),
        ),
        eb.exists(
          eb
            .selectFrom("nomination_photos as np")
            .innerJoin("nominations as n", "n.id", "np.nomination_id")
            .select("np.media_id")
            .whereRef("np.media_id", "=", "m.id")
            .where((w) => (nominationId === null ? w("n.nominator_id", "=", user.id) : w("n.id", "=", nominationId))),
        ),
      ]),
    )
    .execute();
  return new Set(rows.map((r) => r.id));
}

/** People a manager may nominate in this campaign, for the search-as-you-type list. */
export async function findNominees(
  db: Db,
  user: User,
  slug: string,
  query: string,
): Promise<Result<Array<Omit<NomineeRef, "personId" | "orgUnitId">>>> {
  const campaign = await campaignOr404(db, user, slug);
  if (!campaign.ok) return campaign;
  const refusal = whyCannotNominate(user, campaign.value.status);
  if (refusal) return err(refusal, 403);
  const text = cutChars(query.trim(), 50);
  if (!text) return ok([]);
  const like = `%${escapeLike(text)}%`;
  const paths = managedPaths(user);
  const rows = await db
    .selectFrom("people as p")
    .innerJoin("org_units as u", "u.id", "p.org_unit_id")
    .select(["p.employee_no", "p.name", "p.job_title", "u.name_zh", "u.name_en"])
    .where("p.status", "=", "active")
    .where(uWithin(campaign.value.unitPath))
    .where((eb) => eb.or(paths.map(uWithin)))
    .where((eb) =>
      eb.or([
        eb("p.name", "ilike", like),
        eb("p.name_pinyin", "ilike", `%${escapeLike(text.toLowerCase().replace(/\s+/g, " "))}%`),
        eb("p.employee_no", "ilike", `${escapeLike(text)}%`),
      ]),
    )
    .orderBy(sql`p.name_pinyin collate "C"`)
    .orderBy("p.employee_no")
    .limit(8)
    .execute();
  return ok(rows.map((r) => ({ employeeNo: r.employee_no, name: r.name, jobTitle: r.job_title, unitZh: r.name_zh, unitEn: r.name_en })));
}

// ---- saving ------------------------------------------------------------------

/**
 * Finds the people typed into the form (工号, or a name unique within the
 * manager's scope) and checks each may be put forward: active, inside the
 * campaign's scope and the manager's own.
 */
async function resolveNominees(db: Db, user: User, campaign: CampaignRef, typed: readonly string[]): Promise<Result<NomineeRef[]>> {
  const found: Array<NomineeRef & { unitPath: string; status: "active" | "left" }> = [];
  const base = () =>
    db
      .selectFrom("people as p")
      .innerJoin("org_units as u", "u.id", "p.org_unit_id")
      .select(["p.id", "p.employee_no", "p.name", "p.org_unit_id", "p.job_title", "p.status", "u.name_zh", "u.name_en", ownPathOfU.as("unit_path")]);
  const paths = managedPaths(user);
  for (const who of typed) {
    let rows = await base()
      .where(sql<boolean>`upper(p.employee_no) = upper(${who})`)
      .execute();
    if (rows.length === 0) {
      // A name: only among the people this manager could nominate, so a
      // namesake elsewhere in the company neither matches nor leaks.
      rows = await base()
        .where("p.name", "=", who)
        .where("p.status", "=", "active")
        .where(uWithin(campaign.unitPath))
        .where((eb) => eb.or(paths.map(uWithin)))
        .orderBy("p.employee_no")
        .limit(6)
        .execute();
      if (rows.length > 1) {
        return err("nominations.nominee.ambiguous", 400, { who, choices: rows.map((r) => `${r.name} (${r.employee_no})`).join(", ") });
      }
    }
    const r = rows[0];
    if (!r) return err("nominations.nominee.unknown", 400, { who });
    found.push({
      personId: r.id,
      employeeNo: r.employee_no,
      name: r.name,
      orgUnitId: r.org_unit_id,
      jobTitle: r.job_title,
      unitZh: r.name_zh,
      unitEn: r.name_en,
      unitPath: r.unit_path,
      status: r.status,
    });
  }
  for (const p of found) {
    const who = `${p.name} (${p.employeeNo})`;
    if (p.status !== "active") return err("nominations.nominee.left", 400, { who });
    if (!p.unitPath.startsWith(campaign.unitPath)) return err("nominations.nominee.outsideCampaign", 400, { who });
    if (!managesUnitPath(user, p.unitPath)) return err("nominations.nominee.outsideScope", 403, { who });
  }
  if (new Set(found.map((p) => p.personId)).size !== found.length) return err("nominations.nominee.duplicate");
  return ok(found.map(({ unitPath: _path, status: _status, ...p }) => p));
}

/** What a submitted nomination must have beyond a draft. */
function submitProblem(input: NominationInput, templates: readonly MetricTemplate[]): Result<true> {
  if (!input.citation.trim()) return err("nominations.submit.citation");
  const answered = new Set(input.metrics.map((m) => m.templateId));
  const missing = templates.find((t) => t.required && !answered.has(t.id));
  if (missing) return err("nominations.submit.metric", 400, { zh: missing.nameZh, en: missing.nameEn });
  if (input.stories.length === 0) return err("nominations.submit.story");
  return ok(true);
}

/** Checks that hold for drafts too: sizes, stories, template ids. */
function inputProblem(input: NominationInput, templates: readonly MetricTemplate[]): Result<true> {
  if (input.kind === "individual" && input.nominees.length !== 1) return err("nominations.nominee.onlyOne");
  if (input.kind === "team" && input.nominees.length < 2) return err("nominations.team.tooSmall");
  if (input.nominees.length > limits.teamSize) return err("nominations.team.tooLarge", 400, { max: limits.teamSize });
  if (input.kind === "team" && !input.teamName) return err("nominations.team.name.required");
  if (!withinChars(limits.citation)(input.citation)) return err("nominations.citation.tooLong", 400, { max: limits.citation });
  if (input.metrics.length > limits.metrics) return err("nominations.metrics.tooMany", 400, { max: limits.metrics });
  if (input.stories.length > limits.stories) return err("nominations.stories.tooMany", 400, { max: limits.stories });
  if (input.photos.length > limits.photos) return err("nominations.photos.tooMany", 400, { max: limits.photos });
  if (new Set(input.photos.map((p) => p.mediaId)).size !== input.photos.length) return err("nominations.photo.unknown");
  const templateIds = new Set(templates.map((t) => t.id));
  if (input.metrics.some((m) => m.templateId !== null && !templateIds.has(m.templateId))) return err("nominations.metric.template.unknown");
  for (const s of input.stories) {
    const problem = storyProblem(s.body);
    if (problem) return err(problem, 400, { max: problem === "evidence.story.tooLong" ? 5000 : 40 });
    if (s.principles.some((p) => !isFredPrinciple(p))) return err("nominations.story.principle.unknown");
  }
  return ok(true);
}

/** The unique key (campaign, title, person) of nomination_nominees, as PostgreSQL names it. */
const nomineeOncePerTitle = "nomination_nominees_campaign_id_title_id_person_id_key";

export interface Saved {
  id: number;
  status: NominationStatus;
}

/**
 * Saves a manager's nomination, new (`id` null) or existing, as a draft or
 * (with `submit`) for review. The campaign is share-locked, so its phase
 * cannot move under the save; the nomination row is locked, so two tabs do
 * not interleave. Evidence rows are replaced as a whole: the form always
 * posts all of them.
 */
export async function saveNomination(
  db: Db,
  user: User,
  slug: string,
  id: number | null,
  input: NominationInput,
  options: { submit: boolean },
): Promise<Result<Saved>> {
  try {
    return await db.transaction().execute(async (trx) => {
      const campaign = await campaignOr404(trx, user, slug, "share");
      if (!campaign.ok) return campaign;
      const c = campaign.value;
      let existing: NominationRow | null = null;
      if (id === null) {
        const refusal = whyCannotNominate(user, c.status);
        if (refusal) return err(refusal, 403);
      } else {
        existing = await loadNomination(trx, c.id, id, true);
        if (!existing || !mayRead(user, existing, c.status)) return err("nominations.notFound", 404);
        const refusal = whyCannotEdit(user, existing, c.status);
        if (refusal) return err(refusal, 403);
      }
      const title = (await titlesOffered(trx, c.id)).find((t) => t.slug === input.titleSlug);
      if (!title) return err("nominations.title.unknown");
      const problem = inputProblem(input, title.templates);
      if (!problem.ok) return problem;
      if (options.submit) {
        const missing = submitProblem(input, title.templates);
        if (!missing.ok) return missing;
      }
      const nominees = await resolveNominees(trx, user, c, input.nominees);
      if (!nominees.ok) return nominees;
      const taken = await trx
        .selectFrom("nomination_nominees as nn")
        .innerJoin("people as p", "p.id", "nn.person_id")
        .select(["p.name", "p.employee_no"])
        .where("nn.campaign_id", "=", c.id)
        .where("nn.title_id", "=", title.id)
        .where(
          "nn.person_id",
          "in",
          nominees.value.map((p) => p.personId),
        )
        .where("nn.nomination_id", "<>", existing?.id ?? 0)
        .executeTakeFirst();
      if (taken) return err("nominations.nominee.taken", 409, { who: `${taken.name} (${taken.employee_no})` });
      const photoIds = input.photos.map((p) => p.mediaId);
      const allowed = await ownPhotoIds(trx, user, existing?.id ?? null, photoIds);
      if (photoIds.some((m) => !allowed.has(m))) return err("nominations.photo.unknown", 403);

      const now = new Date();
      const from = existing?.status ?? null;
      const status: NominationStatus = options.submit ? "submitted" : (existing?.status ?? "draft");
      const columns = {
        title_id: title.id,
        kind: input.kind,
        team_name: input.kind === "team" ? input.teamName : null,
        citation: input.citation,
        status,
        updated_at: now,
        ...(options.submit ? { submitted_at: now } : {}),
      };
      let nominationId: number;
      if (existing) {
        nominationId = existing.id;
        // Nominees point at (id, campaign, title): they go before the title may change.
        await trx.deleteFrom("nomination_nominees").where("nomination_id", "=", nominationId).execute();
        await trx.updateTable("nominations").set(columns).where("id", "=", nominationId).execute();
      } else {
        const row = await trx
          .insertInto("nominations")
          .values({ ...columns, campaign_id: c.id, nominator_id: user.id })
          .returning("id")
          .executeTakeFirstOrThrow();
        nominationId = row.id;
        await trx
          .insertInto("nomination_events")
          .values({ nomination_id: nominationId, from_status: null, to_status: "draft", actor_id: user.id, at: now })
          .execute();
      }
      await writeEvidence(trx, nominationId, c.id, title.id, nominees.value, input);
      if (options.submit) {
        await trx
          .insertInto("nomination_events")
          .values({ nomination_id: nominationId, from_status: from ?? "draft", to_status: "submitted", actor_id: user.id, at: now })
          .execute();
      }
      await audit(trx, user, {
        action: options.submit ? "nomination.submitted" : existing ? "nomination.saved" : "nomination.created",
        subjectType: "nomination",
        subjectId: nominationId,
        before: existing ? { status: existing.status } : undefined,
        after: {
          campaign: c.slug,
          title: title.slug,
          nominees: nominees.value.map((p) => p.employeeNo),
          status,
          metrics: input.metrics.length,
          stories: input.stories.length,
          photos: input.photos.length,
        },
      });
      return ok({ id: nominationId, status });
    });
  } catch (e) {
    // Two managers saving the same person at once: the unique key decides.
    if (violates(e, nomineeOncePerTitle)) return err("nominations.nominee.takenJustNow", 409);
    throw e;
  }
}

/** A metric row as stored (also used by the demo seed, which writes rows directly). */
export const metricValues = (nominationId: number, m: MetricInput, position: number) => ({
  nomination_id: nominationId,
  position,
  template_id: m.templateId,
  name: m.name,
  value: m.value,
  unit: m.unit,
  period: m.period,
  target: m.target,
  baseline: m.baseline,
  direction: m.direction,
  source: m.source,
});

/** A story as stored; "said by" only with a quote. */
export const storyValues = (nominationId: number, s: StoryInput, position: number) => ({
  nomination_id: nominationId,
  position,
  heading: s.heading,
  body: s.body,
  principles: s.principles,
  quote: s.quote,
  quote_by: s.quote ? s.quoteBy : null,
});

async function writeEvidence(
  trx: Db,
  nominationId: number,
  campaignId: number,
  titleId: number,
  nominees: readonly NomineeRef[],
  input: NominationInput,
) {
  await trx
    .insertInto("nomination_nominees")
    .values(
      nominees.map((p, position) => ({ nomination_id: nominationId, campaign_id: campaignId, title_id: titleId, person_id: p.personId, position })),
    )
    .execute();
  await trx.deleteFrom("nomination_metrics").where("nomination_id", "=", nominationId).execute();
  if (input.metrics.length) {
    await trx
      .insertInto("nomination_metrics")
      .values(input.metrics.map((m, position) => metricValues(nominationId, m, position)))
      .execute();
  }
  await trx.deleteFrom("nomination_stories").where("nomination_id", "=", nominationId).execute();
  if (input.stories.length) {
    await trx
      .insertInto("nomination_stories")
      .values(input.stories.map((s, position) => storyValues(nominationId, s, position)))
      .execute();
  }
  await trx.deleteFrom("nomination_photos").where("nomination_id", "=", nominationId).execute();
  if (input.photos.length) {
    await trx
      .insertInto("nomination_photos")
      .values(input.photos.map((p: PhotoInput, position) => ({ nomination_id: nominationId, media_id: p.mediaId, position, caption: p.caption })))
      .execute();
  }
}

/** The nominator throws away a draft nobody else has seen. */
export async function deleteDraft(db: Db, user: User, slug: string, id: number): Promise<Result<true>> {
  return db.transaction().execute(async (trx) => {
    const campaign = await campaignOr404(trx, user, slug, "share");
    if (!campaign.ok) return campaign;
    const n = await loadNomination(trx, campaign.value.id, id, true);
    if (!n || !mayRead(user, n, campaign.value.status)) return err("nominations.notFound", 404);
    if (n.nominatorId !== user.id) return err("nominations.edit.notYours", 403);
    if (n.status !== "draft") return err("nominations.delete.notDraft", 409);
    const nominees = await loadNominees(trx, [n.id]);
    await trx.deleteFrom("nominations").where("id", "=", n.id).execute();
    await audit(trx, user, {
      action: "nomination.deleted",
      subjectType: "nomination",
      subjectId: n.id,
      before: { campaign: campaign.value.slug, nominees: (nominees.get(n.id) ?? []).map((p) => p.employeeNo), status: n.status },
    });
    return ok(true);
  });
}

// ---- reading -----------------------------------------------------------------

/** A stored metric row, with how it compares to its target and baseline. */
export interface MetricView extends MetricInput {
  /** Its name and unit in English, from a template: see {@link metricInEnglish}. */
  nameEn: string | null;
  unitEn: string | null;
  comparison: MetricComparison;
}

/**
 * A metric's name and unit in English, selected where `nomination_metrics` is
 * aliased `m`. The form posts a template's metric under the template's
 * Chinese name and unit, and the template has them in English too; a metric
 * the nominator typed under exactly the Chinese name of a template is that
 * metric as well (故障申告率 is the fault-report rate whichever title asks
 * for it). Its own title's template comes first. The unit only where the
 * template has the same Chinese unit and an English one (% has none: it reads
 * the same). Any other metric — or one whose template was renamed since — has
 * only what it was stored with (null here). docs/decisions/0020.
 */
export const metricInEnglish = [
  sql<string | null>`(select known.name_en from title_metric_templates known
    where known.name_zh = m.name order by known.id = m.template_id desc nulls last, known.id limit 1)`.as("name_en"),
  sql<string | null>`(select nullif(known.unit_en, '') from title_metric_templates known
    where known.name_zh = m.name and known.unit = m.unit order by known.id = m.template_id desc nulls last, known.id limit 1)`.as("unit_en"),
] as const;

export interface StoryView {
  heading: string;
  body: string;
  blocks: StoryBlock[];
  principles: FredPrinciple[];
  quote: string | null;
  quoteBy: string | null;
}

export interface PhotoView {
  mediaId: number;
  caption: string;
  picture: PictureData;
}

/** A stored metric row as the pages show it: numbers read the same on pg and PGlite, and its comparison. */
export function metricView(
  m: Pick<
    Selectable<NominationMetricTable>,
    "template_id" | "name" | "value" | "unit" | "period" | "target" | "baseline" | "direction" | "source"
  > & { name_en: string | null; unit_en: string | null },
): MetricView {
  const value = Number(m.value);
  const target = num(m.target);
  const baseline = num(m.baseline);
  return {
    templateId: m.template_id,
    name: m.name,
    nameEn: m.name_en,
    unitEn: m.unit_en,
    value,
    unit: m.unit,
    period: m.period,
    target,
    baseline,
    direction: m.direction,
    source: m.source,
    comparison: compareMetric({ value, target, baseline, direction: m.direction }),
  };
}

async function loadEvidence(db: Db, nominationId: number) {
  const [metrics, stories, photos] = await Promise.all([
    db
      .selectFrom("nomination_metrics as m")
      .selectAll("m")
      .select(metricInEnglish)
      .where("m.nomination_id", "=", nominationId)
      .orderBy("m.position")
      .execute(),
    db.selectFrom("nomination_stories").selectAll().where("nomination_id", "=", nominationId).orderBy("position").execute(),
    db.selectFrom("nomination_photos").select(["media_id", "caption"]).where("nomination_id", "=", nominationId).orderBy("position").execute(),
  ]);
  const pictures = await getPictures(
    db,
    photos.map((p) => p.media_id),
  );
  return {
    metrics: metrics.map(metricView),
    stories: stories.map((s): StoryView => ({
      heading: s.heading,
      body: s.body,
      blocks: parseStory(s.body),
      principles: s.principles.filter(isFredPrinciple),
      quote: s.quote,
      quoteBy: s.quote_by,
    })),
    photos: photos.flatMap((p): PhotoView[] => {
      const picture = pictures.get(p.media_id);
      return picture ? [{ mediaId: p.media_id, caption: p.caption, picture }] : [];
    }),
  };
}

export interface HistoryEntry {
  from: NominationStatus | null;
  to: NominationStatus;
  actorName: string | null;
  comment: string | null;
  at: Date;
}

async function loadHistory(db: Db, nominationId: number): Promise<HistoryEntry[]> {
  const rows = await db
    .selectFrom("nomination_events as e")
    .leftJoin("people as p", "p.id", "e.actor_id")
    .select(["e.from_status", "e.to_status", "e.comment", "e.at", "p.name"])
    .where("e.nomination_id", "=", nominationId)
    .orderBy("e.at")
    .orderBy("e.id")
    .execute();
  return rows.map((r) => ({ from: r.from_status, to: r.to_status, actorName: r.name, comment: r.comment, at: r.at }));
}

/** A metric's rows grouped by name: one card each, with a chart when it has several periods. */
export interface MetricGroup {
  name: string;
  nameEn: string | null;
  unitEn: string | null;
  unit: string;
  direction: "higher" | "lower";
  /** The latest row (last in the form's order): the card's figure. */
  latest: MetricView;
  rows: MetricView[];
}

export function groupMetrics(metrics: readonly MetricView[]): MetricGroup[] {
  const groups = new Map<string, MetricView[]>();
  for (const m of metrics) groups.set(`${m.name}\u0000${m.unit}`, [...(groups.get(`${m.name}\u0000${m.unit}`) ?? []), m]);
  return [...groups.values()].map((rows) => ({
    name: rows[0].name,
    nameEn: rows[0].nameEn,
    unit: rows[0].unit,
    unitEn: rows[0].unitEn,
    direction: rows[0].direction,
    latest: rows[rows.length - 1],
    rows,
  }));
}

export interface NominationPage {
  id: number;
  campaign: Pick<CampaignRef, "slug" | "nameZh" | "nameEn" | "status">;
  title: { slug: string; nameZh: string; nameEn: string };
  kind: "individual" | "team";
  teamName: string | null;
  status: NominationStatus;
  citation: string;
  nominees: NomineeRef[];
  nominatorName: string;
  submittedAt: Date | null;
  metrics: MetricGroup[];
  stories: StoryView[];
  photos: PhotoView[];
  history: HistoryEntry[];
  canEdit: boolean;
  canDelete: boolean;
  /** The committee member may decide now. */
  canReview: boolean;
  /** Why this committee member stays out of it, shown to them. */
  recusal: Recusal | null;
}

/** One nomination as its page shows it, for whoever may read it. */
export async function getNomination(db: Db, user: User, slug: string, id: number): Promise<Result<NominationPage>> {
  const campaign = await campaignOr404(db, user, slug);
  if (!campaign.ok) return campaign;
  const c = campaign.value;
  const n = await loadNomination(db, c.id, id);
  if (!n || !mayRead(user, n, c.status)) return err("nominations.notFound", 404);
  const [nominees, evidence, history, titles] = await Promise.all([
    loadNominees(db, [n.id]),
    loadEvidence(db, n.id),
    loadHistory(db, n.id),
    titleNames(db, [n.titleId]),
  ]);
  const people = nominees.get(n.id) ?? [];
  const facts = { nominatorId: n.nominatorId, status: n.status, nominees: people };
  const committee = hasRole(user, "committee");
  return ok({
    id: n.id,
    campaign: { slug: c.slug, nameZh: c.nameZh, nameEn: c.nameEn, status: c.status },
    title: titles.get(n.titleId)!,
    kind: n.kind,
    teamName: n.teamName,
    status: n.status,
    citation: n.citation,
    nominees: people,
    nominatorName: n.nominatorName,
    submittedAt: n.submittedAt,
    metrics: groupMetrics(evidence.metrics),
    stories: evidence.stories,
    photos: evidence.photos,
    history,
    canEdit: whyCannotEdit(user, n, c.status) === null,
    canDelete: n.nominatorId === user.id && n.status === "draft",
    canReview: whyCannotReview(user, facts, c.status) === null,
    recusal: committee ? recusalOf(user, facts) : null,
  });
}

export interface NominationSummary {
  id: number;
  title: { slug: string; nameZh: string; nameEn: string };
  kind: "individual" | "team";
  teamName: string | null;
  status: NominationStatus;
  citation: string;
  nominees: Array<Pick<NomineeRef, "employeeNo" | "name" | "unitZh" | "unitEn">>;
  nominatorName: string;
  mine: boolean;
  submittedAt: Date | null;
  updatedAt: Date;
  photo: PictureData | null;
}

/** A title's slug and names, by id: what a heading or card shows (no templates, no badge). */
async function titleNames(db: Db, ids: readonly number[]): Promise<Map<number, { slug: string; nameZh: string; nameEn: string }>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom("titles")
    .select(["id", "slug", "name_zh", "name_en"])
    .where("id", "in", [...new Set(ids)])
    .execute();
  return new Map(rows.map((t) => [t.id, { slug: t.slug, nameZh: t.name_zh, nameEn: t.name_en }]));
}

/** Cards for these rows; `nominees` when the caller has already loaded them. */
async function summaries(
  db: Db,
  user: User,
  rows: ReadonlyArray<{
    id: number;
    title_id: number;
    kind: "individual" | "team";
    team_name: string | null;
    status: NominationStatus;
    citation: string;
    nominator_id: number;
    nominator_name: string;
    submitted_at: Date | null;
    updated_at: Date;
  }>,
  loaded?: Map<number, NomineeRef[]>,
): Promise<NominationSummary[]> {
  const ids = rows.map((r) => r.id);
  const [nominees, titleOf, firstPhotos] = await Promise.all([
    loaded ?? loadNominees(db, ids),
    titleNames(
      db,
      rows.map((r) => r.title_id),
    ),
    ids.length
      ? db.selectFrom("nomination_photos").select(["nomination_id", "media_id"]).where("nomination_id", "in", ids).where("position", "=", 0).execute()
      : Promise.resolve([]),
  ]);
  const pictures = await getPictures(
    db,
    firstPhotos.map((p) => p.media_id),
  );
  const photoOf = new Map(firstPhotos.map((p) => [p.nomination_id, pictures.get(p.media_id) ?? null]));
  return rows.map((r) => ({
    id: r.id,
    title: titleOf.get(r.title_id)!,
    kind: r.kind,
    teamName: r.team_name,
    status: r.status,
    citation: r.citation,
    nominees: (nominees.get(r.id) ?? []).map(({ employeeNo, name, unitZh, unitEn }) => ({ employeeNo, name, unitZh, unitEn })),
    nominatorName: r.nominator_name,
    mine: r.nominator_id === user.id,
    submittedAt: r.submitted_at,
    updatedAt: r.updated_at,
    photo: photoOf.get(r.id) ?? null,
  }));
}

function summaryQuery(db: Db) {
  return db
    .selectFrom("nominations as n")
    .innerJoin("people as p", "p.id", "n.nominator_id")
    .select([
      "n.id",
      "n.title_id",
      "n.kind",
      "n.team_name",
      "n.status",
      "n.citation",
      "n.nominator_id",
      "p.name as nominator_name",
      "n.submitted_at",
      "n.updated_at",
    ]);
}

export interface CampaignNominations {
  /** Approved (and later) nominations everyone in scope may read, or all but drafts for the committee and administrators. */
  listed: NominationSummary[];
  /** The person's own nominations, any status. */
  mine: NominationSummary[];
  mayNominate: boolean;
  /** Committee members: how many wait for a decision. */
  awaitingReview: number | null;
}

/** The nominations part of a campaign page, as this person may see it. */
export async function campaignNominations(db: Db, user: User, slug: string): Promise<Result<CampaignNominations>> {
  const campaign = await campaignOr404(db, user, slug);
  if (!campaign.ok) return campaign;
  const c = campaign.value;
  const overseer = isAdmin(user) || hasRole(user, "committee");
  const visible = overseer
    ? (["submitted", "returned", "approved", "rejected", "winner", "not_selected"] as NominationStatus[])
    : publicStatuses(c.status);
  const base = summaryQuery(db).where("n.campaign_id", "=", c.id).orderBy("n.title_id").orderBy("n.id");
  const [listedRows, mineRows] = await Promise.all([
    visible.length ? base.where("n.status", "in", visible).where("n.nominator_id", "<>", user.id).execute() : Promise.resolve([]),
    base.where("n.nominator_id", "=", user.id).execute(),
  ]);
  const committee = hasRole(user, "committee");
  return ok({
    listed: await summaries(db, user, listedRows),
    mine: await summaries(db, user, mineRows),
    mayNominate: whyCannotNominate(user, c.status) === null,
    awaitingReview: committee
      ? listedRows.filter((r) => r.status === "submitted").length + mineRows.filter((r) => r.status === "submitted").length
      : null,
  });
}

// ---- review ------------------------------------------------------------------

export interface QueueItem extends NominationSummary {
  recusal: Recusal | null;
  canReview: boolean;
}

export interface ReviewQueue {
  campaign: Pick<CampaignRef, "slug" | "nameZh" | "nameEn" | "status">;
  /** Submitted, oldest first: the committee's work. */
  waiting: QueueItem[];
  /** Returned to their manager, waiting for changes. */
  returned: QueueItem[];
  /** Approved or rejected. */
  decided: QueueItem[];
  open: boolean;
}

/** The committee's queue for one campaign (administrators may read it too). */
export async function reviewQueue(db: Db, user: User, slug: string): Promise<Result<ReviewQueue>> {
  if (!hasRole(user, "committee") && !isAdmin(user)) return err("nominations.review.notCommittee", 403);
  const campaign = await campaignOr404(db, user, slug);
  if (!campaign.ok) return campaign;
  const c = campaign.value;
  const rows = await summaryQuery(db)
    .where("n.campaign_id", "=", c.id)
    .where("n.status", "<>", "draft")
    .orderBy(sql`n.submitted_at nulls last`)
    .orderBy("n.id")
    .execute();
  const nominees = await loadNominees(
    db,
    rows.map((r) => r.id),
  );
  const items = (await summaries(db, user, rows, nominees)).map((s, i): QueueItem => {
    const facts = { nominatorId: rows[i].nominator_id, status: s.status, nominees: nominees.get(s.id) ?? [] };
    return { ...s, recusal: hasRole(user, "committee") ? recusalOf(user, facts) : null, canReview: whyCannotReview(user, facts, c.status) === null };
  });
  return ok({
    campaign: { slug: c.slug, nameZh: c.nameZh, nameEn: c.nameEn, status: c.status },
    waiting: items.filter((i) => i.status === "submitted"),
    returned: items.filter((i) => i.status === "returned"),
    decided: items.filter((i) => i.status !== "submitted" && i.status !== "returned"),
    open: c.status === "nominating" || c.status === "reviewing",
  });
}

/** A committee member approves, returns (with a comment) or rejects (with a reason) a submitted nomination. */
export async function reviewNomination(
  db: Db,
  user: User,
  slug: string,
  id: number,
  input: { decision: Decision; comment?: string | null },
): Promise<Result<{ id: number; status: NominationStatus }>> {
  const comment = input.comment?.trim() || null;
  if (input.decision !== "approve" && !comment) {
    return err(input.decision === "return" ? "nominations.review.comment.returnRequired" : "nominations.review.comment.rejectRequired");
  }
  if (comment && !withinChars(limits.comment)(comment)) return err("nominations.review.comment.tooLong", 400, { max: limits.comment });
  // Own keys only: `"toString" in decisions` is true, and would reach the update.
  if (!Object.hasOwn(decisions, input.decision)) return err("nominations.review.decision.required");
  return db.transaction().execute(async (trx) => {
    const campaign = await campaignOr404(trx, user, slug, "share");
    if (!campaign.ok) return campaign;
    const c = campaign.value;
    const n = await loadNomination(trx, c.id, id, true);
    if (!n || !mayRead(user, n, c.status)) return err("nominations.notFound", 404);
    const nominees = (await loadNominees(trx, [n.id])).get(n.id) ?? [];
    const refusal = whyCannotReview(user, { nominatorId: n.nominatorId, status: n.status, nominees }, c.status);
    if (refusal) return err(refusal, refusal.startsWith("nominations.recused") || refusal === "nominations.review.notCommittee" ? 403 : 409);
    const to = decisions[input.decision];
    const now = new Date();
    await trx.updateTable("nominations").set({ status: to, updated_at: now }).where("id", "=", n.id).execute();
    await trx
      .insertInto("nomination_events")
      .values({ nomination_id: n.id, from_status: n.status, to_status: to, actor_id: user.id, comment, at: now })
      .execute();
    await audit(trx, user, {
      action: `nomination.${to}`,
      subjectType: "nomination",
      subjectId: n.id,
      before: { status: n.status },
      after: { status: to, campaign: c.slug, comment },
    });
    return ok({ id: n.id, status: to });
  });
}

// ---- home page -----------------------------------------------------------------

export interface ReturnedNotice {
  id: number;
  campaign: { slug: string; nameZh: string; nameEn: string };
  nominees: string[];
  teamName: string | null;
  comment: string | null;
  at: Date;
}

export interface HomeNominations {
  /** The manager's nominations the committee returned, with its comment. */
  returned: ReturnedNotice[];
  /** The manager's drafts in campaigns still taking nominations. */
  drafts: number;
  /** The same drafts, per campaign, so the home page can link to each. */
  draftsIn: Array<{ slug: string; nameZh: string; nameEn: string; count: number }>;
  /** Committee: submitted nominations waiting, per campaign they may decide in. */
  toReview: Array<{ slug: string; nameZh: string; nameEn: string; count: number }>;
}

/** What waits for this person on the home page. */
export async function homeNominations(db: Db, user: User): Promise<HomeNominations> {
  const returnedRows = await db
    .selectFrom("nominations as n")
    .innerJoin("campaigns as c", "c.id", "n.campaign_id")
    .select((eb) => [
      "n.id",
      "n.team_name",
      "c.slug",
      "c.name_zh",
      "c.name_en",
      eb
        .selectFrom("nomination_events as e")
        .select("e.comment")
        .whereRef("e.nomination_id", "=", "n.id")
        .where("e.to_status", "=", "returned")
        .orderBy("e.at", "desc")
        .orderBy("e.id", "desc")
        .limit(1)
        .as("comment"),
      "n.updated_at",
    ])
    .where("n.nominator_id", "=", user.id)
    .where("n.status", "=", "returned")
    .where("c.status", "in", ["nominating", "reviewing"])
    .orderBy("n.updated_at", "desc")
    .execute();
  const names = await loadNominees(
    db,
    returnedRows.map((r) => r.id),
  );
  const draftsIn = await db
    .selectFrom("nominations as n")
    .innerJoin("campaigns as c", "c.id", "n.campaign_id")
    .select((eb) => ["c.slug", "c.name_zh", "c.name_en", eb.fn.countAll<number | string>().as("count")])
    .where("n.nominator_id", "=", user.id)
    .where("n.status", "=", "draft")
    .where("c.status", "=", "nominating")
    .groupBy(["c.id", "c.slug", "c.name_zh", "c.name_en"])
    .orderBy("c.id")
    .execute();
  let toReview: HomeNominations["toReview"] = [];
  if (hasRole(user, "committee")) {
    const rows = await db
      .selectFrom("nominations as n")
      .innerJoin("campaigns as c", "c.id", "n.campaign_id")
      .select((eb) => ["c.slug", "c.name_zh", "c.name_en", eb.fn.countAll<number | string>().as("count")])
      .where("n.status", "=", "submitted")
      .where("c.status", "in", ["nominating", "reviewing"])
      .groupBy(["c.id", "c.slug", "c.name_zh", "c.name_en"])
      .orderBy("c.id")
      .execute();
    const visible = await Promise.all(rows.map((r) => findVisibleCampaign(db, user, r.slug)));
    toReview = rows.filter((_, i) => visible[i]).map((r) => ({ slug: r.slug, nameZh: r.name_zh, nameEn: r.name_en, count: Number(r.count) }));
  }
  return {
    returned: returnedRows.map((r) => ({
      id: r.id,
      campaign: { slug: r.slug, nameZh: r.name_zh, nameEn: r.name_en },
      nominees: (names.get(r.id) ?? []).map((p) => p.name),
      teamName: r.team_name,
      comment: r.comment,
      at: r.updated_at,
    })),
    drafts: draftsIn.reduce((sum, c) => sum + Number(c.count), 0),
    draftsIn: draftsIn.map((c) => ({ slug: c.slug, nameZh: c.name_zh, nameEn: c.name_en, count: Number(c.count) })),
    toReview,
  };
}
