import {
  getCollectionProps,
  getFormProps,
  getInputProps,
  getTextareaProps,
  useForm,
  type FieldMetadata,
  type SubmissionResult,
} from "@conform-to/react";
import { Form } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { FieldErrors, FormErrors } from "~/components/form";
import { PrivacyChoice, privacyOnInput } from "~/components/privacy-guard";
import { useHydrated } from "~/components/hydrated";
import { MetricRowFields } from "~/components/nomination-form-metrics";
import { alignMetricRows, blankMetricRow } from "~/domain/nominations/metric-rows";
import { NomineePicker } from "~/components/nominee-picker";
import { ExceptionField } from "~/components/eligibility-exception";
import { Picture } from "~/components/picture";
import { acceptedImageTypes, maxImageMegabytes, maxImageMegapixels } from "~/domain/media/limits";
import type { PictureData } from "~/domain/media/picture";
import type { NominationFormData } from "~/domain/nominations/form.server";
import { limits, nominationSchema, type NominationForm as NominationFormValues, type StoryRow } from "~/domain/nominations/schema";
import { fredPrincipleLabel, fredPrinciples } from "~/domain/nominations/story";
import { charCount } from "~/domain/text";
import { formatList, nameIn } from "~/i18n";
import { useLocale, useT } from "~/i18n/react";
import { parseWithPrivacy } from "~/web/parse-form";

/** What both nomination routes hand the form. */
export interface NominationFormProps {
  form: Pick<NominationFormData, "campaign" | "titles" | "nomination" | "managedUnits" | "imported" | "start">;
  /** The action's answer after a failed save (values kept), if any. */
  lastResult?: SubmissionResult<string[]> | null;
  /** Pictures of the photos on the form, saved or just uploaded, by media id. */
  pictures: Record<number, PictureData>;
  /** One message per photo file that could not be added ("scan.svg: …"). */
  photoErrors: string[];
  /** The form came back, unsaved, because it was sent with another title than its metric rows were shown for. */
  titleChanged?: boolean;
  /** The nominee's imported figures as the action last read them (else the loader's): the rows' marks compare with them. */
  imported?: NominationFormData["imported"];
  /** What "Fill from imported data" did, or why it filled nothing. */
  fillNotice?: string | null;
}

const blankStory: StoryRow = {};
const photosHintId = "new-photos-hint";
const photosErrorId = "new-photos-error";

/**
 * The manager's nomination form, new or being edited. A plain multipart POST
 * that works without JavaScript: adding a row, a story or a team member is a
 * submit button (a Conform intent) that the server answers with the same form
 * one row longer; with JavaScript the same buttons act at once, the nominee
 * fields search as you type, the citation counts its characters and the
 * metric rows follow the chosen title.
 */
