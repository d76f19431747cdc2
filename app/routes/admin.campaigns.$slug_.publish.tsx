import { getCollectionProps, getFormProps, getInputProps, getTextareaProps, useForm, type FieldMetadata } from "@conform-to/react";
import { data, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { FigureOrigin } from "~/components/figure-origin";
import { FieldErrors, FormErrors } from "~/components/form";
import { PrivacyChoice, privacyOnInput } from "~/components/privacy-guard";
import { parseWithPrivacy } from "~/web/parse-form";
import { withUnit } from "~/components/metric-card";
import { Picture } from "~/components/picture";
import { moveCampaign } from "~/domain/campaigns/transitions.server";
import { correctHonorRoll } from "~/domain/publishing/corrections.server";
import { publishingPage } from "~/domain/publishing/publish-page.server";
import type { z } from "zod";
import { noPhoto, publishInput, publishSchema, type winnerChoiceSchema } from "~/domain/publishing/schema";
import { formatList, type MessageKey, metricNameIn, nameIn, unitIn } from "~/i18n";
import { pageTitle } from "~/i18n/meta";
import { useFormat, useLocale, useT } from "~/i18n/react";
import { throwRefusal } from "~/web/forbidden.server";
import { parseForm, publishForm, readFormData } from "~/web/form.server";
import { refusalText, serverT } from "~/web/i18n.server";
import { redirectWithNotice } from "~/web/notice.server";
import { requireUser } from "~/web/session.server";
import styles from "~/styles/publish.css";
import { admin } from "~/i18n/messages/admin";
import { campaigns } from "~/i18n/messages/campaigns";
import { evidence } from "~/i18n/messages/evidence";
import { nominations } from "~/i18n/messages/nominations";
import { publishing } from "~/i18n/messages/publishing";
import { publish } from "~/i18n/messages/publish";
import { privacy } from "~/i18n/messages/privacy";
import type { PageHandle } from "~/i18n/page";

// The administrator publishes a closed campaign's honour roll (version 1) or
// corrects a published one (the next version, with a reason): per winner the
// photo and up to three headline metrics, in a correction the citation too.
// A plain form that works without script; the domain decides what may be
// published and by whom (docs/decisions/0016-publishing-and-corrections.md).
// A sibling of admin.campaigns.$slug (the trailing _), not its child: that
// page has no outlet.

export const handle = { messages: [admin, campaigns, evidence, nominations, publishing, publish, privacy] } satisfies PageHandle;

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  pageTitle(matches, (t, l) => (data?.page ? t("publish.page.title.publish", { campaign: nameIn(l, data.page.campaign) }) : t("admin.title")));

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const result = await publishingPage(context.db, user, params.slug ?? "");
  if (!result.ok) {
    // A campaign still voting (or earlier) has nothing to publish: say so on the page.
    if (result.error !== "publishing.notClosed") throwRefusal(result);
    const t = await serverT(request, context);
    return data({ page: null, slug: params.slug ?? "", refusal: refusalText(t, result) }, 409);
  }
  return { page: result.value, slug: result.value.campaign.slug, refusal: null };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const user = await requireUser(request, context);
  const submission = parseForm(await readFormData(request, publishForm), publishSchema);
  if (submission.status !== "success") return data({ reply: submission.reply() }, 400);
  const slug = params.slug ?? "";
  const { intent, choices, reason } = publishInput(submission.value);
  const result =
    intent === "correct"
      ? await correctHonorRoll(context.db, user, slug, choices, reason)
      : await moveCampaign(context.db, user, slug, "published", choices);
  if (!result.ok) {
    if (result.status === 403 || result.status === 404) throwRefusal(result);
    const text = refusalText(await serverT(request, context), result);
    const errors = result.error === "publishing.reason.length" ? { fieldErrors: { reason: [text] } } : { formErrors: [text] };
    return data({ reply: submission.reply(errors) }, result.status);
  }
  // Back here, where the notice shows (the honour roll is a static page
  // without one) beside the new version in the history and a link to it.
  return "version" in result.value
    ? redirectWithNotice(request, `/admin/campaigns/${slug}/publish`, "publish.done.corrected", { version: result.value.version })
    : redirectWithNotice(request, `/admin/campaigns/${slug}/publish`, "publish.done.published");
}

