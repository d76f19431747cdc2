import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { eligibleList } from "../../app/domain/eligibility/eligible.server";
import { exceptionsOf } from "../../app/domain/eligibility/exceptions.server";
import {
  addTitleRule,
  moveTitleRule,
  removeTitleRule,
  rulesOfTitles,
  setAllowsException,
  titleRulesPage,
} from "../../app/domain/eligibility/title-rules.server";
import { localisedVars } from "../../app/domain/eligibility/sentences";
import { getNomination } from "../../app/domain/nominations/reading.server";
import { reviewQueue } from "../../app/domain/nominations/review.server";
import { saveNomination } from "../../app/domain/nominations/saving.server";
import { makeT } from "../../app/i18n/all.server";
import { givenPerson } from "../support/builders";
import { createTestDb, type TestDb } from "../support/db";
import { givenMetric, givenMetricValues, type PlantedMetric } from "../support/metrics";
import { aNomination, givenNominatingCampaign, moveTo, storedState, type NominatingCampaign } from "../support/nominations";

// A title's rules judged on imported values (issue 20, decision 0050): the
// rules editor, the eligible list a manager reads for their units, and the
// check at submit, on both databases.

let t: TestDb;
let w: NominatingCampaign;
let satisfaction: PlantedMetric;
beforeAll(async () => {
  t = await createTestDb();
  w = await givenNominatingCampaign(t.db);
  satisfaction = await givenMetric(t.db, { nameZh: "满意度", nameEn: "Satisfaction", decimals: 1 });
  // The campaign runs October to December 2026.
  const months = ["2026-10", "2026-11", "2026-12"];
  const plant = (who: string, values: number[]) =>
    months.map((period, i) => ({ metric: satisfaction, subject: who, period, value: values[i], source: "10000号质检系统" }));
  await givenMetricValues(t.db, [
    ...plant(w.alice.employeeNo, [98.2, 99, 98.5]),
    // One month just under 98: a near miss.
    ...plant(w.bob.employeeNo, [99, 97.6, 99]),
    ...plant(w.carol.employeeNo, [99, 99, 99]),
    ...plant(w.dave.employeeNo, [99, 99, 99]),
  ]);
  const r1 = await addTitleRule(t.db, w.admin, w.star.slug, {
    kind: "metric",
    metricId: satisfaction.id,
    scope: "each",
    comparator: "gte",
    threshold: 98,
  });
  const r2 = await addTitleRule(t.db, w.admin, w.star.slug, { kind: "service_months", comparator: "gte", threshold: 12 });
  expect([r1.ok, r2.ok]).toEqual([true, true]);
});
afterAll(() => t.close());

describe("the rules editor", () => {
  test("administrators only: a manager is refused and nothing changes", async () => {
    const before = await rulesOfTitles(t.db, [w.star.id]);
    expect(await addTitleRule(t.db, w.manager, w.star.slug, { kind: "service_months", comparator: "gte", threshold: 1 })).toMatchObject({
      ok: false,
      status: 403,
    });
    expect(await titleRulesPage(t.db, w.manager, w.star.slug)).toMatchObject({ ok: false, status: 403 });
    expect(await setAllowsException(t.db, w.manager, w.star.slug, true)).toMatchObject({ ok: false, status: 403 });
    expect(await rulesOfTitles(t.db, [w.star.id])).toEqual(before);
  });

  test("rules are added, reordered and removed, each change audited", async () => {
    const slug = w.model.slug;
    await addTitleRule(t.db, w.admin, slug, { kind: "service_months", comparator: "gte", threshold: 6 });
    await addTitleRule(t.db, w.admin, slug, { kind: "metric", metricId: satisfaction.id, scope: "overall", comparator: "gt", threshold: 95 });
    let rules = (await rulesOfTitles(t.db, [w.model.id])).get(w.model.id)!;
    expect(rules.map((r) => r.kind)).toEqual(["service_months", "metric"]);
    expect(rules[1]).toMatchObject({ threshold: 95, scope: "overall", comparator: "gt" });
    expect((await moveTitleRule(t.db, w.admin, slug, rules[1].id, "up")).ok).toBe(true);
    rules = (await rulesOfTitles(t.db, [w.model.id])).get(w.model.id)!;
    expect(rules.map((r) => r.kind)).toEqual(["metric", "service_months"]);
    expect((await removeTitleRule(t.db, w.admin, slug, rules[0].id)).ok).toBe(true);
    expect(await removeTitleRule(t.db, w.admin, slug, rules[0].id)).toMatchObject({ ok: false, error: "eligibility.rule.unknown" });
    rules = (await rulesOfTitles(t.db, [w.model.id])).get(w.model.id)!;
    expect(rules.map((r) => r.kind)).toEqual(["service_months"]);
    await removeTitleRule(t.db, w.admin, slug, rules[0].id);
    const audit = await t.db
      .selectFrom("audit_log")
      .select(["action"])
      .where("subject_type", "=", "title")
      .where("subject_id", "=", slug)
      .orderBy("id")
      .execute();
    expect(audit.map((a) => a.action)).toEqual([
      "title.created",
      "title.rule_added",
      "title.rule_added",
      "title.rules_reordered",
      "title.rule_removed",
      "title.rule_removed",
    ]);
  });

  test("an unknown metric is refused", async () => {
    expect(
      await addTitleRule(t.db, w.admin, w.model.slug, { kind: "metric", metricId: 999999, scope: "each", comparator: "gte", threshold: 1 }),
    ).toMatchObject({
      ok: false,
      error: "eligibility.rule.metric.unknown",
    });
  });
});

