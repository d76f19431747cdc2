import { limits } from "../nominations/schema";
import { storyProblem } from "../nominations/story";
import { withinChars } from "../text";
import type { Candidate } from "./candidates.server";
import { citationLimit } from "./schema";
import { maxHeadlineMetrics, type HonorRollSnapshot, type SnapshotStory } from "./snapshot";

// What the administrator chooses per winner when publishing or correcting a
// roll (a photo, up to three headline metrics; a correction also the citation
// and the stories), what is chosen when nobody chose, and why a choice is
// refused. Pure: freezing (freeze.server.ts) and the publish page
// (publish-page.server.ts) ask these.

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

export const defaultChoice = (c: Candidate): WinnerChoice => ({
  nominationId: c.nominationId,
  photoMediaId: c.photos[0]?.mediaId ?? null,
  metricIds: defaultMetricIds(c.metrics),
});

/** The choices a snapshot made, so a correction starts from them. */
export function choicesIn(snapshot: HonorRollSnapshot): Map<number, WinnerChoice> {
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
export function correctedStories(before: readonly SnapshotStory[], stories: readonly StoryCorrection[] | undefined): SnapshotStory[] {
  if (!stories) return [...before];
  return before.flatMap((story, i) => {
    const c = stories[i]!;
    return c.withdrawn ? [] : [{ ...story, heading: c.heading.trim(), body: c.body.trim() }];
  });
}
