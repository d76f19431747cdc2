import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { withUnit } from "~/components/metric-card";
import { Picture } from "~/components/picture";
import { campaignPageFor } from "~/domain/campaigns/page.server";
import type { NominationSummary } from "~/domain/nominations/listing.server";
import { formatList, nameIn, unitIn } from "~/i18n";
import { pageTitle } from "~/i18n/meta";
import { langOf } from "~/i18n/lang";
import { Lang, useFormat, useLocale, useT } from "~/i18n/react";
import { throwRefusal } from "~/web/forbidden.server";
import { requireUser } from "~/web/session.server";
import nominationStyles from "~/styles/nomination.css";
import { campaigns } from "~/i18n/messages/campaigns";
import { evidence } from "~/i18n/messages/evidence";
import { nominations } from "~/i18n/messages/nominations";
import { review } from "~/i18n/messages/review";
import { voting } from "~/i18n/messages/voting";
import { results } from "~/i18n/messages/results";
import { honorRoll } from "~/i18n/messages/honor-roll";
import { eligibility } from "~/i18n/messages/eligibility";
import type { PageHandle } from "~/i18n/page";

export const handle = { messages: [campaigns, evidence, nominations, review, voting, results, honorRoll, eligibility] } satisfies PageHandle;

export const links: LinksFunction = () => [{ rel: "stylesheet", href: nominationStyles }];

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageTitle(matches, (t, l) => (data ? nameIn(l, data) : t("campaigns.title")));

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const result = await campaignPageFor(context.db, user, params.slug ?? "");
  if (!result.ok) throwRefusal(result);
  const { campaign, nominations: n, mayVote } = result.value;
  return {
    ...campaign,
    mayVote,
    nominations: {
      listed: n.listed.map(summaryView),
      mine: n.mine.map(summaryView),
      mayNominate: n.mayNominate,
      awaitingReview: n.awaitingReview,
    },
  };
}

/** A nomination card's fields: no person ids, nominator ids or dates the page does not show. */
const summaryView = (s: NominationSummary) => ({
  id: s.id,
  title: { slug: s.title.slug, nameZh: s.title.nameZh, nameEn: s.title.nameEn },
  teamName: s.teamName,
  status: s.status,
  citation: s.citation,
  nominees: s.nominees.map((p) => p.name),
  photo: s.photo,
});
type Summary = ReturnType<typeof summaryView>;

