import { afterAll, beforeAll, expect, test } from "vitest";
import { getMediaFile } from "../../app/domain/media/serving.server";
import { homeNominations } from "../../app/domain/nominations/home.server";
import { getNomination } from "../../app/domain/nominations/reading.server";
import { reviewQueue } from "../../app/domain/nominations/review.server";
import { seedDemo, seedIfEmpty } from "../../app/demo/index";
import { honorRollDemoNominations } from "../../app/demo/honor-roll-content";
import { demoNominations, votingDemoNominations } from "../../app/demo/nomination-content";
import { createTestDb, type TestDb } from "../support/db";
import { demoUser } from "../support/demo";

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
  await seedIfEmpty(t.db);
}, 600_000);
afterAll(() => t.close());

const userOf = (role: string) => demoUser(t.db, role);

test("every demo nomination is stored, in the status the demo leaves it", async () => {
  const rows = await t.db.selectFrom("nominations").select(["status"]).execute();
  // In the published campaigns the vote settled them: the winners (those with a headline chosen) won.
  const published = honorRollDemoNominations.map((n) => ({ status: n.headline ? "winner" : "not_selected" }));
  const all = [...demoNominations, ...votingDemoNominations, ...published];
  expect(rows).toHaveLength(all.length);
  expect(rows.map((r) => r.status).sort()).toEqual(all.map((n) => n.status).sort());
});

test("the committee finds the 3·15 nominations waiting for review, none of them its own unit's", async () => {
  const queue = await reviewQueue(t.db, await userOf("committee"), "3-15-stars");
  expect(queue.ok).toBe(true);
  if (!queue.ok) return;
  expect(queue.value.waiting.length).toBeGreaterThanOrEqual(3);
  expect(queue.value.waiting.every((n) => n.canReview && n.recusal === null)).toBe(true);
  expect(queue.value.returned).toHaveLength(1);
  expect(queue.value.decided.map((n) => n.status)).toEqual(["approved"]);
});

test("the hotline manager finds a returned nomination with the committee's comment, and drafts to finish", async () => {
  const home = await homeNominations(t.db, await userOf("manager"));
  expect(home.returned).toHaveLength(1);
  expect(home.returned[0].comment).toMatch(/\S/);
  expect(home.drafts).toBeGreaterThanOrEqual(1);
  expect(home.draftsIn.map((c) => c.slug)).toEqual(["2026-q4"]);
});

test("a full demo nomination shows a chart-worthy metric, stories with Fred tags and photos that are served", async () => {
  const committee = await userOf("committee");
  const agent = await t.db.selectFrom("people").select("id").where("employee_no", "=", "GD000004").executeTakeFirstOrThrow();
  const row = await t.db
    .selectFrom("nomination_nominees as nn")
    .innerJoin("nominations as n", "n.id", "nn.nomination_id")
    .innerJoin("campaigns as c", "c.id", "n.campaign_id")
    .select(["n.id"])
    .where("nn.person_id", "=", agent.id)
    .where("c.slug", "=", "3-15-stars")
    .where("n.kind", "=", "individual")
    .executeTakeFirstOrThrow();
  const page = await getNomination(t.db, committee, "3-15-stars", row.id);
  expect(page.ok).toBe(true);
  if (!page.ok) return;
  expect(page.value.metrics.some((g) => g.rows.length >= 2)).toBe(true);
  expect(page.value.stories[0].principles.length).toBeGreaterThan(0);
  expect(page.value.photos.length).toBeGreaterThan(0);
  const src = page.value.photos[0].picture.fallback.src;
  const file = await getMediaFile(t.db, src.replace("/media/", ""), null, async () => committee);
  expect(file.ok && file.value.status).toBe(200);
});

test("seeding again with --force adds no second copy of any nomination", async () => {
  const before = await t.db
    .selectFrom("nominations")
    .select((eb) => eb.fn.countAll<number | string>().as("n"))
    .executeTakeFirstOrThrow();
  expect(await seedDemo(t.db, { force: true })).toMatchObject({ ok: true });
  const after = await t.db
    .selectFrom("nominations")
    .select((eb) => eb.fn.countAll<number | string>().as("n"))
    .executeTakeFirstOrThrow();
  expect(Number(after.n)).toBe(Number(before.n));
});
