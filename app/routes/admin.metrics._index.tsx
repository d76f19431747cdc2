import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { listMetricDefinitions, setMetricArchived } from "~/domain/metrics/definitions.server";
import { pageTitle } from "~/i18n/meta";
import { Lang, useFormat, useLocale, useT } from "~/i18n/react";
import { throwRefusal } from "~/web/forbidden.server";
import { readFormData } from "~/web/form.server";
import { refusalText, serverT } from "~/web/i18n.server";
import { redirectWithNotice } from "~/web/notice.server";
import { requireUser } from "~/web/session.server";
import { metrics } from "~/i18n/messages/metrics";
import type { PageHandle } from "~/i18n/page";

// /admin/metrics (issue 20, decision 0049): the metric definitions, with a
// form per row to archive one or put it back in use.

export const handle = { messages: [metrics] } satisfies PageHandle;

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, (t) => t("metrics.title"));

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const result = await listMetricDefinitions(context.db, user);
  if (!result.ok) throwRefusal(result);
  return { definitions: result.value };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(request, context);
  const form = await readFormData(request);
  const code = String(form.get("code") ?? "");
  const archive = form.get("intent") === "archive";
  const result = await setMetricArchived(context.db, user, code, archive);
  if (!result.ok) {
    if (result.status === 403) throwRefusal(result);
    return data({ error: refusalText(await serverT(request, context), result) }, result.status);
  }
  return redirectWithNotice(request, "/admin/metrics", archive ? "metrics.archivedNotice" : "metrics.restored", { code });
}

export default function MetricDefinitions() {
  const { definitions } = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  const t = useT();
  const locale = useLocale();
  const format = useFormat();
  return (
    <div className="page">
      <h1>{t("metrics.title")}</h1>
      <p className="lede">{t("metrics.intro")}</p>
      <p>
        <Link to="/admin/metrics/new" className="button primary">
          {t("metrics.new")}
        </Link>{" "}
        <Link to="/admin/api-tokens">{t("tokens.nav")}</Link>
      </p>
      {answer?.error ? (
        <p className="form-error" role="alert">
          {answer.error}
        </p>
      ) : null}
      {definitions.length === 0 ? (
        <p>{t("metrics.none")}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t("metrics.col.code")}</th>
                <th scope="col">{t("metrics.col.name")}</th>
                <th scope="col">{t("metrics.col.unit")}</th>
                <th scope="col">{t("metrics.col.grain")}</th>
                <th scope="col">{t("metrics.col.direction")}</th>
                <th scope="col">{t("metrics.col.values")}</th>
                <th scope="col">{t("metrics.col.state")}</th>
              </tr>
            </thead>
            <tbody>
              {definitions.map((d) => (
                <tr key={d.id}>
                  <td>
                    <Link to={`/admin/metrics/${d.code}`}>
                      <code>{d.code}</code>
                    </Link>
                  </td>
                  <td>
                    <Lang>{locale === "en" ? d.nameEn : d.nameZh}</Lang>
                  </td>
                  <td>
                    <Lang>{locale === "en" && d.unitEn ? d.unitEn : d.unit}</Lang>
                  </td>
                  <td>{t(`metrics.grain.${d.grain}`)}</td>
                  <td>{t(d.direction === "higher" ? "metrics.form.direction.higher" : "metrics.form.direction.lower")}</td>
                  <td>{format.number(d.valueCount)}</td>
                  <td>
                    <Form method="post" className="inline-form">
                      {d.archived ? t("metrics.archived") : t("metrics.active")} <input type="hidden" name="code" value={d.code} />
                      <button
                        type="submit"
                        name="intent"
                        value={d.archived ? "restore" : "archive"}
                        className="button"
                        aria-label={d.archived ? undefined : t("metrics.archive.label", { code: d.code })}
                      >
                        {d.archived ? t("metrics.restore") : t("metrics.archive")}
                      </button>
                    </Form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
