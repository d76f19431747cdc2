import { isDeepStrictEqual } from "node:util";
import { sql } from "kysely";
import type { Db } from "../../../db/client";
import type { MessageKey } from "~/i18n";
import { audit } from "../audit/audit.server";
import { isAdmin, type User } from "../auth/user";
import { whyCannotMove } from "../campaigns/life-cycle";
import { getPictures, publishPictures } from "../media/media.server";
import type { PictureData } from "../media/picture";
import { metricInEnglish, metricView } from "../nominations/evidence.server";
import { limits } from "../nominations/schema";
import { isFredPrinciple, storyProblem } from "../nominations/story";
import { int } from "../../../db/values";
import { precompiled } from "../../../db/precompiled";
import { err, ok, type Result } from "../result";
import { charCount, withinChars } from "../text";
import { feedPath } from "./feed";
import { linkSigner } from "./links.server";
import { publicationFacts } from "../results/publication-facts.server";
import { citationLimit, reasonLimits } from "./schema";
import {
  maxHeadlineMetrics,
  principlesOf,
  snapshotFormat,
  winnersOf,
  type HonorRollSnapshot,
  type SnapshotMetric,
  type SnapshotPerson,
  type SnapshotCorrection,
  type SnapshotPhoto,
  type SnapshotStory,
  type SnapshotTitle,
  type SnapshotWinner,
} from "./snapshot";

// Publishing freezes a campaign's winners into an honour roll: an immutable
// snapshot with a version (docs/decisions/0014-honour-rolls.md). The
// first version is written by the move to "published" (campaigns.server.ts),
// in that move's transaction; a correction writes the next version with a
// reason. Readers only ever see snapshots: a campaign that is not published
// has no honour roll, so its winners appear on no roll, profile, feed or
// share image.

/** What the administrator chooses per winner when publishing or correcting. */
export interface WinnerChoice {
  nominationId: number;
  /** One of the nomination's photos, or null for none. */
  photoMediaId: number | null;
  /** Up to three of the nomination's metric rows, in the order to show them. */
  metricIds: number[];
  /** A corrected citation (corrections only); absent: as in the version before, or the nomination's. */
  citation?: string;
  /**
   * Corrected stories (corrections only): one per story of the version
   * before, in its order, each kept with its (possibly corrected) heading and
   * text, or withdrawn from the roll. Absent: as in the version before.
   */
  stories?: StoryCorrection[];
}

/** One story of the version before, as a correction leaves it. */
export interface StoryCorrection {
  heading: string;
  body: string;
  /** Taken off the roll (a story that should never have been published). */
  withdrawn: boolean;
}

export { citationLimit, reasonLimits };

// ---- the winners and their evidence ----------------------------------------------

interface Candidate {
  nominationId: number;
  titleId: number;
  kind: "individual" | "team";
  teamName: string | null;
  citation: string;
  votes: number;
  nominees: SnapshotPerson[];
  photos: Array<{ mediaId: number; caption: string; picture: PictureData }>;
  metrics: Array<
    Omit<SnapshotMetric, "nameEn" | "unitEn"> & {
      id: number;
      nameEn: string | null;
      unitEn: string | null;
      templateId: number | null;
      templatePosition: number | null;
    }
  >;
  stories: SnapshotWinner["stories"];
}

