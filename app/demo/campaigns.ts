import type { Db } from "../../db/client";
import type { CampaignStatus } from "../../db/schema";
import { seedTitles } from "./titles";

type Scheduled = "nominating" | "reviewing" | "voting" | "closed" | "published";

interface DemoCampaign {
  slug: string;
  nameZh: string;
  nameEn: string;
  periodStart: string;
  periodEnd: string;
  unit: string;
  status: CampaignStatus;
  /** Committee members who must confirm each decision (decision 0028); the product's default is 2. */
  committeeQuorum: number;
  /** Days from seeding to each scheduled phase; negative: already opened then. */
  schedule: Partial<Record<Scheduled, number>>;
  /** Each offered title: its slug, N (winners) and K (votes per voter). */
  titles: Array<[slug: string, winners: number, votesPerVoter: number]>;
}

/**
 * Campaigns in different phases, so a new user finds one open for
 * nominations, one in review and one draft. Schedules are relative to the
 * moment of seeding: past phases have opened, later ones are still ahead, so
 * the scheduler does not move them on the first start.
 */
export const demoCampaigns: readonly DemoCampaign[] = [
  {
    slug: "2026-q4",
    nameZh: "2026 Q4 服务之星",
    nameEn: "2026 Q4 Service Stars",
    periodStart: "2026-10-01",
    periodEnd: "2026-12-31",
    unit: "GD",
    status: "nominating",
    committeeQuorum: 2,
    schedule: { nominating: -7, reviewing: 14, voting: 28, closed: 42 },
    titles: [
      ["best-service-star", 1, 1],
      ["outstanding-service-star", 5, 3],
      ["service-model", 3, 3],
    ],
  },
  {
    slug: "3-15-stars",
    nameZh: "3·15 服务明星",
    nameEn: "3·15 Service Stars",
    periodStart: "2026-09-01",
    periodEnd: "2026-11-30",
    unit: "GD.10000",
    status: "reviewing",
    // The hotline centre's own campaign, run as a small team: one committee member's confirmation decides, so the
    // demo committee account can take it from review to publication alone.
    committeeQuorum: 1,
    schedule: { nominating: -30, reviewing: -3, voting: 10, closed: 20 },
    titles: [
      ["best-service-star", 1, 1],
      ["fred-spirit-award", 2, 1],
    ],
  },
  {
    slug: "2027-q1",
    nameZh: "2027 Q1 服务之星",
    nameEn: "2027 Q1 Service Stars",
    periodStart: "2027-01-01",
    periodEnd: "2027-03-31",
    unit: "GD.GZ",
    status: "draft",
    committeeQuorum: 2,
    schedule: {},
    titles: [["service-model", 2, 1]],
  },
];

const order: CampaignStatus[] = ["draft", "nominating", "reviewing", "voting", "closed", "published"];

/** The demo titles and campaigns that are missing (by slug), with the phase moves that got them there. */
export async function seedCampaigns(db: Db, now = new Date()): Promise<void> {
  const titleIds = await seedTitles(db);
  const at = (days: number | undefined) => (days === undefined ? null : new Date(now.getTime() + days * 86_400_000));
  for (const c of demoCampaigns) {
    const unit = await db.selectFrom("org_units").select("id").where("code", "=", c.unit).executeTakeFirst();
    if (!unit) continue;
    const inserted = await db
      .insertInto("campaigns")
      .values({
        slug: c.slug,
        name_zh: c.nameZh,
        name_en: c.nameEn,
        period_start: c.periodStart,
        period_end: c.periodEnd,
        org_unit_id: unit.id,
        status: c.status,
        committee_quorum: c.committeeQuorum,
        nominating_at: at(c.schedule.nominating),
        reviewing_at: at(c.schedule.reviewing),
        voting_at: at(c.schedule.voting),
        closed_at: at(c.schedule.closed),
        published_at: at(c.schedule.published),
        created_at: at(-45)!,
      })
      .onConflict((oc) => oc.column("slug").doNothing())
      .returning("id")
      .executeTakeFirst();
    if (!inserted) continue;
    await db
      .insertInto("campaign_titles")
      .values(
        c.titles.map(([slug, winners, votes], position) => ({
          campaign_id: inserted.id,
          title_id: titleIds.get(slug)!,
          winners,
          votes_per_voter: votes,
          position,
        })),
      )
      .execute();
    const reached = order.indexOf(c.status);
    const moves = order.slice(1, reached + 1).map((to, i) => ({
      campaign_id: inserted.id,
      from_status: order[i],
      to_status: to,
      actor_id: null,
      at: at(c.schedule[to as Scheduled] ?? -1)!,
    }));
    if (moves.length) await db.insertInto("campaign_transitions").values(moves).execute();
  }
}
