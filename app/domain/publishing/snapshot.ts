import type { PictureData } from "../media/picture";
import type { MetricComparison } from "../nominations/metrics";
import { fredPrinciples, type FredPrinciple } from "../nominations/story";
import { maskPersonalData } from "../privacy/mask-text";
import { mapSnapshotTexts } from "./snapshot-texts";

// What an honour roll freezes at publication (honor_rolls.snapshot): plain
// JSON, read back as is by the honour roll, print and screen pages, the
// profile pages, the share images and the feed. Everything a page shows of a
// published winner comes from here, never from the live nomination, so a
// later edit elsewhere cannot change what was published. A new field is
// optional (older versions lack it); a change of meaning is a new format.

export const snapshotFormat = 1;

/** A photo as published: the picture (content-addressed, immutable) and its caption. */
export type SnapshotPhoto = PictureData & { caption: string };

export interface SnapshotPerson {
  personId: number;
  employeeNo: string;
  name: string;
  /** The unit the person was in when the roll was published. */
  unitZh: string;
  unitEn: string | null;
  jobTitle: string | null;
}

export interface SnapshotMetric {
  /** The nomination_metrics row it was taken from (a correction starts from the same choice). */
  id: number;
  name: string;
  /** Its template's English name, where it has one (rolls published since 2026-12-02). */
  nameEn?: string;
  value: number;
  unit: string;
  /** Its template's unit in English, where it has one ("calls" for 通; none for %). */
  unitEn?: string;
  period: string;
  target: number | null;
  baseline: number | null;
  direction: "higher" | "lower";
  source: string;
  comparison: MetricComparison;
  /**
   * Where the figure came from (rolls published since 2026-12-06, decision
   * 0051): "imported" with its source system and import date (ISO), or
   * "entered" by the nominator. A roll published before has none: its
   * figures were all typed by hand, and read as entered.
   */
  origin?: "entered" | "imported";
  sourceSystem?: string;
  importedAt?: string;
}

export interface SnapshotStory {
  heading: string;
  /** Plain text as typed (parseStory renders it; never HTML). */
  body: string;
  principles: FredPrinciple[];
  quote: string | null;
  quoteBy: string | null;
}

/**
 * The correction that last changed a winner's text (its citation, or its
 * stories): the version it made and the reason readers were given. Carried
 * to later versions until another correction changes that text again, so
 * the roll, the nomination page and the profile say why the text is not the
 * one first published (docs/decisions/0031).
 */
export interface SnapshotCorrection {
  version: number;
  reason: string;
}

export interface SnapshotWinner {
  nominationId: number;
  kind: "individual" | "team";
  teamName: string | null;
  citation: string;
  nominees: SnapshotPerson[];
  /** The photo chosen at publication; null: none (the page shows initials). */
  photo: SnapshotPhoto | null;
  /** The headline metrics chosen at publication (0–3), in the order shown. */
  metrics: SnapshotMetric[];
  stories: SnapshotStory[];
  /** The Fred principles its stories show, in the canonical order. */
  principles: FredPrinciple[];
  /** Set once a correction changed the citation (versions written since 2026-12-05). */
  citationCorrected?: SnapshotCorrection;
  /** Set once a correction changed or withdrew a story (versions written since 2026-12-05). */
  storiesCorrected?: SnapshotCorrection;
}

export interface SnapshotTitle {
  titleId: number;
  slug: string;
  nameZh: string;
  nameEn: string;
  badge: PictureData | null;
  /** In the order of the results (most votes first). */
  winners: SnapshotWinner[];
}

export interface HonorRollSnapshot {
  format: typeof snapshotFormat;
  campaign: {
    id: number;
    slug: string;
    nameZh: string;
    nameEn: string;
    /** YYYY-MM-DD */
    periodStart: string;
    periodEnd: string;
    unit: { code: string; nameZh: string; nameEn: string | null };
  };
  /** In the campaign's order. */
  titles: SnapshotTitle[];
}

/** At most this many headline metrics per winner. */
export const maxHeadlineMetrics = 3;

/** The principles a set of stories shows, each once, in the canonical order. */
export function principlesOf(stories: ReadonlyArray<{ principles: readonly string[] }>): FredPrinciple[] {
  const shown = new Set(stories.flatMap((s) => s.principles));
  return fredPrinciples.filter((p) => shown.has(p));
}

/** Every winner of a snapshot with its title, in page order. */
export function winnersOf(snapshot: HonorRollSnapshot): Array<{ title: SnapshotTitle; winner: SnapshotWinner }> {
  return snapshot.titles.flatMap((title) => title.winners.map((winner) => ({ title, winner })));
}

/** The year an honour roll belongs to: the year its campaign's period ends. */
export const yearOf = (snapshot: Pick<HonorRollSnapshot, "campaign">) => Number(snapshot.campaign.periodEnd.slice(0, 4));

/**
 * A stored snapshot as every reader gets it (issue 19, item 4; decision
 * 0044): the winners' free text with personal data masked, whatever the
 * stored JSON holds — a roll published before the guard existed, or text
 * that reached it by a path around the forms. Names of staff, employee
 * numbers and the picture data are structured and stay as stored. Only a
 * new version (a correction, masking in place) changes what is stored.
 */
export function publishedSnapshot(stored: unknown): HonorRollSnapshot {
  return mapSnapshotTexts(stored as HonorRollSnapshot, (_path, _nomination, text) => maskPersonalData(text));
}
