import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { AuditChanges } from "~/components/audit-change";
import { Pagination } from "~/components/pagination";
import { listAudit } from "~/domain/audit/audit.server";
import { nameIn } from "~/i18n";
import { pageTitle } from "~/i18n/meta";
import { useFormat, useHasMessage, useLocale, useT } from "~/i18n/react";
import { throwRefusal } from "~/web/forbidden.server";
import { requireUser } from "~/web/session.server";
import { admin } from "~/i18n/messages/admin";
import type { PageHandle } from "~/i18n/page";

export const handle = { messages: [admin] } satisfies PageHandle;

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
    entry: /^\d{1,12}$/.test(p.get("entry") ?? "") ? Number(p.get("entry")) : undefined,
    page: Number(p.get("page")) || 1,
  };
  const result = await listAudit(context.db, user, filter);
  if (!result.ok) throwRefusal(result);
  return { ...result.value, filter };
}

/** An action's name in the reader's language; one the portal does not know yet, as written. */
function useActionLabel() {
  const t = useT();
  const isMessageKey = useHasMessage();
  return (action: string) => {
    const key = `admin.audit.action.${action}`;
    return isMessageKey(key) ? t(key) : action;
  };
}

type Row = ReturnType<typeof useLoaderData<typeof loader>>["rows"][number];

/** Who or what the entry is about: its kind, its name linked to its page, and its number. */
function Subject({ subject }: { subject: Row["subject"] }) {
  const t = useT();
  const isMessageKey = useHasMessage();
  const locale = useLocale();
  if (!subject) return <>—</>;
  const kind = `admin.audit.subject.${subject.type}`;
  const name = subject.name ? nameIn(locale, subject.name) : null;
  return (
    <>
      <span className="hint">{isMessageKey(kind) ? t(kind) : subject.type}</span>{" "}
      {name && subject.href ? <Link to={subject.href}>{name}</Link> : name}
      {subject.detail ? <span className="hint"> {name ? `(${subject.detail})` : subject.detail}</span> : null}
    </>
  );
}

export default function AuditLog() {
  const { rows, total, page, pageCount, actions, filter } = useLoaderData<typeof loader>();
  const t = useT();
  const format = useFormat();
  const actionLabel = useActionLabel();
  return (
    <div className="page">
      <h1>{t("admin.audit.title")}</h1>
      <p className="lede">{t("admin.audit.intro")}</p>
      <Form method="get" action="/admin/audit/verify" className="audit-verify">
        <button type="submit" className="button" aria-describedby="audit-verify-hint">
          {t("admin.audit.verify.button")}
        </button>{" "}
        <span id="audit-verify-hint" className="hint">
          {t("admin.audit.verify.hint")}
        </span>
      </Form>
      <Form method="get" action="/admin/audit" className="audit-filters card">
        <div className="field">
          <label htmlFor="audit-action">{t("admin.audit.action")}</label>
          <select id="audit-action" name="action" defaultValue={filter.action ?? ""}>
            <option value="">{t("common.all")}</option>
            {actions.map((a) => (
              <option key={a} value={a}>
                {actionLabel(a)}
              </option>
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
          <button type="submit" className="button primary">
            {t("common.filter")}
          </button>
          <Link to="/admin/audit" className="button">
            {t("common.clear")}
          </Link>
        </div>
      </Form>
      {filter.entry !== undefined ? (
        <p className="notice" role="status">
          {t("admin.audit.entry.only", { id: String(filter.entry) })} <Link to="/admin/audit">{t("admin.audit.entry.all")}</Link>
        </p>
      ) : null}
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
                <th scope="col">{t("admin.audit.change")}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.id} id={`entry-${r.id}`}>
                  <td>
                    {format.dateTime(r.at)}
                    <br />
                    <span className="hint">{t("admin.audit.entry.number", { id: String(r.id) })}</span>
                  </td>
                  <td>{actionLabel(r.action)}</td>
                  <td>
                    {r.actorName && r.actorNo ? (
                      <Link to={`/admin/people/${encodeURIComponent(r.actorNo)}`}>
                        {r.actorName} <span className="hint">({r.actorNo})</span>
                      </Link>
                    ) : (
                      t("admin.audit.system")
                    )}
                  </td>
                  <td>
                    <Subject subject={r.subject} />
                  </td>
                  <td>
                    <AuditChanges changes={r.changes} />
                  </td>
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