/** The campaign's current winners (an upheld objection's removal excluded), with everything a snapshot may take. */
async function candidates(db: Db, campaignId: number): Promise<Candidate[]> {
  const rows = await db
    .selectFrom("winners as w")
    .innerJoin("nominations as n", "n.id", "w.nomination_id")
    .select(["n.id", "n.title_id", "n.kind", "n.team_name", "n.citation", "w.votes"])
    .where("w.campaign_id", "=", campaignId)
    .where("w.removed_by_objection", "is", null)
    .orderBy("w.votes", "desc")
    .orderBy("n.id")
    .execute();
  const ids = rows.map((r) => r.id);
  if (ids.length === 0) return [];
  const [nominees, metrics, stories, photos] = await Promise.all([
    db
      .selectFrom("nomination_nominees as nn")
      .innerJoin("people as p", "p.id", "nn.person_id")
      .innerJoin("org_units as u", "u.id", "p.org_unit_id")
      .select(["nn.nomination_id", "p.id", "p.employee_no", "p.name", "p.job_title", "u.name_zh", "u.name_en"])
      .where("nn.nomination_id", "in", ids)
      .orderBy("nn.position")
      .execute(),
    db
      .selectFrom("nomination_metrics as m")
      .leftJoin("title_metric_templates as mt", "mt.id", "m.template_id")
      .select([
        "m.id",
        "m.nomination_id",
        "m.template_id",
        "mt.position as template_position",
        "m.name",
        "m.value",
        "m.unit",
        "m.period",
        "m.target",
        "m.baseline",
        "m.direction",
        "m.source",
      ])
      .select(metricInEnglish)
      .where("m.nomination_id", "in", ids)
      .orderBy("m.position")
      .execute(),
    db.selectFrom("nomination_stories").selectAll().where("nomination_id", "in", ids).orderBy("position").execute(),
    db
      .selectFrom("nomination_photos")
      .select(["nomination_id", "media_id", "caption"])
      .where("nomination_id", "in", ids)
      .orderBy("position")
      .execute(),
  ]);
  const pictures = await getPictures(
    db,
    photos.map((p) => p.media_id),
  );
  return rows.map((r) => ({
    nominationId: r.id,
    titleId: r.title_id,
    kind: r.kind,
    teamName: r.team_name,
    citation: r.citation,
    votes: r.votes,
    nominees: nominees
      .filter((p) => p.nomination_id === r.id)
      .map((p) => ({ personId: p.id, employeeNo: p.employee_no, name: p.name, unitZh: p.name_zh, unitEn: p.name_en, jobTitle: p.job_title })),
    photos: photos.flatMap((p) => {
      const picture = p.nomination_id === r.id ? pictures.get(p.media_id) : undefined;
      return picture ? [{ mediaId: p.media_id, caption: p.caption, picture }] : [];
    }),
    metrics: metrics.filter((m) => m.nomination_id === r.id).map((m) => ({ id: m.id, templatePosition: m.template_position, ...metricView(m) })),
    stories: stories
      .filter((s) => s.nomination_id === r.id)
      .map((s) => ({ heading: s.heading, body: s.body, principles: s.principles.filter(isFredPrinciple), quote: s.quote, quoteBy: s.quote_by })),
  }));
}

/**
 * The headline metrics when nobody chose: the latest row of each metric the
 * title asks for (in the title's order), then of the free ones, up to three.
 */
export function defaultMetricIds(metrics: Candidate["metrics"]): number[] {
  const latest = new Map<string, Candidate["metrics"][number]>();
  for (const m of metrics) latest.set(`${m.name}\u0000${m.unit}`, m);
  return [...latest.values()]
    .sort((a, b) => (a.templatePosition ?? Number.MAX_SAFE_INTEGER) - (b.templatePosition ?? Number.MAX_SAFE_INTEGER))
    .slice(0, maxHeadlineMetrics)
    .map((m) => m.id);
}

const defaultChoice = (c: Candidate): WinnerChoice => ({
  nominationId: c.nominationId,
  photoMediaId: c.photos[0]?.mediaId ?? null,
  metricIds: defaultMetricIds(c.metrics),
});

/** The choices a snapshot made, so a correction starts from them. */
function choicesIn(snapshot: HonorRollSnapshot): Map<number, WinnerChoice> {
  return new Map(
    snapshot.titles.flatMap((t) =>
      t.winners.map((w) => [
        w.nominationId,
        { nominationId: w.nominationId, photoMediaId: w.photo?.mediaId ?? null, metricIds: w.metrics.map((m) => m.id), citation: w.citation },
      ]),
    ),
  );
}

