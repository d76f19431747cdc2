import type { LoaderFunctionArgs } from "@remix-run/node";
import { ScreenSlide, slideCount } from "~/components/honor-roll/screen-slide";
import { nameIn } from "~/i18n";
import { makeT } from "~/i18n/all.server";
import { titled } from "~/i18n/meta";
import { renderDocument, rollDocument } from "~/web/published.server";
import appStyles from "~/styles/app.css";
import rollStyles from "~/styles/honor-roll.css";
import webFont from "~/styles/web-font.css";
import screenStyles from "~/styles/honor-roll-screen.css";

// /honor-roll/:slug/screen?slide=N: the honour roll on the TVs in the
// call-centre hall, one winner at a time, advancing every few seconds by an
// HTTP Refresh header — the header form of <meta http-equiv="refresh">, so it
// needs no JavaScript, and a fresh page per slide picks up a correction
// without anyone touching the TV. &pause=1 holds a slide (WCAG 2.2.2).
// Each slide is cached like the roll page (docs/decisions/0014). A TV
// without an account opens it with the signed link an administrator copies
// from the list of honour rolls (?key=, decision 0015); the slides' links
// carry the key on.

const stylesheets = [appStyles, webFont, rollStyles, screenStyles];
/** Seconds per slide: long enough to read a citation from across the hall. */
export const secondsPerSlide = 12;

function slideOf(url: URL): number {
  const n = url.searchParams.get("slide");
  return n && /^\d{1,4}$/.test(n) ? Number(n) : 0;
}

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const asked = slideOf(url);
  const paused = url.searchParams.get("pause") === "1";
  const slug = params.slug ?? "";
  // Checked before anything is rendered with it (linkPath below).
  const key = url.searchParams.get("key");
  return rollDocument(request, context, slug, {
    kind: `screen:${asked}:${paused ? "paused" : "playing"}:${key ?? ""}`,
    linkPath: `/honor-roll/${slug}/screen`,
    stylesheets,
    render: (roll, locale) => {
      const t = makeT(locale);
      const count = slideCount(roll);
      const slide = asked < count ? asked : 0;
      const base = `/honor-roll/${roll.slug}/screen?${key ? `key=${encodeURIComponent(key)}&` : ""}${roll.version === roll.latestVersion ? "" : `v=${roll.version}&`}`;
      const at = (n: number, pause: boolean) => `${base}slide=${n}${pause ? "&pause=1" : ""}`;
      const next = at((slide + 1) % count, paused);
      const content = renderDocument(
        {
          locale,
          title: titled(t, t("honorRoll.screen.meta", { campaign: nameIn(locale, roll.snapshot.campaign) })),
          stylesheets,
          here: at(slide, paused),
          bare: true,
          bodyClass: "screen-page",
        },
        <ScreenSlide roll={roll} slide={slide} paused={paused} links={{ next, toggle: at(slide, !paused), exit: `/honor-roll/${roll.slug}` }} />,
      );
      const headers: Record<string, string> = paused ? {} : { Refresh: `${secondsPerSlide}; url=${next}` };
      return { content, headers };
    },
  });
}
