import fc from "fast-check";
import { describe, expect, test } from "vitest";
import {
  comparators,
  evaluate,
  holds,
  monthsOfService,
  negation,
  type Comparator,
  type FactFigure,
  type PersonFacts,
  type Rule,
  type RuleMetric,
} from "../../app/domain/eligibility/rules";
import { failedText, localisedVars, reasonSentence, ruleSentence } from "../../app/domain/eligibility/sentences";
import { makeT } from "../../app/i18n/all.server";

const satisfaction: RuleMetric = {
  id: 1,
  code: "satisfaction",
  nameZh: "满意度",
  nameEn: "Satisfaction",
  unit: "%",
  unitEn: "%",
  decimals: 1,
  grain: "month",
  combine: "average",
};
const complaints: RuleMetric = {
  id: 2,
  code: "complaints_upheld",
  nameZh: "有效投诉",
  nameEn: "Upheld complaints",
  unit: "件",
  unitEn: "",
  decimals: 0,
  grain: "month",
  combine: "sum",
};
const period = { start: "2026-07-01", end: "2026-12-31" };
const months = ["2026-07", "2026-08", "2026-09", "2026-10", "2026-11", "2026-12"];

const figure = (values: Array<number | null>, combined?: number | null): FactFigure => {
  const used = values.filter((v): v is number => v !== null);
  return {
    periods: months.map((p, i) => ({
      period: p,
      value:
        values[i] === null || values[i] === undefined
          ? null
          : { value: values[i]!, sourceSystem: "10000号质检系统", recordedAt: "2026-12-01T02:00:00Z" },
    })),
    value: combined !== undefined ? combined : used.length ? used.reduce((a, b) => a + b, 0) / used.length : null,
  };
};
const facts = (figures: Record<number, FactFigure>, over: Partial<PersonFacts> = {}): PersonFacts => ({
  status: "active",
  hireDate: "2020-03-15",
  figures: new Map(Object.entries(figures).map(([k, v]) => [Number(k), v])),
  ...over,
});
const each = (threshold: number, comparator: Comparator = "gte"): Rule => ({
  id: 10,
  kind: "metric",
  metric: satisfaction,
  scope: "each",
  comparator,
  threshold,
});
const overall = (threshold: number, comparator: Comparator = "gte"): Rule => ({
  id: 11,
  kind: "metric",
  metric: satisfaction,
  scope: "overall",
  comparator,
  threshold,
});
const service = (threshold: number, comparator: Comparator = "gte"): Rule => ({ id: 12, kind: "service_months", comparator, threshold });

