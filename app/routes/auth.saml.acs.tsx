import { data, redirect, type ActionFunctionArgs, type HeadersFunction, type MetaFunction } from "@remix-run/node";
import { useActionData } from "@remix-run/react";
import { signInWithSamlResponse } from "~/domain/identity/saml.server";
import type { Refusal } from "~/domain/result";
import { auth } from "~/i18n/messages/auth";
import { saml } from "~/i18n/messages/saml";
import { pageTitle } from "~/i18n/meta";
import type { PageHandle } from "~/i18n/page";
import { useT } from "~/i18n/react";
import { readFormData } from "~/web/form.server";
import { companySessionCookie, safeRedirect } from "~/web/session.server";
import { takeSamlRequest } from "~/web/sso.server";

export const handle = { messages: [auth, saml] } satisfies PageHandle;

export const meta: MetaFunction = ({ matches }) => [...pageTitle(matches, (t) => t("saml.failed.title")), { name: "robots", content: "noindex" }];

// A refusal page still clears the request cookie: a document carries an action's headers only through this export.
export const headers: HeadersFunction = ({ actionHeaders, parentHeaders }) => {
  const merged = new Headers(parentHeaders);
  for (const cookie of actionHeaders.getSetCookie()) merged.append("Set-Cookie", cookie);
  if (actionHeaders.has("cache-control")) merged.set("cache-control", actionHeaders.get("cache-control")!);
  return merged;
};

// Loaders run to render the action's answer too: this one must not redirect.
export function loader() {
  return null;
}

/**
 * The identity provider's answer, posted by the person's browser from the
 * IdP's page (a cross-site POST: server/security.ts lets this one path
 * through). Signed in and back to the page they came for; or a page in
 * their language saying why not — 403 for a person the directory refuses,
 * 400 for any response that is not valid — with nothing opened.
 */
export async function action({ request, context }: ActionFunctionArgs) {
  if (!context.saml) throw data({ message: "common.notFound" }, { status: 404 });
  // This browser's request (login CSRF): taken, and its cookie cleared whatever the answer.
  const { requestId, clear } = await takeSamlRequest(request, context);
  const refused = (error: Refusal["error"], status: number) =>
    data({ error }, { status, headers: { "Set-Cookie": clear, "cache-control": "no-store" } });
  const form = await readFormData(request);
  const samlResponse = form.get("SAMLResponse");
  const relayState = form.get("RelayState");
  if (typeof samlResponse !== "string" || !samlResponse) return refused("saml.invalid", 400);
  const result = await signInWithSamlResponse(
    context.db,
    context.saml,
    { samlResponse, startedRequest: requestId, userAgent: request.headers.get("user-agent") },
    context.auth,
  );
  if (!result.ok) {
    if (result.status === 403) context.observe.signInAttempt("invalid");
    return refused(result.error, result.status);
  }
  const headers = new Headers({ "cache-control": "no-store" });
  headers.append("Set-Cookie", clear);
  headers.append("Set-Cookie", await companySessionCookie(request, context, result.value.token, result.value.user.id));
  // A RelayState the IdP hands back is checked as any other redirect: a path on this site, else home.
  let back = "/";
  try {
    back = safeRedirect(typeof relayState === "string" ? relayState : null);
  } catch {
    back = "/";
  }
  return redirect(back, { headers });
}

export default function SamlSignInFailed() {
  const t = useT();
  const answer = useActionData<typeof action>();
  return (
    <div className="page narrow error-page">
      <h1>{t("saml.failed.title")}</h1>
      <p role="alert">{t(answer?.error ?? "saml.invalid")}</p>
      <p>
        <a href="/auth/saml/start">{t("saml.tryAgain")}</a>
      </p>
    </div>
  );
}
