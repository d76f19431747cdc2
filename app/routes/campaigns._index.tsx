import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { listCampaigns } from "~/domain/campaigns/campaigns.server";
import { nameIn } from "~/i18n";
import { pageTitle } from "~/i18n/meta";
import { useFormat, useLocale, useT } from "~/i18n/react";
import { requireUser } from "~/web/session.server";
import { campaigns } from "~/i18n/messages/campaigns";
import type { PageHandle } from "~/i18n/page";

export const handle = { messages: [campaigns] } satisfies PageHandle;

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, (t) => t("campaigns.title"));

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  return listCampaigns(context.db, user);
}

export default function Campaigns() {
  const { campaigns, canCreate } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const format = useFormat();
  return (
    <div className="page">
      <h1>{t("campaigns.title")}</h1>
      <p className="lede">{t("campaigns.intro")}</p>
      {canCreate ? (
        <p>
          <Link to="/admin/campaigns/new" className="button primary">
            {t("campaigns.admin.new")}
          </Link>
        </p>
      ) : null}
      {campaigns.length === 0 ? (
        <p>{t("campaigns.empty")}</p>
      ) : (
        <ul className="campaign-list">
          {campaigns.map((c) => (
            <li key={c.slug} className="card campaign-card">
              <h2>
                <Link to={`/campaigns/${c.slug}`}>{nameIn(locale, c)}</Link>
              </h2>
              <p>
                <span className={`phase phase--${c.status}`}>{t(`campaigns.phase.${c.status}`)}</span>
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
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
