import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { LatestHonorRoll } from "~/components/home-roll";
import { homeFor } from "~/domain/home/home.server";
import { shownCount } from "~/domain/notifications/unread";
import { formatList, nameIn } from "~/i18n";
import { pageTitle } from "~/i18n/meta";
import { getLocale, requireUser } from "~/web/session.server";
import { useFormat, useLocale, useRichT, useT } from "~/i18n/react";
import homeStyles from "~/styles/home.css";
import nominationStyles from "~/styles/nomination.css";
import { campaigns } from "~/i18n/messages/campaigns";
import { review } from "~/i18n/messages/review";
import { voting } from "~/i18n/messages/voting";
import { results } from "~/i18n/messages/results";
import { publish } from "~/i18n/messages/publish";
import { inbox } from "~/i18n/messages/inbox";
import type { PageHandle } from "~/i18n/page";

export const handle = { messages: [campaigns, review, voting, results, publish, inbox] } satisfies PageHandle;

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: nominationStyles },
  { rel: "stylesheet", href: homeStyles },
];

export const meta: MetaFunction = ({ matches }) => pageTitle(matches);

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const roles = [...new Set(user.roles.map((r) => r.role))];
  const locale = await getLocale(request, context);
  const { honorRoll, campaigns, nominations: waiting, voting, results, notices } = await homeFor(context.db, user, locale);
  return {
    name: user.name,
    roles,
    honorRoll,
    campaigns: campaigns.map((c) => ({ slug: c.slug, nameZh: c.nameZh, nameEn: c.nameEn, status: c.status })),
    voting,
    results,
    nominations: {
      returned: waiting.returned.map((r) => ({ id: r.id, campaign: r.campaign, nominees: r.nominees, teamName: r.teamName, comment: r.comment })),
      drafts: waiting.draftsIn,
      toReview: waiting.toReview,
    },
    notices: { unread: notices.unread, newest: notices.notices.map((n) => ({ id: n.id, title: n.title, createdAt: n.createdAt })) },
  };
}

export default function Home() {
  const { name, roles, honorRoll, campaigns, voting, results, nominations, notices } = useLoaderData<typeof loader>();
  const format = useFormat();
  const t = useT();
  const rich = useRichT();
  const locale = useLocale();
  const needsYou =
    nominations.returned.length > 0 ||
    nominations.drafts.length > 0 ||
    nominations.toReview.length > 0 ||
    results.toRatify.length > 0 ||
    results.toResolve.length > 0;
  return (
    <div className="page">
      <section className="hero">
        <h1>{rich("home.title", { name })}</h1>
        <p className="lede">{t("home.intro")}</p>
        {roles.length ? (
          <p className="role-list">
            <span className="visually-hidden">{t("home.roles")}: </span>
            {roles.map((r) => (
              <span key={r} className="badge">
                {t(`role.${r}`)}
              </span>
            ))}
          </p>
        ) : null}
      </section>
      {honorRoll ? <LatestHonorRoll roll={honorRoll} /> : null}
      {voting.length ? (
        <section aria-labelledby="vote-title" className="card attention">
          <h2 id="vote-title">{t("voting.home.title")}</h2>
          <ul className="link-list">
            {voting.map((c) => (
              <li key={c.slug}>
                <Link to={`/campaigns/${c.slug}/vote`}>{t("voting.home.vote", { campaign: nameIn(locale, c) })}</Link>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {results.publicity.length ? (
        <section aria-labelledby="publicity-title" className="card attention">
          <h2 id="publicity-title">{t("results.home.publicity")}</h2>
          <ul className="link-list">
            {results.publicity.map((c) => (
              <li key={c.slug}>
                <Link to={`/campaigns/${c.slug}/results`}>
                  {t("results.home.publicityIn", { campaign: nameIn(locale, c), date: format.dateTime(c.endsAt) })}
                </Link>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {needsYou ? (
        <section aria-labelledby="attention-title" className="card attention">
          <h2 id="attention-title">{t("review.home.attention")}</h2>
          <ul className="link-list">
            {nominations.returned.map((r) => {
              const vars = { names: r.teamName ?? formatList(locale, r.nominees), campaign: nameIn(locale, r.campaign) };
              return (
                <li key={r.id}>
                  <Link to={`/campaigns/${r.campaign.slug}/nominations/${r.id}/edit`}>
                    {r.comment ? t("review.home.returned", { ...vars, comment: r.comment }) : t("review.home.returnedNoComment", vars)}
                  </Link>
                </li>
              );
            })}
            {results.toRatify.map((c) => (
              <li key={`ratify-${c.slug}`}>
                <Link to={`/campaigns/${c.slug}/results`}>{t("results.home.toRatify", { campaign: nameIn(locale, c), count: c.count })}</Link>
              </li>
            ))}
            {results.toResolve.map((c) => (
              <li key={`resolve-${c.slug}`}>
                <Link to={`/campaigns/${c.slug}/results#objections`}>
                  {t("results.home.toResolve", { campaign: nameIn(locale, c), count: c.count })}
                </Link>
              </li>
            ))}
            {nominations.toReview.map((c) => (
              <li key={c.slug}>
                <Link to={`/campaigns/${c.slug}/review`}>{t("review.home.toReview", { campaign: nameIn(locale, c), count: c.count })}</Link>
              </li>
            ))}
            {nominations.drafts.map((d) => (
              <li key={d.slug}>
                <Link to={`/campaigns/${d.slug}`}>{t("review.home.drafts", { count: d.count, campaign: nameIn(locale, d) })}</Link>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {notices.newest.length ? (
        <section aria-labelledby="notices-title" className="card">
          <h2 id="notices-title">{t("inbox.home.title")}</h2>
          {/* Each opens through /notifications/:id, which marks it read: a whole page load, so the bell's count is fresh. */}
          <ul className="link-list">
            {notices.newest.map((n) => (
              <li key={n.id}>
                <a href={`/notifications/${n.id}`}>{n.title}</a> <span className="hint">{format.dateTime(n.createdAt)}</span>
              </li>
            ))}
          </ul>
          <p>
            <Link to="/notifications">{t("inbox.home.all", { count: shownCount(notices.unread) })}</Link>
          </p>
        </section>
      ) : null}
      <section aria-labelledby="open-title" className="card">
        <h2 id="open-title">{t("home.campaigns.title")}</h2>
        {campaigns.length === 0 ? (
          <p className="hint">{t("home.campaigns.empty")}</p>
        ) : (
          <ul className="link-list">
            {campaigns.map((c) => (
              <li key={c.slug}>
                <Link to={`/campaigns/${c.slug}`}>{nameIn(locale, c)}</Link>{" "}
                <span className={`phase phase--${c.status}`}>{t(`campaigns.phase.${c.status}`)}</span>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="next-title" className="card">
        <h2 id="next-title">{t("home.next.title")}</h2>
        <ul className="link-list">
          <li>
            <Link to="/campaigns">{t("home.next.campaigns")}</Link>
          </li>
          <li>
            <Link to="/people">{t("home.next.people")}</Link>
          </li>
          {roles.includes("admin") ? (
            <li>
              <Link to="/admin">{t("home.next.admin")}</Link>
            </li>
          ) : null}
        </ul>
      </section>
    </div>
  );
}
