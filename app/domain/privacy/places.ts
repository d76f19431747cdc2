import { snapshotFieldOf } from "../publishing/snapshot-texts";

// Where a finding is, as /admin/privacy names it ("a story's text", "the
// honour roll: a photo caption"): one name per table and field the scan
// reads (sources.server.ts), each a message in the privacy-admin area. Pure.

export const findingPlaces = [
  "nominations.citation",
  "nomination_stories.heading",
  "nomination_stories.body",
  "nomination_stories.quote",
  "nomination_stories.quote_by",
  "nomination_photos.caption",
  "nomination_metrics.source",
  "nomination_events.comment",
  "ratifications.tie_reason",
  "ratification_proposals.tie_reason",
  "objections.reason",
  "objections.resolution",
  "resolution_proposals.resolution",
  "congratulations.message",
  "roll.reason",
  "roll.citation",
  "roll.photo.caption",
  "roll.metrics.source",
  "roll.stories.heading",
  "roll.stories.body",
  "roll.stories.quote",
  "roll.stories.quoteBy",
  "roll.citationCorrected.reason",
  "roll.storiesCorrected.reason",
] as const;
export type FindingPlace = (typeof findingPlaces)[number];

/** The place of a finding's table and field (a roll's snapshot path included); null for one this release does not know. */
export function placeOf(table: string, field: string): FindingPlace | null {
  const place = table === "honor_rolls" ? `roll.${field === "reason" ? "reason" : snapshotFieldOf(field).replaceAll("/", ".")}` : `${table}.${field}`;
  return (findingPlaces as readonly string[]).includes(place) ? (place as FindingPlace) : null;
}
