import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { DirectorySearch } from "~/components/directory-search";
import { Pagination } from "~/components/pagination";
import { browseDirectoryAsAdmin } from "~/domain/people/directory.server";
import { nameIn } from "~/i18n";
import { pageTitle } from "~/i18n/meta";
import { useLocale, useT } from "~/i18n/react";
import { throwRefusal } from "~/lib/forbidden.server";
import { requireUser } from "~/lib/session.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, (t) => t("admin.people.title"));

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const params = new URL(request.url).searchParams;
  const result = await browseDirectoryAsAdmin(context.db, user, {
    q: params.get("q") ?? undefined,
    unit: params.get("unit") ?? undefined,
    page: Number(params.get("page")) || 1,
    includeLeft: params.get("left") === "1",
  });
  if (!result.ok) throwRefusal(result);
  return result.value;
}

export default function AdminPeople() {
  const { result, units, query } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  return (
    <div className="page">
      <h1>{t("admin.people.title")}</h1>
      <p className="lede">{t("admin.people.intro")}</p>
      <DirectorySearch action="/admin/people" idPrefix="admin" units={units} query={query}>
        <label className="checkbox">
          <input type="checkbox" name="left" value="1" defaultChecked={query.includeLeft} />
          {t("admin.people.includeLeft")}
        </label>
      </DirectorySearch>
      <p className="result-count">{t("people.count", { count: result.total })}</p>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{t("people.col.name")}</th>
              <th scope="col">{t("people.col.employeeNo")}</th>
              <th scope="col">{t("people.col.unit")}</th>
              <th scope="col">{t("admin.person.status")}</th>
            </tr>
          </thead>
          <tbody>
            {result.rows.map((p) => (
              <tr key={p.employeeNo}>
                <td><Link to={`/admin/people/${p.employeeNo}`}>{p.name}</Link></td>
                <td>{p.employeeNo}</td>
                <td>{nameIn(locale, { nameZh: p.unitZh, nameEn: p.unitEn })}</td>
                <td>{t(p.status === "left" ? "admin.person.status.left" : "admin.person.status.active")}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Pagination page={result.page} pageCount={result.pageCount} />
    </div>
  );
}
