import type { HonorRollSnapshot, SnapshotWinner } from "./snapshot";

// The free texts of a published honour roll — what a person wrote, as
// opposed to names, units and figures the portal keeps elsewhere: each
// winner's citation, team name, photo caption, headline metrics' wording
// (name, period, source), stories
// (heading, text, customer quote and its attribution) and the reasons of the
// corrections that changed them. The privacy scan reads them; masking in
// place rewrites them (decision 0042); every reader gets them masked
// (snapshot.ts publishedSnapshot, decision 0044). Pure.

/** One free text of a snapshot: where it is (a path such as "titles/0/winners/1/stories/0/body"), whose it is, and the text. */
export interface SnapshotText {
  path: string;
  nominationId: number;
  text: string;
}

type Visit = (path: string, nominationId: number, text: string) => string;

/** Calls `visit` on every free text of one winner and returns the winner with what it gave back (a copy; the input is untouched). */
function mapWinner(w: SnapshotWinner, at: string, visit: Visit): SnapshotWinner {
  // Only strings are visited: a field an older snapshot lacks stays absent.
  const v = <T>(path: string, text: T): T => (typeof text === "string" ? (visit(`${at}/${path}`, w.nominationId, text) as T) : text);
  return {
    ...w,
    citation: v("citation", w.citation),
    teamName: v("teamName", w.teamName),
    photo: w.photo ? { ...w.photo, caption: v("photo/caption", w.photo.caption) } : w.photo,
    metrics: w.metrics.map((m, i) => ({
      ...m,
      name: v(`metrics/${i}/name`, m.name),
      period: v(`metrics/${i}/period`, m.period),
      source: v(`metrics/${i}/source`, m.source),
    })),
    stories: w.stories.map((s, i) => ({
      ...s,
      heading: v(`stories/${i}/heading`, s.heading),
      body: v(`stories/${i}/body`, s.body),
      quote: v(`stories/${i}/quote`, s.quote),
      quoteBy: v(`stories/${i}/quoteBy`, s.quoteBy),
    })),
    ...(w.citationCorrected
      ? { citationCorrected: { ...w.citationCorrected, reason: v("citationCorrected/reason", w.citationCorrected.reason) } }
      : {}),
    ...(w.storiesCorrected ? { storiesCorrected: { ...w.storiesCorrected, reason: v("storiesCorrected/reason", w.storiesCorrected.reason) } } : {}),
  };
}

/** The snapshot with every free text replaced by what `visit` returns for it (a copy). */
export function mapSnapshotTexts(snapshot: HonorRollSnapshot, visit: Visit): HonorRollSnapshot {
  return {
    ...snapshot,
    titles: snapshot.titles.map((t, ti) => ({ ...t, winners: t.winners.map((w, wi) => mapWinner(w, `titles/${ti}/winners/${wi}`, visit)) })),
  };
}

/** Every free text of a snapshot, in page order; empty ones left out. */
export function snapshotTexts(snapshot: HonorRollSnapshot): SnapshotText[] {
  const found: SnapshotText[] = [];
  mapSnapshotTexts(snapshot, (path, nominationId, text) => {
    if (text) found.push({ path, nominationId, text });
    return text;
  });
  return found;
}

/** Which kind of text a snapshot path names: "citation", "photo/caption", "metrics/source", "stories/body", "citationCorrected/reason"… */
export function snapshotFieldOf(path: string): string {
  return path.replace(/^titles\/\d+\/winners\/\d+\//, "").replace(/\/\d+\//g, "/");
}