type Loaded = ReturnType<typeof useLoaderData<typeof loader>>;
type Page = NonNullable<Loaded["page"]>;
type Winner = Page["titles"][number]["winners"][number];

export default function PublishPage() {
  const { page, slug, refusal } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const format = useFormat();
  if (!page) {
    return (
      <div className="page publish">
        <p>
          <Link to={`/admin/campaigns/${slug}`}>{t("publish.page.back")}</Link>
        </p>
        <h1>{t("publish.page.notClosed.title")}</h1>
        <p className="form-error" role="alert">
          {refusal}
        </p>
      </div>
    );
  }
  const name = nameIn(locale, page.campaign);
  const next = (page.versions[0]?.version ?? 0) + 1;
  return (
    <div className="page publish">
      <nav aria-label={t("publish.admin.title")}>
        <ol className="breadcrumb-path">
          <li>
            <Link to="/admin/campaigns">{t("campaigns.title")}</Link>
          </li>
          <li>
            <Link to={`/admin/campaigns/${page.campaign.slug}`}>{name}</Link>
          </li>
        </ol>
      </nav>
      <h1>{t(page.mode === "correct" ? "publish.page.title.correct" : "publish.page.title.publish", { campaign: name })}</h1>
      {page.blocked ? (
        <section className="card publish__blocked" aria-labelledby="blocked-title">
          <h2 id="blocked-title">{t("publish.page.blocked")}</h2>
          <p>{t(page.blocked)}</p>
          {page.blocked === "campaigns.move.publicity" && page.publicityEndsAt ? (
            <p>{t("publish.page.publicityEnds", { date: format.dateTime(page.publicityEndsAt) })}</p>
          ) : null}
          <p>
            <Link to={`/campaigns/${page.campaign.slug}/results`}>{t("publish.page.results")}</Link>
          </p>
        </section>
      ) : (
        <>
          <p className="lede">{t(page.mode === "correct" ? "publish.page.intro.correct" : "publish.page.intro.publish", { version: next })}</p>
          {page.mode === "correct" ? (
            <p>
              <a href={`/honor-roll/${page.campaign.slug}`}>{t("publish.page.view")}</a>
            </p>
          ) : null}
          <ChoicesForm page={page} next={next} />
        </>
      )}
      <Versions page={page} />
    </div>
  );
}

function ChoicesForm({ page, next }: { page: Page; next: number }) {
  const actionData = useActionData<typeof action>();
  const t = useT();
  const locale = useLocale();
  const correcting = page.mode === "correct";
  const winners = page.titles.flatMap((title) => title.winners);
  const [form, fields] = useForm({
    id: "publish",
    lastResult: actionData?.reply,
    defaultValue: {
      intent: page.mode,
      reason: "",
      winners: winners.map((w) => ({
        nominationId: String(w.nominationId),
        photo: w.chosen.photoMediaId === null ? noPhoto : String(w.chosen.photoMediaId),
        metricIds: w.chosen.metricIds.map(String),
        citation: correcting ? w.citation : undefined,
        stories: correcting ? w.stories.map((x) => ({ heading: x.heading, body: x.body, withdrawn: undefined })) : undefined,
      })),
    },
    onValidate: ({ formData }) => parseWithPrivacy(formData, publishSchema),
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
  });
  const list = fields.winners.getFieldList();
  let index = 0;
  return (
    <Form method="post" {...getFormProps(form)} onInput={privacyOnInput(form.validate, form.allErrors)} className="stack">
      <input type="hidden" name="intent" value={page.mode} />
      <FormErrors errors={form.errors} id={form.errorId} />
      <PrivacyChoice errors={form.allErrors} id={`${form.id}-privacy`} />
      {page.titles.map((title) => (
        <section key={title.slug} className="card publish__title" aria-labelledby={`title-${title.slug}`}>
          <h2 id={`title-${title.slug}`}>{nameIn(locale, title)}</h2>
          {title.winners.length === 0 ? <p className="hint">{t("publish.page.noWinners")}</p> : null}
          {title.winners.map((w) => {
            const field = list[index++];
            return field ? <WinnerChoice key={w.nominationId} winner={w} field={field} correcting={correcting} /> : null;
          })}
        </section>
      ))}
      {correcting ? (
        <div className="card">
          <TextArea field={fields.reason} label={t("publish.page.reason")} hint={t("publish.page.reason.hint")} />
        </div>
      ) : null}
      <button type="submit" className="button primary">
        {correcting ? t("publish.page.submit.correct", { version: next }) : t("publish.page.submit.publish")}
      </button>
    </Form>
  );
}

