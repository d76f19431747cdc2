import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { verifyAuditChain } from "~/domain/audit/audit.server";
import { pageTitle } from "~/i18n/meta";
import { useFormat, useT } from "~/i18n/react";
import { throwRefusal } from "~/web/forbidden.server";
import { requireUser } from "~/web/session.server";
import { admin } from "~/i18n/messages/admin";
import type { PageHandle } from "~/i18n/page";

// The administrator's check of the audit hash chain (docs/decisions/0011-audit-chain.md):
// a plain GET from the audit log's "Check the chain" button. It first seals the
// pending entries into the chain (what the server does every minute anyway) and
// otherwise writes nothing. A broken chain is said plainly, with the entry to
// look at linked, and no hash to note.

export const handle = { messages: [admin] } satisfies PageHandle;

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, (t) => t("admin.audit.verify.title"));

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const result = await verifyAuditChain(context.db, user);
  if (!result.ok) throwRefusal(result);
  return result.value;
}

export default function AuditVerify() {
  const { entries, unsealed, head, firstBroken, checkedAt } = useLoaderData<typeof loader>();
  const t = useT();
  const format = useFormat();
  return (
    <div className="page">
      <h1>{t("admin.audit.verify.title")}</h1>
      <p className="lede">{t("admin.audit.verify.hint")}</p>
      {firstBroken ? (
        <div className="card stack">
          <p className="form-error" role="alert" id="audit-chain-result">
            {t("admin.audit.verify.broken", {
              id: String(firstBroken.id),
              at: format.dateTime(firstBroken.at),
              reason: t(`admin.audit.verify.reason.${firstBroken.reason}`),
            })}
          </p>
          <p id="audit-chain-next">{t("admin.audit.verify.brokenNext", { id: String(firstBroken.id) })}</p>
          <p>
            <Link to={`/admin/audit?entry=${firstBroken.id}`} id="audit-chain-entry">
              {t("admin.audit.verify.showEntry", { id: String(firstBroken.id) })}
            </Link>
          </p>
        </div>
      ) : head ? (
        <p className="notice" role="status" id="audit-chain-result">
          {t("admin.audit.verify.ok", { count: entries, head: `${head.slice(0, 8)}…` })}
        </p>
      ) : (
        <p className="notice" role="status" id="audit-chain-result">
          {t("admin.audit.verify.none")}
        </p>
      )}
      {/* A broken chain is not one to pin down: the hash is noted only when every entry checks out. */}
      {head && !firstBroken ? (
        <div className="card">
          <p>{t("admin.audit.verify.anchor")}</p>
          {/* Break points between groups of 16, so it wraps on a phone and copies whole. */}
          <p>
            <code id="audit-chain-head">
              {head.match(/.{1,16}/g)!.map((g, i) => (
                <span key={i}>
                  {i > 0 ? <wbr /> : null}
                  {g}
                </span>
              ))}
            </code>
          </p>
        </div>
      ) : null}
      {unsealed > 0 ? <p id="audit-chain-unsealed">{t("admin.audit.verify.unsealed", { count: unsealed })}</p> : null}
      <p>{t("admin.audit.verify.checkedAt", { at: format.dateTime(checkedAt) })}</p>
      <p>
        <Link to="/admin/audit">{t("admin.audit.verify.back")}</Link>
      </p>
    </div>
  );
}
