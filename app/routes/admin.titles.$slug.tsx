import { getFormProps, getInputProps, getSelectProps, getTextareaProps, useForm, type FieldMetadata } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { FieldErrors, FormErrors, TextField } from "~/components/form";
import { Picture } from "~/components/picture";
import type { PictureData } from "~/domain/media/picture";
import { acceptedImageTypes, maxImageBytes, maxImageMegabytes, maxImageMegapixels } from "~/domain/media/limits";
import { blankTemplateRows, maxTemplates, titleInput, titleSchema, type TemplateRow } from "~/domain/titles/schema";
import { createTitle, getTitle, mayDefineTitles, setTitleBadge, updateTitle } from "~/domain/titles/titles.server";
import { metricChoices, type MetricChoice } from "~/domain/metrics/definitions.server";
import { nameIn } from "~/i18n";
import { pageTitle } from "~/i18n/meta";
import { useLocale, useT } from "~/i18n/react";
import { throwRefusal } from "~/web/forbidden.server";
import { parseForm, readFormData, readFormWithFile } from "~/web/form.server";
import { refusalText, serverT } from "~/web/i18n.server";
import { redirectWithNotice } from "~/web/notice.server";
import { requireUser } from "~/web/session.server";
import { campaigns } from "~/i18n/messages/campaigns";
import { metrics } from "~/i18n/messages/metrics";
import type { PageHandle } from "~/i18n/page";

// One route for both forms: /admin/titles/new creates, /admin/titles/:slug edits.

export const handle = { messages: [campaigns, metrics] } satisfies PageHandle;

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  pageTitle(matches, (t, l) => (data?.title ? nameIn(l, data.title) : t("titles.new")));

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  if (params.slug === "new") {
    const allowed = mayDefineTitles(user);
    if (!allowed.ok) throwRefusal(allowed);
    return { title: null, definitions: await metricChoices(context.db) };
  }
  const result = await getTitle(context.db, user, params.slug ?? "");
  if (!result.ok) throwRefusal(result);
  return { title: result.value, definitions: await metricChoices(context.db) };
}

/** The badge form's file (field "badge"); no file chosen reads as empty, which the pipeline refuses. */
async function readBadgeBytes(request: Request): Promise<Uint8Array> {
  const file = (await readFormWithFile(request, "badge", maxImageBytes)).get("badge");
  return file instanceof File ? new Uint8Array(await file.arrayBuffer()) : new Uint8Array();
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const user = await requireUser(request, context);
  if (request.headers.get("content-type")?.startsWith("multipart/form-data")) {
    const slug = params.slug ?? "";
    const result = await setTitleBadge(context.db, user, slug, await readBadgeBytes(request));
    if (!result.ok) {
      if (result.status === 403 || result.status === 404) throwRefusal(result);
      const t = await serverT(request, context);
      return data({ badgeError: refusalText(t, result) }, result.status);
    }
    return redirectWithNotice(request, `/admin/titles/${slug}`, "titles.badge.saved");
  }
  const submission = parseForm(await readFormData(request), titleSchema);
  // "Add another row" is a submit button too: it returns the form with one more row, saving nothing.
  if (submission.status !== "success") return data(submission.reply(), submission.status === "error" ? 400 : 200);
  const input = titleInput(submission.value);
  const isNew = params.slug === "new";
  const result = isNew ? await createTitle(context.db, user, input) : await updateTitle(context.db, user, params.slug ?? "", input);
  if (!result.ok) {
    const t = await serverT(request, context);
    return data(submission.reply({ formErrors: [refusalText(t, result)] }), result.status);
  }
  return redirectWithNotice(request, "/admin/titles", isNew ? "titles.created" : "titles.saved");
}

const blankRow: TemplateRow = {};

