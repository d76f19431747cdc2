import type { LoaderFunctionArgs } from "@remix-run/node";
import { isPaper } from "~/published/poster-layout";
import { printLayout, type PrintOptions } from "~/published/print-poster";
import { rollDocument } from "~/web/published.server";

// /honor-roll/:slug/print?paper=a4|a4-landscape|a3&per=title: the 光荣榜
// poster for the notice board (app/published/print-poster.tsx), cached like
// the roll page.

function optionsOf(url: URL): PrintOptions {
  const paper = url.searchParams.get("paper");
  return { paper: isPaper(paper) ? paper : "a4", pagePerTitle: url.searchParams.get("per") === "title" };
}

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  return rollDocument(request, context, params.slug ?? "", printLayout(optionsOf(url), url.origin));
}
