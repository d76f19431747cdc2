import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { Pagination } from "~/components/pagination";
import { listAudit } from "~/domain/audit/audit.server";
import { pageTitle } from "~/i18n/meta";
import { useFormat, useT } from "~/i18n/react";
import { throwRefusal } from "~/lib/forbidden.server";
import { requireUser } from "~/lib/session.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, (t) => t("admin.audit.title"));

const isoDay = (v: string | null) => (v && /^\d{4}-\d{2}-\d{2}$/.test(v) ? v : undefined);

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const p = new URL(request.url).searchParams;
  const filter = {
    action: p.get("action") || undefined,
    actor: p.get("actor")?.trim() || undefined,
    subject: p.get("subject")?.trim() || undefined,
    from: isoDay(p.get("from")),
    to: isoDay(p.get("to")),
    page: Number(p.get("page")) || 1,
  };
  const result = await listAudit(context.db, user, filter);
  if (!result.ok) throwRefusal(result);
  return { ...result.value, filter };
}

function Change({ value }: { value: unknown }) {
  if (value === null || value === undefined) return <span aria-hidden="true">—</span>;
  return <pre>{JSON.stringify(value, null, 1)}</pre>;
}

export default function AuditLog() {
  const { rows, total, page, pageCount, actions, filter } = useLoaderData<typeof loader>();
  const t = useT();
  const format = useFormat();
  return (
    <div className="page">
      <h1>{t("admin.audit.title")}</h1>
      <p className="lede">{t("admin.audit.intro")}</p>
      <Form method="get" action="/admin/audit/verify" className="audit-verify">
        <button type="submit" className="button" aria-describedby="audit-verify-hint">{t("admin.audit.verify.button")}</button>{" "}
        <span id="audit-verify-hint" className="hint">{t("admin.audit.verify.hint")}</span>
      </Form>
      <Form method="get" action="/admin/audit" className="audit-filters card">
        <div className="field">
          <label htmlFor="audit-action">{t("admin.audit.action")}</label>
          <select id="audit-action" name="action" defaultValue={filter.action ?? ""}>
            <option value="">{t("common.all")}</option>
            {actions.map((a) => (
              <option key={a} value={a}>{a}</option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="audit-actor">{t("admin.audit.actor")}</label>
          <input id="audit-actor" type="text" name="actor" defaultValue={filter.actor ?? ""} maxLength={32} />
        </div>
        <div className="field">
          <label htmlFor="audit-subject">{t("admin.audit.subject")}</label>
          <input id="audit-subject" type="text" name="subject" defaultValue={filter.subject ?? ""} maxLength={64} />
        </div>
        <div className="field">
          <label htmlFor="audit-from">{t("admin.audit.from")}</label>
          <input id="audit-from" type="date" name="from" defaultValue={filter.from ?? ""} />
        </div>
        <div className="field">
          <label htmlFor="audit-to">{t("admin.audit.to")}</label>
          <input id="audit-to" type="date" name="to" defaultValue={filter.to ?? ""} />
        </div>
        <div className="audit-filters__actions">
          <button type="submit" className="button primary">{t("common.filter")}</button>
          <Link to="/admin/audit" className="button">{t("common.clear")}</Link>
        </div>
      </Form>
      <p className="result-count">{t("admin.audit.count", { count: total })}</p>
      {rows.length === 0 ? (
        <p>{t("admin.audit.empty")}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t("admin.audit.at")}</th>
                <th scope="col">{t("admin.audit.action")}</th>
                <th scope="col">{t("admin.audit.actor")}</th>
                <th scope="col">{t("admin.audit.subject")}</th>
                <th scope="col">{t("admin.audit.before")}</th>
                <th scope="col">{t("admin.audit.after")}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.id}>
                  <td>{format.dateTime(r.at)}</td>
                  <td><code>{r.action}</code></td>
                  <td>{r.actorName ? `${r.actorName} (${r.actorNo})` : t("admin.audit.system")}</td>
                  <td>{r.subjectType ? `${r.subjectType} ${r.subjectId ?? ""}` : "—"}</td>
                  <td><Change value={r.before} /></td>
                  <td><Change value={r.after} /></td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pagination page={page} pageCount={pageCount} />
    </div>
  );
}
