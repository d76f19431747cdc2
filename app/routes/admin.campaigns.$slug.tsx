import { getFormProps, getInputProps, getSelectProps, useForm, type FieldMetadata, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { FieldErrors, FormErrors } from "~/components/form";
import { campaignFormOptions, createCampaign, getCampaignForEdit, updateCampaign } from "~/domain/campaigns/campaigns.server";
import { moveCampaign } from "~/domain/campaigns/transitions.server";
import { scheduledPhases } from "~/domain/campaigns/life-cycle";
import { campaignInput, campaignSchema, moveSchema, quorumLimits, toLocalDateTime } from "~/domain/campaigns/schema";
import { nameIn } from "~/i18n";
import { pageTitle } from "~/i18n/meta";
import { useLocale, useT } from "~/i18n/react";
import { throwRefusal } from "~/web/forbidden.server";
import { parseForm, readFormData } from "~/web/form.server";
import { refusalText, serverT } from "~/web/i18n.server";
import { redirectWithNotice } from "~/web/notice.server";
import { requireUser } from "~/web/session.server";
import { campaigns } from "~/i18n/messages/campaigns";
import { publish } from "~/i18n/messages/publish";
import type { PageHandle } from "~/i18n/page";
import { UnitOptions } from "~/components/unit-select";
import { capsSchema } from "~/domain/campaigns/caps";
import { setCampaignCaps } from "~/domain/campaigns/caps.server";

// One route for both forms: /admin/campaigns/new creates, /admin/campaigns/:slug
// edits a draft and moves a campaign to its next phase.

export const handle = { messages: [campaigns, publish] } satisfies PageHandle;

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  pageTitle(matches, (t, l) => (data?.campaign ? nameIn(l, data.campaign) : t("campaigns.form.new.title")));

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  if (params.slug === "new") {
    const options = await campaignFormOptions(context.db, user);
    if (!options.ok) throwRefusal(options);
    return { campaign: null, options: options.value };
  }
  const result = await getCampaignForEdit(context.db, user, params.slug ?? "");
  if (!result.ok) throwRefusal(result);
  return result.value;
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const user = await requireUser(request, context);
  const slug = params.slug ?? "";
  const formData = await readFormData(request);
  const t = await serverT(request, context);
  if (formData.get("intent") === "caps") {
    const caps = parseForm(formData, capsSchema);
    if (caps.status !== "success") return data({ capsReply: caps.reply() } as const, 400);
    const result = await setCampaignCaps(context.db, user, slug, {
      managementCapPercent: caps.value.managementCapPercent ?? null,
      frontlineMinPercent: caps.value.frontlineMinPercent ?? null,
    });
    if (!result.ok) return data({ capsReply: caps.reply({ formErrors: [refusalText(t, result)] }) } as const, result.status);
    return redirectWithNotice(request, `/admin/campaigns/${slug}`, "campaigns.caps.saved");
  }
  if (formData.get("intent") === "move") {
    const move = moveSchema.safeParse({ to: formData.get("to") });
    const result = await moveCampaign(context.db, user, slug, move.success ? move.data.to : "");
    if (!result.ok) return data({ moveError: refusalText(t, result) } as const, result.status);
    return redirectWithNotice(request, `/admin/campaigns/${slug}`, "campaigns.advance.done", { phase: t(`campaigns.phase.${result.value.to}`) });
  }
  const submission = parseForm(formData, campaignSchema);
  if (submission.status !== "success") return data({ reply: submission.reply() } as const, 400);
  const input = campaignInput(submission.value);
  const isNew = slug === "new";
  const result = isNew ? await createCampaign(context.db, user, input) : await updateCampaign(context.db, user, slug, input);
  if (!result.ok) return data({ reply: submission.reply({ formErrors: [refusalText(t, result)] }) } as const, result.status);
  return redirectWithNotice(request, `/admin/campaigns/${result.value.slug}`, isNew ? "campaigns.created" : "campaigns.saved");
}

