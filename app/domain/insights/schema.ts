import * as z from "~/domain/zod";
import { trendMax } from "./access";
import type { InsightsQuery } from "./insights.server";

// The filters of /insights and its CSV downloads, from the query string: a
// value that does not parse is left out (the default applies), so an edited
// link still shows a page.
const querySchema = z.object({
  campaign: z.string().trim().min(1).max(60).optional().catch(undefined),
  last: z.coerce.number().int().min(1).max(trendMax).optional().catch(undefined),
  unit: z.string().trim().min(1).max(40).optional().catch(undefined),
});

export function insightsQueryOf(params: URLSearchParams): InsightsQuery {
  const q = querySchema.parse({
    campaign: params.get("campaign") ?? undefined,
    last: params.get("last") ?? undefined,
    unit: params.get("unit") ?? undefined,
  });
  return Object.fromEntries(Object.entries(q).filter(([, v]) => v !== undefined)) as InsightsQuery;
}

/** The CSV tables of /insights, by the name in their URL (/insights/<table>.csv). */
export const insightsTables = ["units", "turnout", "trend", "recognition", "quiet-units", "repeat-winners"] as const;
export type InsightsTable = (typeof insightsTables)[number];

export const isInsightsTable = (s: string): s is InsightsTable => (insightsTables as readonly string[]).includes(s);