type WinnerFields = FieldMetadata<z.input<typeof winnerChoiceSchema>, z.input<typeof publishSchema>, string[]>;

function WinnerChoice({ winner: w, field, correcting }: { winner: Winner; field: WinnerFields; correcting: boolean }) {
  const t = useT();
  const locale = useLocale();
  const f = field.getFieldset();
  const names = formatList(
    locale,
    w.nominees.map((p) => p.name),
  );
  const heading = w.kind === "team" && w.teamName ? t("publish.page.team", { team: w.teamName }) : names;
  const units = [...new Set(w.nominees.map((p) => nameIn(locale, { nameZh: p.unitZh, nameEn: p.unitEn })))].join(" · ");
  const photos = getCollectionProps(f.photo, { type: "radio", options: [noPhoto, ...w.photos.map((p) => String(p.mediaId))] });
  const metrics = getCollectionProps(f.metricIds, { type: "checkbox", options: w.metrics.map((m) => String(m.id)) });
  const headingId = `winner-${w.nominationId}`;
  return (
    <article className="publish__winner" aria-labelledby={headingId}>
      <input {...getInputProps(f.nominationId, { type: "hidden" })} />
      <h3 id={headingId}>{heading}</h3>
      <p className="hint">
        {units}
        {w.kind === "team" ? ` · ${names}` : ""}
      </p>
      {correcting ? (
        <TextArea field={f.citation} label={t("publish.page.citation")} hint={t("publish.page.citation.hint")} />
      ) : (
        <blockquote className="publish__citation">{w.citation}</blockquote>
      )}
      {correcting ? <StoryCorrections stories={f.stories} count={w.stories.length} /> : null}
      <fieldset className="publish__choices" aria-describedby={f.photo.errors?.length ? f.photo.errorId : undefined}>
        <legend>{t("publish.page.photo.legend")}</legend>
        <ul className="publish__photos">
          {photos.map(({ key, ...radio }, i) => {
            const photo = i === 0 ? null : w.photos[i - 1];
            return (
              <li key={key}>
                <label className="publish__photo" htmlFor={radio.id}>
                  <input {...radio} />
                  {photo ? (
                    <>
                      <Picture picture={photo.picture} alt="" sizes="6rem" className="publish__thumb" />
                      <span>{t("publish.page.photo.alt", { n: i, caption: photo.caption })}</span>
                    </>
                  ) : (
                    <span>{t("publish.page.photo.none")}</span>
                  )}
                </label>
              </li>
            );
          })}
        </ul>
        <FieldErrors field={f.photo} />
      </fieldset>
      <fieldset className="publish__choices" aria-describedby={f.metricIds.errors?.length ? f.metricIds.errorId : undefined}>
        <legend>{t("publish.page.metrics.legend")}</legend>
        {w.metrics.length === 0 ? <p className="hint">{t("publish.page.metrics.none")}</p> : null}
        <ul className="publish__metrics">
          {metrics.map(({ key, ...box }, i) => (
            <li key={key}>
              <label className="checkbox publish__metric" htmlFor={box.id}>
                <input {...box} />
                <MetricLine metric={w.metrics[i]} />
              </label>
            </li>
          ))}
        </ul>
        <FieldErrors field={f.metricIds} />
      </fieldset>
    </article>
  );
}

type StoryFields = ReturnType<WinnerFields["getFieldset"]>["stories"];