export default function CampaignAdminPage() {
  const loaded = useLoaderData<typeof loader>();
  const { campaign, options } = loaded;
  const caps = "caps" in loaded ? loaded.caps : null;
  const actionData = useActionData<typeof action>();
  const t = useT();
  const locale = useLocale();
  return (
    <div className="page">
      <p>
        <Link to={campaign ? `/campaigns/${campaign.slug}` : "/campaigns"}>{campaign ? nameIn(locale, campaign) : t("campaigns.title")}</Link>
      </p>
      <h1>{campaign ? t("campaigns.form.edit.title", { name: nameIn(locale, campaign) }) : t("campaigns.form.new.title")}</h1>
      {campaign ? <MovePanel campaign={campaign} error={actionData && "moveError" in actionData ? actionData.moveError : undefined} /> : null}
      {campaign && !campaign.canEdit ? (
        <p className="hint">{t("campaigns.form.notDraft")}</p>
      ) : (
        <CampaignForm campaign={campaign} options={options} lastResult={actionData && "reply" in actionData ? actionData.reply : undefined} />
      )}
      {caps ? <CapsForm caps={caps} lastResult={actionData && "capsReply" in actionData ? actionData.capsReply : undefined} /> : null}
    </div>
  );
}

type LoaderData = ReturnType<typeof useLoaderData<typeof loader>>;
type Campaign = NonNullable<LoaderData["campaign"]>;

function MovePanel({ campaign, error }: { campaign: Campaign; error?: string }) {
  const t = useT();
  const locale = useLocale();
  const current = t(`campaigns.phase.${campaign.status}`);
  return (
    <section className="card" aria-labelledby="move-title">
      <h2 id="move-title">{t("campaigns.advance.title")}</h2>
      <p>
        <span className={`phase phase--${campaign.status}`}>{current}</span>
      </p>
      {error ? (
        <p className="form-error" role="alert">
          {error}
        </p>
      ) : null}
      {campaign.next === "published" || campaign.status === "published" ? (
        // Publishing takes choices (photos, headline metrics) and a correction a reason: their own page.
        <ul className="link-list">
          <li>
            <Link to={`/admin/campaigns/${campaign.slug}/publish`}>
              {t(campaign.status === "published" ? "publish.admin.correct" : "publish.admin.publish")}
            </Link>
          </li>
          {campaign.status === "published" ? (
            <li>
              <Link to={`/honor-roll/${campaign.slug}`} reloadDocument>
                {t("publish.admin.view")}
              </Link>
            </li>
          ) : null}
        </ul>
      ) : campaign.next ? (
        <Form method="post" className="stack">
          <input type="hidden" name="to" value={campaign.next} />
          <p id="move-confirm">
            {t("campaigns.advance.confirm", { name: nameIn(locale, campaign), from: current, to: t(`campaigns.phase.${campaign.next}`) })}
          </p>
          <button type="submit" name="intent" value="move" className="button primary" aria-describedby="move-confirm">
            {t("campaigns.advance.submit", { phase: t(`campaigns.phase.${campaign.next}`) })}
          </button>
        </Form>
      ) : (
        <p>{t("campaigns.advance.last")}</p>
      )}
    </section>
  );
}

