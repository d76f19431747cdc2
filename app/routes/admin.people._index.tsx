import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { DirectorySearch } from "~/components/directory-search";
import { Pagination } from "~/components/pagination";
import { UnitSelect } from "~/components/unit-select";
import { passwordLinkHours } from "~/domain/auth/password-rules";
import { allRoles, type Role } from "~/domain/auth/user";
import { browseDirectoryAsAdmin } from "~/domain/people/directory.server";
import { nameIn } from "~/i18n";
import { pageTitle } from "~/i18n/meta";
import { useFormat, useLocale, useT } from "~/i18n/react";
import { throwRefusal } from "~/web/forbidden.server";
import { requireUser } from "~/web/session.server";
import { people } from "~/i18n/messages/people";
import { admin } from "~/i18n/messages/admin";
import type { PageHandle } from "~/i18n/page";

// People and roles for administrators: the directory with people who left and
// a role filter (the committee, the managers), each row with its roles; and
// one-time password links for a whole unit, downloaded as a file (the form
// posts to /admin/people/password-links.csv as a plain document request).

export const handle = { messages: [people, admin] } satisfies PageHandle;

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, (t) => t("admin.people.title"));

const isRole = (v: string | null): v is Role => allRoles.includes(v as Role);

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const params = new URL(request.url).searchParams;
  const role = params.get("role");
  const result = await browseDirectoryAsAdmin(context.db, user, {
    q: params.get("q") ?? undefined,
    unit: params.get("unit") ?? undefined,
    page: Number(params.get("page")) || 1,
    includeLeft: params.get("left") === "1",
    role: isRole(role) ? role : undefined,
  });
  if (!result.ok) throwRefusal(result);
  // The password-links form as it was sent, when a refusal brought the administrator back.
  return { ...result.value, links: { unit: params.get("linksUnit") ?? "", all: params.get("linksAll") === "1" } };
}

export default function AdminPeople() {
  const { result, units, query, links } = useLoaderData<typeof loader>();
  const t = useT();
  const format = useFormat();
  const locale = useLocale();
  return (
    <div className="page">
      <h1>{t("admin.people.title")}</h1>
      <p className="lede">{t("admin.people.intro")}</p>
      <DirectorySearch action="/admin/people" idPrefix="admin" units={units} query={query}>
        <div className="field">
          <label htmlFor="admin-role">{t("admin.people.role")}</label>
          <select id="admin-role" name="role" defaultValue={query.role ?? ""}>
            <option value="">{t("admin.people.role.any")}</option>
            {allRoles.map((r) => (
              <option key={r} value={r}>
                {t(`role.${r}`)}
              </option>
            ))}
          </select>
        </div>
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
              <th scope="col">{t("admin.roles.title")}</th>
              <th scope="col">{t("admin.person.status")}</th>
            </tr>
          </thead>
          <tbody>
            {result.rows.map((p) => (
              <tr key={p.employeeNo}>
                <td>
                  <Link to={`/admin/people/${p.employeeNo}`}>{p.name}</Link>
                </td>
                <td>{p.employeeNo}</td>
                <td>{nameIn(locale, { nameZh: p.unitZh, nameEn: p.unitEn })}</td>
                <td>{format.list(p.roles.map((r) => t(`role.${r}`)))}</td>
                <td>{t(p.status === "left" ? "admin.person.status.left" : "admin.person.status.active")}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Pagination page={result.page} pageCount={result.pageCount} />
      <PasswordLinks units={units} chosen={links} />
    </div>
  );
}

/** One-time links for everyone in a unit, as a CSV file for Excel. */
function PasswordLinks({ units, chosen }: { units: Parameters<typeof UnitSelect>[0]["units"]; chosen: { unit: string; all: boolean } }) {
  const t = useT();
  const format = useFormat();
  return (
    <section className="card stack" aria-labelledby="password-links-title" id="password-links">
      <h2 id="password-links-title">{t("admin.links.title")}</h2>
      <p className="hint" id="password-links-hint">
        {t("admin.links.intro", { hours: format.number(passwordLinkHours) })}
      </p>
      {/* A document request, with or without JavaScript: the browser saves the file the answer carries. */}
      <Form method="post" action="/admin/people/password-links.csv" reloadDocument className="stack" aria-describedby="password-links-hint">
        <div className="field">
          <label htmlFor="links-unit">{t("admin.links.unit")}</label>
          <UnitSelect
            id="links-unit"
            name="unitCode"
            units={units}
            defaultValue={chosen.unit || undefined}
            emptyLabel={t("admin.links.unit.choose")}
          />
        </div>
        <label className="checkbox" htmlFor="links-only">
          <input id="links-only" type="checkbox" name="onlyWithoutPassword" value="on" defaultChecked={!chosen.all} />
          {t("admin.links.onlyWithout")}
        </label>
        <button type="submit" className="button primary">
          {t("admin.links.submit")}
        </button>
      </Form>
    </section>
  );
}