/** A correction's stories: each one's heading and text to correct, or a box to withdraw it from the roll. */
function StoryCorrections({ stories, count }: { stories: StoryFields; count: number }) {
  const t = useT();
  const list = stories.getFieldList();
  return (
    <fieldset className="publish__choices publish__stories">
      <legend>{t("publish.page.stories.legend")}</legend>
      {count === 0 ? <p className="hint">{t("publish.page.stories.none")}</p> : null}
      {list.slice(0, count).map((story, i) => {
        const s = story.getFieldset();
        return (
          <div key={story.key} className="publish__story">
            <div className="field">
              <label htmlFor={s.heading.id}>{t("publish.page.story.heading", { n: i + 1 })}</label>
              <input {...getInputProps(s.heading, { type: "text" })} />
              <FieldErrors field={s.heading} />
            </div>
            <TextArea field={s.body} label={t("publish.page.story.body", { n: i + 1 })} hint={t("publish.page.story.hint")} rows={6} />
            <label className="checkbox" htmlFor={s.withdrawn.id}>
              <input {...getInputProps(s.withdrawn, { type: "checkbox" })} />
              {t("publish.page.story.withdraw", { n: i + 1 })}
            </label>
          </div>
        );
      })}
    </fieldset>
  );
}

function TextArea({ field, label, hint, rows = 3 }: { field: FieldMetadata<string | undefined>; label: string; hint: string; rows?: number }) {
  return (
    <div className="field">
      <label htmlFor={field.id}>{label}</label>
      <textarea {...getTextareaProps(field, { ariaDescribedBy: field.descriptionId })} rows={rows} />
      <p className="hint" id={field.descriptionId}>
        {hint}
      </p>
      <FieldErrors field={field} />
    </div>
  );
}

/** One metric in a line: name, value, where it came from, period, and how it compares, in words. */
function MetricLine({ metric: m }: { metric: Winner["metrics"][number] }) {
  const t = useT();
  const locale = useLocale();
  const format = useFormat();
  const show = (n: number) => withUnit(format.number(n), unitIn(locale, m));
  const facts: string[] = [m.period];
  if (m.target !== null)
    facts.push(t(m.direction === "higher" ? "evidence.metric.target.higher" : "evidence.metric.target.lower", { target: show(m.target) }));
  if (m.baseline !== null) facts.push(t("evidence.metric.baseline", { baseline: show(m.baseline) }));
  const verdicts: MessageKey[] = [];
  if (m.comparison.met !== null) verdicts.push(m.comparison.met ? "evidence.metric.met" : "evidence.metric.notMet");
  if (m.comparison.better !== null) verdicts.push(m.comparison.better ? "evidence.metric.better" : "evidence.metric.worse");
  return (
    <span className="publish__metric-text">
      <strong>{metricNameIn(locale, m)}</strong> <span className="publish__value">{show(m.value)}</span> <FigureOrigin figure={m} short />
      <span className="hint"> · {facts.join(" · ")}</span>
      {verdicts.length ? <span className="publish__verdict"> · {verdicts.map((k) => t(k)).join(" · ")}</span> : null}
    </span>
  );
}

function Versions({ page }: { page: Page }) {
  const t = useT();
  const format = useFormat();
  return (
    <section className="card" aria-labelledby="versions-title">
      <h2 id="versions-title">{t("publish.page.versions")}</h2>
      {page.versions.length === 0 ? (
        <p className="hint">{t("publish.page.versions.none")}</p>
      ) : (
        <ol className="publish__versions">
          {page.versions.map((v) => (
            <li key={v.version}>
              <p>
                <strong className="publish__version">
                  <a href={`/honor-roll/${page.campaign.slug}${v.version === page.versions[0]!.version ? "" : `?v=${v.version}`}`}>
                    {t("publish.page.versions.version", { version: v.version })}
                  </a>
                </strong>
                <span className="publish__version-meta">
                  {" · "}
                  {format.dateTime(v.publishedAt)} · {v.publishedBy ?? t("publish.page.versions.schedule")}
                </span>
              </p>
              <p className="publish__reason">{v.reason ?? t("publish.page.versions.first")}</p>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