function CampaignForm({
  campaign,
  options,
  lastResult,
}: {
  campaign: Campaign | null;
  options: LoaderData["options"];
  lastResult?: SubmissionResult<string[]>;
}) {
  const t = useT();
  const locale = useLocale();
  const scheduled = new Map(campaign?.timeline.map((s) => [s.phase, s.scheduledAt]) ?? []);
  const [form, fields] = useForm({
    lastResult,
    defaultValue: {
      slug: campaign?.slug,
      nameZh: campaign?.nameZh,
      nameEn: campaign?.nameEn,
      periodStart: campaign?.periodStart,
      periodEnd: campaign?.periodEnd,
      unitCode: campaign?.unitCode,
      mayChangeBallot: campaign?.mayChangeBallot ?? true,
      talliesHidden: campaign?.talliesHidden ?? true,
      publicityDays: campaign?.publicityDays ?? 5,
      committeeQuorum: campaign?.committeeQuorum ?? quorumLimits.default,
      ...Object.fromEntries(scheduledPhases.map((p) => [`${p}At`, toLocalDateTime(scheduled.get(p) ?? null) || undefined])),
      offers: options.titles.map((title) => {
        const offered = campaign?.titles.find((x) => x.slug === title.slug);
        return { title: title.slug, offered: Boolean(offered), winners: offered?.winners ?? 1, votesPerVoter: offered?.votesPerVoter ?? 1 };
      }),
    },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: campaignSchema }),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
  });
  const offers = fields.offers.getFieldList();
  return (
    <Form method="post" {...getFormProps(form)} className="stack card campaign-form">
      <FormErrors errors={form.errors} id={form.errorId} />
      <fieldset className="stack">
        <legend>{t("campaigns.form.basics")}</legend>
        <Input field={fields.slug} label={t("campaigns.form.slug")} hint={t("campaigns.form.slug.hint")} />
        <Input field={fields.nameZh} label={t("campaigns.form.nameZh")} />
        <Input field={fields.nameEn} label={t("campaigns.form.nameEn")} />
        <Input field={fields.periodStart} type="date" label={t("campaigns.form.periodStart")} />
        <Input field={fields.periodEnd} type="date" label={t("campaigns.form.periodEnd")} />
        <div className="field">
          <label htmlFor={fields.unitCode.id}>{t("campaigns.form.unit")}</label>
          <select {...getSelectProps(fields.unitCode, { ariaDescribedBy: fields.unitCode.descriptionId })}>
            <option value="">{t("campaigns.form.unit.choose")}</option>
            <UnitOptions units={options.units} />
          </select>
          <p className="hint" id={fields.unitCode.descriptionId}>
            {t("campaigns.form.unit.hint")}
          </p>
          <FieldErrors field={fields.unitCode} />
        </div>
      </fieldset>

      <fieldset className="stack">
        <legend>{t("campaigns.form.titles")}</legend>
        <p className="hint">{t("campaigns.form.titles.hint")}</p>
        {options.titles.length === 0 ? (
          <p>
            {t("campaigns.form.noTitles")} <Link to="/admin/titles/new">{t("campaigns.form.defineTitles")}</Link>
          </p>
        ) : null}
        {offers.map((offer, i) => {
          const title = options.titles[i];
          if (!title) return null;
          const f = offer.getFieldset();
          const name = nameIn(locale, title);
          return (
            <div key={offer.key} className="offer-row">
              <input {...getInputProps(f.title, { type: "hidden" })} />
              <label className="checkbox" htmlFor={f.offered.id}>
                <input {...getInputProps(f.offered, { type: "checkbox" })} />
                {t("campaigns.form.offer", { title: name })}
              </label>
              <div className="field">
                <label htmlFor={f.winners.id}>{t("campaigns.form.winners", { title: name })}</label>
                <input {...getInputProps(f.winners, { type: "number" })} min={1} max={100} step={1} />
                <FieldErrors field={f.winners} />
              </div>
              <div className="field">
                <label htmlFor={f.votesPerVoter.id}>{t("campaigns.form.votes", { title: name })}</label>
                <input
                  {...getInputProps(f.votesPerVoter, { type: "number", ariaDescribedBy: f.votesPerVoter.descriptionId })}
                  min={1}
                  max={50}
                  step={1}
                />
                <p className="hint" id={f.votesPerVoter.descriptionId}>
                  {t("campaigns.form.votes.hint")}
                </p>
                <FieldErrors field={f.votesPerVoter} />
              </div>
            </div>
          );
        })}
      </fieldset>

      <fieldset className="stack">
        <legend>{t("campaigns.form.rules")}</legend>
        <label className="checkbox" htmlFor={fields.mayChangeBallot.id}>
          <input {...getInputProps(fields.mayChangeBallot, { type: "checkbox" })} />
          {t("campaigns.form.mayChange")}
        </label>
        <label className="checkbox" htmlFor={fields.talliesHidden.id}>
          <input {...getInputProps(fields.talliesHidden, { type: "checkbox" })} />
          {t("campaigns.form.tallies")}
        </label>
        <div className="field">
          <label htmlFor={fields.publicityDays.id}>{t("campaigns.form.publicity")}</label>
          <input
            {...getInputProps(fields.publicityDays, { type: "number", ariaDescribedBy: fields.publicityDays.descriptionId })}
            min={0}
            max={30}
            step={1}
          />
          <p className="hint" id={fields.publicityDays.descriptionId}>
            {t("campaigns.form.publicity.hint")}
          </p>
          <FieldErrors field={fields.publicityDays} />
        </div>
        <div className="field">
          <label htmlFor={fields.committeeQuorum.id}>{t("campaigns.form.quorum")}</label>
          <input
            {...getInputProps(fields.committeeQuorum, { type: "number", ariaDescribedBy: fields.committeeQuorum.descriptionId })}
            min={quorumLimits.min}
            max={quorumLimits.max}
            step={1}
          />
          <p className="hint" id={fields.committeeQuorum.descriptionId}>
            {t("campaigns.form.quorum.hint")}
          </p>
          <FieldErrors field={fields.committeeQuorum} />
        </div>
      </fieldset>

      <fieldset className="stack">
        <legend>{t("campaigns.form.schedule")}</legend>
        <p className="hint">{t("campaigns.form.schedule.hint")}</p>
        {scheduledPhases.map((p) => (
          <Input key={p} field={fields[`${p}At`]} type="datetime-local" label={t(`campaigns.form.at.${p}`)} />
        ))}
      </fieldset>
      <button type="submit" className="button primary">
        {campaign ? t("campaigns.form.save") : t("campaigns.form.create")}
      </button>
    </Form>
  );
}

