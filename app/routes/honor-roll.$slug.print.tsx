import type { LoaderFunctionArgs } from "@remix-run/node";
import { isPaper, type Paper } from "~/components/honor-roll/poster-layout";
import { PrintPoster, winnerPageOf, type PrintOptions } from "~/components/honor-roll/print-poster";
import { winnersOf } from "~/domain/publishing/snapshot";
import { nameIn } from "~/i18n";
import { makeT } from "~/i18n/all.server";
import { titled } from "~/i18n/meta";
import { renderDocument, rollDocument } from "~/web/published.server";
import { qrCode } from "~/web/qr-code.server";
import appStyles from "~/styles/app.css";
import rollStyles from "~/styles/honor-roll.css";
import webFont from "~/styles/web-font.css";
import printStyles from "~/styles/honor-roll-print.css";
import a3Styles from "~/styles/honor-roll-print-a3.css";
import a4LandscapeStyles from "~/styles/honor-roll-print-a4-landscape.css";

// /honor-roll/:slug/print?paper=a4|a4-landscape|a3&per=title: the 光荣榜
// poster for the notice board, with a QR code to each winner's page. Cached
// like the roll page, per paper, layout and origin (the QR codes carry
// absolute links). Each paper's @page size is a stylesheet of its own.

const stylesheets = [appStyles, webFont, rollStyles, printStyles];
const pageSize: Record<Paper, string[]> = { a4: [], "a4-landscape": [a4LandscapeStyles], a3: [a3Styles] };

function optionsOf(url: URL): PrintOptions {
  const paper = url.searchParams.get("paper");
  return { paper: isPaper(paper) ? paper : "a4", pagePerTitle: url.searchParams.get("per") === "title" };
}

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const options = optionsOf(url);
  return rollDocument(request, context, params.slug ?? "", {
    kind: `print:${options.paper}:${options.pagePerTitle ? "title" : "all"}:${url.origin}`,
    stylesheets,
    render: async (roll, locale) => {
      const t = makeT(locale);
      const winners = winnersOf(roll.snapshot).map(({ winner }) => winner);
      const qr = new Map(
        await Promise.all(winners.map(async (w) => [w.nominationId, await qrCode(url.origin + winnerPageOf(roll.slug, w))] as const)),
      );
      const version = roll.version === roll.latestVersion ? "" : `v=${roll.version}&`;
      const here = `/honor-roll/${roll.slug}/print`;
      return renderDocument(
        {
          locale,
          title: titled(t, t("honorRoll.print.meta", { campaign: nameIn(locale, roll.snapshot.campaign) })),
          stylesheets: [...stylesheets, ...pageSize[options.paper]],
          here: `${here}?${version}paper=${options.paper}${options.pagePerTitle ? "&per=title" : ""}`,
          bare: true,
          bodyClass: `print-page print-page--${options.paper}`,
        },
        <PrintPoster roll={roll} options={options} qr={qr} here={here} />,
      );
    },
  });
}
