import type { ReactElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import type { AppLoadContext } from "@remix-run/node";
import { PublishedDocument, type DocumentMeta } from "~/components/published-document";
import { honorRoll, honorRollHead, type HonorRoll } from "~/domain/publishing/read-roll.server";
import { type Locale } from "~/i18n";
import { makeT } from "~/i18n/all.server";
import { titled } from "~/i18n/meta";
import { cachedDocument, documentResponse, type CachedDocument, type Rendered } from "./document-cache.server";
import { requireUserOrLinkKey, versionParam } from "./link-access.server";
import { getLocale, requireUser, type RequestHead } from "./session.server";

// The HTTP side of published documents (docs/decisions/0014): who may read,
// which version, and the cached bytes. The honour-roll page, its print and
// screen layouts each give their kind and a render function.

/** A whole HTML document from a published document's shell and content. */
export function renderDocument(meta: DocumentMeta, content: ReactElement): string {
  return `<!DOCTYPE html>${renderToStaticMarkup(<PublishedDocument meta={meta}>{content}</PublishedDocument>)}`;
}

function notFound(locale: Locale, stylesheets: string[], here: string): Response {
  const t = makeT(locale);
  const html = renderDocument(
    { locale, title: titled(t, t("honorRoll.notFound")), stylesheets, here },
    <div className="page narrow error-page">
      <h1>{t("honorRoll.notFound")}</h1>
      <p>
        <a href="/honor-roll">{t("honorRoll.allRolls")}</a>
      </p>
    </div>,
  );
  return new Response(html, { status: 404, headers: { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store" } });
}

export interface RollDocumentOptions {
  /** Names this layout in the cache key ("page", "print:a4:title", "screen:3"). */
  kind: string;
  /** Stylesheets for the error page too. */
  stylesheets: string[];
  /**
   * Also open to a signed link (?key=) for this path, for a reader without an
   * account (an office TV): the link's canonical path, e.g. "/honor-roll/<slug>/screen".
   */
  linkPath?: string;
  render: (roll: HonorRoll, locale: Locale) => Promise<Rendered> | Rendered;
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
