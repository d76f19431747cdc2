import { describe, expect, test } from "vitest";
import { findPersonalData } from "../../app/domain/privacy/detect";
import { privacyCorpus } from "../../bench/lib/privacy-corpus";

// bench:privacy's corpus (issue 19, Proof) checked without its timings: the
// targets of recall and false findings hold on every run of the unit tests.
const now = new Date("2026-12-06T12:00:00+08:00");

describe("the generated corpus", () => {
  const items = privacyCorpus(20261206);

  test("is the same for the same seed and holds at least 300 findings and 300 look-alikes", () => {
    expect(privacyCorpus(20261206)).toEqual(items);
    expect(items.reduce((n, i) => n + i.truths.length, 0)).toBeGreaterThanOrEqual(300);
    expect(items.reduce((n, i) => n + i.lookAlikes, 0)).toBeGreaterThanOrEqual(300);
    const kinds = new Set(items.flatMap((i) => i.truths.map((t) => t.kind)));
    expect(kinds.size).toBe(8);
  });

  test("recall ≥ 99 % (span and kind exact), false findings ≤ 1 % of look-alikes", () => {
    let planted = 0;
    let found = 0;
    let lookAlikes = 0;
    let falseFindings = 0;
    for (const item of items) {
      const findings = findPersonalData(item.text, { now });
      const same = (f: (typeof findings)[number], t: (typeof item.truths)[number]) => f.kind === t.kind && f.start === t.start && f.end === t.end;
      planted += item.truths.length;
      lookAlikes += item.lookAlikes;
      found += item.truths.filter((t) => findings.some((f) => same(f, t))).length;
      falseFindings += findings.filter((f) => !item.truths.some((t) => same(f, t))).length;
    }
    expect(found / planted).toBeGreaterThanOrEqual(0.99);
    expect(falseFindings / lookAlikes).toBeLessThanOrEqual(0.01);
  });
});
