import type { Db } from "../../../db/client";
import type { NominationStatus } from "../../../db/schema";
import type { User } from "../auth/user";
import { findVisibleCampaign, offeredTitles, type CampaignRef } from "../campaigns/visibility.server";
import { getPictures } from "../media/media.server";
import type { PictureData } from "../media/picture";
import { metricInEnglish } from "../nominations/evidence.server";
import { err, ok, type Result } from "../result";
import { whyCannotVoteIn, type VoteRefusal } from "./rules";
import { voterOf, votingCampaign } from "./voter.server";
import { maskPersonalData } from "../privacy/mask-text";

// The ballot as a voter sees it: per offered title the nominations and the
// voter's own current choices, and the campaigns where a ballot still waits
// for them (the home page). Never a count, nobody else's ballot; every rule
// is asked of rules.ts.

interface CurrentBallot {
  /** The linked version (a campaign that allows changes), 1 where no change is allowed, 0: not voted. */
  version: number;
  /** The receipt and choices of the linked ballot; where no change is allowed there is no link: null and none. */
  receipt: string | null;
  choices: number[];
}

/**
 * The voter's current ballot per title in a campaign (title id → ballot): the
 * poll book says which titles they voted for; while voting, where a change is
 * allowed, their link says which ballot is theirs (decision 0041). After the
 * close, or where no change is allowed, nothing links them to a ballot.
 */
async function currentBallots(db: Db, campaignId: number, voterId: number): Promise<Map<number, CurrentBallot>> {
  const [voted, linked] = await Promise.all([
    db.selectFrom("poll_book").select("title_id").where("campaign_id", "=", campaignId).where("person_id", "=", voterId).execute(),
    db
      .selectFrom("ballot_links as l")
      .innerJoin("ballots as b", "b.id", "l.ballot_id")
      .select(["l.title_id", "l.version", "b.id", "b.receipt_code"])
      .where("l.campaign_id", "=", campaignId)
      .where("l.voter_id", "=", voterId)
      .execute(),
  ]);
  const choices = linked.length
    ? await db
        .selectFrom("ballot_choices")
        .select(["ballot_id", "nomination_id"])
        .where(
          "ballot_id",
          "in",
          linked.map((r) => r.id),
        )
        .orderBy("nomination_id")
        .execute()
    : [];
  const mine = new Map<number, CurrentBallot>(voted.map((v) => [v.title_id, { version: 1, receipt: null, choices: [] }]));
  for (const r of linked) {
    mine.set(r.title_id, {
      version: r.version,
      receipt: r.receipt_code,
      choices: choices.filter((c) => c.ballot_id === r.id).map((c) => c.nomination_id),
    });
  }
  return mine;
}

export interface BallotNomination {
  id: number;
  kind: "individual" | "team";
  teamName: string | null;
  citation: string;
  nominees: Array<{ name: string; unitZh: string; unitEn: string | null }>;
  photo: PictureData | null;
  /** The first few metrics, for the card; the nomination page has them all. */
  metrics: Array<{
    name: string;
    nameEn: string | null;
    value: number;
    unit: string;
    unitEn: string | null;
    period: string;
    /** Imported from a system, or entered by the nominator (decision 0051). */
    origin: "entered" | "imported";
    sourceSystem: string | null;
    importedAt: string | null;
  }>;
  /** The voter is one of its nominees: shown, but not choosable. */
  self: boolean;
}

export interface BallotTitle {
  slug: string;
  nameZh: string;
  nameEn: string;
  /** K: how many of its nominations the voter may choose. */
  votesPerVoter: number;
  nominations: BallotNomination[];
  /**
   * The voter's current choices, and the version and receipt of that ballot
   * (0 and null: not voted yet). Only while voting in a campaign that allows a
   * change: where none is allowed, or after the close, the page knows only
   * that they voted (decision 0041).
   */
  chosen: number[];
  version: number;
  receipt: string | null;
  /** The poll book has this voter for this title. */
  voted: boolean;
  /** A ballot may be cast for this title now (a first one, or a change where the campaign allows it). */
  mayCast: boolean;
}

export interface BallotPage {
  campaign: Pick<CampaignRef, "slug" | "nameZh" | "nameEn" | "status">;
  mayChangeBallot: boolean;
  /** Why this person cannot vote in this campaign now; null when they can. */
  refusal: VoteRefusal | null;
  titles: BallotTitle[];
}

const cardMetrics = 3;

/**
 * The ballot as its page shows it to this voter: per offered title, the
 * approved nominations and the voter's own current choices. Safe for a
 * loader: no counts, nobody else's ballot.
 */