export function NominationForm({ form: data, lastResult, pictures, photoErrors, titleChanged, imported, fillNotice }: NominationFormProps) {
  const t = useT();
  const locale = useLocale();
  const hydrated = useHydrated();
  const { campaign, titles, nomination } = data;
  const figures = (imported ?? data.imported).figures;
  const first = titles.find((x) => x.slug === data.start?.title) ?? titles[0];
  const values = nomination?.values;
  const [form, fields] = useForm<NominationFormValues>({
    id: "nomination",
    lastResult,
    defaultValue: {
      title: values?.title ?? first?.slug ?? "",
      kind: values?.kind ?? "individual",
      teamName: values?.teamName ?? "",
      nominees: values?.nominees.length ? values.nominees : [data.start?.nominee ?? ""],
      citation: values?.citation ?? "",
      metrics: values?.metrics ?? (alignMetricRows(first?.templates ?? [], []) as NominationFormValues["metrics"]),
      stories: values?.stories.length ? values.stories : [blankStory],
      photos: values?.photos ?? [],
      exceptionReason: values?.exceptionReason ?? "",
    },
    onValidate: ({ formData, submitter }) => {
      const submission = parseWithPrivacy(formData, nominationSchema);
      // "Fill from imported data" saves nothing: the server answers it whatever the form holds so far.
      return submitter?.getAttribute("name") === "fill" ? { ...submission, error: null } : submission;
    },
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
  });

  const chosenTitle = titles.find((x) => x.slug === fields.title.value) ?? null;
  const allTemplates = titles.flatMap((x) => x.templates);
  const templateOf = (id: unknown) =>
    id === undefined || id === "" ? null : ((chosenTitle?.templates ?? allTemplates).find((m) => String(m.id) === String(id)) ?? null);
  const team = fields.kind.value === "team";
  // Without JavaScript both the single and the team fields show; the server goes by the choice.
  const showTeam = !hydrated || team;
  const nominees = fields.nominees.getFieldList();
  // "Nobody named", "already nominated"…: said of the list, shown on its first field.
  const listError = Boolean(fields.nominees.errors?.length);
  const metrics = fields.metrics.getFieldList();
  const stories = fields.stories.getFieldList();
  const photos = fields.photos.getFieldList();
  // In characters as the server and the database count them: 𠮷 is one.
  const citationLength = charCount(fields.citation.value ?? "");
  const scopeUnits = formatList(
    locale,
    data.managedUnits.map((u) => nameIn(locale, u)),
  );
  const name = (x: { nameZh: string; nameEn: string }) => nameIn(locale, x);
  const formProps = getFormProps(form);
  const formRef = useRef<HTMLFormElement>(null);
  // Save or submit, as last pressed: "Mask and continue" goes on with it.
  const [intent, setIntent] = useState(() => (lastResult?.initialValue?.intent === "submit" ? "submit" : "save"));
  // The server's answer came back with errors: take the person to the first one.
  useEffect(() => {
    if (lastResult?.status === "error" && formRef.current) focusFirstError(formRef.current);
  }, [lastResult]);

  return (
    <Form
      method="post"
      encType="multipart/form-data"
      {...formProps}
      ref={formRef}
      onInput={privacyOnInput(form.validate, form.allErrors)}
      onSubmit={(event) => {
        const pressed = (event.nativeEvent as SubmitEvent).submitter;
        if (pressed?.getAttribute("name") === "intent") setIntent(pressed.getAttribute("value") === "submit" ? "submit" : "save");
        formProps.onSubmit(event);
        // Conform focuses an invalid input by its name; a list's own error (no nominee at all) has none.
        // Only for the person's own save or submit: checking a field as it is left is a submit
        // event too (a Conform intent), and taking focus then pulled the next keystrokes back
        // into the field just left (issue 14).
        const el = event.currentTarget;
        if (event.defaultPrevented && !isConformIntent(event.nativeEvent)) requestAnimationFrame(() => focusFirstError(el));
      }}
      className="stack nominate-form"
    >
      {/* First in the form, so Enter in a text field saves the draft instead of adding a row. */}
      <button type="submit" name="intent" value="save" className="visually-hidden" tabIndex={-1} aria-hidden="true">
        {t("nominate.save")}
      </button>
      <FormErrors errors={form.errors} id={form.errorId} />
      <PrivacyChoice errors={form.allErrors} then={{ name: "intent", value: intent }} />
      {titleChanged && chosenTitle ? (
        <p className="notice" role="status">
          {t("nominate.title.changed", { title: name(chosenTitle) })}
        </p>
      ) : null}

      <fieldset className="card stack">
        <legend>{t("nominate.title.legend")}</legend>
        {/* The title the metric rows below belong to: sent with another, the form comes back for it (nomination-form.server.ts). */}
        <input type="hidden" name="shownTitle" value={fields.title.value ?? ""} />
        <div className="nominate-choices">
          {getCollectionProps(fields.title, { type: "radio", options: titles.map((x) => x.slug) }).map((props) => {
            const title = titles.find((x) => x.slug === props.value)!;
            return (
              <label key={props.key} className="nominate-choice" htmlFor={props.id}>
                <input
                  {...props}
                  onChange={(e) => {
                    if (!e.currentTarget.checked) return;
                    const current = (form.value?.metrics ?? []) as Array<Record<string, unknown>>;
                    form.update({ name: fields.metrics.name, value: alignMetricRows(title.templates, current) as never });
                  }}
                />
                <span>
                  {name(title)}
                  {title.templates.length ? (
                    <span className="nominate-choice__hint">
                      {formatList(
                        locale,
                        title.templates.map((m) => name(m)),
                      )}
                    </span>
                  ) : null}
                </span>
              </label>
            );
          })}
        </div>
        <FieldErrors field={fields.title} />
        {hydrated ? null : (
          <div>
            <button className="button" {...form.validate.getButtonProps({ name: fields.title.name })}>
              {t("nominate.title.refresh")}
            </button>
            <p className="hint">{t("nominate.title.refresh.hint")}</p>
          </div>
        )}
      </fieldset>

      <fieldset className="card stack">
        <legend>{t("nominate.nominee.legend")}</legend>
        <p className="hint" id="nominee-scope">
          {scopeUnits
            ? t("nominate.nominee.scope", { units: scopeUnits, campaign: nameIn(locale, { nameZh: campaign.unitZh, nameEn: campaign.unitEn }) })
            : t("nominate.nominee.scope.campaign", { campaign: nameIn(locale, { nameZh: campaign.unitZh, nameEn: campaign.unitEn }) })}
        </p>
        <fieldset className="nominate-inline">
          <legend>{t("nominate.kind.legend")}</legend>
          {getCollectionProps(fields.kind, { type: "radio", options: ["individual", "team"] }).map((props) => (
            <label key={props.key} className="checkbox" htmlFor={props.id}>
              <input {...props} />
              {t(props.value === "team" ? "nominations.kind.team" : "nominations.kind.individual")}
            </label>
          ))}
        </fieldset>
        {showTeam ? (
          <div className="field">
            <label htmlFor={fields.teamName.id}>{hydrated ? t("nominate.team.name") : t("nominate.team.name.noJs")}</label>
            <input {...getInputProps(fields.teamName, { type: "text" })} autoComplete="off" />
            <FieldErrors field={fields.teamName} />
          </div>
        ) : null}
        <FieldErrors field={fields.nominees} />
        {(showTeam ? nominees : nominees.slice(0, 1)).map((nominee, i) => (
          <div key={nominee.key} className="nominate-member">
            <NomineePicker
              field={nominee}
              slug={campaign.slug}
              label={showTeam && nominees.length > 1 ? t("nominate.nominee.member", { n: i + 1 }) : t("nominate.nominee.label")}
              describedBy={listError && i === 0 ? `nominee-scope nominee-hint ${fields.nominees.errorId}` : "nominee-scope nominee-hint"}
              invalid={listError && i === 0}
            />
            {i > 0 ? (
              <button className="button nominate-remove" {...form.remove.getButtonProps({ name: fields.nominees.name, index: i })}>
                {t("nominate.nominee.remove", { n: i + 1 })}
              </button>
            ) : null}
          </div>
        ))}
        <p className="hint" id="nominee-hint">
          {t("nominate.nominee.hint")}
        </p>
        {showTeam && nominees.length < limits.teamSize ? (
          <button className="button" {...form.insert.getButtonProps({ name: fields.nominees.name, defaultValue: "" })}>
            {t("nominate.team.add")}
          </button>
        ) : null}
      </fieldset>

      <ExceptionField field={fields.exceptionReason} />

      <div className="card field">
        <label htmlFor={fields.citation.id}>{t("nominate.citation")}</label>
        <textarea {...getTextareaProps(fields.citation, { ariaDescribedBy: "citation-hint" })} rows={3} />
        <p className="hint" id="citation-hint" aria-live={hydrated ? "polite" : undefined}>
          {hydrated
            ? t("nominate.citation.count", { count: citationLength, max: limits.citation })
            : t("nominate.citation.hint", { max: limits.citation })}
        </p>
        <FieldErrors field={fields.citation} />
      </div>

      <fieldset className="card stack">
        <legend>{t("nominate.metrics.legend")}</legend>
        <p className="hint">{t("nominate.metrics.hint")}</p>
        <div className="nominate-fill">
          {/* A plain submit (no JavaScript needed): the form comes back unsaved with the figures filled in (decision 0051). */}
          <button type="submit" name="fill" value="1" className="button" formNoValidate aria-describedby="fill-hint">
            {t("evidence.fill.button")}
          </button>
          <p className="hint" id="fill-hint">
            {t("evidence.fill.hint")}
          </p>
          {fillNotice ? (
            <p className="notice" role="status">
              {fillNotice}
            </p>
          ) : null}
        </div>
        <FieldErrors field={fields.metrics} />
        {metrics.map((row, i) => {
          const template = templateOf(row.getFieldset().templateId.value);
          return (
            <div key={row.key}>
              <MetricRowFields
                row={row}
                n={i + 1}
                template={template}
                figure={template ? figures.find((f) => f.templateId === template.id) : undefined}
              />
              {template ? null : (
                <button className="button nominate-remove" {...form.remove.getButtonProps({ name: fields.metrics.name, index: i })}>
                  {t("nominate.metric.remove", { n: i + 1 })}
                </button>
              )}
            </div>
          );
        })}
        {metrics.length < limits.metrics ? (
          <button className="button" {...form.insert.getButtonProps({ name: fields.metrics.name, defaultValue: blankMetricRow as never })}>
            {t("nominate.metric.add")}
          </button>
        ) : null}
      </fieldset>

      <fieldset className="card stack">
        <legend>{t("nominate.stories.legend")}</legend>
        <FieldErrors field={fields.stories} />
        {stories.map((story, i) => (
          <div key={story.key}>
            <StoryFields story={story} n={i + 1} />
            {stories.length > 1 ? (
              <button className="button nominate-remove" {...form.remove.getButtonProps({ name: fields.stories.name, index: i })}>
                {t("nominate.story.remove", { n: i + 1 })}
              </button>
            ) : null}
          </div>
        ))}
        {stories.length < limits.stories ? (
          <button className="button" {...form.insert.getButtonProps({ name: fields.stories.name, defaultValue: blankStory })}>
            {t("nominate.story.add")}
          </button>
        ) : null}
      </fieldset>

      <fieldset className="card stack">
        <legend>{t("nominate.photos.legend")}</legend>
        <FieldErrors field={fields.photos} />
        {photos.length ? (
          <ul className="nominate-photos">
            {photos.map((photo, i) => {
              const f = photo.getFieldset();
              const picture = pictures[Number(f.mediaId.value)];
              return (
                <li key={photo.key} className="nominate-photo">
                  <input {...getInputProps(f.mediaId, { type: "hidden" })} />
                  {picture ? (
                    <Picture picture={picture} alt={t("nominate.photo.alt", { n: i + 1 })} sizes="8rem" className="nominate-photo__img" />
                  ) : null}
                  <div className="stack nominate-photo__fields">
                    <div className="field">
                      <label htmlFor={f.caption.id}>{t("nominate.photo.caption", { n: i + 1 })}</label>
                      <input {...getInputProps(f.caption, { type: "text" })} autoComplete="off" />
                      <FieldErrors field={f.caption} />
                    </div>
                    <label className="checkbox" htmlFor={f.remove.id}>
                      <input {...getInputProps(f.remove, { type: "checkbox" })} />
                      {t("nominate.photo.remove")}
                    </label>
                  </div>
                </li>
              );
            })}
          </ul>
        ) : null}
        <div className="field">
          <label htmlFor="new-photos">{t("nominate.photos.add")}</label>
          <input
            id="new-photos"
            name="newPhotos"
            type="file"
            multiple
            accept={acceptedImageTypes}
            aria-invalid={photoErrors.length ? true : undefined}
            aria-describedby={photoErrors.length ? `${photosHintId} ${photosErrorId}` : photosHintId}
          />
          <p className="hint" id={photosHintId}>
            {t("nominate.photos.hint", { count: limits.photos, max: maxImageMegabytes, megapixels: maxImageMegapixels })}
          </p>
          {photoErrors.length ? (
            <ul className="field-error nominate-photo-errors" id={photosErrorId}>
              {photoErrors.map((e, i) => (
                <li key={i}>{e}</li>
              ))}
            </ul>
          ) : null}
        </div>
      </fieldset>

      <div className="nominate-actions">
        <button type="submit" name="intent" value="save" className="button">
          {t("nominate.save")}
        </button>
        <button type="submit" name="intent" value="submit" className="button primary">
          {t("nominate.submit")}
        </button>
      </div>
      <p className="hint">{t("nominate.actions.hint")}</p>
    </Form>
  );
}

