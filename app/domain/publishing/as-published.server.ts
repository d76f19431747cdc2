import type { Db } from "../../../db/client";
import type { User } from "../auth/user";
import { getNomination, type NominationPage } from "../nominations/reading.server";
import { parseStory } from "../nominations/story";
import { ok, type Result } from "../result";
import { publishedSnapshot, winnersOf, type SnapshotCorrection } from "./snapshot";

// A nomination's page once its campaign is published: a winner's citation and
// stories are read from the newest version of the honour roll, not from the
// nomination, so a correction (a figure mistyped, a story that should never
// have been published) reaches this page as it reaches the roll and the
// profile — with the correction's version and reason (docs/decisions/0031).

/** Where a winner's text on the page comes from once published. */
export interface AsPublished {
  rollSlug: string;
  version: number;
  citationCorrected: SnapshotCorrection | null;
  storiesCorrected: SnapshotCorrection | null;
}

export type PublishedNominationPage = NominationPage & { published: AsPublished | null };

/** One nomination as its page shows it (getNomination), a published winner's text as the newest roll has it. */
export async function nominationAsPublished(db: Db, user: User, slug: string, id: number): Promise<Result<PublishedNominationPage>> {
  const found = await getNomination(db, user, slug, id);
  if (!found.ok) return found;
  const n = found.value;
  if (n.campaign.status !== "published") return ok({ ...n, published: null });
  const roll = await db
    .selectFrom("honor_rolls as r")
    .innerJoin("campaigns as c", "c.id", "r.campaign_id")
    .select(["r.version", "r.snapshot"])
    .where("c.slug", "=", n.campaign.slug)
    .orderBy("r.version", "desc")
    .limit(1)
    .executeTakeFirst();
  const winner = roll ? winnersOf(publishedSnapshot(roll.snapshot)).find(({ winner: w }) => w.nominationId === n.id)?.winner : undefined;
  if (!roll || !winner) return ok({ ...n, published: null });
  return ok({
    ...n,
    citation: winner.citation,
    stories: winner.stories.map((s) => ({
      heading: s.heading,
      body: s.body,
      blocks: parseStory(s.body),
      principles: s.principles,
      quote: s.quote,
      quoteBy: s.quoteBy,
    })),
    published: {
      rollSlug: n.campaign.slug,
      version: roll.version,
      citationCorrected: winner.citationCorrected ?? null,
      storiesCorrected: winner.storiesCorrected ?? null,
    },
  });
}