/** Why these choices cannot be published, or null: each names a winner, a photo and metrics of that winner. */
export function whyChoicesRefused(
  winners: ReadonlyArray<Pick<Candidate, "nominationId" | "photos" | "metrics">>,
  choices: readonly WinnerChoice[],
): "publishing.choice.unknownWinner" | "publishing.choice.photo" | "publishing.choice.metrics" | "publishing.choice.citation" | null {
  const byId = new Map(winners.map((w) => [w.nominationId, w]));
  const seen = new Set<number>();
  for (const c of choices) {
    const w = byId.get(c.nominationId);
    if (!w || seen.has(c.nominationId)) return "publishing.choice.unknownWinner";
    seen.add(c.nominationId);
    if (c.photoMediaId !== null && !w.photos.some((p) => p.mediaId === c.photoMediaId)) return "publishing.choice.photo";
    const metricIds = new Set(w.metrics.map((m) => m.id));
    if (c.metricIds.length > maxHeadlineMetrics || new Set(c.metricIds).size !== c.metricIds.length || c.metricIds.some((id) => !metricIds.has(id))) {
      return "publishing.choice.metrics";
    }
    if (c.citation !== undefined && (c.citation.trim().length === 0 || !withinChars(citationLimit)(c.citation.trim())))
      return "publishing.choice.citation";
  }
  return null;
}

/**
 * Why these story corrections cannot be published, or null: one per story of
 * the version before, and each kept story with a heading and text within the
 * nomination's own limits (a correction is held to the rules a story was).
 */
export function whyStoriesRefused(before: readonly SnapshotStory[], stories: readonly StoryCorrection[]): "publishing.choice.story" | null {
  if (stories.length !== before.length) return "publishing.choice.story";
  for (const s of stories) {
    if (s.withdrawn) continue;
    if (!withinChars(limits.heading)(s.heading.trim()) || storyProblem(s.body) !== null) return "publishing.choice.story";
  }
  return null;
}

/** The stories a correction leaves: the kept ones with their corrected heading and text; quote and principles as they were. */
function correctedStories(before: readonly SnapshotStory[], stories: readonly StoryCorrection[] | undefined): SnapshotStory[] {
  if (!stories) return [...before];
  return before.flatMap((story, i) => {
    const c = stories[i]!;
    return c.withdrawn ? [] : [{ ...story, heading: c.heading.trim(), body: c.body.trim() }];
  });
}

interface Frozen {
  snapshot: HonorRollSnapshot;
  entries: Array<{ titleId: number; nominationId: number; personId: number }>;
}

/**
 * Builds the snapshot of a campaign's current winners with these choices
 * (defaults, or the version before's, for every winner not named). Reads
 * only; the caller writes it in its transaction. A correction names the
 * version it writes and its reason: a winner whose citation or stories it
 * changes carries them, so readers are told why that text changed.
 */
