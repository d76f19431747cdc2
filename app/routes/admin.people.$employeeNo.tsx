import { getFormProps, getSelectProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { FieldErrors, FormErrors } from "~/components/form";
import { passwordLinkHours } from "~/domain/auth/password-rules";
import { allRoles } from "~/domain/auth/user";
import { grantRole, issuePasswordLink, revokeRole } from "~/domain/people/people.server";
import { personAdminPage } from "~/domain/people/directory.server";
import { roleChangeSchema } from "~/domain/people/schema";
import { nameIn } from "~/i18n";
import { pageTitle } from "~/i18n/meta";
import { useLocale, useT } from "~/i18n/react";
import { throwRefusal } from "~/web/forbidden.server";
import { refusalText, serverT } from "~/web/i18n.server";
import { redirectWithNotice } from "~/web/notice.server";
import { requireUser } from "~/web/session.server";
import { parseForm, readFormData } from "~/web/form.server";
import { people } from "~/i18n/messages/people";
import { admin } from "~/i18n/messages/admin";
import type { PageHandle } from "~/i18n/page";
import { UnitOptions } from "~/components/unit-select";

export const handle = { messages: [people, admin] } satisfies PageHandle;

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  pageTitle(matches, (t) => (data ? t("admin.person.title", { name: data.person.name }) : t("admin.people.title")));

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const result = await personAdminPage(context.db, user, params.employeeNo ?? "");
  if (!result.ok) throwRefusal(result);
  return result.value;
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const user = await requireUser(request, context);
  const employeeNo = params.employeeNo ?? "";
  const formData = await readFormData(request);
  const intent = formData.get("intent");
  const t = await serverT(request, context);
  const here = `/admin/people/${encodeURIComponent(employeeNo)}`;

  if (intent === "password-link") {
    const result = await issuePasswordLink(context.db, user, employeeNo);
    if (!result.ok) return data({ intent, error: refusalText(t, result) } as const, result.status);
    const origin = new URL(request.url).origin;
    return data({ intent, link: `${origin}/password/${result.value.token}`, name: result.value.name } as const);
  }

  const submission = parseForm(formData, roleChangeSchema);
  if (submission.status !== "success") return data({ intent: "grant", reply: submission.reply() } as const, 400);
  const change = { employeeNo, role: submission.value.role, unitCode: submission.value.unitCode || null };
  const result = intent === "revoke" ? await revokeRole(context.db, user, change) : await grantRole(context.db, user, change);
  if (!result.ok) {
    return data({ intent: "grant", reply: submission.reply({ formErrors: [refusalText(t, result)] }) } as const, result.status);
  }
  return redirectWithNotice(request, here, intent === "revoke" ? "admin.roles.revoked" : "admin.roles.granted");
}

export default function AdminPerson() {
  const { person, units } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const locale = useLocale();
  const [form, fields] = useForm({
    lastResult: actionData && "reply" in actionData ? actionData.reply : undefined,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: roleChangeSchema }),
    shouldValidate: "onBlur",
  });
  const unit = person.unitPath.at(-1);
  return (
    <div className="page">
      <h1>{t("admin.person.title", { name: person.name })}</h1>
      <dl className="facts">
        <div>
          <dt>{t("people.col.employeeNo")}</dt>
          <dd>{person.employeeNo}</dd>
        </div>
        <div>
          <dt>{t("people.col.unit")}</dt>
          <dd>{unit ? nameIn(locale, unit) : "—"}</dd>
        </div>
        <div>
          <dt>{t("admin.person.email")}</dt>
          <dd>{person.email ?? "—"}</dd>
        </div>
        <div>
          <dt>{t("admin.person.post")}</dt>
          <dd>{t(`admin.person.post.${person.post ?? "unknown"}`)}</dd>
        </div>
        <div>
          <dt>{t("admin.person.status")}</dt>
          <dd>{t(person.status === "left" ? "admin.person.status.left" : "admin.person.status.active")}</dd>
        </div>
      </dl>

      <section className="card" aria-labelledby="roles-title">
        <h2 id="roles-title">{t("admin.roles.title")}</h2>
        {person.roles.length === 0 ? <p>{t("admin.roles.none")}</p> : null}
        <ul className="role-rows">
          {person.roles.map((r) => {
            const roleLabel = t(`role.${r.role}`);
            const scope = r.unitCode ? nameIn(locale, { nameZh: r.unitZh ?? r.unitCode, nameEn: r.unitEn }) : null;
            return (
              <li key={`${r.role}-${r.unitCode ?? ""}`}>
                <span>
                  <span className="badge">{roleLabel}</span>
                  {scope ? <span className="hint">{t("admin.roles.scope", { unit: scope })}</span> : null}
                </span>
                <Form method="post">
                  <input type="hidden" name="role" value={r.role} />
                  <input type="hidden" name="unitCode" value={r.unitCode ?? ""} />
                  <button type="submit" name="intent" value="revoke" className="button danger">
                    {t("admin.roles.remove", { role: scope ? `${roleLabel} (${scope})` : roleLabel })}
                  </button>
                </Form>
              </li>
            );
          })}
        </ul>
        <h3>{t("admin.roles.grant")}</h3>
        <Form method="post" {...getFormProps(form)} className="stack">
          <FormErrors errors={form.errors} id={form.errorId} />
          <div className="field">
            <label htmlFor={fields.role.id}>{t("admin.roles.role")}</label>
            <select {...getSelectProps(fields.role)}>
              {allRoles.map((r) => (
                <option key={r} value={r}>
                  {t(`role.${r}`)}
                </option>
              ))}
            </select>
            <FieldErrors field={fields.role} />
          </div>
          <div className="field">
            <label htmlFor={fields.unitCode.id}>{t("admin.roles.unit")}</label>
            <select {...getSelectProps(fields.unitCode)}>
              <option value="">{t("admin.roles.unit.none")}</option>
              <UnitOptions units={units} />
            </select>
            <FieldErrors field={fields.unitCode} />
          </div>
          <button type="submit" name="intent" value="grant" className="button primary">
            {t("admin.roles.grantSubmit")}
          </button>
        </Form>
      </section>

      <section className="card" aria-labelledby="password-title">
        <h2 id="password-title">{t("admin.password.title")}</h2>
        <p>
          {t("admin.person.password")}: {t(person.hasPassword ? "admin.person.password.set" : "admin.person.password.notSet")}
        </p>
        <p className="hint">{t("admin.password.intro", { hours: passwordLinkHours })}</p>
        {actionData && "link" in actionData ? (
          <div role="status">
            <p>{t("admin.password.issued", { name: actionData.name })}</p>
            <code className="secret-link">{actionData.link}</code>
          </div>
        ) : null}
        {actionData && "error" in actionData ? (
          <p className="form-error" role="alert">
            {actionData.error}
          </p>
        ) : null}
        {person.status === "active" ? (
          <Form method="post">
            <button type="submit" name="intent" value="password-link" className="button">
              {t("admin.password.issue")}
            </button>
          </Form>
        ) : null}
      </section>
    </div>
  );
}
