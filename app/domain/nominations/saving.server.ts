import { sql } from "kysely";
import type { Db } from "../../../db/client";
import type { NominationStatus } from "../../../db/schema";
import { violates } from "../../../db/values";
import { audit } from "../audit/audit.server";
import { judgeAtSubmit } from "../eligibility/eligible.server";
import { managesUnitPath, type User } from "../auth/user";
import type { CampaignRef } from "../campaigns/visibility.server";
import { ownPathOfU, uWithin } from "../org/unit-path.server";
import { err, ok, type Result } from "../result";
import { withinChars } from "../text";
import type { MetricTemplate } from "../titles/titles.server";
import {
  campaignOr404,
  loadNomination,
  loadNominees,
  managedPaths,
  ownPhotoIds,
  titlesOffered,
  type NominationRow,
  type NomineeRef,
} from "./queries.server";
import { withProvenance } from "./imported.server";
import type { Provenance } from "./provenance";
import { mayRead, whyCannotEdit, whyCannotNominate } from "./rules";
import { limits, type MetricInput, type NominationInput, type PhotoInput, type StoryInput } from "./schema";
import { isFredPrinciple, storyProblem } from "./story";

// A manager saves a nomination (a draft, or submitted for review) or throws
// a draft away. Every rule is asked of rules.ts; this file gathers the facts,
// writes in one transaction and audits.

/**
 * Finds the people typed into the form (工号, or a name unique within the
 * manager's scope) and checks each may be put forward: active, inside the
 * campaign's scope and the manager's own.
 */
export async function resolveNominees(db: Db, user: User, campaign: CampaignRef, typed: readonly string[]): Promise<Result<NomineeRef[]>> {
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
      // The title's rules, at submit: refused with the reasons, or kept as an exception with its justification (decision 0050).
      const judged = options.submit
        ? await judgeAtSubmit(
            trx,
            c.id,
            title.id,
            nominees.value.map((p) => p.personId),
            input.exceptionReason ?? null,
          )
        : null;
      if (judged && !judged.ok) return judged;
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
        ...(judged
          ? { eligibility: judged.value.eligibility, exception_reason: judged.value.exceptionReason }
          : { exception_reason: input.exceptionReason ?? null }),
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
      // Provenance is the server's: each figure checked against the imported one read now (decision 0051).
      const metrics = await withProvenance(trx, c.id, title.id, input.kind, nominees.value, input.metrics);
      await writeEvidence(trx, nominationId, c.id, title.id, nominees.value, { ...input, metrics });
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
          importedMetrics: metrics.filter((m) => m.origin === "imported").length,
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

/** A metric row as stored (also used by the demo seed, which writes rows directly); typed by hand unless a provenance says otherwise. */
export const metricValues = (nominationId: number, m: MetricInput & Partial<Provenance>, position: number) => ({
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
  origin: m.origin ?? "entered",
  metric_id: m.origin === "imported" ? (m.metricId ?? null) : null,
  source_system: m.origin === "imported" ? (m.sourceSystem ?? null) : null,
  imported_at: m.origin === "imported" ? (m.importedAt ?? null) : null,
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
  input: Omit<NominationInput, "metrics"> & { metrics: Array<MetricInput & Provenance> },
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