export async function freezeHonorRoll(
  db: Db,
  campaignId: number,
  choices: readonly WinnerChoice[],
  previous?: HonorRollSnapshot,
  correction?: SnapshotCorrection,
): Promise<Result<Frozen>> {
  const winners = await candidates(db, campaignId);
  const refusal = whyChoicesRefused(winners, choices);
  if (refusal) return err(refusal, 400);
  // Stories, like the citation, start from the version before: what was
  // published, not what the nomination holds now.
  const publishedWinner = new Map(previous ? winnersOf(previous).map(({ winner }) => [winner.nominationId, winner]) : []);
  const storiesBefore = (w: Candidate) => publishedWinner.get(w.nominationId)?.stories ?? w.stories;
  for (const c of choices) {
    const w = winners.find((x) => x.nominationId === c.nominationId)!;
    if (c.stories && whyStoriesRefused(storiesBefore(w), c.stories)) return err("publishing.choice.story", 400);
  }
  const [campaign, titles] = await Promise.all([
    db
      .selectFrom("campaigns as c")
      .innerJoin("org_units as u", "u.id", "c.org_unit_id")
      .select([
        "c.id",
        "c.slug",
        "c.name_zh",
        "c.name_en",
        sql<string>`c.period_start::text`.as("period_start"),
        sql<string>`c.period_end::text`.as("period_end"),
        "u.code",
        "u.name_zh as unit_zh",
        "u.name_en as unit_en",
      ])
      .where("c.id", "=", campaignId)
      .executeTakeFirstOrThrow(),
    db
      .selectFrom("campaign_titles as ct")
      .innerJoin("titles as t", "t.id", "ct.title_id")
      .select(["t.id", "t.slug", "t.name_zh", "t.name_en", "t.badge_media_id"])
      .where("ct.campaign_id", "=", campaignId)
      .orderBy("ct.position")
      .execute(),
  ]);
  const badges = await getPictures(
    db,
    titles.flatMap((t) => (t.badge_media_id === null ? [] : [t.badge_media_id])),
  );
  const given = new Map(choices.map((c) => [c.nominationId, c]));
  const before = previous ? choicesIn(previous) : new Map<number, WinnerChoice>();
  const snapshotTitles: SnapshotTitle[] = titles.map((t) => ({
    titleId: t.id,
    slug: t.slug,
    nameZh: t.name_zh,
    nameEn: t.name_en,
    badge: t.badge_media_id === null ? null : (badges.get(t.badge_media_id) ?? null),
    winners: winners
      .filter((w) => w.titleId === t.id)
      .map((w): SnapshotWinner => {
        const choice = given.get(w.nominationId) ?? before.get(w.nominationId) ?? defaultChoice(w);
        const photo = w.photos.find((p) => p.mediaId === choice.photoMediaId);
        const metric = new Map(w.metrics.map((m) => [m.id, m]));
        const citation = (choice.citation ?? before.get(w.nominationId)?.citation ?? w.citation).trim();
        const stories = correctedStories(storiesBefore(w), given.get(w.nominationId)?.stories);
        const was = publishedWinner.get(w.nominationId);
        // A text changed by this correction carries it; one left alone keeps the note it had.
        const noteFor = (changed: boolean, had: SnapshotCorrection | undefined) => (was && changed && correction ? correction : had);
        const citationCorrected = noteFor(was?.citation !== citation, was?.citationCorrected);
        const storiesCorrected = noteFor(!isDeepStrictEqual(was?.stories, stories), was?.storiesCorrected);
        return {
          nominationId: w.nominationId,
          kind: w.kind,
          teamName: w.teamName,
          citation,
          nominees: w.nominees,
          photo: photo ? { ...photo.picture, caption: photo.caption } : null,
          metrics: choice.metricIds.flatMap((id) => {
            const m = metric.get(id);
            if (!m) return [];
            // The English name and unit only where there are any: snapshots
            // published before they were kept read the same as they did.
            const { templateId: _t, templatePosition: _p, nameEn, unitEn, ...shown } = m;
            return [{ ...shown, ...(nameEn === null ? {} : { nameEn }), ...(unitEn === null ? {} : { unitEn }) }];
          }),
          stories,
          principles: principlesOf(stories),
          ...(citationCorrected ? { citationCorrected } : {}),
          ...(storiesCorrected ? { storiesCorrected } : {}),
        };
      }),
  }));
  return ok({
    snapshot: {
      format: snapshotFormat,
      campaign: {
        id: campaign.id,
        slug: campaign.slug,
        nameZh: campaign.name_zh,
        nameEn: campaign.name_en,
        periodStart: campaign.period_start,
        periodEnd: campaign.period_end,
        unit: { code: campaign.code, nameZh: campaign.unit_zh, nameEn: campaign.unit_en },
      },
      titles: snapshotTitles,
    },
    entries: winners.flatMap((w) => w.nominees.map((p) => ({ titleId: w.titleId, nominationId: w.nominationId, personId: p.personId }))),
  });
}

/** Writes one version of a campaign's honour roll and its entries; inside the caller's transaction. */
export async function writeHonorRoll(
  trx: Db,
  campaignId: number,
  frozen: Frozen,
  actor: User | null,
  version: number,
  reason: string | null,
): Promise<{ id: number; version: number }> {
  const { id } = await trx
    .insertInto("honor_rolls")
    .values({ campaign_id: campaignId, version, published_by: actor?.id ?? null, reason, snapshot: JSON.stringify(frozen.snapshot) })
    .returning("id")
    .executeTakeFirstOrThrow();
  if (frozen.entries.length) {
    await trx
      .insertInto("honor_roll_entries")
      .values(
        frozen.entries.map((e) => ({
          honor_roll_id: id,
          campaign_id: campaignId,
          title_id: e.titleId,
          nomination_id: e.nominationId,
          person_id: e.personId,
        })),
      )
      .execute();
  }
  // What a roll shows is public from now on, to anyone (decision 0030).
  await publishPictures(
    trx,
    frozen.snapshot.titles.flatMap((t) => t.winners.flatMap((w) => (w.photo ? [w.photo.mediaId] : []))),
  );
  await audit(trx, actor, {
    action: version === 1 ? "publishing.roll_published" : "publishing.roll_corrected",
    subjectType: "campaign",
    subjectId: frozen.snapshot.campaign.slug,
    after: { version, winners: frozen.snapshot.titles.reduce((n, t) => n + t.winners.length, 0), ...(reason ? { reason } : {}) },
  });
  return { id, version };
}

