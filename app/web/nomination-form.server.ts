import { randomUUID } from "node:crypto";
import { data, type ActionFunctionArgs } from "@remix-run/node";
import { alignMetricRows, type MetricRowLike } from "~/domain/nominations/metric-rows";
import { localisedVars } from "~/domain/eligibility/sentences";
import { storeImage } from "~/domain/media/media.server";
import { maxImageBytes } from "~/domain/media/limits";
import { figuresForForm, nominationForm, noFigures, photoPreviews, type FormFigures } from "~/domain/nominations/form.server";
import { fillRows } from "~/domain/nominations/provenance";
import type { OfferedTitleOption } from "~/domain/nominations/queries.server";
import { saveNomination } from "~/domain/nominations/saving.server";
import { limits, nominationInput, nominationSchema } from "~/domain/nominations/schema";
import { throwRefusal } from "./forbidden.server";
import { nominationForm as nominationFormLimits, parseForm, readFormWithImages } from "./form.server";
import { refusalText, serverT } from "./i18n.server";
import { redirectWithNotice } from "./notice.server";
import { getLocale, requireUser } from "./session.server";

// The one action behind both nomination routes (new and edit): they differ
// only in the id. Kept out of the routes so neither imports the other.

const rowKey = /^(\w+)\[(\d+)\]\.(\w+)$/;

/** The rows of a list field (`metrics[0].name` …) as objects of strings, in index order. */
function listRows(form: FormData, list: string): Array<Record<string, string>> {
  const rows: Array<Record<string, string>> = [];
  for (const [key, value] of form) {
    const m = rowKey.exec(key);
    if (!m || m[1] !== list || typeof value !== "string") continue;
    (rows[Number(m[2])] ??= {})[m[3]] = value;
  }
  return rows.filter(Boolean);
}

function replaceRows(form: FormData, list: string, rows: readonly MetricRowLike[]) {
  for (const key of [...form.keys()]) if (rowKey.exec(key)?.[1] === list) form.delete(key);
  rows.forEach((row, i) => {
    for (const [field, value] of Object.entries(row)) {
      if (value !== undefined && value !== null) form.set(`${list}[${i}].${field}`, String(value));
    }
  });
}

/**
 * Without JavaScript a newly chosen title's metric rows appear only when the
 * form comes back, so a post whose title is not the one its rows were shown
 * for (`shownTitle`) is not saved: it comes back for the new title, as the
 * "show the chosen title's metrics" button does, with everything typed.
 * Saved as it was, a metric typed for the old title turned into a row of its
 * own and the new title asked for it again (issue 14).
 */
function askedForOtherTitle(form: FormData): boolean {
  const shown = form.get("shownTitle");
  if (typeof shown !== "string" || shown === "" || shown === form.get("title")) return false;
  // A row added or removed in the same post is an intent already: it saves nothing either.
  if (!form.has("__intent__")) form.set("__intent__", JSON.stringify({ type: "validate", payload: { name: "title" } }));
  return true;
}

/** The metric rows follow the title posted (a form without JavaScript changes its title this way). */
function alignMetrics(form: FormData, titles: readonly OfferedTitleOption[]) {
  const title = titles.find((x) => x.slug === form.get("title"));
  if (title) replaceRows(form, "metrics", alignMetricRows(title.templates, listRows(form, "metrics")));
}

/** What the form names as its nominees (`nominees[0]` …), in index order. */
function listValues(form: FormData, list: string): string[] {
  const out: string[] = [];
  for (const [key, value] of form) {
    const m = /^(\w+)\[(\d+)\]$/.exec(key);
    if (m && m[1] === list && typeof value === "string") out[Number(m[2])] = value;
  }
  return out.filter((v) => v !== undefined);
}

/** The imported figures of the nominee this post names, for the title it names (decision 0051). */
function askFigures(context: ActionFunctionArgs["context"], user: Awaited<ReturnType<typeof requireUser>>, slug: string, form: FormData) {
  return figuresForForm(context.db, user, slug, {
    titleSlug: String(form.get("title") ?? ""),
    kind: form.get("kind") === "team" ? "team" : "individual",
    nominees: listValues(form, "nominees"),
  });
}

/**
 * "Fill from imported data" (a plain submit button, so it works without
 * JavaScript): the form comes back, unsaved, with the nominee's imported
 * figures in the title's rows and everything else as typed.
 */
