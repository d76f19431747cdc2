import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { createScimToken, listScimTokens, revokeScimToken } from "~/domain/scim/tokens.server";
import { formatDate } from "~/i18n";
import { pageTitle } from "~/i18n/meta";
import { useLocale, useT } from "~/i18n/react";
import { throwRefusal } from "~/web/forbidden.server";
import { refusalText, serverT } from "~/web/i18n.server";
import { readFormData } from "~/web/form.server";
import { redirectWithNotice } from "~/web/notice.server";
import { requireUser } from "~/web/session.server";
import { admin } from "~/i18n/messages/admin";
import { scim } from "~/i18n/messages/scim";
import type { PageHandle } from "~/i18n/page";

// /admin/scim (issue 18 item 4, decision 0047): the SCIM address to give the
// identity team and its bearer tokens. A new token is shown once, in the
// answer to the form that created it (no redirect, so it never sits in a URL
// or a notice cookie); only its SHA-256 is kept.

export const handle = { messages: [admin, scim] } satisfies PageHandle;

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, (t) => t("scim.title"));

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const result = await listScimTokens(context.db, user);
  if (!result.ok) throwRefusal(result);
  return { tokens: result.value, baseUrl: `${new URL(request.url).origin}/scim/v2` };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(request, context);
  const form = await readFormData(request);
  const t = await serverT(request, context);
  if (form.get("intent") === "revoke") {
    const result = await revokeScimToken(context.db, user, Number(form.get("id")));
    if (!result.ok) {
      if (result.status === 403) throwRefusal(result);
      return data({ error: refusalText(t, result), created: null }, result.status);
    }
    return redirectWithNotice(request, "/admin/scim", "scim.revoked", { name: result.value.name });
  }
  const result = await createScimToken(context.db, user, String(form.get("name") ?? ""));
  if (!result.ok) {
    if (result.status === 403) throwRefusal(result);
    return data({ error: refusalText(t, result), created: null }, result.status);
  }
  return data({ error: null, created: { name: result.value.name, token: result.value.token } }, { headers: { "cache-control": "no-store" } });
}

export default function AdminScim() {
  const { tokens, baseUrl } = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  const t = useT();
  const locale = useLocale();
  return (
    <div className="page">
      <h1>{t("scim.title")}</h1>
      <p className="lede">{t("scim.intro")}</p>
      <dl>
        <dt>{t("scim.baseUrl")}</dt>
        <dd>
          <code>{baseUrl}</code>
        </dd>
      </dl>
      {answer?.created ? (
        <div className="notice" role="status">
          <p>{t("scim.created", { name: answer.created.name })}</p>
          <p>
            <label htmlFor="scim-new-token">{t("scim.created.token")}</label>{" "}
            <input id="scim-new-token" readOnly value={answer.created.token} size={48} data-testid="scim-token" />
          </p>
        </div>
      ) : null}
      <section aria-labelledby="scim-new">
        <h2 id="scim-new">{t("scim.new")}</h2>
        <Form method="post">
          {answer?.error ? (
            <p className="form-error" role="alert">
              {answer.error}
            </p>
          ) : null}
          <p>
            <label htmlFor="scim-name">{t("scim.field.name")}</label>
            <br />
            <input id="scim-name" name="name" required maxLength={100} aria-describedby="scim-name-hint" />
            <br />
            <span id="scim-name-hint" className="hint">
              {t("scim.field.name.hint")}
            </span>
          </p>
          <button type="submit" name="intent" value="create" className="button primary">
            {t("scim.create")}
          </button>
        </Form>
      </section>
      <section aria-labelledby="scim-tokens">
        <h2 id="scim-tokens">{t("scim.tokens")}</h2>
        {tokens.length === 0 ? (
          <p>{t("scim.none")}</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th scope="col">{t("scim.col.name")}</th>
                <th scope="col">{t("scim.col.createdBy")}</th>
                <th scope="col">{t("scim.col.createdAt")}</th>
                <th scope="col">{t("scim.col.lastUsedAt")}</th>
                <th scope="col">{t("scim.col.state")}</th>
              </tr>
            </thead>
            <tbody>
              {tokens.map((token) => (
                <tr key={token.id}>
                  <td>{token.name}</td>
                  <td>{token.createdBy ?? ""}</td>
                  <td>{formatDate(locale, token.createdAt, "datetime")}</td>
                  <td>{token.lastUsedAt ? formatDate(locale, token.lastUsedAt, "datetime") : t("scim.never")}</td>
                  <td>
                    {token.revokedAt ? (
                      t("scim.revokedAt", { when: formatDate(locale, token.revokedAt, "datetime") })
                    ) : (
                      <Form method="post">
                        <input type="hidden" name="id" value={token.id} />
                        <button
                          type="submit"
                          name="intent"
                          value="revoke"
                          className="button danger"
                          aria-label={t("scim.revoke.label", { name: token.name })}
                        >
                          {t("scim.revoke")}
                        </button>
                      </Form>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}