// ---- publishing and correcting ------------------------------------------------------

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

async function latestRoll(db: Db, campaignId: number) {
  return db
    .selectFrom("honor_rolls")
    .select(["id", "version", "snapshot"])
    .where("campaign_id", "=", campaignId)
    .orderBy("version", "desc")
    .limit(1)
    .executeTakeFirst();
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

/**
 * A correction: the next version of a published campaign's honour roll, with
 * the administrator's reason. The winners stay the ratified ones (changing
 * them is the committee's, before publication); photos, headline metrics,
 * citations and stories (edited or withdrawn) may change. The version before
 * stays readable.
 */
export async function correctHonorRoll(
  db: Db,
  user: User,
  slug: string,
  choices: readonly WinnerChoice[],
  reason: string,
): Promise<Result<{ version: number }>> {
  if (!isAdmin(user)) return err("common.forbidden", 403);
  const why = reason.trim();
  if (charCount(why) < reasonLimits.min || charCount(why) > reasonLimits.max) return err("publishing.reason.length", 400, reasonLimits);
  const corrected = await db.transaction().execute(async (trx) => {
    const c = await trx.selectFrom("campaigns").select(["id", "status"]).where("slug", "=", slug).forUpdate().executeTakeFirst();
    if (!c) return err("campaigns.notFound", 404);
    if (c.status !== "published") return err("publishing.notPublished", 409);
    const latest = await latestRoll(trx, c.id);
    if (!latest) return err("publishing.notPublished", 409);
    const frozen = await freezeHonorRoll(trx, c.id, choices, latest.snapshot as HonorRollSnapshot, { version: latest.version + 1, reason: why });
    if (!frozen.ok) return frozen;
    // jsonb keeps its own key order: compare values, not text.
    if (isDeepStrictEqual(JSON.parse(JSON.stringify(frozen.value.snapshot)), latest.snapshot)) return err("publishing.unchanged", 409);
    const written = await writeHonorRoll(trx, c.id, frozen.value, user, latest.version + 1, why);
    return ok({ version: written.version });
  });
  // Committed: this instance's readers get the new version from their next view.
  if (corrected.ok) knownVersions.get(db)?.delete(slug);
  return corrected;
}

// ---- reading ----------------------------------------------------------------------

export interface HonorRollHead {
  id: number;
  slug: string;
  version: number;
  /** The newest version of this roll (a reader of an old version is told). */
  latestVersion: number;
  publishedAt: Date;
}

// Asked on every view of a roll, the most-read page: built once, planned once per connection.
const rollVersions = precompiled((db, v: { slug: string }) =>
  db
    .selectFrom("honor_rolls as r")
    .innerJoin("campaigns as c", "c.id", "r.campaign_id")
    .select(["r.id", "r.version", "r.published_at", "c.slug"])
    .where("c.slug", "=", v.slug)
    .orderBy("r.version", "desc"),
);
type RollVersions = Awaited<ReturnType<typeof rollVersions>>;

/**
 * How long this instance trusts what it last read of a roll's versions. Every
 * reader of a roll asks the same question, and its answer changes only when a
 * correction is published: versions are only ever added, and a campaign's
 * slug never changes. A correction made here is seen at once (it forgets the
 * roll); one made on another instance is seen within this time
 * (docs/decisions/0019).
 */
export const rollVersionsTtlMs = 1_000;
const knownVersions = new WeakMap<Db, Map<string, { until: number; rows: Promise<RollVersions> }>>();

function versionsOf(db: Db, slug: string): Promise<RollVersions> {
  let known = knownVersions.get(db);
  if (!known) knownVersions.set(db, (known = new Map()));
  const now = Date.now();
  const hit = known.get(slug);
  if (hit && hit.until > now) return hit.rows;
  const entry = { until: now + rollVersionsTtlMs, rows: rollVersions(db, { slug }) };
  known.set(slug, entry);
  // Only a published roll is remembered: a slug that is not one yet (or a
  // made-up one) is asked again next time, so publishing is seen at once
  // and junk URLs leave nothing behind.
  const forget = () => known.get(slug) === entry && known.delete(slug);
  entry.rows.then((rows) => rows.length === 0 && forget(), forget);
  return entry.rows;
}

/**
 * Which version of a published roll a request is about, in one small query
 * (no snapshot), and from memory for a second after that: the newest, or the
 * one asked for. The pages cache their rendering per version, so this is all
 * a repeat view reads besides the reader's session.
 */
export async function honorRollHead(db: Db, slug: string, version?: number): Promise<Result<HonorRollHead>> {
  const rows = await versionsOf(db, slug);
  const latest = rows[0];
  const row = version === undefined ? latest : rows.find((r) => r.version === version);
  if (!latest || !row) return err("honorRoll.notFound", 404);
  return ok({ id: row.id, slug: row.slug, version: row.version, latestVersion: latest.version, publishedAt: row.published_at });
}

export interface HonorRoll extends HonorRollHead {
  snapshot: HonorRollSnapshot;
  reason: string | null;
  /** Every version of this roll, newest first. */
  versions: Array<{ version: number; publishedAt: Date; reason: string | null }>;
}

/** One version of a roll with its snapshot, for rendering. */
export async function honorRoll(db: Db, head: HonorRollHead): Promise<HonorRoll> {
  const [row, versions] = await Promise.all([
    db.selectFrom("honor_rolls").select(["snapshot", "reason"]).where("id", "=", head.id).executeTakeFirstOrThrow(),
    db
      .selectFrom("honor_rolls as r")
      .innerJoin("campaigns as c", "c.id", "r.campaign_id")
      .select(["r.version", "r.published_at", "r.reason"])
      .where("c.slug", "=", head.slug)
      .orderBy("r.version", "desc")
      .execute(),
  ]);
  return {
    ...head,
    snapshot: row.snapshot as HonorRollSnapshot,
    reason: row.reason,
    versions: versions.map((v) => ({ version: v.version, publishedAt: v.published_at, reason: v.reason })),
  };
}

export interface HonorRollSummary {
  slug: string;
  version: number;
  publishedAt: Date;
  nameZh: string;
  nameEn: string;
  periodStart: string;
  periodEnd: string;
  year: number;
  unit: HonorRollSnapshot["campaign"]["unit"];
  titles: Array<{ slug: string; nameZh: string; nameEn: string; winners: number }>;
  winners: number;
  /** Up to four winners' photos, for the card. */
  cover: PictureData[];
}

export interface HonorRollFilter {
  year?: number;
  /** Org unit code: rolls of campaigns scoped to it or to a unit below it. */
  unit?: string;
  /** Title slug: rolls that award it. */
  title?: string;
}

const summaryOf = (r: { slug: string; version: number; published_at: Date; snapshot: unknown }): HonorRollSummary => {
  const s = r.snapshot as HonorRollSnapshot;
  const winners = s.titles.flatMap((t) => t.winners);
  return {
    slug: r.slug,
    version: r.version,
    publishedAt: r.published_at,
    nameZh: s.campaign.nameZh,
    nameEn: s.campaign.nameEn,
    periodStart: s.campaign.periodStart,
    periodEnd: s.campaign.periodEnd,
    year: Number(s.campaign.periodEnd.slice(0, 4)),
    unit: s.campaign.unit,
    titles: s.titles.map((t) => ({ slug: t.slug, nameZh: t.nameZh, nameEn: t.nameEn, winners: t.winners.length })),
    winners: winners.length,
    cover: winners.flatMap((w) => (w.photo ? [w.photo] : [])).slice(0, 4),
  };
};

/**
 * The newest version of every published roll, newest publication first;
 * filtered by year, org unit (with everything below it) and title. Published
 * rolls are for everyone signed in: recognition is meant to be seen.
 */
export async function listHonorRolls(db: Db, filter: HonorRollFilter = {}, limit = 200): Promise<HonorRollSummary[]> {
  let q = db
    .selectFrom("honor_rolls as r")
    .innerJoin("campaigns as c", "c.id", "r.campaign_id")
    .innerJoin("org_units as u", "u.id", "c.org_unit_id")
    .select(["c.slug", "r.version", "r.published_at", "r.snapshot"])
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom("honor_rolls as newer")
            .select("newer.id")
            .whereRef("newer.campaign_id", "=", "r.campaign_id")
            .whereRef("newer.version", ">", "r.version"),
        ),
      ),
    );
  if (filter.year !== undefined) q = q.where(sql<number>`extract(year from c.period_end)`, "=", filter.year);
  if (filter.unit) {
    const unit = filter.unit;
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom("org_units as f")
          .select("f.id")
          .where("f.code", "=", unit)
          .where(sql<boolean>`(u.id = f.id or u.path like f.path || f.id::text || '/%')`),
      ),
    );
  }
  if (filter.title) {
    const title = filter.title;
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom("campaign_titles as ct")
          .innerJoin("titles as t", "t.id", "ct.title_id")
          .select("ct.title_id")
          .whereRef("ct.campaign_id", "=", "c.id")
          .where("t.slug", "=", title),
      ),
    );
  }
  const rows = await q.orderBy("r.published_at", "desc").orderBy("r.id", "desc").limit(limit).execute();
  return rows.map(summaryOf);
}

