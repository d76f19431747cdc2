import { data, redirect, type AppLoadContext } from "@remix-run/node";
import { sha256, signIn, signOut, userFromSession, type EndedSession } from "~/domain/auth/auth.server";
import type { User } from "~/domain/auth/user";
import { defaultLocale, requestLocale, type Locale } from "~/i18n";
import "~/context";

/**
 * What the helpers here read of a request: its method, URL and headers. A
 * Fetch Request is one; the honour roll answered before Remix passes only
 * these (server/app.ts), without building a whole Request.
 */
export type RequestHead = Pick<Request, "method" | "url" | "headers">;

// Remix hands each loader its own copy of the Request, so the per-request
// cache lives on the load context (one object per HTTP request). Only for
// reads: a POST may sign in, sign out or change the language in its action,
// and its loaders must then see the new state.
const userCache = new WeakMap<AppLoadContext, Promise<User | null>>();

/**
 * Secure cookies whenever the request reached us over HTTPS, as the server
 * sees it: behind a TLS-terminating proxy that is X-Forwarded-Proto, which
 * Express believes only with TRUST_PROXY (docs/security.md). Not from the
 * host name: nginx's default `proxy_pass http://127.0.0.1` forwards
 * `Host: localhost` for an HTTPS site (issue 13).
 */
export function cookieOptions(request: RequestHead) {
  return { secure: new URL(request.url).protocol === "https:" };
}

async function sessionToken(request: RequestHead, context: AppLoadContext): Promise<string | null> {
  const value = await context.sessionCookie.parse(request.headers.get("cookie"));
  return typeof value === "string" && value.length > 20 ? value : null;
}

/** The signed-in person, looked up once per request. */
export function getUser(request: RequestHead, context: AppLoadContext): Promise<User | null> {
  const load = async () => {
    const token = await sessionToken(request, context);
    const user = token ? await userFromSession(context.db, token, context.auth) : null;
    // The request's log line says whose it was (server/observe.ts).
    if (user) context.observe.signedIn(user.id);
    return user;
  };
  if (request.method !== "GET" && request.method !== "HEAD") return load();
  let cached = userCache.get(context);
  if (!cached) {
    cached = load();
    userCache.set(context, cached);
  }
  return cached;
}

/** The signed-in person, or a redirect to /login that comes back here. */
export async function requireUser(request: RequestHead, context: AppLoadContext): Promise<User> {
  const user = await getUser(request, context);
  if (user) return user;
  const url = new URL(request.url);
  const back = url.pathname + url.search;
  throw redirect(`/login?redirectTo=${encodeURIComponent(back)}`);
}

// No link of ours carries a control character or a space in its path; the
// URL parser drops tabs and newlines (`/\t/evil.example/` becomes
// `//evil.example/`) and a header cannot carry CR, LF, VT or FF.
const damaged = /[\p{Cc}\p{Z}\u200b-\u200f\u2028\u2029\ufeff]/u;
const here = "http://service-stars.invalid";

/**
 * Where to send someone back to: a path on this site as the URL parser reads
 * it (never an open redirect: `//host`, `/\\host`, `https:…` fall back), or a
 * 400 page for a value no page of ours sends (control characters, spaces).
 */
export function safeRedirect(to: FormDataEntryValue | string | null | undefined, fallback = "/"): string {
  if (typeof to !== "string" || to === "") return fallback;
  if (damaged.test(to)) throw data({ message: "error.badRequest" }, { status: 400 });
  if (!to.startsWith("/")) return fallback;
  let url: URL;
  try {
    url = new URL(to, here);
  } catch {
    return fallback;
  }
  const path = url.pathname + url.search + url.hash;
  // `/..//evil.example` normalises to `//evil.example`, which a browser reads as another host.
  return url.origin === here && !path.startsWith("//") ? path : fallback;
}

export async function startSession(request: Request, context: AppLoadContext, identifier: string, password: string) {
  const result = await signIn(context.db, { identifier, password, ip: context.clientIp, userAgent: request.headers.get("user-agent") }, context.auth);
  context.observe.signInAttempt(result.ok ? "success" : result.status === 429 ? "throttled" : "invalid");
  if (!result.ok) return { result, setCookie: null };
  context.observe.signedIn(result.value.user.id);
  return { result, setCookie: await sessionCookieFor(request, context, result.value.token) };
}

/**
 * A sign-in with the company account (OIDC, SAML) succeeded: counted as one
 * in the metrics, as startSession counts a password's, and the session cookie set.
 */
export function companySessionCookie(request: Request, context: AppLoadContext, token: string, userId: number): Promise<string> {
  context.observe.signInAttempt("success");
  context.observe.signedIn(userId);
  return sessionCookieFor(request, context, token);
}

/** The session cookie for a new session's token, whichever way the person proved who they are (a password, the company account). */
export function sessionCookieFor(request: Request, context: AppLoadContext, token: string): Promise<string> {
  // The browser keeps the cookie as long as the session can live; the
  // database decides sooner (idle for sessionDays, revoked, left).
  return context.sessionCookie.serialize(token, { ...cookieOptions(request), maxAge: context.auth.sessionMaxDays * 86_400 });
}

/**
 * Ends this browser's session: the header that clears its cookie, and what
 * ended — how the session had been opened and, for a company account, what
 * the provider knows it by (null: there was none).
 */
export async function endSession(request: Request, context: AppLoadContext): Promise<{ clear: string; ended: EndedSession | null }> {
  const token = await sessionToken(request, context);
  const ended = token ? await signOut(context.db, token) : null;
  return { clear: await context.sessionCookie.serialize("", { ...cookieOptions(request), maxAge: 0 }), ended };
}

// ---- locale ---------------------------------------------------------------

const localeCookieName = "lng";

/** user setting → cookie → Accept-Language → zh-CN */
export async function getLocale(request: RequestHead, context: AppLoadContext): Promise<Locale> {
  const user = await getUser(request, context);
  return user?.locale ?? requestLocale(request.headers.get("cookie"), request.headers.get("accept-language")) ?? defaultLocale;
}

export function localeCookie(request: Request, locale: Locale): string {
  const secure = cookieOptions(request).secure ? "; Secure" : "";
  return `${localeCookieName}=${encodeURIComponent(locale)}; Path=/; Max-Age=31536000; SameSite=Lax${secure}`;
}

/** The id of this request's session (the hash of its token, as stored), or null: for a page that speaks of "your session". */
export async function currentSessionId(request: RequestHead, context: AppLoadContext): Promise<string | null> {
  const token = await sessionToken(request, context);
  return token ? sha256(token) : null;
}