describe("the eligible list", () => {
  const names = (people: Array<{ employeeNo: string }>) => people.map((p) => p.employeeNo).sort();

  test("a manager sees only their units: who meets the rules, and a near miss with the reason", async () => {
    const r = await eligibleList(t.db, w.manager, w.slug);
    if (!r.ok) throw new Error(r.error);
    const star = r.value.titles.find((x) => x.slug === w.star.slug)!;
    expect(names(star.eligible)).toEqual([w.alice.employeeNo]);
    expect(names(star.nearMisses)).toEqual([w.bob.employeeNo]);
    // The model title has no rules: not listed.
    expect(r.value.titles.map((x) => x.slug)).toEqual([w.star.slug]);
    const miss = star.nearMisses[0].outcomes.find((o) => !o.met)!;
    expect(miss).toMatchObject({ kind: "metric", value: 97.6, period: "2026-11", sourceSystems: ["10000号质检系统"] });
    const alice = star.eligible[0].outcomes.find((o) => o.kind === "metric")!;
    expect(alice).toMatchObject({ met: true, value: 98.2, period: "2026-10" });
    expect(r.value.mayNominate).toBe(true);
  });

  test("another manager sees their own unit; an administrator sees all units of the campaign's scope", async () => {
    const b = await eligibleList(t.db, w.managerB, w.slug);
    if (!b.ok) throw new Error(b.error);
    expect(names(b.value.titles[0].eligible)).toEqual([w.carol.employeeNo]);
    const a = await eligibleList(t.db, w.admin, w.slug);
    if (!a.ok) throw new Error(a.error);
    const star = a.value.titles[0];
    // Dave works outside the campaign's scope: never listed, whatever his figures.
    expect(star.eligible.map((p) => p.employeeNo)).not.toContain(w.dave.employeeNo);
    expect(star.eligible.map((p) => p.employeeNo)).toEqual(expect.arrayContaining([w.alice.employeeNo, w.carol.employeeNo]));
    // An administrator may narrow it to one unit.
    const teamB = await eligibleList(t.db, w.admin, w.slug, { unit: w.units.teamB });
    if (!teamB.ok) throw new Error(teamB.error);
    expect(names(teamB.value.titles[0].eligible)).toEqual([w.carol.employeeNo]);
  });

  test("staff and the committee are refused", async () => {
    expect(await eligibleList(t.db, w.alice, w.slug)).toMatchObject({ ok: false, status: 403, error: "eligibility.eligible.forbidden" });
    expect(await eligibleList(t.db, w.committee, w.slug)).toMatchObject({ ok: false, status: 403 });
  });

  test("an unknown hire date fails its rule, with its reason", async () => {
    const newcomer = await givenPerson(t.db, { unit: w.units.teamA, name: "新人" });
    await t.db.updateTable("people").set({ hire_date: null }).where("id", "=", newcomer.id).execute();
    await givenMetricValues(
      t.db,
      ["2026-10", "2026-11", "2026-12"].map((period) => ({ metric: satisfaction, subject: newcomer.employeeNo, period, value: 99 })),
    );
    const r = await eligibleList(t.db, w.manager, w.slug);
    if (!r.ok) throw new Error(r.error);
    const star = r.value.titles[0];
    expect(names(star.eligible)).not.toContain(newcomer.employeeNo);
    // Not a near miss either: nothing says how near.
    expect(names(star.nearMisses)).not.toContain(newcomer.employeeNo);
  });
});

