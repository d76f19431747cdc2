import type { LoaderFunctionArgs } from "@remix-run/node";
import { winnerSharePath } from "~/domain/publishing/signed-paths";
import { cachedDocument, documentResponse } from "~/web/document-cache.server";
import { langParam, refusalResponse, requireUserOrLinkKey, versionParam } from "~/web/link-access.server";
import { winnerShareImage } from "~/web/published.server";
import { getLocale } from "~/web/session.server";

// /honor-roll/:slug/winners/:nominationId/share.png: a resource route. The
// share image of one winner of a published honour roll (their photo as
// published, name, unit, title, citation), newest version or ?v=N, in the
// reader's language (or ?lang=); for anyone signed in or with the signed
// link. Drawn once per version, language and winner.
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const slug = params.slug ?? "";
  const nominationId = Number(params.nominationId);
  await requireUserOrLinkKey(request, context, winnerSharePath(slug, nominationId));
  const locale = langParam(request) ?? (await getLocale(request, context));
  const result = await winnerShareImage(context.db, { slug, nominationId, version: versionParam(request), locale });
  if (!result.ok) return refusalResponse(request, context, result);
  return documentResponse(request, await cachedDocument(result.value.key, result.value.render), "image/png");
}
