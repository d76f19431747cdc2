import type { LoaderFunctionArgs } from "@remix-run/node";
import { rollSharePath } from "~/domain/publishing/signed-paths";
import { cachedDocument, documentResponse } from "~/web/document-cache.server";
import { langParam, refusalResponse, requireUserOrLinkKey, versionParam } from "~/web/link-access.server";
import { honorRollShareImage } from "~/web/published.server";
import { getLocale } from "~/web/session.server";

// /honor-roll/:slug/share.png: a resource route. The share image (1200×630
// PNG) of a published honour roll, newest version or ?v=N, in the reader's
// language (or ?lang=); for anyone signed in or with the signed link.
// Drawn once per version and language (the document cache).
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const slug = params.slug ?? "";
  await requireUserOrLinkKey(request, context, rollSharePath(slug));
  const locale = langParam(request) ?? (await getLocale(request, context));
  const result = await honorRollShareImage(context.db, { slug, version: versionParam(request), locale });
  if (!result.ok) return refusalResponse(request, context, result);
  return documentResponse(request, await cachedDocument(result.value.key, result.value.render), "image/png");
}
