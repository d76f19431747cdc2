import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Picture } from "~/components/picture";
import { unitName } from "~/components/unit-select";
import { getCampaign } from "~/domain/campaigns/campaigns.server";
import { useFormat, useLocale, useT } from "~/i18n/react";
import { throwRefusal } from "~/lib/forbidden.server";
import { requireUser } from "~/lib/session.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data ? `${data.nameZh} · ${data.nameEn}` : "评选活动 · Campaign"} — Service Stars` },
];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const result = await getCampaign(context.db, user, params.slug ?? "");
  if (!result.ok) throwRefusal(result);
  return result.value;
}

export default function CampaignPage() {
  const c = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const format = useFormat();
  const name = (x: { nameZh: string; nameEn: string }) => (locale === "en" ? x.nameEn : x.nameZh);
  return (
    <div className="page">
      <p><Link to="/campaigns">{t("campaigns.title")}</Link></p>
      <h1>{name(c)}</h1>
      <p className="lede">
        <span className={`phase phase--${c.status}`}>{t(`campaigns.phase.${c.status}`)}</span>{" "}
        {t(`campaigns.phase.about.${c.status}`)}
      </p>
      <dl className="facts">
        <div><dt>{t("campaigns.col.period")}</dt><dd>{t("campaigns.period", { start: format.date(c.periodStart), end: format.date(c.periodEnd) })}</dd></div>
        <div><dt>{t("campaigns.col.scope")}</dt><dd>{t("campaigns.scope", { unit: unitName(locale, { nameZh: c.unitZh, nameEn: c.unitEn }) })}</dd></div>
      </dl>

      <section className="card" aria-labelledby="now-title">
        <h2 id="now-title">{t("campaigns.now.title")}</h2>
        <ul className="link-list">
          {c.canManage ? <li><Link to={`/admin/campaigns/${c.slug}`}>{c.canEdit ? t("campaigns.now.edit") : t("campaigns.now.manage")}</Link></li> : null}
          {c.titles.length ? <li><a href="#titles-title">{t("campaigns.now.read")}</a></li> : null}
        </ul>
        {c.canManage ? null : <p className="hint">{t("campaigns.now.none")}</p>}
      </section>

      <section className="card" aria-labelledby="timeline-title">
        <h2 id="timeline-title">{t("campaigns.timeline.title")}</h2>
        <ol className="timeline">
          {c.timeline.map((step) => (
            <li key={step.phase} className={`timeline__step timeline__step--${step.state}`} aria-current={step.state === "current" ? "step" : undefined}>
              <span className="timeline__phase">{t(`campaigns.phase.${step.phase}`)}</span>
              <span className="timeline__state">{t(`campaigns.timeline.${step.state}`)}</span>
              <span className="timeline__when">
                {step.phase === "draft"
                  ? step.enteredAt ? t("campaigns.timeline.created", { at: format.dateTime(step.enteredAt) }) : null
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
          <li>{t("campaigns.rules.votes", { count: c.votesPerVoter })}</li>
          <li>{t(c.mayChangeBallot ? "campaigns.rules.mayChange.yes" : "campaigns.rules.mayChange.no")}</li>
          <li>{t(c.talliesHidden ? "campaigns.rules.tallies.hidden" : "campaigns.rules.tallies.shown")}</li>
        </ul>
      </section>

      <section aria-labelledby="titles-title">
        <h2 id="titles-title">{t("campaigns.offered.title")}</h2>
        {c.titles.length === 0 ? <p>{t("campaigns.offered.none")}</p> : null}
        {c.titles.map((title) => (
          <article key={title.slug} className="card offered-title" aria-labelledby={`title-${title.slug}`}>
            {title.badge ? <Picture picture={title.badge} alt={name(title)} sizes="64px" className="title-badge" /> : null}
            <h3 id={`title-${title.slug}`}>{name(title)}</h3>
            <p className="hint">{t("campaigns.offered.winners", { count: title.winners })}</p>
            {title.description ? <p>{title.description}</p> : null}
            {title.criteria ? <p><strong>{t("titles.form.criteria")}</strong>: {title.criteria}</p> : null}
            {title.templates.length ? (
              <>
                <h4>{t("campaigns.offered.metrics")}</h4>
                <ul className="metric-templates">
                  {title.templates.map((m) => (
                    <li key={m.id}>
                      <span className="metric-templates__name">{name(m)}</span>
                      {m.unit ? <span> ({m.unit})</span> : null}
                      {" · "}
                      {t(m.direction === "higher" ? "titles.template.direction.higher" : "titles.template.direction.lower")}
                      {m.target !== null
                        ? ` · ${t("titles.template.targetIs", { op: m.direction === "higher" ? "≥" : "≤", target: `${format.number(m.target)}${m.unit}` })}`
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
