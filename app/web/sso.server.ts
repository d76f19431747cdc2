import { data, redirect, type AppLoadContext } from "@remix-run/node";
import type { EndedSession } from "~/domain/auth/auth.server";
import { beginOidc, completeOidc, endSessionUrl, verifyLogoutToken, type OidcFlow } from "~/domain/identity/oidc.server";
import { samlSignInUrl, samlSignOutUrl } from "~/domain/identity/saml.server";
import { endProviderSessions, reserveSignInStart, signInWithCompanyAccount } from "~/domain/identity/sso.server";
import type { Refusal } from "~/domain/result";
import { companySessionCookie, cookieOptions, safeRedirect } from "./session.server";
import "~/context";

// The web side of company sign-in (issue 18): the cookies and redirects
// around the protocol (app/domain/identity/oidc.server.ts) and the decision
// who may come in (app/domain/identity/sso.server.ts).

/** How long a browser has between leaving for the provider and coming back. */
const flowSeconds = 10 * 60;

/** The company sign-in's answer that is not a redirect: a page saying why (403 refused, 400 failed, 429 too many starts, 503 unreachable). */
export type CompanySignInRefusal = { refused: Refusal["error"]; vars?: Refusal["vars"] };

function refusal(result: Refusal, headers?: HeadersInit) {
  const answer = new Headers(headers);
  answer.set("cache-control", "no-store");
  if (result.status === 429 && result.vars?.retryAfter !== undefined) answer.set("retry-after", String(result.vars.retryAfter));
  return data<CompanySignInRefusal>(
    { refused: result.error, ...(result.vars ? { vars: result.vars } : {}) },
    { status: result.status, headers: answer },
  );
}

/** GET /auth/oidc/start?redirectTo=…: off to the provider, the flow kept in a signed, HttpOnly, SameSite=Lax cookie for ten minutes. */
export async function startCompanySignIn(request: Request, context: AppLoadContext) {
  const settings = context.identity.oidc;
  // No company sign-in configured: the address does not exist.
  if (!settings) throw data({ message: "common.notFound" }, { status: 404 });
  const redirectTo = safeRedirect(new URL(request.url).searchParams.get("redirectTo"));
  const allowed = await reserveSignInStart(context.db, context.clientIp, context.auth);
  if (!allowed.ok) return refusal(allowed);
  const begun = await beginOidc(settings, redirectTo);
  if (!begun.ok) return refusal(begun);
  const cookie = await context.flowCookie.serialize(begun.value.flow, { ...cookieOptions(request), maxAge: flowSeconds });
  return redirect(begun.value.url, { headers: { "Set-Cookie": cookie, "cache-control": "no-store" } });
}

/**
 * GET /auth/saml/start?redirectTo=…: off to the company's IdP with an
 * AuthnRequest; the page to come back to (a deep link from a notification)
 * travels as the RelayState, checked again when it returns (/auth/saml/acs).
 * The request's ID stays behind in this browser's cookie for ten minutes
 * (signed, HttpOnly, SameSite=None; Secure: the IdP's page posts the
 * response cross-site), so that only this browser can bring its answer
 * (login CSRF, decision 0046). The cookie is Secure even when the request
 * came over http://: a browser keeps it from https:// and loopback
 * origins only, and a portal whose PUBLIC_URL is neither does not require
 * it (SamlSettings.bindsToBrowser).
 */
export async function startSamlSignIn(request: Request, context: AppLoadContext) {
  // No SAML configured: the address does not exist.
  if (!context.saml) throw data({ message: "common.notFound" }, { status: 404 });
  const back = safeRedirect(new URL(request.url).searchParams.get("redirectTo"));
  const allowed = await reserveSignInStart(context.db, context.clientIp, context.auth);
  if (!allowed.ok) return refusal(allowed);
  const { url, requestId } = await samlSignInUrl(context.db, context.saml, back);
  const cookie = await context.samlRequestCookie.serialize(requestId, { maxAge: flowSeconds });
  return redirect(url, { headers: { "Set-Cookie": cookie, "cache-control": "no-store" } });
}

/**
 * At /auth/saml/acs: the AuthnRequest ID this browser's cookie holds (null:
 * none, or not signed by us), and the header that clears the cookie — sent
 * whatever the answer, as a request is answered once.
 */