export default function CampaignPage() {
  const c = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const format = useFormat();
  const name = (x: { nameZh: string; nameEn: string }) => nameIn(locale, x);
  const { nominations } = c;
  // The results page says what each person may see, from the vote's opening on.
  const hasResults = c.status === "voting" || c.status === "closed" || c.status === "published";
  const hasActions = hasResults || c.mayVote || c.canManage || nominations.mayNominate || nominations.awaitingReview !== null;
  return (
    <div className="page">
      <p>
        <Link to="/campaigns">{t("campaigns.title")}</Link>
      </p>
      <h1>{name(c)}</h1>
      <p className="lede">
        <span className={`phase phase--${c.status}`}>{t(`campaigns.phase.${c.status}`)}</span> {t(`campaigns.phase.about.${c.status}`)}
      </p>
      <dl className="facts">
        <div>
          <dt>{t("campaigns.col.period")}</dt>
          <dd>{t("campaigns.period", { start: format.date(c.periodStart), end: format.date(c.periodEnd) })}</dd>
        </div>
        <div>
          <dt>{t("campaigns.col.scope")}</dt>
          <dd>{t("campaigns.scope", { unit: nameIn(locale, { nameZh: c.unitZh, nameEn: c.unitEn }) })}</dd>
        </div>
      </dl>

      <section className="card" aria-labelledby="now-title">
        <h2 id="now-title">{t("campaigns.now.title")}</h2>
        <ul className="link-list">
          {c.status === "published" ? (
            <li>
              <Link to={`/honor-roll/${c.slug}`} reloadDocument>
                {t("honorRoll.campaignLink")}
              </Link>
            </li>
          ) : null}
          {c.mayVote ? (
            <li>
              <Link to={`/campaigns/${c.slug}/vote`}>{t("voting.campaign.vote")}</Link>
            </li>
          ) : null}
          {hasResults ? (
            <li>
              <Link to={`/campaigns/${c.slug}/results`}>{t("results.campaign.link")}</Link>
            </li>
          ) : null}
          {nominations.mayNominate ? (
            <li>
              <Link to={`/campaigns/${c.slug}/nominate`}>{t("review.campaign.nominate")}</Link>
            </li>
          ) : null}
          {nominations.mayNominate || (c.canManage && c.status !== "draft") ? (
            <li>
              <Link to={`/campaigns/${c.slug}/eligible`}>{t("eligibility.eligible.link")}</Link>
            </li>
          ) : null}
          {nominations.awaitingReview !== null ? (
            <li>
              <Link to={`/campaigns/${c.slug}/review`}>{t("review.campaign.review", { count: nominations.awaitingReview })}</Link>
            </li>
          ) : null}
          {c.canManage ? (
            <li>
              <Link to={`/admin/campaigns/${c.slug}`}>{c.canEdit ? t("campaigns.now.edit") : t("campaigns.now.manage")}</Link>
            </li>
          ) : null}
          {c.titles.length ? (
            <li>
              <a href="#titles-title">{t("campaigns.now.read")}</a>
            </li>
          ) : null}
        </ul>
        {hasActions ? null : <p className="hint">{t("campaigns.now.none")}</p>}
      </section>

      {nominations.mine.length ? (
        <section className="card" aria-labelledby="mine-title">
          <h2 id="mine-title">{t("review.campaign.mine.title")}</h2>
          <ul className="nomination-list">
            {nominations.mine.map((s) => (
              <NominationCard key={s.id} s={s} slug={c.slug} showTitle />
            ))}
          </ul>
        </section>
      ) : null}

      <section aria-labelledby="listed-title">
        <h2 id="listed-title">{t("review.campaign.listed.title")}</h2>
        {nominations.listed.length === 0 ? <p className="hint">{t("review.campaign.listed.empty")}</p> : null}
        {byTitle(nominations.listed).map(([slug, group]) => (
          <section key={slug} className="title-group" aria-labelledby={`listed-${slug}`}>
            <h3 id={`listed-${slug}`}>{name(group[0].title)}</h3>
            <ul className="nomination-list nomination-list--grid">
              {group.map((s) => (
                <NominationCard key={s.id} s={s} slug={c.slug} />
              ))}
            </ul>
          </section>
        ))}
      </section>

      <section className="card" aria-labelledby="timeline-title">
        <h2 id="timeline-title">{t("campaigns.timeline.title")}</h2>
        <ol className="timeline">
          {c.timeline.map((step) => (
            <li
              key={step.phase}
              className={`timeline__step timeline__step--${step.state}`}
              aria-current={step.state === "current" ? "step" : undefined}
            >
              <span className="timeline__phase">{t(`campaigns.phase.${step.phase}`)}</span>
              <span className="timeline__state">{t(`campaigns.timeline.${step.state}`)}</span>
              <span className="timeline__when">
                {step.phase === "draft"
                  ? step.enteredAt
                    ? t("campaigns.timeline.created", { at: format.dateTime(step.enteredAt) })
                    : null
                  : step.enteredAt
                    ? t("campaigns.timeline.entered", { at: format.dateTime(step.enteredAt) })
                    : step.scheduledAt
                      ? t("campaigns.timeline.scheduled", { at: format.dateTime(step.scheduledAt) })
                      : t("campaigns.timeline.byHand")}
              </span>
            </li>
          ))}
        </ol>
      </section>

      <section className="card" aria-labelledby="rules-title">
        <h2 id="rules-title">{t("campaigns.rules.title")}</h2>
        <ul>
          <li>{t(c.mayChangeBallot ? "campaigns.rules.mayChange.yes" : "campaigns.rules.mayChange.no")}</li>
          <li>{t(c.talliesHidden ? "campaigns.rules.tallies.hidden" : "campaigns.rules.tallies.shown")}</li>
          <li>{c.publicityDays > 0 ? t("campaigns.rules.publicity", { count: c.publicityDays }) : t("campaigns.rules.noPublicity")}</li>
          <li>{t("campaigns.rules.quorum", { count: c.committeeQuorum })}</li>
        </ul>
      </section>

      <section aria-labelledby="titles-title">
        <h2 id="titles-title">{t("campaigns.offered.title")}</h2>
        {c.titles.length === 0 ? <p>{t("campaigns.offered.none")}</p> : null}
        {c.titles.map((title) => (
          <article key={title.slug} className="card offered-title" aria-labelledby={`title-${title.slug}`}>
            {title.badge ? <Picture picture={title.badge} alt={name(title)} sizes="64px" className="title-badge" /> : null}
            <h3 id={`title-${title.slug}`}>{name(title)}</h3>
            <p className="hint">
              {t("campaigns.offered.winners", { count: title.winners })} · {t("campaigns.offered.votes", { count: title.votesPerVoter })}
            </p>
            {title.description ? <p lang={langOf(title.description)}>{title.description}</p> : null}
            {title.criteria ? (
              <p>
                <strong>{t("titles.form.criteria")}</strong>: <Lang>{title.criteria}</Lang>
              </p>
            ) : null}
            {title.templates.length ? (
              <>
                <h4>{t("campaigns.offered.metrics")}</h4>
                <ul className="metric-templates">
                  {title.templates.map((m) => (
                    <li key={m.id}>
                      <span className="metric-templates__name">{name(m)}</span>
                      {m.unit ? <span> ({unitIn(locale, m)})</span> : null}
                      {" · "}
                      {t(m.direction === "higher" ? "titles.template.direction.higher" : "titles.template.direction.lower")}
                      {m.target !== null
                        ? ` · ${t("titles.template.targetIs", { op: m.direction === "higher" ? "≥" : "≤", target: withUnit(format.number(m.target), unitIn(locale, m)) })}`
                        : null}
                      {" · "}
                      {t(m.required ? "titles.template.required" : "titles.template.optional")}
                    </li>
                  ))}
                </ul>
              </>
            ) : null}
          </article>
        ))}
      </section>
    </div>
  );
}

