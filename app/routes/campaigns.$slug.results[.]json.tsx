import type { LoaderFunctionArgs } from "@remix-run/node";
import { resultsExport } from "~/domain/results/exports.server";
import type { ResultsPage } from "~/domain/results/results.server";
import { makeT } from "~/i18n/all.server";
import { downloadName } from "~/web/csv-export.server";
import { refusalText } from "~/web/i18n.server";
import { getLocale, requireUser } from "~/web/session.server";

// /campaigns/:slug/results.json: a resource route (no component) for
// administrators after close. The shape is a contract (README, tests/http/
// results-exports.test.ts); add fields, never rename or remove one:
//
//   { campaign: { slug, nameZh, nameEn, status },
//     generatedAt,                       ISO time of the database's now()
//     turnout: { eligible, voted, units: [{ unitZh, unitEn, eligible, voted }] },
//     recount: { matches, ballots, current },
//     titles: [{ slug, nameZh, nameEn, winners, tie, voters,
//                ratification: { byName, confirmedBy, at, tieReason } | null,
//                  (byName: the member whose confirmation reached the quorum;
//                   confirmedBy: every member who confirmed, in order; decision 0028)
//                nominations: [{ id, nominees: [{ name, unitZh, unitEn }], teamName,
//                                votes, rank, tied,
//                                winner: "ratified" | "replacement" | "removed" | null }] }] }
//
// Counts only: no voter ids, no receipts, nothing linking a voter to a choice.
// A refusal is { error: { code, message } } with its status.

function resultsJson(page: ResultsPage) {
  return {
    campaign: { slug: page.campaign.slug, nameZh: page.campaign.nameZh, nameEn: page.campaign.nameEn, status: page.campaign.status },
    generatedAt: page.now,
    turnout: page.analysis?.turnout ?? null,
    recount: page.analysis?.recount ?? null,
    titles: page.titles.map((t) => ({
      slug: t.slug,
      nameZh: t.nameZh,
      nameEn: t.nameEn,
      winners: t.winners,
      tie: t.tie,
      voters: t.voters,
      ratification: t.ratification,
      nominations: t.nominations.map((n) => ({
        id: n.id,
        nominees: n.nominees.map((p) => ({ name: p.name, unitZh: p.unitZh, unitEn: p.unitEn })),
        teamName: n.teamName,
        votes: n.votes,
        rank: n.rank,
        tied: n.tied,
        winner: n.winner,
      })),
    })),
  };
}

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const result = await resultsExport(context.db, user, params.slug ?? "");
  const headers = { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "private, no-store" };
  if (!result.ok) {
    const t = makeT(await getLocale(request, context));
    return new Response(JSON.stringify({ error: { code: result.error, message: refusalText(t, result) } }, null, 2), {
      status: result.status,
      headers,
    });
  }
  return new Response(`${JSON.stringify(resultsJson(result.value), null, 2)}\n`, {
    headers: { ...headers, "Content-Disposition": `inline; filename="${downloadName(result.value.campaign.slug, "results.json")}"` },
  });
}