export interface LatestHonorRoll {
  slug: string;
  version: number;
  nameZh: string;
  nameEn: string;
  periodStart: string;
  periodEnd: string;
  /** When its first version was published. */
  publishedAt: Date;
  winners: Array<{
    nominationId: number;
    titleZh: string;
    titleEn: string;
    kind: SnapshotWinner["kind"];
    teamName: string | null;
    names: string[];
    photo: PictureData | null;
  }>;
}

const withoutCaption = ({ caption: _caption, ...picture }: SnapshotPhoto): PictureData => picture;

/**
 * The home page's honour roll: the one most recently published for the
 * first time, as its newest version shows it (a correction of last year's
 * roll fixes that roll; it does not make it the news). Published rolls are
 * for everyone signed in, so nobody is asked; null before the first.
 */
export async function latestHonorRoll(db: Db): Promise<LatestHonorRoll | null> {
  const row = await db
    .selectFrom("honor_rolls as first")
    .innerJoin("honor_rolls as r", "r.campaign_id", "first.campaign_id")
    .innerJoin("campaigns as c", "c.id", "first.campaign_id")
    .select(["c.slug", "r.version", "r.snapshot", "first.published_at"])
    .where("first.version", "=", 1)
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom("honor_rolls as newer")
            .select("newer.id")
            .whereRef("newer.campaign_id", "=", "r.campaign_id")
            .whereRef("newer.version", ">", "r.version"),
        ),
      ),
    )
    // Rolls published in one transaction share a time: the later row is the later publication.
    .orderBy("first.published_at", "desc")
    .orderBy("first.id", "desc")
    .limit(1)
    .executeTakeFirst();
  if (!row) return null;
  const s = row.snapshot as HonorRollSnapshot;
  return {
    slug: row.slug,
    version: row.version,
    nameZh: s.campaign.nameZh,
    nameEn: s.campaign.nameEn,
    periodStart: s.campaign.periodStart,
    periodEnd: s.campaign.periodEnd,
    publishedAt: row.published_at,
    winners: winnersOf(s).map(({ title, winner }) => ({
      nominationId: winner.nominationId,
      titleZh: title.nameZh,
      titleEn: title.nameEn,
      kind: winner.kind,
      teamName: winner.teamName,
      names: winner.nominees.map((p) => p.name),
      // Without its caption: the home page names the winner instead.
      photo: winner.photo ? withoutCaption(winner.photo) : null,
    })),
  };
}