describe("eligibility rules", () => {
  test("satisfaction ≥ 98 in each month: one month below fails, and names that month", () => {
    const e = evaluate([each(98)], facts({ 1: figure([98.5, 99, 97.2, 99, 98, 99.1]) }), period);
    expect(e.eligible).toBe(false);
    const o = e.outcomes[1];
    expect(o).toMatchObject({ kind: "metric", met: false, value: 97.2, period: "2026-09", sourceSystems: ["10000号质检系统"] });
  });

  test("a missing month fails with its reason", () => {
    const e = evaluate([each(98)], facts({ 1: figure([99, 99, null, 99, 99, 99]) }), period);
    expect(e.eligible).toBe(false);
    expect(e.nearMiss).toBe(false);
    const t = makeT("en");
    expect(reasonSentence(t, "en", e.outcomes[1])).toBe("no value for 2026-09");
    expect(reasonSentence(makeT("zh-CN"), "zh-CN", e.outcomes[1])).toBe("2026-09无数据");
  });

  test("overall judges the combined figure; a missing month fails it too", () => {
    expect(evaluate([overall(98)], facts({ 1: figure([97, 99, 99, 99, 99, 99]) }), period).eligible).toBe(true);
    expect(evaluate([overall(98)], facts({ 1: figure([99, 99, null, 99, 99, 99]) }), period).eligible).toBe(false);
  });

  test("zero upheld complaints: a sum that is not 0 fails", () => {
    const rule: Rule = { id: 13, kind: "metric", metric: complaints, scope: "overall", comparator: "eq", threshold: 0 };
    expect(evaluate([rule], facts({ 2: figure([0, 0, 0, 0, 0, 0], 0) }), period).eligible).toBe(true);
    const one = evaluate([rule], facts({ 2: figure([0, 0, 1, 0, 0, 0], 1) }), period);
    expect(one.eligible).toBe(false);
    // One complaint away from zero, at a metric counted in whole units: a near miss.
    expect(one.nearMiss).toBe(true);
  });

  test("months of service count to the campaign's end; an unknown hire date fails with its reason", () => {
    expect(monthsOfService("2025-12-31", "2026-12-31")).toBe(12);
    expect(monthsOfService("2026-01-01", "2026-12-31")).toBe(11);
    expect(evaluate([service(12)], facts({}, { hireDate: "2025-12-31" }), period).eligible).toBe(true);
    const unknown = evaluate([service(12)], facts({}, { hireDate: null }), period);
    expect(unknown.eligible).toBe(false);
    expect(reasonSentence(makeT("en"), "en", unknown.outcomes[1])).toBe("the directory does not know the hire date");
    // Two months short of a year: a near miss.
    expect(evaluate([service(12)], facts({}, { hireDate: "2026-02-15" }), period).nearMiss).toBe(true);
    expect(evaluate([service(12)], facts({}, { hireDate: "2026-06-15" }), period).nearMiss).toBe(false);
  });

  test("someone who left never meets the rules, and is never a near miss", () => {
    const e = evaluate([], facts({}, { status: "left" }), period);
    expect(e).toMatchObject({ eligible: false, nearMiss: false });
  });

  test("a near miss fails exactly one rule, within 0.5 % of its threshold", () => {
    const rules = [each(98), service(12)];
    expect(evaluate(rules, facts({ 1: figure([99, 99, 97.6, 99, 99, 99]) }), period).nearMiss).toBe(true);
    expect(evaluate(rules, facts({ 1: figure([99, 99, 97.5, 99, 99, 99]) }), period).nearMiss).toBe(false);
    // Two rules failed: not near, however close each is.
    expect(evaluate(rules, facts({ 1: figure([99, 99, 97.6, 99, 99, 99]) }, { hireDate: "2026-02-15" }), period).nearMiss).toBe(false);
  });

  test("rules read as sentences in both languages", () => {
    expect(ruleSentence(makeT("en"), "en", each(98))).toBe("Satisfaction ≥ 98 % in each month of the period");
    expect(ruleSentence(makeT("zh-CN"), "zh-CN", each(98))).toBe("满意度每月 ≥ 98%");
    expect(ruleSentence(makeT("en"), "en", service(12))).toBe("Months of service ≥ 12");
    const e = evaluate([each(98)], facts({ 1: figure([98.5, 99, 97.2, 99, 98, 99.1]) }), period);
    expect(failedText(makeT("en"), "en", e.outcomes)).toMatch(
      /^Satisfaction ≥ 98 % in each month of the period: 97\.2 % against ≥ 98 % \(2026-09; from 10000号质检系统, imported .*2026\)$/,
    );
  });

  test("judged on a day inside the campaign, only the months that have ended are required", () => {
    const sofar = { ...period, asOf: "2026-12-06" };
    const f = facts({ 1: figure([99, 99, 99, 99, 99, null]) });
    expect(evaluate([each(98)], f, period).eligible).toBe(false);
    expect(evaluate([each(98)], f, sofar).eligible).toBe(true);
    // A December value already imported (a month still running) does not count either way.
    const running = facts({ 1: figure([99, 99, 99, 99, 99, 50]) });
    expect(evaluate([overall(98)], running, sofar)).toMatchObject({ eligible: true, outcomes: [{}, { value: 99, to: "2026-11" }] });
    // Before the first month has ended there is nothing to judge by.
    const early = evaluate([each(98)], f, { ...period, asOf: "2026-07-15" });
    expect(early.eligible).toBe(false);
    expect(reasonSentence(makeT("en"), "en", early.outcomes[1])).toBe("no value for 2026-07");
  });

  test("a refusal's variables come in the reader's language", () => {
    const r = { ok: false, vars: { who: "Li Ming", "who.zh-CN": "李明", count: 1 } };
    expect(localisedVars(r, "zh-CN").vars).toEqual({ who: "李明", count: 1 });
    expect(localisedVars(r, "en").vars).toEqual({ who: "Li Ming", count: 1 });
  });
});

