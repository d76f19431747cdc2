import type { Db } from "../../../db/client";
import type { MessageKey } from "~/i18n";
import { isAdmin, type User } from "../auth/user";
import { whyCannotMove } from "../campaigns/life-cycle";
import { publicationFacts } from "../results/publication-facts.server";
import { err, ok, type Result } from "../result";
import { candidates, type Candidate } from "./candidates.server";
import { choicesIn, defaultChoice, type WinnerChoice } from "./choices";
import { latestRoll } from "./read-roll.server";
import { winnersOf, type HonorRollSnapshot, type SnapshotMetric, type SnapshotPerson } from "./snapshot";

// The administrator's page before publishing or correcting a roll
// (/admin/campaigns/:slug/publish): a read-model of the winners to choose
// from, the choices made so far and the versions published.

export interface PublishingVersion {
  version: number;
  publishedAt: Date;
  publishedBy: string | null;
  reason: string | null;
}

export interface PublishingWinner {
  nominationId: number;
  kind: "individual" | "team";
  teamName: string | null;
  nominees: Array<Pick<SnapshotPerson, "employeeNo" | "name" | "unitZh" | "unitEn">>;
  /** The citation the next version would carry (as last published, or the nomination's). */
  citation: string;
  /** The stories the next version would carry (as last published, or the nomination's): a correction may edit or withdraw each. */
  stories: Array<{ heading: string; body: string }>;
  photos: Candidate["photos"];
  metrics: Array<
    Pick<SnapshotMetric, "name" | "value" | "unit" | "period" | "target" | "baseline" | "direction" | "comparison"> & {
      id: number;
      nameEn: string | null;
      unitEn: string | null;
      /** Where the figure came from (decision 0051): the administrator sees it while choosing the headline metrics. */
      origin: "entered" | "imported";
      sourceSystem: string | null;
      importedAt: string | null;
    }
  >;
  /** What is chosen now: the last version's choices, or the defaults. */
  chosen: { photoMediaId: number | null; metricIds: number[] };
}

export interface PublishingPage {
  campaign: { slug: string; nameZh: string; nameEn: string; status: string };
  /** "publish": the first version; "correct": a later one, with a reason. */
  mode: "publish" | "correct";
  /** Versions published so far, newest first. */
  versions: PublishingVersion[];
  titles: Array<{ slug: string; nameZh: string; nameEn: string; winners: PublishingWinner[] }>;
  /**
   * Why a closed campaign cannot be published yet (the move's own refusal:
   * not ratified, publicity running, objections open), so the page says so
   * before anyone chooses photos; null when it can, and when correcting.
   */
  blocked: MessageKey | null;
  /** The end of the publicity period, when one is set. */
  publicityEndsAt: Date | null;
}

/**
 * The administrator's publish (closed campaign) or correct (published) page:
 * every current winner with the photos and metrics to choose from and what is
 * chosen now, and why a closed campaign cannot be published yet — asked
 * with the move's own rule (whyCannotMove over publicationFacts), so the page
 * and the move never disagree.
 */
export async function publishingPage(db: Db, user: User, slug: string): Promise<Result<PublishingPage>> {
  if (!isAdmin(user)) return err("common.forbidden", 403);
  const c = await db.selectFrom("campaigns").select(["id", "slug", "name_zh", "name_en", "status"]).where("slug", "=", slug).executeTakeFirst();
  if (!c) return err("campaigns.notFound", 404);
  if (c.status !== "closed" && c.status !== "published") return err("publishing.notClosed", 409);
  const [winners, versions, latest, titles, facts] = await Promise.all([
    candidates(db, c.id),
    db
      .selectFrom("honor_rolls as r")
      .leftJoin("people as p", "p.id", "r.published_by")
      .select(["r.version", "r.published_at", "r.reason", "p.name"])
      .where("r.campaign_id", "=", c.id)
      .orderBy("r.version", "desc")
      .execute(),
    latestRoll(db, c.id),
    db
      .selectFrom("campaign_titles as ct")
      .innerJoin("titles as t", "t.id", "ct.title_id")
      .select(["t.id", "t.slug", "t.name_zh", "t.name_en"])
      .where("ct.campaign_id", "=", c.id)
      .orderBy("ct.position")
      .execute(),
    publicationFacts(db, c.id),
  ]);
  const before = latest ? choicesIn(latest.snapshot as HonorRollSnapshot) : new Map<number, WinnerChoice>();
  const published = new Map(latest ? winnersOf(latest.snapshot as HonorRollSnapshot).map(({ winner }) => [winner.nominationId, winner]) : []);
  return ok({
    campaign: { slug: c.slug, nameZh: c.name_zh, nameEn: c.name_en, status: c.status },
    blocked: c.status === "closed" ? whyCannotMove("closed", "published", { titles: titles.length, results: facts }) : null,
    publicityEndsAt: facts.publicityEndsAt,
    mode: c.status === "published" ? "correct" : "publish",
    versions: versions.map((v) => ({ version: v.version, publishedAt: v.published_at, publishedBy: v.name, reason: v.reason })),
    titles: titles.map((t) => ({
      slug: t.slug,
      nameZh: t.name_zh,
      nameEn: t.name_en,
      winners: winners
        .filter((w) => w.titleId === t.id)
        .map((w) => {
          const chosen = before.get(w.nominationId) ?? defaultChoice(w);
          return {
            nominationId: w.nominationId,
            kind: w.kind,
            teamName: w.teamName,
            nominees: w.nominees.map((p) => ({ employeeNo: p.employeeNo, name: p.name, unitZh: p.unitZh, unitEn: p.unitEn })),
            citation: chosen.citation ?? w.citation,
            stories: (published.get(w.nominationId)?.stories ?? w.stories).map((x) => ({ heading: x.heading, body: x.body })),
            photos: w.photos,
            metrics: w.metrics.map(({ templateId: _t, templatePosition: _p, source: _s, ...m }) => m),
            chosen: { photoMediaId: chosen.photoMediaId, metricIds: chosen.metricIds },
          };
        }),
    })),
  });
}
