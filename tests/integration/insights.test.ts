import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Db } from "../../db/client";
import type { User } from "../../app/domain/auth/user";
import { insightsFor, type InsightsPage } from "../../app/domain/insights/insights.server";
import { insightsCsv } from "../../app/web/insights-csv.server";
import { makeT } from "../../app/i18n/all.server";
import { givenPerson, givenUnit } from "../support/builders";
import { createTestDb, type TestDb } from "../support/db";
import { value } from "../support/result";

// The fairness view (decision 0052) on a small planted organisation:
//
//   ORG (company: admin, committee member)
//   ├── HL  hotline centre: manager Wang, and below it
//   │   ├── T1  10 staff (Ann, Ben front line; Cai management)
//   │   └── T2   6 staff, never nominated
//   └── FX  field branch: 3 staff (too few for a turnout figure alone)
//
// Five published campaigns over the whole company; Ann wins twice.

let t: TestDb;
let db: Db;
let admin: User, committee: User, manager: User, staff: User;
const people: Record<string, User> = {};
let titleId: number;
const campaigns: number[] = [];

beforeAll(async () => {
  t = await createTestDb();
  db = t.db;
  await givenUnit(db, "ORG", { kind: "company", nameZh: "广东公司", nameEn: "Guangdong Co." });
  await givenUnit(db, "HL", { parent: "ORG", kind: "centre", nameZh: "客服中心", nameEn: "Hotline centre" });
  await givenUnit(db, "T1", { parent: "HL", kind: "team", nameZh: "一班", nameEn: "Team 1" });
  await givenUnit(db, "T2", { parent: "HL", kind: "team", nameZh: "二班", nameEn: "Team 2" });
  await givenUnit(db, "FX", { parent: "ORG", kind: "branch", nameZh: "装维分公司", nameEn: "Field branch" });
  admin = await givenPerson(db, { unit: "ORG", name: "管理员", roles: ["admin"] });
  committee = await givenPerson(db, { unit: "ORG", name: "评审", roles: ["committee"] });
  manager = await givenPerson(db, { unit: "HL", name: "王主管", roles: ["staff", { role: "manager", unit: "HL" }] });
  for (let i = 1; i <= 10; i++) people[`t1_${i}`] = await givenPerson(db, { unit: "T1", name: ["安", "本", "蔡"][i - 1] ?? `一班${i}` });
  for (let i = 1; i <= 6; i++) people[`t2_${i}`] = await givenPerson(db, { unit: "T2", name: `二班${i}` });
  for (let i = 1; i <= 3; i++) people[`fx_${i}`] = await givenPerson(db, { unit: "FX", name: `装维${i}` });
  staff = people.t2_1;
  await db.updateTable("people").set({ post: "frontline" }).where("id", "in", [people.t1_1.id, people.t1_2.id]).execute();
  await db.updateTable("people").set({ post: "management" }).where("id", "=", people.t1_3.id).execute();
  // Created long ago: everyone counts in every campaign's headcount.
  await sql`update people set created_at = '2020-01-01T00:00:00Z'`.execute(db);

  ({ id: titleId } = await db
    .insertInto("titles")
    .values({ slug: "star", name_zh: "服务明星", name_en: "Service Star", created_by: admin.id })
    .returning("id")
    .executeTakeFirstOrThrow());
  const org = await db.selectFrom("org_units").select("id").where("code", "=", "ORG").executeTakeFirstOrThrow();
  for (let q = 1; q <= 5; q++) {
    const c = await db
      .insertInto("campaigns")
      .values({
        slug: `2026-q${q}`,
        name_zh: `第${q}期`,
        name_en: `Round ${q}`,
        period_start: `2026-0${q}-01`,
        period_end: `2026-0${q}-28`,
        org_unit_id: org.id,
        status: "published",
        committee_quorum: 1,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await db.insertInto("campaign_titles").values({ campaign_id: c.id, title_id: titleId, winners: 2 }).execute();
    // Ratified (the winners below hang on it); the proposal's set is not what this test is about.
    await sql`
      with p as (
        insert into ratification_proposals (campaign_id, title_id, winners, proposed_by)
        values (${c.id}, ${titleId}, '{}'::integer[], ${committee.id}) returning id
      ), confirmed as (
        insert into ratification_confirmations (proposal_id, campaign_id, title_id, member_id)
        select id, ${c.id}, ${titleId}, ${committee.id} from p returning proposal_id
      )
      insert into ratifications (campaign_id, title_id, ratified_by, proposal_id) select ${c.id}, ${titleId}, ${committee.id}, proposal_id from confirmed`.execute(
      db,
    );
    campaigns.push(c.id);
  }
  // Round 1: FX staff nominated (T1 not): T1 and T2 quiet in the round, but the window is the last four.
  await nominate(campaigns[0], [people.fx_1], "not_selected");
  // Rounds 2–5: Ann nominated each time; she wins rounds 4 and 5; Cai wins round 5 too.
  for (const [i, c] of campaigns.slice(1).entries()) await nominate(c, [people.t1_1], i >= 2 ? "winner" : "not_selected");
  await nominate(campaigns[4], [people.t1_3], "winner");
  // A team in round 5 (Ben and an FX colleague): counted apart from the caps.
  await nominate(campaigns[4], [people.t1_2, people.fx_2], "winner", "装维先锋队");
  // A draft never counts.
  await nominate(campaigns[4], [people.t2_2], "draft");
  // Round 5's turnout: 7 of T1's 10 voted, 2 of T2's 6, 1 of FX's 3.
  const voters = [...[1, 2, 3, 4, 5, 6, 7].map((i) => people[`t1_${i}`]), people.t2_1, people.t2_2, people.fx_1];
  await db
    .insertInto("poll_book")
    .values(voters.map((v) => ({ campaign_id: campaigns[4], title_id: titleId, person_id: v.id })))
    .execute();
});
afterAll(() => t.close());

async function nominate(campaignId: number, nominees: User[], status: "draft" | "not_selected" | "winner", team?: string) {
  const n = await db
    .insertInto("nominations")
    .values({
      campaign_id: campaignId,
      title_id: titleId,
      kind: team ? "team" : "individual",
      team_name: team ?? null,
      status,
      nominator_id: manager.id,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await db
    .insertInto("nomination_nominees")
    .values(nominees.map((p, position) => ({ nomination_id: n.id, campaign_id: campaignId, title_id: titleId, person_id: p.id, position })))
    .execute();
  if (status === "winner")
    await db.insertInto("winners").values({ nomination_id: n.id, campaign_id: campaignId, title_id: titleId, votes: 3 }).execute();
}

const rowOf = <R extends { unit: { code: string }; own?: boolean }>(rows: readonly R[], code: string) =>
  rows.find((r) => r.unit.code === code && !r.own)!;

describe("the fairness view's figures", () => {
  let page: InsightsPage;
  beforeAll(async () => {
    page = value(await insightsFor(db, admin, {}));
  });

  test("nominations and winners per unit against headcount, for the latest campaign", () => {
    expect(page.scope).toMatchObject({ code: "ORG" });
    expect(page.campaign).toMatchObject({ slug: "2026-q5", final: true });
    // HL: manager + 10 + 6 = 17 people; nominated Ann, Cai, Ben (in the team): 3; winners Ann, Cai, Ben (team): 3.
    expect(rowOf(page.units, "HL")).toMatchObject({
      headcount: 17,
      nominated: 3,
      nominatedPer100: 17.6,
      winners: 3,
      winnersPer100: 17.6,
      breaksDown: true,
    });
    // FX: 3 people; the team's FX member nominated and winning.
    expect(rowOf(page.units, "FX")).toMatchObject({ headcount: 3, nominated: 1, nominatedPer100: 33.3, winners: 1 });
    // The company's own staff: admin and committee member.
    expect(page.units.find((r) => r.own)).toMatchObject({ headcount: 2, nominated: 0 });
  });

  test("headcount at the close: someone who joined after it, or left before it, is not counted", async () => {
    const late = await givenPerson(db, { unit: "FX", name: "新人" });
    const gone = await givenPerson(db, { unit: "FX", name: "离职", status: "left" });
    await sql`update people set created_at = '2020-01-01T00:00:00Z', left_at = '2026-01-15T00:00:00Z' where id = ${gone.id}`.execute(db);
    await sql`update people set created_at = now() where id = ${late.id}`.execute(db);
    try {
      const again = value(await insightsFor(db, admin, {}));
      expect(rowOf(again.units, "FX").headcount).toBe(3);
    } finally {
      await db.deleteFrom("person_roles").where("person_id", "in", [late.id, gone.id]).execute();
      await db.deleteFrom("people").where("id", "in", [late.id, gone.id]).execute();
    }
  });

  test("turnout per unit: aggregates only, and a unit smaller than five is never shown alone", () => {
    expect(page.turnout).toMatchObject({ eligible: 20, voted: 10, min: 5 });
    // HL (17 eligible) alone; FX (3) is below five: it joins the smallest unit shown, HL.
    expect(page.turnout!.rows).toEqual([
      {
        units: [
          { code: "", nameZh: "客服中心", nameEn: "Hotline centre" },
          { code: "", nameZh: "装维分公司", nameEn: "Field branch" },
        ],
        eligible: 20,
        voted: 10,
        rate: 50,
      },
    ]);
    expect(JSON.stringify(page.turnout)).not.toMatch(/person|employee|voter_id/i);
  });

  test("the trend over the last four campaigns, with the posts of winners against the caps", () => {
    expect(page.trend.map((r) => r.campaign.slug)).toEqual(["2026-q2", "2026-q3", "2026-q4", "2026-q5"]);
    expect(page.trend.map((r) => [r.nominated, r.winners])).toEqual([
      [1, 0],
      [1, 0],
      [1, 1],
      [4, 4],
    ]);
    // Round 5: individual winners Ann (front line) and Cai (management): 50 % management against a 20 % cap; the team apart.
    expect(page.trend[3].caps).toMatchObject({
      individuals: 2,
      frontline: 1,
      management: 1,
      teams: 1,
      teamMembers: 2,
      managementOver: true,
      frontlineUnder: false,
    });
    expect(page.trend[3].turnout).toEqual({ eligible: 20, voted: 10, rate: 50 });
    expect(page.caps).toEqual(page.trend[3].caps);
  });

  test("the share of staff ever recognised", () => {
    // Active staff: 2 + 17 + 3 = 22; nominated ever: Ann, Ben, Cai, FX 1, FX 2 = 5 (the draft does not count); won: Ann, Cai, Ben, FX 2 = 4.
    expect(page.recognition.total).toEqual({ staff: 22, nominated: 5, nominatedShare: 22.7, won: 4, wonShare: 18.2 });
    expect(rowOf(page.recognition.rows, "HL")).toMatchObject({ staff: 17, nominated: 3, won: 3 });
  });

  test("units with no nominee in the last four campaigns: the highest quiet one only", () => {
    // T2 had no nominee (its draft does not count); the company's own staff are not a unit below it.
    expect(page.quiet.map((q) => q.unit.code)).toEqual(["T2"]);
    expect(page.quiet[0]).toMatchObject({ staff: 6, campaigns: 4 });
  });

  test("repeat winners, with the campaigns they won", () => {
    expect(page.repeatWinners).toEqual([
      {
        name: "安",
        employeeNo: people.t1_1.employeeNo,
        unit: { code: "T1", nameZh: "一班", nameEn: "Team 1" },
        wins: 2,
        campaigns: [
          { nameZh: "第4期", nameEn: "Round 4" },
          { nameZh: "第5期", nameEn: "Round 5" },
        ],
      },
    ]);
  });

  test("another campaign and a longer trend by the filters; an unknown campaign is refused", async () => {
    const q1 = value(await insightsFor(db, admin, { campaign: "2026-q1", last: 12 }));
    expect(q1.trend).toHaveLength(5);
    expect(rowOf(q1.units, "FX")).toMatchObject({ nominated: 1, winners: 0 });
    expect(await insightsFor(db, admin, { campaign: "nope" })).toMatchObject({ ok: false, error: "insights.campaign.unknown", status: 404 });
  });

  test("the CSV of a table: the page's rows, headers in the reader's language", () => {
    const csv = insightsCsv(page, "units", makeT("en"), "en");
    expect(csv.startsWith("\ufeffCampaign,Unit,code,Headcount,Nominated")).toBe(true);
    expect(csv).toContain("Round 5,Hotline centre,HL,17,3,17.6,3,17.6\r\n");
  });
});

describe("who sees what", () => {
  test("the committee sees every unit, as administrators do", async () => {
    const page = value(await insightsFor(db, committee, {}));
    expect(page.units.map((r) => r.unit.code).sort()).toEqual(["FX", "HL", "ORG"]);
  });

  test("a manager sees only their own units, broken down below their unit", async () => {
    const page = value(await insightsFor(db, manager, {}));
    expect(page.scope).toMatchObject({ code: "HL" });
    expect(page.scopes.map((s) => s.code)).toEqual(["HL"]);
    expect(page.units.map((r) => (r.own ? "(own)" : r.unit.code))).toEqual(["(own)", "T1", "T2"]);
    expect(rowOf(page.units, "T1")).toMatchObject({ headcount: 10, nominated: 3, winners: 3 });
    // The team's FX member is outside: only Ann and Cai count for the caps here.
    expect(page.caps).toMatchObject({ individuals: 2, teams: 1, teamMembers: 1 });
    expect(page.recognition.total.staff).toBe(17);
    // Turnout below HL: T1 (10) alone; T2 (6) alone; the manager's own row (1) joins the smallest.
    expect(page.turnout!.rows!.every((r) => r.eligible >= 5)).toBe(true);
    expect(page.turnout!.rows!.reduce((s, r) => s + r.eligible, 0)).toBe(17);
    // Another unit is refused as if it did not exist, and so is the company as a whole.
    expect(await insightsFor(db, manager, { unit: "FX" })).toMatchObject({ ok: false, error: "insights.unit.unknown", status: 404 });
    expect(await insightsFor(db, manager, { unit: "ORG" })).toMatchObject({ ok: false, error: "insights.unit.unknown", status: 404 });
    // Within their units, a smaller one.
    expect(value(await insightsFor(db, manager, { unit: "T1" })).scope).toMatchObject({ code: "T1" });
  });

  test("a staff member is refused", async () => {
    expect(await insightsFor(db, staff, {})).toEqual({ ok: false, error: "insights.forbidden", status: 403 });
  });

  test("a small unit's turnout is not shown at all when even the whole view is smaller than five", async () => {
    const page = value(await insightsFor(db, admin, { unit: "FX" }));
    expect(page.turnout).toMatchObject({ eligible: 3, voted: 1, rows: null });
    expect(page.trend.at(-1)!.turnout).toBeNull();
  });
});
