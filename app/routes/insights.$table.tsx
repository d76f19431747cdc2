import type { LoaderFunctionArgs } from "@remix-run/node";
import { insightsFor } from "~/domain/insights/insights.server";
import { insightsQueryOf, isInsightsTable } from "~/domain/insights/schema";
import { makeT } from "~/i18n/all.server";
import { insightsCsv } from "~/web/insights-csv.server";
import { downloadName } from "~/web/csv-export.server";
import { refusalText } from "~/web/i18n.server";
import { getLocale, requireUser } from "~/web/session.server";

// /insights/<table>.csv: one table of the fairness view with the page's
// filters (the query string), as the same person may see it (the domain
// decides). A resource route: no component. A refusal is plain text.
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const file = params.table ?? "";
  const table = file.endsWith(".csv") ? file.slice(0, -4) : "";
  if (!isInsightsTable(table)) throw new Response("Not Found", { status: 404 });
  const locale = await getLocale(request, context);
  const t = makeT(locale);
  const result = await insightsFor(context.db, user, insightsQueryOf(new URL(request.url).searchParams));
  if (!result.ok) {
    return new Response(refusalText(t, result), {
      status: result.status,
      headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "private, no-store" },
    });
  }
  return new Response(insightsCsv(result.value, table, t, locale), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${downloadName(result.value.campaign?.slug ?? "insights", `insights-${table}.csv`)}"`,
      "Cache-Control": "private, no-store",
    },
  });
}
