import { getCollectionProps, getFormProps, getTextareaProps, useForm } from "@conform-to/react";
import { Fragment, type ReactNode } from "react";
import { data, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { CorrectionNote } from "~/components/correction-note";
import { ExceptionNote } from "~/components/eligibility-exception";
import { FieldErrors, FormErrors } from "~/components/form";
import { PrivacyChoice, privacyOnInput } from "~/components/privacy-guard";
import { parseWithPrivacy } from "~/web/parse-form";
import { MetricCard } from "~/components/metric-card";
import { MetricChart } from "~/components/metric-chart";
import { Picture } from "~/components/picture";
import { StoryCard } from "~/components/story";
import type { PictureData } from "~/domain/media/picture";
import { reviewNomination } from "~/domain/nominations/review.server";
import { nominationAsPublished } from "~/domain/publishing/as-published.server";
import { reviewSchema } from "~/domain/nominations/schema";
import { formatList, metricNameIn, nameIn, unitIn, type MessageKey } from "~/i18n";
import { langOf } from "~/i18n/lang";
import { pageTitle } from "~/i18n/meta";
import { Lang, ListOf, useFormat, useLocale, useRichT, useT } from "~/i18n/react";
import { throwRefusal } from "~/web/forbidden.server";
import { parseForm, readFormData } from "~/web/form.server";
import { refusalText, serverT } from "~/web/i18n.server";
import { redirectWithNotice } from "~/web/notice.server";
import { requireUser } from "~/web/session.server";
import styles from "~/styles/nomination.css";
import { campaigns } from "~/i18n/messages/campaigns";
import { evidence } from "~/i18n/messages/evidence";
import { nominations } from "~/i18n/messages/nominations";
import { review } from "~/i18n/messages/review";
import { honorRoll } from "~/i18n/messages/honor-roll";
import { privacy } from "~/i18n/messages/privacy";
import { eligibility } from "~/i18n/messages/eligibility";
import type { PageHandle } from "~/i18n/page";

export const handle = { messages: [campaigns, evidence, nominations, review, honorRoll, privacy, eligibility] } satisfies PageHandle;

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  pageTitle(matches, (t, l) => {
    if (!data) return t("campaigns.title");
    const who = data.teamName
      ? t("nomination.team", { team: data.teamName })
      : formatList(
          l,
          data.nominees.map((p) => p.name),
        );
    return `${who} · ${nameIn(l, data.title)}`;
  });

/** The largest JPEG of a picture: what "open full size" links to, no script needed. */
const largestJpeg = (p: PictureData) => p.fallback.srcSet.split(", ").at(-1)?.split(" ")[0] ?? p.fallback.src;

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const result = await nominationAsPublished(context.db, user, params.slug ?? "", Number(params.id));
  if (!result.ok) throwRefusal(result);
  const n = result.value;
  // Only what the page shows: loader data is serialised into the HTML.
  return {
    id: n.id,
    campaign: { slug: n.campaign.slug, nameZh: n.campaign.nameZh, nameEn: n.campaign.nameEn },
    title: { nameZh: n.title.nameZh, nameEn: n.title.nameEn },
    kind: n.kind,
    teamName: n.teamName,
    status: n.status,
    citation: n.citation,
    nominees: n.nominees.map((p) => ({ employeeNo: p.employeeNo, name: p.name, unitZh: p.unitZh, unitEn: p.unitEn, jobTitle: p.jobTitle })),
    nominatorName: n.nominatorName,
    submittedAt: n.submittedAt,
    metrics: n.metrics.map((g) => ({
      name: g.name,
      nameEn: g.nameEn,
      unit: g.unit,
      unitEn: g.unitEn,
      direction: g.direction,
      latest: {
        value: g.latest.value,
        target: g.latest.target,
        baseline: g.latest.baseline,
        period: g.latest.period,
        source: g.latest.source,
        // Imported from a system, or entered by the nominator (decision 0051).
        origin: g.latest.origin,
        sourceSystem: g.latest.sourceSystem,
        importedAt: g.latest.importedAt,
      },
      points: g.rows.length >= 2 ? g.rows.map((r) => ({ period: r.period, value: r.value })) : null,
    })),
    stories: n.stories.map((s) => ({ heading: s.heading, blocks: s.blocks, principles: s.principles, quote: s.quote, quoteBy: s.quoteBy })),
    photos: n.photos.map((p) => ({ caption: p.caption, picture: p.picture, full: largestJpeg(p.picture) })),
    history: n.history.map((h) => ({ to: h.to, actorName: h.actorName, comment: h.comment, at: h.at })),
    published: n.published,
    canEdit: n.canEdit,
    canReview: n.canReview,
    exception: n.exception,
    recusal: n.recusal,
  };
}

const decidedNotice = {
  approved: "review.decided.approved",
  returned: "review.decided.returned",
  rejected: "review.decided.rejected",
} as const satisfies Record<string, MessageKey>;

