import type { LoaderFunctionArgs } from "@remix-run/node";
import { rollScreenPath } from "~/domain/publishing/signed-paths";
import { screenLayout } from "~/published/screen-slide";
import { rollDocument } from "~/web/published.server";

// /honor-roll/:slug/screen?slide=N: the honour roll on the office TVs, one
// winner at a time (app/published/screen-slide.tsx); &pause=1 holds a slide.
// Each slide is cached like the roll page (docs/decisions/0014). A TV
// without an account opens it with the signed link an administrator copies
// from the list of honour rolls (?key=, decision 0015).

function slideOf(url: URL): number {
  const n = url.searchParams.get("slide");
  return n && /^\d{1,4}$/.test(n) ? Number(n) : 0;
}

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const slug = params.slug ?? "";
  return rollDocument(request, context, slug, {
    // The key is checked before anything is rendered with it (linkPath).
    ...screenLayout({ slide: slideOf(url), paused: url.searchParams.get("pause") === "1", key: url.searchParams.get("key") }),
    linkPath: rollScreenPath(slug),
  });
}