export async function ballotFor(db: Db, voter: User, slug: string): Promise<Result<BallotPage>> {
  const found = await findVisibleCampaign(db, voter, slug);
  if (!found) return err("campaigns.notFound", 404);
  const { campaign, now } = await votingCampaign(db, found);
  const person = await voterOf(db, voter);
  const why = whyCannotVoteIn(campaign, person, now);
  const offers = await offeredTitles(db, campaign.id);
  // Nominations are public from the opening of the vote; before it the ballot is empty.
  const listed = campaign.status === "voting" || campaign.status === "closed" || campaign.status === "published";
  const rows = listed
    ? await db
        .selectFrom("nominations")
        .select(["id", "title_id", "kind", "team_name", "citation"])
        .where("campaign_id", "=", campaign.id)
        .where("status", "in", ["approved", "winner", "not_selected"] satisfies NominationStatus[])
        .orderBy("title_id")
        .orderBy("id")
        .execute()
    : [];
  const ids = rows.map((r) => r.id);
  const [nominees, photos, metrics, current] = await Promise.all([
    ids.length
      ? db
          .selectFrom("nomination_nominees as nn")
          .innerJoin("people as p", "p.id", "nn.person_id")
          .innerJoin("org_units as u", "u.id", "p.org_unit_id")
          .select(["nn.nomination_id", "nn.person_id", "p.name", "u.name_zh", "u.name_en"])
          .where("nn.nomination_id", "in", ids)
          .orderBy("nn.nomination_id")
          .orderBy("nn.position")
          .execute()
      : [],
    ids.length
      ? db.selectFrom("nomination_photos").select(["nomination_id", "media_id"]).where("nomination_id", "in", ids).where("position", "=", 0).execute()
      : [],
    ids.length
      ? db
          .selectFrom("nomination_metrics as m")
          .select(["m.nomination_id", "m.name", "m.value", "m.unit", "m.period", "m.origin", "m.source_system", "m.imported_at", ...metricInEnglish])
          .where("m.nomination_id", "in", ids)
          .where("m.position", "<", cardMetrics)
          .orderBy("m.nomination_id")
          .orderBy("m.position")
          .execute()
      : [],
    currentBallots(db, campaign.id, voter.id),
  ]);
  const pictures = await getPictures(
    db,
    photos.map((p) => p.media_id),
  );
  const photoOf = new Map(photos.map((p) => [p.nomination_id, pictures.get(p.media_id) ?? null]));
  const cards = rows.map((r) => {
    const people = nominees.filter((n) => n.nomination_id === r.id);
    const card: BallotNomination = {
      id: r.id,
      kind: r.kind,
      teamName: maskPersonalData(r.team_name),
      citation: maskPersonalData(r.citation),
      nominees: people.map((p) => ({ name: p.name, unitZh: p.name_zh, unitEn: p.name_en })),
      photo: photoOf.get(r.id) ?? null,
      metrics: metrics
        .filter((m) => m.nomination_id === r.id)
        .map((m) => ({
          name: m.name,
          nameEn: m.name_en,
          value: Number(m.value),
          unit: m.unit,
          unitEn: m.unit_en,
          period: m.period,
          origin: m.origin,
          sourceSystem: m.origin === "imported" ? m.source_system : null,
          importedAt: m.origin === "imported" && m.imported_at ? new Date(m.imported_at).toISOString() : null,
        })),
      self: people.some((p) => p.person_id === voter.id),
    };
    return { titleId: r.title_id, card };
  });
  return ok({
    campaign: { slug: found.slug, nameZh: found.nameZh, nameEn: found.nameEn, status: found.status },
    mayChangeBallot: campaign.mayChangeBallot,
    refusal: why,
    titles: offers.map((t) => {
      const mine = current.get(t.id);
      return {
        slug: t.slug,
        nameZh: t.nameZh,
        nameEn: t.nameEn,
        votesPerVoter: t.votesPerVoter,
        nominations: cards.filter((c) => c.titleId === t.id).map((c) => c.card),
        chosen: mine?.choices ?? [],
        version: mine?.version ?? 0,
        receipt: mine?.receipt ?? null,
        voted: mine !== undefined,
        mayCast: why === null && (!mine || campaign.mayChangeBallot),
      };
    }),
  });
}

/**
 * The campaigns this person may vote in now (open, eligible, in scope, and a
 * ballot still to cast: a campaign that allows no changes drops out once
 * every title has one), for the home page's "vote now": names only.
 */
export async function votingOpenFor(db: Db, voter: User): Promise<Array<Pick<CampaignRef, "slug" | "nameZh" | "nameEn">>> {
  const candidates = await db.selectFrom("campaigns").select("slug").where("status", "=", "voting").orderBy("id").execute();
  if (candidates.length === 0) return [];
  const person = await voterOf(db, voter);
  const open: Array<Pick<CampaignRef, "slug" | "nameZh" | "nameEn">> = [];
  for (const { slug } of candidates) {
    const found = await findVisibleCampaign(db, voter, slug);
    if (!found) continue;
    const { campaign, now } = await votingCampaign(db, found);
    if (whyCannotVoteIn(campaign, person, now) !== null) continue;
    if (!campaign.mayChangeBallot && (await everyTitleVoted(db, campaign.id, voter.id))) continue;
    open.push({ slug: found.slug, nameZh: found.nameZh, nameEn: found.nameEn });
  }
  return open;
}

/** The poll book has the voter for every title the campaign offers. */
async function everyTitleVoted(db: Db, campaignId: number, voterId: number): Promise<boolean> {
  const row = await db
    .selectFrom("campaign_titles as ct")
    .select((eb) => eb.fn.countAll<number | string>().as("missing"))
    .where("ct.campaign_id", "=", campaignId)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom("poll_book as pb")
            .select("pb.person_id")
            .whereRef("pb.campaign_id", "=", "ct.campaign_id")
            .whereRef("pb.title_id", "=", "ct.title_id")
            .where("pb.person_id", "=", voterId),
        ),
      ),
    )
    .executeTakeFirstOrThrow();
  return Number(row.missing) === 0;
}
