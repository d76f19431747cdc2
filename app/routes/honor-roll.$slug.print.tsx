import type { LoaderFunctionArgs } from "@remix-run/node";
import QRCode from "qrcode";
import { PrintPoster, type PrintOptions } from "~/components/honor-roll/print-poster";
import { winnersOf } from "~/domain/publishing/snapshot";
import { makeT, nameIn } from "~/i18n";
import { titled } from "~/i18n/meta";
import { renderDocument, rollDocument } from "~/lib/published.server";
import appStyles from "~/styles/app.css";
import rollStyles from "~/styles/honor-roll.css";
import printStyles from "~/styles/honor-roll-print.css";
import a3Styles from "~/styles/honor-roll-print-a3.css";

// /honor-roll/:slug/print?paper=a4|a3&per=title: the 光荣榜 poster for the
// notice board, with a QR code to each winner's page. Cached like the roll
// page, per paper, layout and origin (the QR codes carry absolute links).

const stylesheets = [appStyles, rollStyles, printStyles];

function optionsOf(url: URL): PrintOptions {
  return { paper: url.searchParams.get("paper") === "a3" ? "a3" : "a4", pagePerTitle: url.searchParams.get("per") === "title" };
}

async function qrCode(text: string): Promise<string> {
  const svg = await QRCode.toString(text, { type: "svg", margin: 0, errorCorrectionLevel: "M" });
  return `data:image/svg+xml;base64,${Buffer.from(svg).toString("base64")}`;
}

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const options = optionsOf(url);
  return rollDocument(request, context, params.slug ?? "", {
    kind: `print:${options.paper}:${options.pagePerTitle ? "title" : "all"}:${url.origin}`,
    stylesheets,
    render: async (roll, locale) => {
      const t = makeT(locale);
      const people = [...new Set(winnersOf(roll.snapshot).map(({ winner }) => winner.nominees[0]!.employeeNo))];
      const qr = new Map(await Promise.all(people.map(async (no) => [no, await qrCode(`${url.origin}/people/${encodeURIComponent(no)}`)] as const)));
      const version = roll.version === roll.latestVersion ? "" : `v=${roll.version}&`;
      const here = `/honor-roll/${roll.slug}/print`;
      return renderDocument(
        {
          locale,
          title: titled(t, t("honorRoll.print.meta", { campaign: nameIn(locale, roll.snapshot.campaign) })),
          stylesheets: options.paper === "a3" ? [...stylesheets, a3Styles] : stylesheets,
          here: `${here}?${version}paper=${options.paper}${options.pagePerTitle ? "&per=title" : ""}`,
          bare: true,
          bodyClass: `print-page print-page--${options.paper}`,
        },
        <PrintPoster roll={roll} options={options} qr={qr} here={here} />,
      );
    },
  });
}
