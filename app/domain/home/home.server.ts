import type { Db } from "../../../db/client";
import type { User } from "../auth/user";
import { openCampaigns } from "../campaigns/home.server";
import { homeNominations } from "../nominations/home.server";
import { latestHonorRoll } from "../publishing/honours.server";
import { resultsWaitingFor } from "../results/waiting.server";
import { votingOpenFor } from "../voting/ballot.server";

/**
 * Everything the home page shows a person, read at once: the latest honour
 * roll (what a newcomer sees first), ballots to cast, results and
 * nominations waiting for them, and the campaigns under way. Each area
 * answers for its own part and its own permissions.
 */
export async function homeFor(db: Db, user: User) {
  const [honorRoll, campaigns, nominations, voting, results] = await Promise.all([
    latestHonorRoll(db),
    openCampaigns(db, user),
    homeNominations(db, user),
    votingOpenFor(db, user),
    resultsWaitingFor(db, user),
  ]);
  return { honorRoll, campaigns, nominations, voting, results };
}
