import type { Db } from "../../../db/client";
import type { Locale } from "~/i18n";
import type { User } from "../auth/user";
import { openCampaigns } from "../campaigns/home.server";
import { homeNominations } from "../nominations/home.server";
import { newestUnread } from "../notifications/inbox.server";
import { latestHonorRoll } from "../publishing/honours.server";
import { resultsWaitingFor } from "../results/waiting.server";
import { votingOpenFor } from "../voting/ballot.server";

/**
 * Everything the home page shows a person, read at once: the latest honour
 * roll (what a newcomer sees first), ballots to cast, results and
 * nominations waiting for them, their newest unread notifications (in the
 * reader's language), and the campaigns under way. Each area answers for its
 * own part and its own permissions.
 */
export async function homeFor(db: Db, user: User, locale: Locale) {
  const [honorRoll, campaigns, nominations, voting, results, notices] = await Promise.all([
    latestHonorRoll(db),
    openCampaigns(db, user),
    homeNominations(db, user),
    votingOpenFor(db, user),
    resultsWaitingFor(db, user),
    newestUnread(db, user, locale),
  ]);
  return { honorRoll, campaigns, nominations, voting, results, notices };
}
