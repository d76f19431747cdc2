import { afterAll, beforeAll, expect, test } from "vitest";
import { honorRoll, honorRollHead } from "../../app/domain/publishing/read-roll.server";
import { honoursOf, latestHonorRoll } from "../../app/domain/publishing/honours.server";
import { listHonorRolls } from "../../app/domain/publishing/roll-list.server";
import { publishingPage } from "../../app/domain/publishing/publish-page.server";
import { winnersOf } from "../../app/domain/publishing/snapshot";
import { resultsFor } from "../../app/domain/results/results.server";
import type { Db } from "../../db/client";
import { congratulatedRolls } from "../../app/demo/congratulations";
import { demoCorrectionReason, honorRollDemoNominations } from "../../app/demo/honor-roll-content";
import { seedDemo, seedIfEmpty } from "../../app/demo/index";
import { createTestDb, type TestDb } from "../support/db";
import { demoUser } from "../support/demo";
import { value } from "../support/result";

// The two published demo honour rolls (app/demo/voting.ts, honor-roll-content.ts):
// last year's with a correction, last quarter's the latest; every winner with
// stories, metrics and a photo; colleagues' congratulations (congratulations.ts).

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
  await seedIfEmpty(t.db);
}, 600_000);
afterAll(() => t.close());

const userOf = (role: string) => demoUser(t.db, role);
const rollOf = async (slug: string, version?: number) => honorRoll(t.db, value(await honorRollHead(t.db, slug, version)));

test("two rolls are published: 2025 (corrected, version 2, with its reason) and 2026 Q3 (version 1), the latest", async () => {
  const list = await listHonorRolls(t.db);
  expect(list.map((r) => [r.slug, r.version])).toEqual([
    ["2026-q3", 1],
    ["2025-annual", 2],
  ]);
  expect(list.map((r) => r.year)).toEqual([2026, 2025]);
  const annual = await rollOf("2025-annual");
  expect(annual.reason).toBe(demoCorrectionReason);
  expect(annual.versions.map((v) => [v.version, v.reason])).toEqual([
    [2, demoCorrectionReason],
    [1, null],
  ]);
  expect((await latestHonorRoll(t.db))?.slug).toBe("2026-q3");
});

test("each roll has its titles and winners: the ratified top of the vote, a team among them", async () => {
  const annual = (await rollOf("2025-annual")).snapshot;
  const q3 = (await rollOf("2026-q3")).snapshot;
  expect(annual.titles.map((x) => [x.nameZh, x.winners.length])).toEqual([
    ["最佳服务明星", 1],
    ["优秀服务明星", 2],
    ["服务标兵", 1],
    ["弗雷德精神奖", 1],
  ]);
  expect(q3.titles.map((x) => [x.nameZh, x.winners.length])).toEqual([
    ["最佳服务明星", 1],
    ["优秀服务明星", 2],
    ["服务标兵", 1],
  ]);
  const names = (s: typeof q3) => winnersOf(s).map(({ winner }) => winner.teamName ?? winner.nominees.map((p) => p.name).join("、"));
  expect(names(annual)).toEqual(["黎国栋", "程嘉朗", "钟晓霞", "禅城线路抢修小组", "严宇航"]);
  expect(names(q3)).toEqual(["陈敏", "何嘉欣", "王嘉俊", "周树森"]);
  const team = winnersOf(annual).find(({ winner }) => winner.kind === "team")!.winner;
  expect(team.nominees).toHaveLength(3);
});

test("the correction changed one citation and nothing else; version 1 still reads as published", async () => {
  const [v1, v2] = [(await rollOf("2025-annual", 1)).snapshot, (await rollOf("2025-annual", 2)).snapshot];
  const changed = winnersOf(v2).filter(({ winner }, i) => winner.citation !== winnersOf(v1)[i].winner.citation);
  expect(changed.map(({ winner }) => winner.teamName)).toEqual(["禅城线路抢修小组"]);
  expect(changed[0].winner.citation).toContain("38条");
  expect(winnersOf(v1).find(({ winner }) => winner.teamName)!.winner.citation).toContain("83条");
  expect(winnersOf(v2).map(({ winner }) => [winner.photo?.mediaId, winner.metrics.map((m) => m.id)])).toEqual(
    winnersOf(v1).map(({ winner }) => [winner.photo?.mediaId, winner.metrics.map((m) => m.id)]),
  );
});

