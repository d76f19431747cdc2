import { redirect, type AppLoadContext } from "@remix-run/node";
import { signIn, signOut, userFromSession } from "~/domain/auth/auth.server";
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

function isLoopback(request: RequestHead): boolean {
  const host = new URL(request.url).hostname;
  return host === "localhost" || host === "127.0.0.1" || host === "[::1]";
}

/** Secure cookies everywhere but on a plain-HTTP trial on localhost. */
export function cookieOptions(request: RequestHead) {
  return { secure: !isLoopback(request) };
}

async function sessionToken(request: RequestHead, context: AppLoadContext): Promise<string | null> {
  const value = await context.sessionCookie.parse(request.headers.get("cookie"));
  return typeof value === "string" && value.length > 20 ? value : null;
}

/** The signed-in person, looked up once per request. */
export function getUser(request: RequestHead, context: AppLoadContext): Promise<User | null> {
  const load = () => sessionToken(request, context).then((token) => (token ? userFromSession(context.db, token, context.auth) : null));
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

/** Only same-site paths: never an open redirect. */
export function safeRedirect(to: FormDataEntryValue | string | null | undefined, fallback = "/"): string {
  if (typeof to !== "string" || !to.startsWith("/") || to.startsWith("//") || to.startsWith("/\\")) return fallback;
  return to;
}

export async function startSession(
  request: Request,
  context: AppLoadContext,
  identifier: string,
  password: string,
) {
  const result = await signIn(
    context.db,
    { identifier, password, ip: context.clientIp, userAgent: request.headers.get("user-agent") },
    context.auth,
  );
  if (!result.ok) return { result, setCookie: null };
  // The browser keeps the cookie as long as the session can live; the
  // database decides sooner (idle for sessionDays, revoked, left).
  const setCookie = await context.sessionCookie.serialize(result.value.token, {
    ...cookieOptions(request),
    maxAge: context.auth.sessionMaxDays * 86_400,
  });
  return { result, setCookie };
}

export async function endSession(request: Request, context: AppLoadContext): Promise<string> {
  const token = await sessionToken(request, context);
  if (token) await signOut(context.db, token);
  return context.sessionCookie.serialize("", { ...cookieOptions(request), maxAge: 0 });
}

// ---- locale ---------------------------------------------------------------

const localeCookieName = "lng";

/** user setting → cookie → Accept-Language → zh-CN */
export async function getLocale(request: RequestHead, context: AppLoadContext): Promise<Locale> {
  const user = await getUser(request, context);
  return (
    user?.locale ??
    requestLocale(request.headers.get("cookie"), request.headers.get("accept-language")) ??
    defaultLocale
  );
}

export function localeCookie(request: Request, locale: Locale): string {
  const secure = cookieOptions(request).secure ? "; Secure" : "";
  return `${localeCookieName}=${encodeURIComponent(locale)}; Path=/; Max-Age=31536000; SameSite=Lax${secure}`;
}
