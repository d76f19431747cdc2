import type { LoaderFunctionArgs } from "@remix-run/node";
import { resultsExport } from "~/domain/results/exports.server";
import { makeT } from "~/i18n/all.server";
import { downloadName, resultsCsv } from "~/web/csv-export.server";
import { refusalText } from "~/web/i18n.server";
import { getLocale, requireUser } from "~/web/session.server";

// /campaigns/:slug/results.csv: a resource route (no component). The results
// as one flat table for administrators after close (the domain decides);
// headers in the reader's language. A refusal is plain text with its status.
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const result = await resultsExport(context.db, user, params.slug ?? "");
  const locale = await getLocale(request, context);
  const t = makeT(locale);
  if (!result.ok) {
    return new Response(refusalText(t, result), {
      status: result.status,
      headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "private, no-store" },
    });
  }
  return new Response(resultsCsv(result.value, t, locale), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${downloadName(result.value.campaign.slug, "results.csv")}"`,
      "Cache-Control": "private, no-store",
    },
  });
}
