import type { Db } from "../../../db/client";
import type { User } from "../auth/user";
import { campaignNominations, type CampaignNominations } from "../nominations/listing.server";
import { ok, type Result } from "../result";
import { votingOpenFor } from "../voting/ballot.server";
import { getCampaign, type CampaignPage } from "./campaigns.server";

export interface CampaignPageFor {
  campaign: CampaignPage;
  nominations: CampaignNominations;
  /** The person has a ballot to cast (or may still change theirs) here. */
  mayVote: boolean;
}

/**
 * Everything a campaign's page shows a person, read at once: the campaign,
 * its nominations as they may see them, and whether they may vote in it.
 * Each area answers for its own part and its own permissions; the campaign's
 * refusal comes first.
 */
export async function campaignPageFor(db: Db, user: User, slug: string): Promise<Result<CampaignPageFor>> {
  const [campaign, nominations, voting] = await Promise.all([
    getCampaign(db, user, slug),
    campaignNominations(db, user, slug),
    votingOpenFor(db, user),
  ]);
  if (!campaign.ok) return campaign;
  if (!nominations.ok) return nominations;
  return ok({ campaign: campaign.value, nominations: nominations.value, mayVote: voting.some((v) => v.slug === campaign.value.slug) });
}