/** The years, units and titles the list can be filtered by: only those with a published roll. */
export async function honorRollFilters(db: Db): Promise<{
  years: number[];
  units: Array<{ code: string; nameZh: string; nameEn: string | null }>;
  titles: Array<{ slug: string; nameZh: string; nameEn: string }>;
}> {
  const published = db.selectFrom("honor_rolls").select("campaign_id").distinct();
  const [years, units, titles] = await Promise.all([
    db
      .selectFrom("campaigns")
      .select(sql<number>`extract(year from period_end)::int`.as("year"))
      .where("id", "in", published)
      .distinct()
      .orderBy("year", "desc")
      .execute(),
    db
      .selectFrom("campaigns as c")
      .innerJoin("org_units as u", "u.id", "c.org_unit_id")
      .select(["u.code", "u.name_zh", "u.name_en", "u.path"])
      .where("c.id", "in", published)
      .distinct()
      .orderBy("u.path")
      .orderBy("u.code")
      .execute(),
    db
      .selectFrom("campaign_titles as ct")
      .innerJoin("titles as t", "t.id", "ct.title_id")
      .select(["t.slug", "t.name_zh", "t.name_en"])
      .where("ct.campaign_id", "in", published)
      .distinct()
      .orderBy("t.slug")
      .execute(),
  ]);
  return {
    years: years.map((y) => int(y.year)),
    units: units.map((u) => ({ code: u.code, nameZh: u.name_zh, nameEn: u.name_en })),
    titles: titles.map((t) => ({ slug: t.slug, nameZh: t.name_zh, nameEn: t.name_en })),
  };
}

