import type { AppLoadContext } from "@remix-run/node";
import { HonorRollView, rollHref } from "~/components/honor-roll/honor-roll-view";
import { formatList, nameIn } from "~/i18n";
import { makeT } from "~/i18n/all.server";
import { titled } from "~/i18n/meta";
import appStyles from "~/styles/app.css";
import rollStyles from "~/styles/honor-roll.css";
import { documentAnswer, type DocumentAnswer } from "./document-cache.server";
import type { RequestHead } from "./session.server";
import { findRollDocument, renderDocument, rollDocument, type RollDocumentOptions } from "./published.server";

// The honour roll's own page (/honor-roll/:slug, ?v=N for an earlier
// version): a whole static document, rendered once per version and language
// and then served from memory with an ETag (docs/decisions/0014). Its route
// module answers with rollPageResponse; the server answers the common case
// before Remix does with answerRollPage (docs/decisions/0018).

const stylesheets = [appStyles, rollStyles];

const rollPage: RollDocumentOptions = {
  kind: "page",
  stylesheets,
  render: (roll, locale) => {
    const t = makeT(locale);
    const s = roll.snapshot;
    const campaign = nameIn(locale, s.campaign);
    const count = s.titles.reduce((n, x) => n + x.winners.length, 0);
    const version = roll.version === roll.latestVersion ? undefined : roll.version;
    return renderDocument(
      {
        locale,
        title: titled(t, t("honorRoll.meta", { campaign })),
        description: t("honorRoll.description", {
          campaign,
          count,
          titles: formatList(
            locale,
            s.titles.map((x) => nameIn(locale, x)),
          ),
        }),
        image: rollHref(roll.slug, "/share.png", version),
        stylesheets,
        here: rollHref(roll.slug, "", version),
      },
      <HonorRollView roll={roll} />,
    );
  },
};

/** The page as a loader's Response: a redirect to sign in, a 404, a 304 or the bytes. */
export function rollPageResponse(request: Request, context: AppLoadContext, slug: string): Promise<Response> {
  return rollDocument(request, context, slug, rollPage);
}

const rollPath = /^\/honor-roll\/([^/]+)$/;

/**
 * The morning a roll is announced, everyone opens it: a signed-in reader
 * gets the cached bytes (or a 304) straight from here, without Remix
 * matching routes, building a Request for the loader and streaming a
 * Response back, which cost twice what the answer itself does
 * (bench:honor-roll). Everything else — no session, no such roll, another
 * path — is null, and Remix answers it through the route as before. The
 * checks are the route's own: findRollDocument.
 */
export async function answerRollPage(request: RequestHead, context: AppLoadContext): Promise<DocumentAnswer | null> {
  const url = new URL(request.url);
  const match = rollPath.exec(url.pathname);
  if (!match || [...url.searchParams.keys()].some((k) => k !== "v")) return null;
  let slug: string;
  try {
    slug = decodeURIComponent(match[1]);
  } catch {
    return null;
  }
  try {
    const doc = await findRollDocument(request, context, slug, rollPage);
    return doc instanceof Response ? null : documentAnswer(request, doc);
  } catch (thrown) {
    // The sign-in redirect: the route sends it, with its own headers.
    if (thrown instanceof Response) return null;
    throw thrown;
  }
}