test("every demo winner has stories with Fred principles (customer quotes among them), 2–4 headline metrics against a target or baseline, and a photo", async () => {
  for (const slug of congratulatedRolls) {
    for (const { winner } of winnersOf((await rollOf(slug)).snapshot)) {
      const who = `${slug}: ${winner.nominees.map((p) => p.name).join("、")}`;
      expect(winner.stories.length, who).toBeGreaterThanOrEqual(1);
      expect(winner.stories.length, who).toBeLessThanOrEqual(2);
      expect(
        winner.stories.every((s) => s.principles.length > 0),
        who,
      ).toBe(true);
      expect(
        winner.stories.some((s) => s.quote && s.quoteBy),
        who,
      ).toBe(true);
      expect(winner.metrics.length, who).toBeGreaterThanOrEqual(2);
      expect(winner.metrics.length, who).toBeLessThanOrEqual(3);
      expect(
        winner.metrics.some((m) => m.target !== null || m.baseline !== null),
        who,
      ).toBe(true);
      expect(winner.photo, who).not.toBeNull();
      expect(winner.citation.length, who).toBeLessThanOrEqual(200);
    }
  }
  // Every winner's nomination carries 2–4 metrics to choose from.
  for (const n of honorRollDemoNominations.filter((x) => x.headline)) expect(n.metrics.length).toBeGreaterThanOrEqual(2);
});

test("the demo agent is a winner: his profile's honours carry the 2025 roll", async () => {
  const agent = await userOf("staff");
  const honours = await honoursOf(t.db, agent.id);
  expect(honours.map((h) => [h.rollSlug, h.title.nameZh])).toEqual([["2025-annual", "优秀服务明星"]]);
  expect(honours[0].winner.stories[0].quote).toMatch(/\S/);
});

test("every demo account may read the published campaigns' results; the administrator may correct them", async () => {
  for (const role of ["staff", "manager", "committee", "admin"]) {
    for (const slug of congratulatedRolls) {
      const r = value(await resultsFor(t.db, await userOf(role), slug));
      expect(r.campaign.status).toBe("published");
    }
  }
  const page = value(await publishingPage(t.db, await userOf("admin"), "2025-annual"));
  expect(page.mode).toBe("correct");
  expect(page.versions.map((v) => [v.version, v.publishedBy])).toEqual([
    [2, "罗慧琳"],
    [1, "罗慧琳"],
  ]);
});

test("publication is the product's own: audited moves and roll entries, ratified by the committee", async () => {
  const audit = await t.db.selectFrom("audit_log").select(["action", "subject_id"]).where("action", "like", "publishing.%").orderBy("id").execute();
  expect(audit.map((a) => [a.action, a.subject_id])).toEqual([
    ["publishing.roll_published", "2025-annual"],
    ["publishing.roll_corrected", "2025-annual"],
    ["publishing.roll_published", "2026-q3"],
  ]);
  const ratified = await t.db
    .selectFrom("ratifications as r")
    .innerJoin("campaigns as c", "c.id", "r.campaign_id")
    .select(["c.slug"])
    .where("c.slug", "in", [...congratulatedRolls])
    .execute();
  expect(ratified).toHaveLength(4 + 3);
});

async function congratulations(db: Db) {
  return db
    .selectFrom("congratulations as g")
    .innerJoin("people as p", "p.id", "g.person_id")
    .select(["g.nomination_id", "g.person_id", "g.author_id", "g.message", "g.hidden_at", "g.hidden_by", "p.employee_no"])
    .orderBy("g.id")
    .execute();
}

test("colleagues congratulated every winner (3–12 each, some with a line of text, none by the winner), and the agent hid one", async () => {
  const rows = await congratulations(t.db);
  const entries = await t.db.selectFrom("honor_roll_entries").select(["nomination_id", "person_id"]).distinct().execute();
  expect(entries).toHaveLength(11);
  for (const e of entries) {
    const mine = rows.filter((r) => r.nomination_id === e.nomination_id && r.person_id === e.person_id);
    expect(mine.length).toBeGreaterThanOrEqual(3);
    expect(mine.length).toBeLessThanOrEqual(12);
    expect(mine.every((r) => r.author_id !== r.person_id)).toBe(true);
  }
  expect(rows.some((r) => r.message !== null) && rows.some((r) => r.message === null)).toBe(true);
  expect(rows.every((r) => r.message === null || [...r.message].length <= 100)).toBe(true);
  const hidden = rows.filter((r) => r.hidden_at !== null);
  expect(hidden.map((r) => [r.employee_no, r.hidden_by === r.person_id])).toEqual([["GD000004", true]]);
});

test("seeding again with --force adds no roll, entry or congratulation", async () => {
  const count = async () => ({
    rolls: (await t.db.selectFrom("honor_rolls").select("id").execute()).length,
    entries: (await t.db.selectFrom("honor_roll_entries").select("person_id").execute()).length,
    congratulations: (await congratulations(t.db)).length,
  });
  const before = await count();
  expect(await seedDemo(t.db, { force: true })).toMatchObject({ ok: true });
  expect(await count()).toEqual(before);
}, 600_000);
