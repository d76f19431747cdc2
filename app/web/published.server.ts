import type { AppLoadContext } from "@remix-run/node";
import { feedEdition } from "~/domain/publishing/feed.server";
import { honorRoll, honorRollHead } from "~/domain/publishing/read-roll.server";
import { rollShareSource, winnerShareSource, type ShareSourceRequest } from "~/domain/publishing/share-sources.server";
import { ok, type Result } from "~/domain/result";
import type { Locale } from "~/i18n";
import { notFoundDocument, type RollLayout } from "~/published/document";
import { writeFeed, type FeedRequest } from "~/published/feed";
import { drawRollImage, drawWinnerImage, shareImageDesign } from "~/published/share-image.server";
import { cachedDocument, documentResponse, type CachedDocument } from "./document-cache.server";
import { requireUserOrLinkKey, versionParam } from "./link-access.server";
import { getLocale, requireUser, type RequestHead } from "./session.server";

// The HTTP side of published documents (docs/decisions/0014): who may read,
// which version, and the cached bytes, named by everything they depend on.
// The domain reads what is published; the renderers (app/published) draw it:
// the honour-roll page, its print and screen layouts, the share images and
// the feed.

type Db = AppLoadContext["db"];

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

// ---- share images ----------------------------------------------------------------

/**
 * A share image to serve: the cache key that names everything its bytes
 * depend on, and how to draw it when the cache does not have it. Finding
 * the job is one small query; drawing reads the snapshot and the photo.
 */
export interface ShareImageJob {
  key: string;
  render(): Promise<Buffer>;
}

export interface ShareImageRequest extends ShareSourceRequest {
  locale: Locale;
}

/** The image of a whole published honour roll. Unpublished or unknown: 404. */
export async function honorRollShareImage(db: Db, request: ShareImageRequest): Promise<Result<ShareImageJob>> {
  const source = await rollShareSource(db, request);
  if (!source.ok) return source;
  return ok({
    key: `share:${shareImageDesign}:${source.value.rollId}:${source.value.latestVersion}:${request.locale}:roll`,
    render: async () => drawRollImage(await source.value.load(), request.locale),
  });
}

/** The image of one winner of a published honour roll. Not on that roll (or no such roll): 404. */
export async function winnerShareImage(db: Db, request: ShareImageRequest & { nominationId: number }): Promise<Result<ShareImageJob>> {
  const source = await winnerShareSource(db, request);
  if (!source.ok) return source;
  return ok({
    key: `share:${shareImageDesign}:${source.value.rollId}:${source.value.latestVersion}:${request.locale}:winner:${request.nominationId}`,
    async render() {
      const { snapshot, photo } = await source.value.load();
      return drawWinnerImage(snapshot, request.nominationId, request.locale, photo);
    },
  });
}

// ---- the feed ----------------------------------------------------------------------

/** The feed to serve: the cache key that names everything its text depends on, and how to write it. */
export interface FeedJob {
  key: string;
  render(): Promise<string>;
}

/**
 * The Atom feed of the newest published honour rolls (the newest version of
 * each), written again only when a roll or a correction is published.
 */
export async function honorRollFeed(db: Db, request: FeedRequest): Promise<FeedJob> {
  const edition = await feedEdition(db);
  return {
    key: `feed:${request.locale}:${request.origin}:${edition.mark}`,
    render: async () => writeFeed(edition.updated, await edition.rolls(), request),
  };
}