describe("at submission", () => {
  test("a nominee who does not meet the rules is refused with the reasons, and nothing is stored", async () => {
    const before = await storedState(t.db, w);
    const r = await saveNomination(t.db, w.manager, w.slug, null, aNomination(w, { nominees: [w.bob.employeeNo] }), { submit: true });
    expect(r).toMatchObject({ ok: false, status: 400, error: "eligibility.submit.refused" });
    if (r.ok) return;
    const en = makeT("en")(r.error, localisedVars(r, "en").vars);
    expect(en).toContain("97.6 % against ≥ 98 % (2026-11; from 10000号质检系统");
    const zh = makeT("zh-CN")(r.error, localisedVars(r, "zh-CN").vars);
    expect(zh).toContain("满意度每月 ≥ 98%：97.6%，要求 ≥ 98%（2026-11");
    expect(await storedState(t.db, w)).toEqual(before);
  });

  test("a draft is saved whatever the rules say", async () => {
    const r = await saveNomination(t.db, w.manager, w.slug, null, aNomination(w, { nominees: [w.bob.employeeNo] }), { submit: false });
    expect(r.ok).toBe(true);
    if (r.ok) await t.db.deleteFrom("nominations").where("id", "=", r.value.id).execute();
  });

  test("a team is refused when one member does not meet the rules", async () => {
    const r = await saveNomination(
      t.db,
      w.manager,
      w.slug,
      null,
      aNomination(w, { kind: "team", teamName: "投诉处理班", nominees: [w.alice.employeeNo, w.bob.employeeNo] }),
      { submit: true },
    );
    expect(r).toMatchObject({ ok: false, error: "eligibility.submit.refused" });
  });

  test("someone who meets the rules is submitted with the evaluation stored", async () => {
    const r = await saveNomination(t.db, w.manager, w.slug, null, aNomination(w), { submit: true });
    if (!r.ok) throw new Error(r.error);
    const row = await t.db
      .selectFrom("nominations")
      .select(["eligibility", "exception_reason"])
      .where("id", "=", r.value.id)
      .executeTakeFirstOrThrow();
    const stored = (typeof row.eligibility === "string" ? JSON.parse(row.eligibility) : row.eligibility) as {
      eligible: boolean;
      exception: boolean;
      nominees: unknown[];
    };
    expect(stored).toMatchObject({ eligible: true, exception: false, period: { start: "2026-10-01", end: "2026-12-31", asOf: expect.any(String) } });
    expect(stored.nominees).toHaveLength(1);
    expect(row.exception_reason).toBeNull();
    expect((await exceptionsOf(t.db, [r.value.id])).size).toBe(0);
  });

  test("a title that allows an exception asks for a justification, then keeps it for the committee", async () => {
    await setAllowsException(t.db, w.admin, w.star.slug, true);
    const before = await storedState(t.db, w);
    const asked = await saveNomination(t.db, w.manager, w.slug, null, aNomination(w, { nominees: [w.bob.employeeNo] }), { submit: true });
    expect(asked).toMatchObject({ ok: false, error: "eligibility.submit.exceptionRequired" });
    expect(await storedState(t.db, w)).toEqual(before);

    const reason = "十一月台风期间顶岗夜班，满意度受极端话务影响，其余月份均在 99% 以上。";
    const r = await saveNomination(t.db, w.manager, w.slug, null, aNomination(w, { nominees: [w.bob.employeeNo], exceptionReason: reason }), {
      submit: true,
    });
    if (!r.ok) throw new Error(r.error);
    const exception = (await exceptionsOf(t.db, [r.value.id])).get(r.value.id);
    expect(exception?.reason).toBe(reason);
    expect(exception?.nominees[0]).toMatchObject({ employeeNo: w.bob.employeeNo });
    expect(exception?.nominees[0].failed).toHaveLength(1);

    // The committee sees it on the nomination and, marked, in its queue.
    const page = await getNomination(t.db, w.committee, w.slug, r.value.id);
    expect(page.ok && page.value.exception?.reason).toBe(reason);
    const queue = await reviewQueue(t.db, w.committee, w.slug);
    if (!queue.ok) throw new Error(queue.error);
    expect(queue.value.waiting.find((i) => i.id === r.value.id)?.exception).not.toBeNull();
    await setAllowsException(t.db, w.admin, w.star.slug, false);
  });

  test("the list stays readable after nominations close", async () => {
    const later = await givenNominatingCampaign(t.db, { phase: "reviewing" });
    const r = await eligibleList(t.db, later.manager, later.slug);
    expect(r).toMatchObject({ ok: true, value: { mayNominate: false } });
    const draft = await givenNominatingCampaign(t.db, { phase: "draft" });
    expect(await eligibleList(t.db, draft.admin, draft.slug)).toMatchObject({ ok: false, error: "eligibility.eligible.notYet" });
    await moveTo(t.db, later, "voting");
  });
});
