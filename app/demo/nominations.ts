import { metricValues, storyValues } from "../domain/nominations/saving.server";
import type { Db } from "../../db/client";
import type { NominationStatus } from "../../db/schema";
import { demoNominations, type DemoNomination } from "./nomination-content";
import type { DemoPhotoRef, DemoPhotos } from "./photos";
import { silent, type Report } from "./progress";

const day = 86_400_000;

/**
 * The demo nominations that are missing, each with the history that got it
 * to where the demo leaves it (created, submitted, decided), its evidence and
 * its photos (drawn by demo-photos.ts and stored through the upload pipeline,
 * so they are served like any upload). Written directly rather than through
 * saveNomination: the 3·15 campaign is already in review, where the rules
 * would rightly refuse a new submission. A nomination whose campaign, people
 * or title is missing, or whose nominee is already put forward, is skipped.
 */
export async function seedNominations(db: Db, photos: DemoPhotos, now = new Date(), report: Report = silent): Promise<number> {
  let added = 0;
  for (const [index, demo] of demoNominations.entries()) {
    report("nominations", index, demoNominations.length);
    if (await seedOne(db, photos, demo, index, now)) added++;
  }
  report("nominations", demoNominations.length, demoNominations.length);
  return added;
}

/** The photos these nominations show, in the order they are stored (each nomination's own pictures: seed index × 7 + position). */
export function nominationDemoPhotos(): DemoPhotoRef[] {
  return demoNominations.flatMap((n, index) => n.photos.map((p, position) => ({ scene: p.scene, seed: index * 7 + position })));
}

async function seedOne(db: Db, photos: DemoPhotos, demo: DemoNomination, index: number, now: Date): Promise<boolean> {
  const offer = await db
    .selectFrom("campaigns as c")
    .innerJoin("campaign_titles as ct", "ct.campaign_id", "c.id")
    .innerJoin("titles as t", "t.id", "ct.title_id")
    .select(["c.id as campaign_id", "t.id as title_id"])
    .where("c.slug", "=", demo.campaign)
    .where("t.slug", "=", demo.title)
    .executeTakeFirst();
  if (!offer) return false;
  const numbers = [demo.nominator, ...demo.nominees, ...(demo.review ? [demo.review.by] : [])];
  const people = new Map(
    (await db.selectFrom("people").select(["id", "employee_no"]).where("employee_no", "in", numbers).execute()).map((p) => [p.employee_no, p.id]),
  );
  if (numbers.some((n) => !people.has(n))) return false;
  const nomineeIds = demo.nominees.map((n) => people.get(n)!);
  const taken = await db
    .selectFrom("nomination_nominees")
    .select("person_id")
    .where("campaign_id", "=", offer.campaign_id)
    .where("title_id", "=", offer.title_id)
    .where("person_id", "in", nomineeIds)
    .executeTakeFirst();
  if (taken) return false;

  const nominatorId = people.get(demo.nominator)!;
  // Spread over the last weeks: older nominations first, decisions after submissions.
  const created = new Date(now.getTime() - (20 - index) * day);
  const submitted = new Date(created.getTime() + 2 * day);
  const decided = new Date(submitted.getTime() + 3 * day);
  const { id } = await db
    .insertInto("nominations")
    .values({
      campaign_id: offer.campaign_id,
      title_id: offer.title_id,
      kind: demo.nominees.length > 1 ? "team" : "individual",
      team_name: demo.nominees.length > 1 ? (demo.teamName ?? null) : null,
      status: demo.status,
      citation: demo.citation,
      nominator_id: nominatorId,
      created_at: created,
      updated_at: demo.status === "draft" ? created : demo.review ? decided : submitted,
      submitted_at: demo.status === "draft" ? null : submitted,
    })
    .returning("id")
    .executeTakeFirstOrThrow();

  await db
    .insertInto("nomination_nominees")
    .values(
      nomineeIds.map((person_id, position) => ({ nomination_id: id, campaign_id: offer.campaign_id, title_id: offer.title_id, person_id, position })),
    )
    .execute();

  const events: Array<{ from: NominationStatus | null; to: NominationStatus; actor: number; at: Date; comment?: string }> = [
    { from: null, to: "draft", actor: nominatorId, at: created },
  ];
  if (demo.status !== "draft") events.push({ from: "draft", to: "submitted", actor: nominatorId, at: submitted });
  if (demo.review && demo.status !== "draft" && demo.status !== "submitted") {
    events.push({ from: "submitted", to: demo.status, actor: people.get(demo.review.by)!, at: decided, comment: demo.review.comment });
  }
  await db
    .insertInto("nomination_events")
    .values(events.map((e) => ({ nomination_id: id, from_status: e.from, to_status: e.to, actor_id: e.actor, comment: e.comment ?? null, at: e.at })))
    .execute();

  const templates = await db.selectFrom("title_metric_templates").select(["id", "name_zh"]).where("title_id", "=", offer.title_id).execute();
  const templateOf = new Map(templates.map((t) => [t.name_zh, t.id]));
  if (demo.metrics.length) {
    await db
      .insertInto("nomination_metrics")
      .values(
        demo.metrics.map((m, position) =>
          metricValues(id, { ...m, templateId: templateOf.get(m.name) ?? null, target: m.target ?? null, baseline: m.baseline ?? null }, position),
        ),
      )
      .execute();
  }
  if (demo.stories.length) {
    await db
      .insertInto("nomination_stories")
      .values(demo.stories.map((s, position) => storyValues(id, { ...s, quote: s.quote ?? null, quoteBy: s.quoteBy ?? null }, position)))
      .execute();
  }
  for (const [position, photo] of demo.photos.entries()) {
    const stored = await photos.store(db, { id: nominatorId }, { scene: photo.scene, seed: index * 7 + position });
    await db.insertInto("nomination_photos").values({ nomination_id: id, media_id: stored.mediaId, position, caption: photo.caption }).execute();
  }
  return true;
}
