import type { AppLoadContext } from "@remix-run/node";
import type { User } from "~/domain/auth/user";
import { isLinkKey } from "~/domain/publishing/links.server";
import type { Refusal } from "~/domain/result";
import { isLocale, type Locale } from "~/i18n";
import { makeT } from "~/i18n/all.server";
import { refusalText } from "./i18n.server";
import { getLocale, getUser, requireUser, type RequestHead } from "./session.server";

// Resources a machine may read without an account (the feed, share images,
// the office-TV screen): whoever is signed in, or a request carrying the
// path's signed key (app/domain/publishing/links.server.ts).

/**
 * The signed-in reader, or null when the request carries a valid ?key= for
 * `path` (the resource's canonical path, e.g. "/honor-roll/<slug>/screen").
 * Signed out without a key: to the sign-in page, as everywhere. A wrong or
 * revoked key: 403 with a plain message.
 */
export async function requireUserOrLinkKey(request: RequestHead, context: AppLoadContext, path: string): Promise<User | null> {
  const user = await getUser(request, context);
  if (user) return user;
  const key = new URL(request.url).searchParams.get("key");
  if (key === null) return requireUser(request, context);
  if (await isLinkKey(context.db, path, key)) return null;
  const t = makeT(await getLocale(request, context));
  throw plainText(t("sharing.link.invalid"), 403);
}

/** `?lang=zh-CN|en` when the link names a language (the feed's links to its images do). */
export function langParam(request: Request): Locale | null {
  const lang = new URL(request.url).searchParams.get("lang");
  return isLocale(lang) ? lang : null;
}

/** `?v=N`: a version of a published document; absent: the newest. Not a whole number: no such version (NaN). */
export function versionParam(request: RequestHead): number | undefined {
  const v = new URL(request.url).searchParams.get("v");
  return v === null ? undefined : /^[1-9][0-9]{0,8}$/.test(v) ? Number(v) : Number.NaN;
}

/** A refusal of a non-page resource: its message as plain text, never cached. */
export async function refusalResponse(request: Request, context: AppLoadContext, refusal: Refusal): Promise<Response> {
  return plainText(refusalText(makeT(await getLocale(request, context)), refusal), refusal.status);
}

function plainText(text: string, status: number): Response {
  return new Response(text, { status, headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" } });
}
