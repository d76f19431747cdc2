import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { DirectorySearch } from "~/components/directory-search";
import { Pagination } from "~/components/pagination";
import { browseDirectory } from "~/domain/people/directory.server";
import { Initials } from "~/components/initials";
import { nameIn } from "~/i18n";
import { langOf } from "~/i18n/lang";
import { pageTitle } from "~/i18n/meta";
import { Lang, useLocale, useT } from "~/i18n/react";
import { requireUser } from "~/web/session.server";
import { people } from "~/i18n/messages/people";
import type { PageHandle } from "~/i18n/page";

export const handle = { messages: [people] } satisfies PageHandle;

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, (t) => t("people.title"));

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const params = new URL(request.url).searchParams;
  return browseDirectory(context.db, user, {
    q: params.get("q") ?? undefined,
    unit: params.get("unit") ?? undefined,
    page: Number(params.get("page")) || 1,
  });
}

export default function People() {
  const { result, units, query } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  return (
    <div className="page">
      <h1>{t("people.title")}</h1>
      <p className="lede">{t("people.intro")}</p>
      <DirectorySearch action="/people" idPrefix="people" units={units} query={query} />
      <p aria-live="polite" className="result-count">
        {t("people.count", { count: result.total })}
      </p>
      {result.rows.length === 0 ? (
        <p>{t("people.empty")}</p>
      ) : (
        <ul className="people-grid">
          {result.rows.map((p) => (
            <li key={p.employeeNo} className="person-card">
              <Initials name={p.name} className="avatar" />
              <span className="person-card__text">
                <Link to={`/people/${p.employeeNo}`} className="person-card__name" lang={langOf(p.name)}>
                  {p.name}
                </Link>
                <span className="person-card__meta">
                  {p.jobTitle ? (
                    <>
                      <Lang>{p.jobTitle}</Lang> ·{" "}
                    </>
                  ) : null}
                  <Lang>{nameIn(locale, { nameZh: p.unitZh, nameEn: p.unitEn })}</Lang>
                </span>
                <span className="person-card__no">{p.employeeNo}</span>
              </span>
            </li>
          ))}
        </ul>
      )}
      <Pagination page={result.page} pageCount={result.pageCount} />
    </div>
  );
}
