import { sql } from "kysely";
import type { Db } from "../../../db/client";
import type { NominationStatus } from "../../../db/schema";
import type { User } from "../auth/user";
import type { CampaignRef } from "../campaigns/visibility.server";
import { getPictures } from "../media/media.server";
import type { PictureData } from "../media/picture";
import { escapeLike } from "../org/unit-path.server";
import { err, ok, type Result } from "../result";
import { cutChars } from "../text";
import type { MetricTemplate } from "../titles/titles.server";
import { loadEvidence } from "./evidence.server";
import { importedFigures } from "./imported.server";
import type { ImportedFigure } from "./provenance";
import {
  campaignOr404,
  loadHistory,
  loadNomination,
  loadNominees,
  nomineeScope,
  ownPhotoIds,
  titlesOffered,
  type NomineeRef,
  type OfferedTitleOption,
} from "./queries.server";
import { mayRead, whyCannotEdit, whyCannotNominate } from "./rules";
import { resolveNominees } from "./saving.server";
import { limits, type MetricRow, type StoryRow } from "./schema";

// The nomination form: what it offers (titles, their metric templates, the
// people a manager may put forward) and what it shows pre-filled. Saving it
// is saving.server.ts.

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
  exceptionReason: string;
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
  /** The imported figures of the nomination's nominee (decision 0051); a new nomination has none until the form asks. */
  imported: FormFigures;
  /** A new nomination opened from a link (the eligible list's "Nominate"): the title it starts on and the nominee typed in. */
  start?: { title: string | null; nominee: string | null };
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
export async function nominationForm(
  db: Db,
  user: User,
  slug: string,
  id: number | null,
  start: { title?: string | null; nominee?: string | null } = {},
): Promise<Result<NominationFormData>> {
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
    // Only a title the campaign offers, and an employee number as it could be typed; anything else opens the form as usual.
    const startTitle = titles.some((t) => t.slug === start.title) ? start.title! : null;
    const startNominee = start.nominee && /^[A-Za-z0-9_-]{1,40}$/.test(start.nominee.trim()) ? start.nominee.trim() : null;
    return ok({
      campaign: head,
      titles,
      nomination: null,
      pictures: {},
      managedUnits,
      imported: noFigures,
      start: { title: startTitle, nominee: startNominee },
    });
  }
  const n = await loadNomination(db, c.id, id);
  if (!n || !mayRead(user, n, c.status)) return err("nominations.notFound", 404);
  const refusal = whyCannotEdit(user, n, c.status);
  if (refusal) return err(refusal, 403);
  const title = titles.find((t) => t.id === n.titleId)!;
  const [nominees, evidence, history] = await Promise.all([loadNominees(db, [n.id]), loadEvidence(db, n.id), loadHistory(db, n.id)]);
  const people = nominees.get(n.id) ?? [];
  const imported: FormFigures =
    n.kind === "team"
      ? { nominee: null, figures: [], reason: "team" }
      : people.length === 1
        ? await importedFigures(db, c.id, n.titleId, people[0].personId).then((figures) => ({
            nominee: { name: people[0].name, employeeNo: people[0].employeeNo },
            figures,
            reason: figures.length ? null : ("none" as const),
          }))
        : noFigures;
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
        exceptionReason: n.exceptionReason ?? "",
      },
    },
    pictures: Object.fromEntries(evidence.photos.map((p) => [p.mediaId, p.picture])),
    managedUnits,
    imported,
  });
}

/** What the form is told about imported figures: for whom, the figures, or why none are filled. */
export interface FormFigures {
  /** The one nominee the figures are of; null when none are looked up. */
  nominee: { name: string; employeeNo: string } | null;
  figures: ImportedFigure[];
  /** Why nothing was filled: a team (its members' figures are not summed), no nominee named, nothing imported. */
  reason: null | "team" | "noNominee" | "none";
}

export const noFigures: FormFigures = { nominee: null, figures: [], reason: "noNominee" };

/**
 * The imported figures for the nominee a form names, for the title it names.
 * Only a manager who may nominate in the campaign asks, and only of a person
 * they may put forward (resolve does the nomination's own checks), so the
 * form is no window onto anyone else's figures. A team is not filled: its
 * members' figures are their own, and summing or averaging them silently
 * would make a figure no system measured.
 */
export async function figuresForForm(
  db: Db,
  user: User,
  slug: string,
  form: { titleSlug: string; kind: "individual" | "team"; nominees: readonly string[] },
): Promise<Result<FormFigures>> {
  const campaign = await campaignOr404(db, user, slug);
  if (!campaign.ok) return campaign;
  const refusal = whyCannotNominate(user, campaign.value.status);
  if (refusal) return err(refusal, 403);
  if (form.kind === "team") return ok({ nominee: null, figures: [], reason: "team" });
  const typed = form.nominees.filter((n) => n.trim());
  if (typed.length !== 1) return ok(noFigures);
  const title = (await titlesOffered(db, campaign.value.id)).find((t) => t.slug === form.titleSlug);
  if (!title) return err("nominations.title.unknown");
  const found = await resolveNominees(db, user, campaign.value, typed);
  if (!found.ok) return found;
  const person = found.value[0];
  const figures = await importedFigures(db, campaign.value.id, title.id, person.personId);
  return ok({ nominee: { name: person.name, employeeNo: person.employeeNo }, figures, reason: figures.length ? null : "none" });
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
  const rows = await db
    .selectFrom("people as p")
    .innerJoin("org_units as u", "u.id", "p.org_unit_id")
    .select(["p.employee_no", "p.name", "p.job_title", "u.name_zh", "u.name_en"])
    .where("p.status", "=", "active")
    .where(nomineeScope(user, campaign.value))
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