/** The caps on who is honoured (decision 0052): their own form, open until the roll is published. */
function CapsForm({
  caps,
  lastResult,
}: {
  caps: { managementCapPercent: number | null; frontlineMinPercent: number | null; editable: boolean };
  lastResult?: SubmissionResult<string[]>;
}) {
  const t = useT();
  const [form, fields] = useForm({
    id: "caps",
    lastResult,
    defaultValue: {
      managementCapPercent: caps.managementCapPercent === null ? "" : String(caps.managementCapPercent),
      frontlineMinPercent: caps.frontlineMinPercent === null ? "" : String(caps.frontlineMinPercent),
    },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: capsSchema }),
    shouldValidate: "onBlur",
  });
  return (
    <section className="card" aria-labelledby="caps-title">
      <h2 id="caps-title">{t("campaigns.caps.title")}</h2>
      <p className="hint">{t("campaigns.caps.intro")}</p>
      {caps.editable ? (
        <Form method="post" {...getFormProps(form)} className="stack">
          <FormErrors errors={form.errors} id={form.errorId} />
          {(
            [
              [fields.managementCapPercent, "campaigns.caps.management"],
              [fields.frontlineMinPercent, "campaigns.caps.frontline"],
            ] as const
          ).map(([field, label]) => (
            <div className="field" key={field.name}>
              <label htmlFor={field.id}>{t(label)}</label>
              <input
                {...getInputProps(field, { type: "number", ariaDescribedBy: field.descriptionId })}
                min={0}
                max={100}
                step={1}
                inputMode="numeric"
              />
              <p className="hint" id={field.descriptionId}>
                {t("campaigns.caps.hint")}
              </p>
              <FieldErrors field={field} />
            </div>
          ))}
          <button type="submit" name="intent" value="caps" className="button">
            {t("campaigns.caps.save")}
          </button>
        </Form>
      ) : (
        <>
          <p>{t("campaigns.caps.published")}</p>
          <dl className="facts">
            <div>
              <dt>{t("campaigns.caps.management")}</dt>
              <dd>{caps.managementCapPercent === null ? "—" : `${caps.managementCapPercent} %`}</dd>
            </div>
            <div>
              <dt>{t("campaigns.caps.frontline")}</dt>
              <dd>{caps.frontlineMinPercent === null ? "—" : `${caps.frontlineMinPercent} %`}</dd>
            </div>
          </dl>
        </>
      )}
    </section>
  );
}

function Input({
  field,
  label,
  hint,
  type = "text",
}: {
  field: FieldMetadata<string | undefined>;
  label: string;
  hint?: string;
  type?: "text" | "date" | "datetime-local";
}) {
  return (
    <div className="field">
      <label htmlFor={field.id}>{label}</label>
      <input {...getInputProps(field, { type, ariaDescribedBy: hint ? field.descriptionId : undefined })} />
      {hint ? (
        <p className="hint" id={field.descriptionId}>
          {hint}
        </p>
      ) : null}
      <FieldErrors field={field} />
    </div>
  );
}
