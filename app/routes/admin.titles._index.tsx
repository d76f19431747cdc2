import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Picture } from "~/components/picture";
import { listTitles } from "~/domain/titles/titles.server";
import { nameIn } from "~/i18n";
import { pageTitle } from "~/i18n/meta";
import { useLocale, useT } from "~/i18n/react";
import { throwRefusal } from "~/web/forbidden.server";
import { requireUser } from "~/web/session.server";
import { campaigns } from "~/i18n/messages/campaigns";
import { eligibility } from "~/i18n/messages/eligibility";
import type { PageHandle } from "~/i18n/page";

export const handle = { messages: [campaigns, eligibility] } satisfies PageHandle;

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, (t) => t("titles.admin.title"));

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const result = await listTitles(context.db, user);
  if (!result.ok) throwRefusal(result);
  return { titles: result.value };
}

export default function AdminTitles() {
  const { titles } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  return (
    <div className="page">
      <h1>{t("titles.admin.title")}</h1>
      <p className="lede">{t("titles.admin.intro")}</p>
      <p>
        <Link to="/admin/titles/new" className="button primary">
          {t("titles.new")}
        </Link>
      </p>
      {titles.length === 0 ? <p>{t("titles.empty")}</p> : null}
      <ul className="title-list">
        {titles.map((title) => (
          <li key={title.slug} className="card">
            {title.badge ? <Picture picture={title.badge} alt={nameIn(locale, title)} sizes="64px" className="title-badge" /> : null}
            <h2>
              <Link to={`/admin/titles/${title.slug}`}>{nameIn(locale, title)}</Link>
            </h2>
            <p className="hint">
              {locale === "en" ? title.nameZh : title.nameEn} · {t("titles.templates.count", { count: title.templates.length })}
            </p>
            {title.description ? <p>{title.description}</p> : null}
            <Link to={`/admin/titles/${title.slug}/rules`}>{t("eligibility.rules.link")}</Link>
          </li>
        ))}
      </ul>
    </div>
  );
}