// Values at one decimal, as a satisfaction figure is imported.
const value = fc.integer({ min: 0, max: 10000 }).map((n) => n / 10);
const monthValues = fc.array(fc.option(value, { freq: 8 }), { minLength: 6, maxLength: 6 });
const comparator = fc.constantFrom(...comparators);

describe("eligibility rules, for any figures", () => {
  test("a rule and its negation never both hold", () => {
    fc.assert(
      fc.property(value, value, fc.constantFrom("gte", "lte", "gt", "lt") as fc.Arbitrary<Exclude<Comparator, "eq">>, (v, t, c) => {
        expect(holds(c, v, t)).not.toBe(holds(negation[c], v, t));
      }),
    );
    fc.assert(
      fc.property(
        monthValues,
        value,
        fc.constantFrom("gte", "lte", "gt", "lt") as fc.Arbitrary<Exclude<Comparator, "eq">>,
        fc.boolean(),
        (vs, t, c, isEach) => {
          const f = facts({ 1: figure(vs) });
          const rule = isEach ? each(t, c) : overall(t, c);
          const negated = { ...rule, comparator: negation[c] };
          const a = evaluate([rule], f, period).eligible;
          const b = evaluate([negated], f, period).eligible;
          expect(a && b).toBe(false);
        },
      ),
    );
  });

  test("boundaries: at exactly the threshold gte, lte and eq hold, gt and lt do not", () => {
    fc.assert(
      fc.property(value, (t) => {
        const f = facts({ 1: figure([t, t, t, t, t, t]) });
        expect(evaluate([each(t, "gte")], f, period).eligible).toBe(true);
        expect(evaluate([each(t, "lte")], f, period).eligible).toBe(true);
        expect(evaluate([each(t, "eq")], f, period).eligible).toBe(true);
        expect(evaluate([each(t, "gt")], f, period).eligible).toBe(false);
        expect(evaluate([each(t, "lt")], f, period).eligible).toBe(false);
        expect(evaluate([overall(t, "gte")], f, period).eligible).toBe(true);
        expect(evaluate([overall(t, "gt")], f, period).eligible).toBe(false);
      }),
    );
  });

  test("each holds iff every period has a value that holds", () => {
    fc.assert(
      fc.property(monthValues, value, comparator, (vs, t, c) => {
        const expected = vs.every((v) => v !== null && holds(c, v, t));
        expect(evaluate([each(t, c)], facts({ 1: figure(vs) }), period).eligible).toBe(expected);
      }),
    );
  });

  test("someone who meets every rule is never a near miss", () => {
    fc.assert(
      fc.property(
        monthValues,
        value,
        comparator,
        fc.integer({ min: 0, max: 120 }),
        fc.constantFrom("2010-01-01", "2026-06-30", "2026-12-31"),
        (vs, t, c, m, hire) => {
          const e = evaluate([each(t, c), overall(t, c), service(m)], facts({ 1: figure(vs) }, { hireDate: hire }), period);
          if (e.eligible) expect(e.nearMiss).toBe(false);
          if (e.nearMiss) expect(e.outcomes.filter((o) => !o.met)).toHaveLength(1);
        },
      ),
    );
  });
});
