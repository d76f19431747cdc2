import type { LoaderFunctionArgs } from "@remix-run/node";
import { HonorRollView, nameIn, rollHref } from "~/components/honor-roll/honor-roll-view";
import { makeT } from "~/i18n";
import { renderDocument, rollDocument } from "~/lib/published.server";
import appStyles from "~/styles/app.css";
import rollStyles from "~/styles/honor-roll.css";

// /honor-roll/:slug (?v=N for an earlier version): the published honour roll.
// A resource route that answers with a whole static document, rendered once
// per version and language and then served from memory with an ETag: the
// most-read page of the portal on the morning it is announced
// (docs/decisions/0014, bench:honor-roll). Links to it are full-page loads.

const stylesheets = [appStyles, rollStyles];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  return rollDocument(request, context, params.slug ?? "", {
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
          title: `${t("honorRoll.meta", { campaign })} — ${t("app.name")}`,
          description: t("honorRoll.description", { campaign, count, titles: s.titles.map((x) => nameIn(locale, x)).join(locale === "en" ? ", " : "、") }),
          image: rollHref(roll.slug, "/share.png", version),
          stylesheets,
          here: rollHref(roll.slug, "", version),
        },
        <HonorRollView roll={roll} />,
      );
    },
  });
}