export default function TitleFormPage() {
  const { title, definitions } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  // The badge form answers with its own error; the title form keeps its state.
  const badgeError = actionData && "badgeError" in actionData ? actionData.badgeError : null;
  const lastResult = actionData && "badgeError" in actionData ? undefined : actionData;
  const t = useT();
  const locale = useLocale();
  const [form, fields] = useForm({
    lastResult,
    defaultValue: title
      ? {
          ...title,
          templates: [
            ...title.templates.map((m) => ({ ...m, target: m.target ?? undefined, metricId: m.metricId ?? undefined })),
            ...Array<TemplateRow>(blankTemplateRows).fill(blankRow),
          ],
        }
      : { templates: Array<TemplateRow>(blankTemplateRows).fill(blankRow) },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: titleSchema }),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
  });
  const rows = fields.templates.getFieldList();
  return (
    <div className="page">
      <p>
        <Link to="/admin/titles">{t("titles.admin.title")}</Link>
      </p>
      <h1>{title ? t("titles.edit.title", { name: nameIn(locale, title) }) : t("titles.new")}</h1>
      {title ? <BadgeForm name={nameIn(locale, title)} badge={title.badge} error={badgeError} /> : null}
      <Form method="post" {...getFormProps(form)} className="stack card title-form">
        <FormErrors errors={form.errors} id={form.errorId} />
        <TextField field={fields.slug} label={t("titles.form.slug")} hint={t("titles.form.slug.hint")} />
        <TextField field={fields.nameZh} label={t("titles.form.nameZh")} />
        <TextField field={fields.nameEn} label={t("titles.form.nameEn")} />
        <div className="field">
          <label htmlFor={fields.description.id}>{t("titles.form.description")}</label>
          <textarea {...getTextareaProps(fields.description)} rows={3} />
          <FieldErrors field={fields.description} />
        </div>
        <div className="field">
          <label htmlFor={fields.criteria.id}>{t("titles.form.criteria")}</label>
          <textarea {...getTextareaProps(fields.criteria)} rows={3} />
          <FieldErrors field={fields.criteria} />
        </div>
        <fieldset className="stack">
          <legend>{t("titles.form.templates")}</legend>
          <p className="hint">{t("titles.form.templates.hint")}</p>
          <FieldErrors field={fields.templates} />
          {rows.map((row, i) => (
            <TemplateRowFields key={row.key} row={row} n={i + 1} definitions={definitions} />
          ))}
          {rows.length < maxTemplates + blankTemplateRows ? (
            <button className="button" {...form.insert.getButtonProps({ name: fields.templates.name, defaultValue: blankRow })}>
              {t("titles.form.addRow")}
            </button>
          ) : null}
        </fieldset>
        <button type="submit" className="button primary">
          {title ? t("titles.form.save") : t("titles.form.create")}
        </button>
      </Form>
    </div>
  );
}

/** A separate small multipart form: works without JavaScript, touches nothing but the badge. */
function BadgeForm({ name, badge, error }: { name: string; badge: PictureData | null; error: string | null }) {
  const t = useT();
  return (
    <Form method="post" encType="multipart/form-data" className="stack card badge-form" aria-labelledby="badge-title">
      <h2 id="badge-title">{t("titles.badge.title")}</h2>
      {badge ? (
        <Picture picture={badge} alt={name} sizes="128px" className="title-badge title-badge--large" loading="eager" />
      ) : (
        <p className="hint">{t("titles.badge.none")}</p>
      )}
      <div className="field">
        <label htmlFor="badge-file">{t("titles.badge.label")}</label>
        <input
          id="badge-file"
          name="badge"
          type="file"
          accept={acceptedImageTypes}
          required
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? "badge-hint badge-error" : "badge-hint"}
        />
        <p className="hint" id="badge-hint">
          {t("titles.badge.hint", { max: maxImageMegabytes, megapixels: maxImageMegapixels })}
        </p>
        {error ? (
          <p className="field-error" id="badge-error" role="alert">
            {error}
          </p>
        ) : null}
      </div>
      <button type="submit" className="button">
        {t("titles.badge.submit")}
      </button>
    </Form>
  );
}

function TemplateRowFields({ row, n, definitions }: { row: FieldMetadata<TemplateRow>; n: number; definitions: MetricChoice[] }) {
  const t = useT();
  const locale = useLocale();
  const f = row.getFieldset();
  return (
    <fieldset className="template-row">
      <legend>{t("titles.form.row", { n })}</legend>
      <input {...getInputProps(f.id, { type: "hidden" })} />
      {definitions.length > 0 ? (
        <div className="field">
          <label htmlFor={f.metricId.id}>{t("metrics.template.label")}</label>
          <select {...getSelectProps(f.metricId, { ariaDescribedBy: f.metricId.descriptionId })}>
            <option value="">{t("metrics.template.none")}</option>
            {definitions.map((d) => (
              <option key={d.id} value={d.id}>
                {d.code} — {locale === "en" ? d.nameEn : d.nameZh}
              </option>
            ))}
          </select>
          <p className="hint" id={f.metricId.descriptionId}>
            {t("metrics.template.hint")}
          </p>
          <FieldErrors field={f.metricId} />
        </div>
      ) : null}
      <TextField field={f.nameZh} label={t("titles.template.nameZh")} />
      <TextField field={f.nameEn} label={t("titles.template.nameEn")} />
      <TextField field={f.unit} label={t("titles.template.unit")} />
      <TextField field={f.unitEn} label={t("titles.template.unitEn")} />
      <div className="field">
        <label htmlFor={f.direction.id}>{t("titles.template.direction")}</label>
        <select {...getSelectProps(f.direction)}>
          <option value="">{t("titles.template.direction.choose")}</option>
          <option value="higher">{t("titles.template.direction.higher")}</option>
          <option value="lower">{t("titles.template.direction.lower")}</option>
        </select>
        <FieldErrors field={f.direction} />
      </div>
      <div className="field">
        <label htmlFor={f.target.id}>{t("titles.template.target")}</label>
        <input {...getInputProps(f.target, { type: "text" })} inputMode="decimal" />
        <FieldErrors field={f.target} />
      </div>
      <label className="checkbox" htmlFor={f.required.id}>
        <input {...getInputProps(f.required, { type: "checkbox" })} />
        {t("titles.template.required")}
      </label>
    </fieldset>
  );
}
