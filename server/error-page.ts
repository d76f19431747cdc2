import { STATUS_CODES } from "node:http";
import type { Request } from "express";
import { errorMessageKey, requestLocale, type Locale, type MessageKey } from "../app/i18n/index";
import { translate } from "../app/i18n/all.server";
import { isScimPath, scimError, scimJson } from "../app/web/scim";

export function localeOf(req: Request): Locale {
  return requestLocale(req.get("cookie") ?? null, req.get("accept-language") ?? null) ?? "zh-CN";
}

/** 4xx errors keep their status (bad encoding is 400); anything else is a 500. */
export function httpStatusOf(error: unknown): number {
  if (error instanceof URIError) return 400;
  const status = (error as { status?: unknown; statusCode?: unknown } | null)?.status ?? (error as { statusCode?: unknown } | null)?.statusCode;
  return typeof status === "number" && status >= 400 && status < 500 ? status : 500;
}

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A plain page for what never reaches Remix: same look, no scripts, no details. */
export function errorPage(locale: Locale, status: number): string {
  const key = errorMessageKey(status);
  const t = (k: MessageKey) => escape(translate(locale, k));
  return `<!DOCTYPE html>
<html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${t(`${key}.title`)} — ${t("app.name")}</title><link rel="icon" href="/favicon.svg" type="image/svg+xml"></head>
<body><main id="main" class="page narrow error-page"><h1>${t(`${key}.title`)}</h1><p>${t(key)}</p><p><a href="/">${t("error.home")}</a></p></main></body></html>`;
}

/**
 * The answer to an error that no route answered (a body refused by its size,
 * a broken URL, the database away): the plain page in the person's language,
 * or at /scim/v2, whose clients read JSON, a SCIM error message.
 */
export function errorAnswer(req: Request, status: number): { contentType: string; body: string } {
  if (isScimPath(req.path)) {
    const detail = status === 413 ? "The request body is too large" : (STATUS_CODES[status] ?? "Error");
    return { contentType: scimJson, body: JSON.stringify(scimError(status, detail)) };
  }
  return { contentType: "text/html; charset=utf-8", body: errorPage(localeOf(req), status) };
}
