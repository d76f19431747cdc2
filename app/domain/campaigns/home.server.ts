import type { Db } from "../../../db/client";
import type { User } from "../auth/user";
import { listCampaigns, type CampaignSummary } from "./campaigns.server";

const open = new Set<CampaignSummary["status"]>(["nominating", "reviewing", "voting"]);

/** The home page's campaigns: those under way that this person may see. */
export async function openCampaigns(db: Db, user: User): Promise<CampaignSummary[]> {
  const { campaigns } = await listCampaigns(db, user);
  return campaigns.filter((c) => open.has(c.status));
}
