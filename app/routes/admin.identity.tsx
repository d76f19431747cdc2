import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import type { AppLoadContext } from "@remix-run/node";
import { checkOidcProvider, identityOverview, type IdentitySetup } from "~/domain/identity/overview.server";
import { formatDate } from "~/i18n";
import { pageTitle } from "~/i18n/meta";
import { useLocale, useT } from "~/i18n/react";
import { throwRefusal } from "~/web/forbidden.server";
import { readFormData } from "~/web/form.server";
import { currentSessionId, requireUser } from "~/web/session.server";
import { admin } from "~/i18n/messages/admin";
import { identity } from "~/i18n/messages/identity";
import type { PageHandle } from "~/i18n/page";

// /admin/identity (issue 18, item 5): the company sign-in as configured, the
// values for the identity team, a live check of the OpenID provider, and a
// Test sign-in — a real round trip through the provider that comes back here.

export const handle = { messages: [admin, identity] } satisfies PageHandle;

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, (t) => t("identity.title"));

const setupOf = (context: AppLoadContext): IdentitySetup => ({
  identity: context.identity,
  saml: context.saml,
  passwordSignIn: context.auth.passwordSignIn ?? "on",
});

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const result = await identityOverview(context.db, user, setupOf(context), await currentSessionId(request, context));
  if (!result.ok) throwRefusal(result);
  return result.value;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(request, context);
  await readFormData(request);
  const result = await checkOidcProvider(user, setupOf(context));
  if (!result.ok && result.status === 403) throwRefusal(result);
  return data(result.ok ? { ok: true as const, ...result.value } : { ok: false as const, error: result.error }, result.ok ? 200 : result.status);
}

function Values({ rows }: { rows: Array<[string, string]> }) {
  return (
    <dl className="identity__values">
      {rows.map(([label, value]) => (
        <div key={label}>
          <dt>{label}</dt>
          <dd>
            <code>{value}</code>
          </dd>
        </div>
      ))}
    </dl>
  );
}

export default function AdminIdentity() {
  const o = useLoaderData<typeof loader>();
  const checked = useActionData<typeof action>();
  const t = useT();
  const locale = useLocale();
  const back = encodeURIComponent("/admin/identity");
  return (
    <div className="page stack">
      <h1>{t("identity.title")}</h1>
      <p className="lede">{t("identity.intro")}</p>

      <section aria-labelledby="identity-password">
        <h2 id="identity-password">{t("identity.password.title")}</h2>
        <p>{t(`identity.password.${o.passwordSignIn}`)}</p>
      </section>

      <section aria-labelledby="identity-oidc">
        <h2 id="identity-oidc">{t("identity.oidc.title")}</h2>
        {o.oidc ? (
          <>
            <Values
              rows={[
                [t("identity.oidc.issuer"), o.oidc.issuer],
                [t("identity.oidc.clientId"), o.oidc.clientId],
                [t("identity.oidc.claims"), `${o.oidc.employeeClaims.join(", ")} · ${t("identity.oidc.claims.email")}`],
                [t("identity.oidc.redirectUri"), o.oidc.redirectUri],
                [t("identity.oidc.postLogoutRedirectUri"), o.oidc.postLogoutRedirectUri],
                [t("identity.oidc.backchannelLogoutUri"), o.oidc.backchannelLogoutUri],
              ]}
            />
            <Form method="post">
              <button type="submit" className="button">
                {t("identity.check")}
              </button>
            </Form>
            {checked ? (
              <p className={checked.ok ? "notice" : "form-error"} role="status">
                {checked.ok
                  ? t("identity.check.ok", {
                      authorization: checked.authorization,
                      endSession: t(checked.endSession ? "identity.yes" : "identity.no"),
                      backchannel: t(checked.backchannelLogout ? "identity.yes" : "identity.no"),
                    })
                  : t(checked.error === "identity.check.off" ? "identity.check.off" : "identity.check.unreachable")}
              </p>
            ) : null}
          </>
        ) : (
          <p>{t("identity.off")}</p>
        )}
      </section>

      <section aria-labelledby="identity-saml">
        <h2 id="identity-saml">{t("identity.saml.title")}</h2>
        {o.saml ? (
          <>
            <Values
              rows={[
                [t("identity.saml.idpEntityId"), o.saml.idpEntityId],
                [t("identity.saml.idpSsoUrl"), o.saml.idpSsoUrl],
                [t("identity.saml.idpSloUrl"), o.saml.idpSloUrl ?? t("identity.saml.idpSloUrl.none")],
                [t("identity.saml.spEntityId"), o.saml.spEntityId],
                [t("identity.saml.acsUrl"), o.saml.acsUrl],
                [t("identity.saml.sloUrl"), o.saml.sloUrl],
                [t("identity.saml.metadataUrl"), o.saml.metadataUrl],
                [t("identity.saml.employeeAttribute"), o.saml.employeeAttribute],
                [t("identity.saml.emailAttribute"), o.saml.emailAttribute ?? t("identity.saml.emailAttribute.default")],
              ]}
            />
            <p>{t(o.saml.signsRequests ? "identity.saml.signsRequests" : "identity.saml.unsignedRequests")}</p>
            <p>{t(o.saml.bindsToBrowser ? "identity.saml.bindsToBrowser" : "identity.saml.notBoundToBrowser")}</p>
          </>
        ) : (
          <p>{t("identity.off")}</p>
        )}
      </section>

      <section aria-labelledby="identity-scim">
        <h2 id="identity-scim">{t("identity.scim.title")}</h2>
        <p>
          {t("identity.scim.tokens", { count: o.scimTokens })} <Link to="/admin/scim">{t("identity.scim.manage")}</Link>
        </p>
      </section>

      <section aria-labelledby="identity-test">
        <h2 id="identity-test">{t("identity.test.title")}</h2>
        {o.yourSession ? (
          <p role="status">
            {t("identity.yourSession", {
              method: t(`identity.method.${o.yourSession.method}`),
              when: formatDate(locale, o.yourSession.openedAt, "datetime"),
            })}
          </p>
        ) : null}
        {o.oidc || o.saml ? (
          <>
            <p>{t("identity.test.intro")}</p>
            <p className="identity__tests">
              {o.oidc ? (
                <a className="button" href={`/auth/oidc/start?redirectTo=${back}`}>
                  {t("identity.test.oidc")}
                </a>
              ) : null}{" "}
              {o.saml ? (
                <a className="button" href={`/auth/saml/start?redirectTo=${back}`}>
                  {t("identity.test.saml")}
                </a>
              ) : null}
            </p>
          </>
        ) : (
          <p>{t("identity.off")}</p>
        )}
        <h3>{t("identity.recent.title")}</h3>
        {o.recent.length ? (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t("identity.recent.when")}</th>
                  <th scope="col">{t("identity.recent.method")}</th>
                  <th scope="col">{t("identity.recent.who")}</th>
                  <th scope="col">{t("identity.recent.outcome")}</th>
                </tr>
              </thead>
              <tbody>
                {o.recent.map((r, i) => (
                  <tr key={i}>
                    <td>{formatDate(locale, r.at, "datetime")}</td>
                    <td>{r.method === "oidc" || r.method === "saml" ? t(`identity.method.${r.method}`) : r.method}</td>
                    <td>{r.who ?? "—"}</td>
                    <td>{t(`identity.outcome.${r.outcome}`)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <p>{t("identity.recent.none")}</p>
        )}
      </section>
    </div>
  );
}