export async function takeSamlRequest(request: Request, context: AppLoadContext): Promise<{ requestId: string | null; clear: string }> {
  const clear = await context.samlRequestCookie.serialize("", { maxAge: 0 });
  const value: unknown = await context.samlRequestCookie.parse(request.headers.get("cookie"));
  return { requestId: typeof value === "string" && value ? value : null, clear };
}

function isFlow(value: unknown): value is OidcFlow {
  const v = value as Partial<OidcFlow> | null;
  return Boolean(
    v && typeof v.state === "string" && typeof v.nonce === "string" && typeof v.verifier === "string" && typeof v.redirectTo === "string",
  );
}

/**
 * GET /auth/oidc/callback: the provider's answer checked against this
 * browser's flow (used once: its cookie is cleared whatever happens), the
 * person found in the directory, a session opened with the same cookie a
 * password sign-in sets, and back to the page they were going to.
 */
export async function finishCompanySignIn(request: Request, context: AppLoadContext) {
  const settings = context.identity.oidc;
  // No company sign-in configured: the address does not exist.
  if (!settings) throw data({ message: "common.notFound" }, { status: 404 });
  const clearFlow = await context.flowCookie.serialize("", { ...cookieOptions(request), maxAge: 0 });
  const flow: unknown = await context.flowCookie.parse(request.headers.get("cookie"));
  if (!isFlow(flow)) {
    context.observe.signInAttempt("invalid");
    return refusal({ ok: false, error: "auth.sso.failed", status: 400 }, { "Set-Cookie": clearFlow });
  }
  const proven = await completeOidc(settings, new URL(request.url).searchParams, flow);
  if (!proven.ok) {
    context.observe.signInAttempt("invalid");
    return refusal(proven, { "Set-Cookie": clearFlow });
  }
  const signedIn = await signInWithCompanyAccount(
    context.db,
    { ...proven.value, method: "oidc", userAgent: request.headers.get("user-agent") },
    context.auth,
  );
  if (!signedIn.ok) {
    context.observe.signInAttempt("invalid");
    return refusal(signedIn, { "Set-Cookie": clearFlow });
  }
  const headers = new Headers({ "cache-control": "no-store" });
  headers.append("Set-Cookie", clearFlow);
  headers.append("Set-Cookie", await companySessionCookie(request, context, signedIn.value.token, signedIn.value.user.id));
  return redirect(safeRedirect(flow.redirectTo), { headers });
}

/**
 * After the portal's session of a company sign-in ended: where the person
 * signs out at the provider too, when it offers it — OIDC's end-session URL
 * (RP-initiated logout), or the SAML IdP's SingleLogoutService with a
 * LogoutRequest for the session that ended. Both come back to /login.
 */
export async function providerSignOutUrl(context: AppLoadContext, ended: EndedSession | null): Promise<string | null> {
  if (ended?.method === "oidc" && context.identity.oidc) return endSessionUrl(context.identity.oidc);
  if (ended?.method === "saml" && context.saml) return samlSignOutUrl(context.db, context.saml, ended);
  return null;
}

/**
 * POST /auth/oidc/backchannel-logout (form field logout_token): the provider
 * says a person's session there ended; the portal's sessions it opened end
 * too. Answers 200 or 400 with an OAuth-style error, never cached.
 */
export async function backchannelLogout(request: Request, context: AppLoadContext): Promise<Response> {
  const settings = context.identity.oidc;
  const headers = { "cache-control": "no-store", "content-type": "application/json" };
  if (!settings) return new Response(JSON.stringify({ error: "invalid_request" }), { status: 404, headers });
  const form = await request.formData().catch(() => null);
  const token = form?.get("logout_token");
  if (typeof token !== "string" || !token) return new Response(JSON.stringify({ error: "invalid_request" }), { status: 400, headers });
  const verified = await verifyLogoutToken(settings, token);
  if (!verified.ok) return new Response(JSON.stringify({ error: "invalid_request" }), { status: verified.status === 503 ? 503 : 400, headers });
  await endProviderSessions(context.db, "oidc", verified.value);
  return new Response(null, { status: 200, headers: { "cache-control": "no-store" } });
}
