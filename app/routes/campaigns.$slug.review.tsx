import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { FigureOrigin } from "~/components/figure-origin";
import { WithUnit } from "~/components/metric-card";
import { Picture } from "~/components/picture";
import { reviewQueue, type QueueItem } from "~/domain/nominations/review.server";
import type { MessageKey } from "~/i18n";
import { formatList, metricNameIn, nameIn, unitIn } from "~/i18n";
import { pageTitle } from "~/i18n/meta";
import { langOf } from "~/i18n/lang";
import { ListOf, useFormat, useLocale, useRichT, useT } from "~/i18n/react";
import { throwRefusal } from "~/web/forbidden.server";
import { requireUser } from "~/web/session.server";
import styles from "~/styles/nomination.css";
import { campaigns } from "~/i18n/messages/campaigns";
import { evidence } from "~/i18n/messages/evidence";
import { nominations } from "~/i18n/messages/nominations";
import { review } from "~/i18n/messages/review";
import { eligibility } from "~/i18n/messages/eligibility";
import type { PageHandle } from "~/i18n/page";

export const handle = { messages: [campaigns, evidence, nominations, review, eligibility] } satisfies PageHandle;

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  pageTitle(matches, (t, l) => (data ? t("review.title", { campaign: nameIn(l, data.campaign) }) : t("campaigns.title")));

/** A queue item as the page shows it: no person ids, units or nominator ids. */
const itemView = (i: QueueItem) => ({
  id: i.id,
  title: { nameZh: i.title.nameZh, nameEn: i.title.nameEn },
  teamName: i.teamName,
  status: i.status,
  nominees: i.nominees.map((p) => p.name),
  nominatorName: i.nominatorName,
  submittedAt: i.submittedAt,
  photo: i.photo,
  recusal: i.recusal,
  canReview: i.canReview,
  figures: i.figures,
  exception: i.exception !== null,
});

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const result = await reviewQueue(context.db, user, params.slug ?? "");
  if (!result.ok) throwRefusal(result);
  const q = result.value;
  return {
    campaign: { slug: q.campaign.slug, nameZh: q.campaign.nameZh, nameEn: q.campaign.nameEn, status: q.campaign.status },
    open: q.open,
    waiting: q.waiting.map(itemView),
    returned: q.returned.map(itemView),
    decided: q.decided.map(itemView),
  };
}

type Item = ReturnType<typeof itemView>;

const recusedBadge = {
  "nominations.recused.nominee": "review.recusedShort.nominee",
  "nominations.recused.nominator": "review.recusedShort.nominator",
  "nominations.recused.sameUnit": "review.recusedShort.sameUnit",
} as const satisfies Record<NonNullable<QueueItem["recusal"]>, MessageKey>;

export default function ReviewQueuePage() {
  const q = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const campaignName = nameIn(locale, q.campaign);
  const sections = [
    { id: "waiting", items: q.waiting, title: t("review.waiting.title", { count: q.waiting.length }), empty: t("review.waiting.empty") },
    { id: "returned", items: q.returned, title: t("review.returned.title", { count: q.returned.length }), empty: t("review.returned.empty") },
    { id: "decided", items: q.decided, title: t("review.decided.title", { count: q.decided.length }), empty: t("review.decided.empty") },
  ];
  return (
    <div className="page review">
      <nav aria-label={t("nomination.breadcrumb")}>
        <ol className="breadcrumb-path">
          <li>
            <Link to="/campaigns">{t("campaigns.title")}</Link>
          </li>
          <li>
            <Link to={`/campaigns/${q.campaign.slug}`}>{campaignName}</Link>
          </li>
        </ol>
      </nav>
      <h1>{t("review.title", { campaign: campaignName })}</h1>
      <p className="lede">
        <span className={`phase phase--${q.campaign.status}`}>{t(`campaigns.phase.${q.campaign.status}`)}</span> {t("review.intro")}
      </p>
      {q.open ? null : (
        <p className="notice" role="note">
          {t("review.closed")}
        </p>
      )}
      {sections.map((s) => (
        <section key={s.id} aria-labelledby={`${s.id}-title`} className="review__section">
          <h2 id={`${s.id}-title`}>{s.title}</h2>
          {s.items.length === 0 ? (
            <p className="hint">{s.empty}</p>
          ) : (
            <ul className="nomination-list">
              {s.items.map((item) => (
                <QueueCard key={item.id} item={item} slug={q.campaign.slug} />
              ))}
            </ul>
          )}
        </section>
      ))}
    </div>
  );
}

function QueueCard({ item, slug }: { item: Item; slug: string }) {
  const t = useT();
  const rich = useRichT();
  const locale = useLocale();
  const format = useFormat();
  const names = item.teamName ?? formatList(locale, item.nominees);
  const href = `/campaigns/${slug}/nominations/${item.id}`;
  return (
    <li className={item.photo ? "nomination-card" : "nomination-card nomination-card--no-photo"}>
      {item.photo ? (
        <div className="nomination-card__thumb">
          <Picture picture={item.photo} alt="" sizes="72px" />
        </div>
      ) : null}
      <div className="nomination-card__body">
        <h3 className="nomination-card__names">
          <Link to={href} lang={langOf(item.teamName ?? item.nominees.join(""))}>
            {names}
          </Link>
        </h3>
        {item.teamName ? (
          <p className="nomination-card__meta">
            <ListOf items={item.nominees} />
          </p>
        ) : null}
        <p className="nomination-card__meta">
          {nameIn(locale, item.title)}
          {" · "}
          {rich("review.item.by", { name: item.nominatorName })}
          {item.submittedAt ? (
            <>
              {" · "}
              {t("review.item.submitted", { date: format.date(item.submittedAt) })}
            </>
          ) : null}
        </p>
        {item.figures.length ? (
          <ul className="nomination-card__figures" aria-label={t("nomination.metrics.title")}>
            {item.figures.map((f, i) => (
              <li key={i}>
                <span lang={langOf(metricNameIn(locale, f))}>{metricNameIn(locale, f)}</span>{" "}
                <strong>
                  <WithUnit formatted={format.number(f.value)} unit={unitIn(locale, f)} />
                </strong>{" "}
                <span className="hint" lang={langOf(f.period)}>
                  {f.period}
                </span>{" "}
                <FigureOrigin figure={f} />
              </li>
            ))}
          </ul>
        ) : null}
        <p className="nomination-card__actions">
          <span className={`status status--${item.status}`}>{t(`nominations.status.${item.status}`)}</span>
          {item.recusal ? <span className="badge badge--recused">{t(recusedBadge[item.recusal])}</span> : null}
          {item.exception ? <span className="badge badge--exception">{t("eligibility.exception.badge")}</span> : null}
          {item.canReview ? <Link to={`${href}#decide`}>{t("review.item.decide", { names })}</Link> : null}
        </p>
      </div>
    </li>
  );
}