async function fillFromImported(context: ActionFunctionArgs["context"], user: Awaited<ReturnType<typeof requireUser>>, slug: string, form: FormData) {
  if (!form.has("__intent__")) form.set("__intent__", JSON.stringify({ type: "validate", payload: { name: "metrics" } }));
  const found = await askFigures(context, user, slug, form);
  if (found.ok) replaceRows(form, "metrics", fillRows(listRows(form, "metrics"), found.value.figures).rows);
  return found;
}

/** Photos stored by this post join the form's photo rows, so a form sent back still carries them. */
function appendPhotos(form: FormData, mediaIds: readonly number[]) {
  let next = listRows(form, "photos").length;
  for (const id of mediaIds) {
    form.set(`photos[${next}].mediaId`, String(id));
    form.set(`photos[${next}].caption`, "");
    next += 1;
  }
}

export async function nominationAction({ request, context, params }: ActionFunctionArgs, id: number | null) {
  const user = await requireUser(request, context);
  const slug = params.slug ?? "";
  // Permission first: nobody's photos are decoded and stored for a form they may not send.
  const allowed = await nominationForm(context.db, user, slug, id);
  if (!allowed.ok) throwRefusal(allowed);
  const { form, images } = await readFormWithImages(request, {
    field: "newPhotos",
    maxFiles: limits.photos,
    maxFileBytes: maxImageBytes,
    store: (bytes) => storeImage(context.db, user, { purpose: "photo", bytes }),
    limits: nominationFormLimits,
  });
  appendPhotos(
    form,
    images.flatMap((i) => (i.result.ok ? [i.result.value.mediaId] : [])),
  );
  const titleChanged = askedForOtherTitle(form);
  alignMetrics(form, allowed.value.titles);
  const t = await serverT(request, context);
  const fill = form.has("fill") ? await fillFromImported(context, user, slug, form) : null;
  const fillNotice = !fill
    ? null
    : !fill.ok
      ? refusalText(t, fill)
      : fill.value.reason
        ? t(`evidence.fill.${fill.value.reason}`)
        : t("evidence.fill.done", { count: fill.value.figures.length, name: fill.value.nominee!.name });
  const photoErrors = images.flatMap((i) => (i.result.ok ? [] : [`${i.fileName}: ${refusalText(t, i.result)}`]));
  const submission = parseForm(form, nominationSchema);
  const answer = async (result: ReturnType<typeof submission.reply>, status: number) => {
    const ids = listRows(form, "photos").map((p) => Number(p.mediaId));
    // With JavaScript the form keeps its own state and would not show the rows added or filled here: a new
    // upload id remounts it from this answer (which also empties the file input of files now stored).
    const uploadId = images.length || fill ? randomUUID() : null;
    // The rows' marks (imported or entered) compare with the nominee's figures as they are now.
    const figures = fill?.ok ? fill : await askFigures(context, user, slug, form);
    const imported: FormFigures = figures.ok ? figures.value : noFigures;
    return data({ result, photoErrors, uploadId, titleChanged, fillNotice, imported, pictures: await photoPreviews(context.db, user, ids) }, status);
  };
  // A failed upload is never saved over silently: the form comes back with the good photos attached.
  if (photoErrors.length) return answer(submission.reply({ formErrors: [t("nominate.photos.failed", { count: photoErrors.length })] }), 400);
  // An intent (add a row, follow the title) returns the form changed, saving nothing.
  if (submission.status !== "success") return answer(submission.reply(), submission.status === "error" ? 400 : 200);
  const submit = submission.value.intent === "submit";
  const saved = await saveNomination(context.db, user, slug, id, nominationInput(submission.value), { submit });
  if (!saved.ok) {
    const message = refusalText(t, localisedVars(saved, await getLocale(request, context)));
    // Who could not be nominated is said next to the nominee fields.
    const onNominees =
      saved.error.startsWith("nominations.nominee.") || saved.error.startsWith("nominations.team.") || saved.error === "eligibility.submit.refused";
    // A title that allows an exception asks for the justification beside its field, which the form then shows.
    const reply: { formErrors: string[]; fieldErrors?: Record<string, string[]> } =
      saved.error === "eligibility.submit.exceptionRequired"
        ? { formErrors: [t("eligibility.submit.notSaved")], fieldErrors: { exceptionReason: [message] } }
        : onNominees
          ? { formErrors: [t("nominate.notSaved.nominee")], fieldErrors: { nominees: [message] } }
          : { formErrors: [message] };
    return answer(submission.reply(reply), saved.status);
  }
  return redirectWithNotice(request, `/campaigns/${slug}/nominations/${saved.value.id}`, submit ? "nominate.submitted" : "nominate.saved");
}