export async function action({ request, context, params }: ActionFunctionArgs) {
  const user = await requireUser(request, context);
  const submission = parseForm(await readFormData(request), reviewSchema);
  if (submission.status !== "success") return data(submission.reply(), 400);
  const slug = params.slug ?? "";
  const result = await reviewNomination(context.db, user, slug, Number(params.id), submission.value);
  if (!result.ok) {
    if (result.status === 404) throwRefusal(result);
    const t = await serverT(request, context);
    return data(submission.reply({ formErrors: [refusalText(t, result)] }), result.status);
  }
  const { id, status } = result.value;
  const notice = status in decidedNotice ? decidedNotice[status as keyof typeof decidedNotice] : "review.decided.approved";
  return redirectWithNotice(request, `/campaigns/${slug}/nominations/${id}`, notice);
}

export default function NominationPage() {
  const n = useLoaderData<typeof loader>();
  const t = useT();
  const rich = useRichT();
  const locale = useLocale();
  const format = useFormat();
  const name = (x: { nameZh: string; nameEn: string }) => nameIn(locale, x);
  const names = n.teamName ?? format.list(n.nominees.map((p) => p.name));
  return (
    <div className="page nomination">
      <nav aria-label={t("nomination.breadcrumb")}>
        <ol className="breadcrumb-path">
          <li>
            <Link to="/campaigns">{t("campaigns.title")}</Link>
          </li>
          <li>
            <Link to={`/campaigns/${n.campaign.slug}`} lang={langOf(name(n.campaign))}>
              {name(n.campaign)}
            </Link>
          </li>
        </ol>
      </nav>
      <header className="nomination__header">
        <h1>{n.kind === "team" && n.teamName ? rich("nomination.team", { team: n.teamName }) : <ListOf items={n.nominees.map((p) => p.name)} />}</h1>
        <p className="lede">
          {rich("nomination.for", { title: name(n.title) })}{" "}
          <span className={`status status--${n.status}`}>{t(`nominations.status.${n.status}`)}</span>
        </p>
      </header>

      <section aria-labelledby="nominees-title" className="nomination__people">
        <h2 id="nominees-title" className="visually-hidden">
          {n.kind === "team" ? t("nomination.members") : t("nomination.nominee")}
        </h2>
        <dl className="facts">
          <div>
            <dt>{n.kind === "team" ? t("nomination.members") : t("nomination.nominee")}</dt>
            <dd>
              <ul className="nominee-list">
                {n.nominees.map((p) => (
                  <li key={p.employeeNo}>
                    <Link to={`/people/${p.employeeNo}`} lang={langOf(p.name)}>
                      {p.name}
                    </Link>
                    <span className="hint">
                      {[p.jobTitle, nameIn(locale, { nameZh: p.unitZh, nameEn: p.unitEn })]
                        .filter((x): x is string => Boolean(x))
                        .map((x, i) => (
                          <Fragment key={i}>
                            {i > 0 ? " · " : " "}
                            <Lang>{x}</Lang>
                          </Fragment>
                        ))}
                    </span>
                  </li>
                ))}
              </ul>
            </dd>
          </div>
          <div>
            <dt>{t("nomination.nominator")}</dt>
            <dd lang={langOf(n.nominatorName)}>{n.nominatorName}</dd>
          </div>
          <div>
            <dt>{t("nomination.kind")}</dt>
            <dd>{t(`nominations.kind.${n.kind}`)}</dd>
          </div>
          <div>
            <dt>{t("nomination.submittedAt")}</dt>
            <dd>{n.submittedAt ? format.dateTime(n.submittedAt) : t("nomination.notSubmitted")}</dd>
          </div>
        </dl>
      </section>

      <section aria-labelledby="citation-title" className="citation">
        <h2 id="citation-title">{t("nomination.citation")}</h2>
        <blockquote className="citation__text" lang={langOf(n.citation)}>
          <p>{n.citation}</p>
        </blockquote>
        <CorrectionNote what="citation" correction={n.published?.citationCorrected} />
      </section>

      {n.exception ? <ExceptionNote exception={n.exception} /> : null}

      {n.canEdit ? (
        <section className="card" aria-labelledby="actions-title">
          <h2 id="actions-title">{t("nomination.actions.title")}</h2>
          <ul className="link-list">
            <li>
              <Link to={`/campaigns/${n.campaign.slug}/nominations/${n.id}/edit`}>{t("nomination.edit")}</Link>
            </li>
          </ul>
        </section>
      ) : null}

      <section aria-labelledby="metrics-title">
        <h2 id="metrics-title">{t("nomination.metrics.title")}</h2>
        {n.metrics.length === 0 ? <p className="hint">{t("nomination.metrics.none")}</p> : null}
        <ul className="metric-cards nomination__metrics">
          {n.metrics.map((g) => (
            <li key={`${g.name}\u0000${g.unit}`} className="nomination__metric">
              <MetricCard name={g.name} nameEn={g.nameEn} unit={g.unit} unitEn={g.unitEn} direction={g.direction} {...g.latest} />
              {g.points ? (
                <MetricChart
                  points={g.points}
                  target={g.latest.target}
                  direction={g.direction}
                  unit={unitIn(locale, g)}
                  title={t("nomination.metrics.trend", { name: metricNameIn(locale, g) })}
                />
              ) : null}
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="stories-title">
        <h2 id="stories-title">{t("nomination.stories.title")}</h2>
        <CorrectionNote what="stories" correction={n.published?.storiesCorrected} />
        {n.stories.length === 0 ? <p className="hint">{t("nomination.stories.none")}</p> : null}
        {n.stories.map((s, i) => (
          <StoryCard
            key={i}
            story={s}
            id={`story-${i}`}
            heading={s.heading || t("nomination.story.untitled", { n: i + 1 })}
            className="nomination-story"
          />
        ))}
      </section>

      {n.photos.length ? (
        <section aria-labelledby="photos-title">
          <h2 id="photos-title">{t("nomination.photos.title")}</h2>
          <ul className="gallery">
            {n.photos.map((p, i) => (
              <li key={p.picture.mediaId}>
                {/* A figure only with a caption to name it (IBM Equal Access: figure_label_exists). */}
                <PhotoFrame caption={p.caption}>
                  <a href={p.full} className="gallery__link">
                    <Picture
                      picture={p.picture}
                      alt={p.caption || t("nomination.photo.alt", { n: i + 1, names })}
                      sizes="(min-width: 48rem) 22rem, 50vw"
                    />
                    <span className="visually-hidden">{t("nomination.photo.full")}</span>
                  </a>
                </PhotoFrame>
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      {n.canReview || n.recusal ? (
        <section className="card decide" id="decide" aria-labelledby="decide-title">
          <h2 id="decide-title">{t("nomination.decide.title")}</h2>
          {n.recusal ? (
            <p className="recusal" role="note">
              {t(n.recusal)}
            </p>
          ) : (
            <DecisionForm />
          )}
        </section>
      ) : null}

      <section aria-labelledby="history-title" className="card">
        <h2 id="history-title">{t("nomination.history.title")}</h2>
        <ol className="history">
          {n.history.map((h, i) => (
            <li key={i} className="history__entry">
              <span className={`status status--${h.to}`}>{t(`nominations.status.${h.to}`)}</span>{" "}
              {h.actorName ? <span>{rich("nomination.history.by", { name: h.actorName })}</span> : null}{" "}
              <time dateTime={new Date(h.at).toISOString()} className="hint">
                {format.dateTime(h.at)}
              </time>
              {h.comment ? (
                <p className="history__comment">
                  <span className="history__label">{t("nomination.history.comment")}</span> <Lang>{h.comment}</Lang>
                </p>
              ) : null}
            </li>
          ))}
        </ol>
      </section>
    </div>
  );
}

function PhotoFrame({ caption, children }: { caption: string | null; children: ReactNode }) {
  if (!caption) return <div className="gallery__item">{children}</div>;
  return (
    <figure className="gallery__item">
      {children}
      <figcaption lang={langOf(caption)}>{caption}</figcaption>
    </figure>
  );
}

const decisionOptions = ["approve", "return", "reject"] as const;

/** A plain form: radio buttons and a comment; without script the server's answer keeps what was chosen and typed. */
function DecisionForm() {
  const lastResult = useActionData<typeof action>();
  const t = useT();
  const [form, fields] = useForm({
    id: "decide-form",
    lastResult,
    onValidate: ({ formData }) => parseWithPrivacy(formData, reviewSchema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
  });
  const label = { approve: t("review.form.approve"), return: t("review.form.return"), reject: t("review.form.reject") };
  return (
    <Form method="post" {...getFormProps(form)} onInput={privacyOnInput(form.validate, form.allErrors)} className="stack">
      <FormErrors errors={form.errors} id={form.errorId} />
      <PrivacyChoice errors={form.allErrors} id={`${form.id}-privacy`} />
      <fieldset className="decide__choices" aria-describedby={fields.decision.errors?.length ? fields.decision.errorId : undefined}>
        <legend>{t("review.form.decision")}</legend>
        {getCollectionProps(fields.decision, { type: "radio", options: [...decisionOptions] }).map(({ key, ...props }) => (
          <label key={key ?? props.value} className={`checkbox decide__choice decide__choice--${props.value}`} htmlFor={props.id}>
            <input {...props} />
            {label[props.value as (typeof decisionOptions)[number]]}
          </label>
        ))}
        <FieldErrors field={fields.decision} />
      </fieldset>
      <div className="field">
        <label htmlFor={fields.comment.id}>{t("review.form.comment")}</label>
        <textarea {...getTextareaProps(fields.comment, { ariaDescribedBy: fields.comment.descriptionId })} rows={4} />
        <p className="hint" id={fields.comment.descriptionId}>
          {t("review.form.comment.hint")}
        </p>
        <FieldErrors field={fields.comment} />
      </div>
      <button type="submit" className="button primary">
        {t("review.form.submit")}
      </button>
    </Form>
  );
}