export interface Honour {
  rollSlug: string;
  version: number;
  publishedAt: Date;
  campaign: HonorRollSnapshot["campaign"];
  title: Pick<SnapshotTitle, "slug" | "nameZh" | "nameEn" | "badge">;
  winner: SnapshotWinner;
}

/**
 * A person's honours, newest first: every winning nomination they are part
 * of, as the newest version of each published roll shows it. Nothing
 * unpublished: the entries exist only for published versions.
 */
export async function honoursOf(db: Db, personId: number): Promise<Honour[]> {
  const rows = await db
    .selectFrom("honor_roll_entries as e")
    .innerJoin("honor_rolls as r", "r.id", "e.honor_roll_id")
    .innerJoin("campaigns as c", "c.id", "r.campaign_id")
    .select(["c.slug", "r.version", "r.published_at", "r.snapshot", "e.nomination_id", "e.title_id"])
    .where("e.person_id", "=", personId)
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom("honor_rolls as newer")
            .select("newer.id")
            .whereRef("newer.campaign_id", "=", "r.campaign_id")
            .whereRef("newer.version", ">", "r.version"),
        ),
      ),
    )
    .orderBy("r.published_at", "desc")
    .execute();
  return rows.flatMap((r) => {
    const s = r.snapshot as HonorRollSnapshot;
    const title = s.titles.find((t) => t.titleId === r.title_id);
    const winner = title?.winners.find((w) => w.nominationId === r.nomination_id);
    if (!title || !winner) return [];
    return [
      {
        rollSlug: r.slug,
        version: r.version,
        publishedAt: r.published_at,
        campaign: s.campaign,
        title: { slug: title.slug, nameZh: title.nameZh, nameEn: title.nameEn, badge: title.badge },
        winner,
      },
    ];
  });
}

/**
 * The honour-roll list page: the rolls that match and what the filters can
 * offer; for administrators also the signed links they hand out — the feed's
 * for the intranet and each roll's screen for the office TVs (decision 0015).
 */
export async function honorRollIndex(db: Db, user: User, filter: HonorRollFilter) {
  const [rolls, filters, sign] = await Promise.all([listHonorRolls(db, filter), honorRollFilters(db), isAdmin(user) ? linkSigner(db) : null]);
  const signed = (path: string) => (sign ? `${path}?key=${sign(path)}` : null);
  return {
    rolls: rolls.map((r) => ({ ...r, screenLink: signed(`/honor-roll/${r.slug}/screen`) })),
    filters,
    feedLink: signed(feedPath),
  };
}
