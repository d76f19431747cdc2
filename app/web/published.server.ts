import type { AppLoadContext } from "@remix-run/node";
import { honorRoll, honorRollHead } from "~/domain/publishing/read-roll.server";
import type { Locale } from "~/i18n";
import { notFoundDocument, type RollLayout } from "~/published/document";
import { cachedDocument, documentResponse, type CachedDocument } from "./document-cache.server";
import { requireUserOrLinkKey, versionParam } from "./link-access.server";
import { getLocale, requireUser, type RequestHead } from "./session.server";

// The HTTP side of published documents (docs/decisions/0014): who may read,
// which version, and the cached bytes. The renderers (app/published) give
// each layout — the honour-roll page, its print and screen layouts — its
// kind, stylesheets and render function.

function notFound(locale: Locale, stylesheets: string[], here: string): Response {
  return new Response(notFoundDocument(locale, stylesheets, here), {
    status: 404,
    headers: { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store" },
  });
}

export interface RollDocumentOptions extends RollLayout {
  /**
   * Also open to a signed link (?key=) for this path, for a reader without an
   * account (an office TV): the link's canonical path, e.g. "/honor-roll/<slug>/screen".
   */
  linkPath?: string;
  headers?: Record<string, string>;
  contentType?: string;
}

/**
 * A version of a published honour roll as a cached document: the reader is
 * signed in (or holds a signed link; else the sign-in redirect is thrown),
 * the version is the newest or ?v=, and the bytes are rendered once per roll
 * version, newest version, language and kind — the newest version is in the
 * key because an old version's page links to it. A Response (404) when there
 * is no such roll or version.
 */
export async function findRollDocument(
  request: RequestHead,
  context: AppLoadContext,
  slug: string,
  options: RollDocumentOptions,
): Promise<CachedDocument | Response> {
  if (options.linkPath) await requireUserOrLinkKey(request, context, options.linkPath);
  else await requireUser(request, context);
  const locale = await getLocale(request, context);
  const version = versionParam(request);
  const head = Number.isNaN(version) ? null : await honorRollHead(context.db, slug, version);
  if (!head?.ok) {
    const url = new URL(request.url);
    return notFound(locale, options.stylesheets, url.pathname + url.search);
  }
  const h = head.value;
  return cachedDocument(`roll:${h.id}:${h.latestVersion}:${locale}:${options.kind}`, async () =>
    options.render(await honorRoll(context.db, h), locale),
  );
}

/** {@link findRollDocument} as a loader's Response. */
export async function rollDocument(request: Request, context: AppLoadContext, slug: string, options: RollDocumentOptions): Promise<Response> {
  const doc = await findRollDocument(request, context, slug, options);
  return doc instanceof Response ? doc : documentResponse(request, doc, options.contentType, options.headers);
}