/** Cards under their title, in the order the domain lists them. */
function byTitle(list: Summary[]): Array<[string, Summary[]]> {
  const groups = new Map<string, Summary[]>();
  for (const s of list) groups.set(s.title.slug, [...(groups.get(s.title.slug) ?? []), s]);
  return [...groups];
}

/** One nomination: photo, names, status, citation; a draft opens in the form to go on with it. */
function NominationCard({ s, slug, showTitle = false }: { s: Summary; slug: string; showTitle?: boolean }) {
  const t = useT();
  const locale = useLocale();
  const names = s.teamName ?? formatList(locale, s.nominees);
  const href = `/campaigns/${slug}/nominations/${s.id}${s.status === "draft" ? "/edit" : ""}`;
  return (
    <li className={s.photo ? "nomination-card" : "nomination-card nomination-card--no-photo"}>
      {s.photo ? (
        <div className="nomination-card__thumb">
          <Picture picture={s.photo} alt="" sizes="72px" />
        </div>
      ) : null}
      <div className="nomination-card__body">
        <h3 className="nomination-card__names">
          <Link to={href} lang={langOf(names)}>
            {names}
          </Link>
        </h3>
        <p className="nomination-card__meta">
          {showTitle ? <>{nameIn(locale, s.title)} </> : null}
          <span className={`status status--${s.status}`}>{t(`nominations.status.${s.status}`)}</span>
          {s.status === "draft" ? (
            <>
              {" · "}
              <Link to={href}>{t("review.campaign.mine.continue")}</Link>
            </>
          ) : null}
        </p>
        {s.citation ? (
          <p className="nomination-card__citation" lang={langOf(s.citation)}>
            {s.citation}
          </p>
        ) : null}
      </div>
    </li>
  );
}
