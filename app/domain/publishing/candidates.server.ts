import type { Db } from "../../../db/client";
import { getPictures } from "../media/media.server";
import type { PictureData } from "../media/picture";
import { metricInEnglish, metricView, storedMetricColumns } from "../nominations/evidence.server";
import { isFredPrinciple } from "../nominations/story";
import type { SnapshotMetric, SnapshotPerson, SnapshotWinner } from "./snapshot";

// The winners a roll is frozen from: a campaign's current winners with
// everything a snapshot may take of them (photos, metric rows, stories), read
// from the nominations. The publish page offers them to choose from
// (publish-page.server.ts); freezing takes them (freeze.server.ts).

export interface Candidate {
  nominationId: number;
  titleId: number;
  kind: "individual" | "team";
  teamName: string | null;
  citation: string;
  votes: number;
  nominees: SnapshotPerson[];
  photos: Array<{ mediaId: number; caption: string; picture: PictureData }>;
  metrics: Array<
    Omit<SnapshotMetric, "nameEn" | "unitEn" | "origin" | "sourceSystem" | "importedAt"> & {
      id: number;
      origin: "entered" | "imported";
      sourceSystem: string | null;
      importedAt: string | null;
      nameEn: string | null;
      unitEn: string | null;
      templateId: number | null;
      templatePosition: number | null;
    }
  >;
  stories: SnapshotWinner["stories"];
}

/** The campaign's current winners (an upheld objection's removal excluded), with everything a snapshot may take. */
export async function candidates(db: Db, campaignId: number): Promise<Candidate[]> {
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
      .select(["m.id", "m.nomination_id", "mt.position as template_position", ...storedMetricColumns])
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
