import type { LoaderFunctionArgs } from "@remix-run/node";
import { feedPath } from "~/domain/publishing/signed-paths";
import { defaultLocale } from "~/i18n";
import { cachedDocument, documentResponse } from "~/web/document-cache.server";
import { langParam, requireUserOrLinkKey } from "~/web/link-access.server";
import { honorRollFeed } from "~/web/published.server";
import { getLocale } from "~/web/session.server";

// /honor-roll/feed.atom: a resource route. The published honour rolls as
// Atom for the intranet's home page, whose server fetches it with the signed
// link an administrator copied (?key=); signed-in people may read it too.
// ?lang=en|zh-CN picks the language; else the reader's when signed in, else
// Chinese. Written once per publication and language (the document cache),
// with an ETag, so a poll that has it gets 304.
export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUserOrLinkKey(request, context, feedPath);
  const locale = langParam(request) ?? (user ? await getLocale(request, context) : defaultLocale);
  const job = await honorRollFeed(context.db, { locale, origin: new URL(request.url).origin });
  return documentResponse(request, await cachedDocument(job.key, job.render), "application/atom+xml; charset=utf-8");
}