/** A submit event Conform sent itself (validate a field, add or remove a row), not a press of save or submit. */
function isConformIntent(event: Event): boolean {
  return (event as SubmitEvent).submitter?.getAttribute("name") === "__intent__";
}

/** Focus the first invalid field, or else the first error message, unless focus is already on an invalid field. */
function focusFirstError(form: HTMLFormElement) {
  // Personal data found: the choice to mask it comes first.
  const choice = form.querySelector<HTMLElement>(".privacy-choice");
  if (choice) return choice.focus();
  if (document.activeElement?.getAttribute("aria-invalid") === "true") return;
  const target =
    form.querySelector<HTMLElement>('[aria-invalid="true"]:not([type="hidden"])') ?? form.querySelector<HTMLElement>(".form-error, .field-error");
  if (!target) return;
  if (!target.matches("input, select, textarea, button")) target.tabIndex = -1;
  target.focus();
}

function StoryFields({ story, n }: { story: FieldMetadata<StoryRow>; n: number }) {
  const t = useT();
  const f = story.getFieldset();
  const helpId = `${story.id}-help`;
  return (
    <fieldset className="nominate-row stack">
      <legend>{t("nominate.story.legend", { n })}</legend>
      <div className="field">
        <label htmlFor={f.heading.id}>{t("nominate.story.heading")}</label>
        <input {...getInputProps(f.heading, { type: "text" })} autoComplete="off" />
        <FieldErrors field={f.heading} />
      </div>
      <div className="field">
        <label htmlFor={f.body.id}>{t("nominate.story.body")}</label>
        <textarea {...getTextareaProps(f.body, { ariaDescribedBy: helpId })} rows={8} />
        <div className="hint" id={helpId}>
          <p>{t("nominate.story.help")}</p>
          <ul className="nominate-help">
            <li>{t("nominate.story.help.paragraph")}</li>
            <li>{t("nominate.story.help.list")}</li>
            <li>{t("nominate.story.help.numbered")}</li>
            <li>{t("nominate.story.help.quote")}</li>
          </ul>
        </div>
        <FieldErrors field={f.body} />
      </div>
      <fieldset className="nominate-inline">
        <legend>{t("evidence.fred.title")}</legend>
        {getCollectionProps(f.principles, { type: "checkbox", options: [...fredPrinciples] }).map((props) => (
          <label key={props.key} className="checkbox" htmlFor={props.id}>
            <input {...props} />
            {t(fredPrincipleLabel[props.value as keyof typeof fredPrincipleLabel])}
          </label>
        ))}
      </fieldset>
      <div className="field">
        <label htmlFor={f.quote.id}>{t("nominate.story.quote")}</label>
        <textarea {...getTextareaProps(f.quote)} rows={2} />
        <FieldErrors field={f.quote} />
      </div>
      <div className="field">
        <label htmlFor={f.quoteBy.id}>{t("nominate.story.quoteBy")}</label>
        <input {...getInputProps(f.quoteBy, { type: "text" })} autoComplete="off" placeholder={t("nominate.story.quoteBy.example")} />
        <FieldErrors field={f.quoteBy} />
      </div>
    </fieldset>
  );
}
