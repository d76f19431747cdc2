import { parseWithZod } from "@conform-to/zod/v4";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Db } from "../../db/client";
import { figuresForForm, nominationForm } from "../../app/domain/nominations/form.server";
import { reviewQueue } from "../../app/domain/nominations/review.server";
import { getNomination } from "../../app/domain/nominations/reading.server";
import { saveNomination } from "../../app/domain/nominations/saving.server";
import { nominationInput, nominationSchema, type MetricInput } from "../../app/domain/nominations/schema";
import type { HonorRollSnapshot, SnapshotMetric } from "../../app/domain/publishing/snapshot";
import { ballotFor } from "../../app/domain/voting/ballot.server";
import { allMessages } from "../../app/i18n/all.server";
import { LocaleProvider } from "../../app/i18n/react";
import type { Locale } from "../../app/i18n";
import { HeadlineMetric } from "../../app/published/headline-metric";
import { createTestDb, type TestDb } from "../support/db";
import { givenMetric, givenMetricValues, type PlantedMetric } from "../support/metrics";
import { aNomination, givenNominatingCampaign, moveTo, type NominatingCampaign } from "../support/nominations";
import { givenRatifiedCampaign } from "../support/publishing";
import { value } from "../support/result";

// Issue 20, item 2 (decision 0051): the nomination form fills the title's
// figures from the values imported for the nominee over the campaign's
// period; a save stores a figure as imported only when the server, reading
// the figure again, finds the value unchanged — whatever the form claims —
// and every page says which figures came from a system and which were typed.

let t: TestDb;
let db: Db;
let w: NominatingCampaign;
let satisfaction: PlantedMetric;
const source = "10000号质检系统";
const importedOn = new Date("2026-12-02T03:00:00Z");

beforeAll(async () => {
  t = await createTestDb();
  db = t.db;
  w = await givenNominatingCampaign(db);
  satisfaction = await givenMetric(db, { code: "csat_prov", decimals: 1, combine: "average" });
  // The metrics-write helper's editor points a template at a definition; here it is set directly.
  await db.updateTable("title_metric_templates").set({ metric_id: satisfaction.id }).where("id", "=", w.star.requiredTemplateId).execute();
  await givenMetricValues(
    db,
    [
      // Outside the campaign's period (2026-10-01 – 2026-12-31): never part of its figure.
      { metric: satisfaction, subject: w.alice.employeeNo, period: "2026-09", value: "50", source },
      { metric: satisfaction, subject: w.alice.employeeNo, period: "2026-10", value: "98.46", source },
      { metric: satisfaction, subject: w.alice.employeeNo, period: "2026-11", value: "99.1", source },
      { metric: satisfaction, subject: w.alice.employeeNo, period: "2026-12", value: "99.0", source },
      // Bob: one month of three.
      { metric: satisfaction, subject: w.bob.employeeNo, period: "2026-11", value: "97.25", source: "CRM" },
    ],
    { recordedAt: importedOn },
  );
});
afterAll(() => t.close());

/** The form's request for Alice (or whoever) under the star title. */
const ask = (nominees: string[], kind: "individual" | "team" = "individual") => ({ titleSlug: w.star.slug, kind, nominees });

/** The star title's required metric as the form would post it after filling. */
const satisfactionRow = (over: Partial<MetricInput> = {}): MetricInput => ({
  templateId: w.star.requiredTemplateId,
  name: "客户满意度",
  value: 98.9,
  unit: "%",
  period: "2026-10 – 2026-12",
  target: 98,
  baseline: null,
  direction: "higher",
  source,
  ...over,
});

async function storedMetrics(id: number) {
  return db
    .selectFrom("nomination_metrics")
    .select(["template_id", "value", "period", "source", "origin", "metric_id", "source_system", "imported_at"])
    .where("nomination_id", "=", id)
    .orderBy("position")
    .execute();
}

/** Alice's star nomination (each test of saving starts from none). */
async function clearNominations() {
  await db.deleteFrom("nominations").where("campaign_id", "=", w.campaignId).execute();
}

describe("filling the form from imported data", () => {
  test("the nominee's figures over the campaign's period: combined, rounded to the definition's decimals, with the period and source", async () => {
    const found = value(await figuresForForm(db, w.manager, w.slug, ask([w.alice.employeeNo])));
    expect(found.nominee).toEqual({ name: w.alice.name, employeeNo: w.alice.employeeNo });
    expect(found.reason).toBeNull();
    expect(found.figures).toEqual([
      {
        templateId: w.star.requiredTemplateId,
        metricId: satisfaction.id,
        // (98.46 + 99.1 + 99.0) / 3 = 98.853…; September's 50 is outside the period.
        value: 98.9,
        unit: "%",
        period: "2026-10 – 2026-12",
        direction: "higher",
        sourceSystem: source,
        importedAt: importedOn.toISOString(),
        periodsWith: 3,
        periodsTotal: 3,
      },
    ]);
  });

  test("a nominee with only some months imported: the figure of those months, saying how many", async () => {
    const [figure] = value(await figuresForForm(db, w.manager, w.slug, ask([w.bob.employeeNo]))).figures;
    expect(figure).toMatchObject({ value: 97.3, period: "2026-11", sourceSystem: "CRM", periodsWith: 1, periodsTotal: 3 });
  });

  test("nothing imported for the nominee: nothing filled, and the form says why", async () => {
    const found = value(await figuresForForm(db, w.managerB, w.slug, ask([w.carol.employeeNo])));
    expect(found).toEqual({ nominee: { name: w.carol.name, employeeNo: w.carol.employeeNo }, figures: [], reason: "none" });
  });

  test("a team is not filled: its members' figures are not summed or averaged silently", async () => {
    const found = value(await figuresForForm(db, w.manager, w.slug, ask([w.alice.employeeNo, w.bob.employeeNo], "team")));
    expect(found).toEqual({ nominee: null, figures: [], reason: "team" });
  });

  test("the form is no window onto the figures of someone a manager may not nominate", async () => {
    const r = await figuresForForm(db, w.managerB, w.slug, ask([w.alice.employeeNo]));
    expect(r).toMatchObject({ ok: false, error: "nominations.nominee.outsideScope" });
    const staff = await figuresForForm(db, w.bob, w.slug, ask([w.alice.employeeNo]));
    expect(staff.ok).toBe(false);
  });

  test("the edit form carries its nominee's figures, so its rows are marked", async () => {
    await clearNominations();
    const saved = value(await saveNomination(db, w.manager, w.slug, null, aNomination(w, { metrics: [satisfactionRow()] }), { submit: false }));
    const form = value(await nominationForm(db, w.manager, w.slug, saved.id));
    expect(form.imported.figures.map((f) => f.value)).toEqual([98.9]);
    expect(value(await nominationForm(db, w.manager, w.slug, null)).imported.figures).toEqual([]);
  });
});

describe("the server decides a figure's provenance when it saves", () => {
  test("a filled figure saved unchanged is stored as imported, with its definition, source system and import date", async () => {
    await clearNominations();
    const saved = value(await saveNomination(db, w.manager, w.slug, null, aNomination(w, { metrics: [satisfactionRow()] }), { submit: true }));
    const [m] = await storedMetrics(saved.id);
    expect(m).toMatchObject({ origin: "imported", metric_id: satisfaction.id, source_system: source, period: "2026-10 – 2026-12", source });
    expect(Number(m.value)).toBe(98.9);
    expect(new Date(m.imported_at!).toISOString()).toBe(importedOn.toISOString());
  });

  test("a changed value is stored as entered by the nominator, without provenance", async () => {
    await clearNominations();
    const saved = value(
      await saveNomination(db, w.manager, w.slug, null, aNomination(w, { metrics: [satisfactionRow({ value: 99.5 })] }), { submit: true }),
    );
    expect(await storedMetrics(saved.id)).toMatchObject([{ origin: "entered", metric_id: null, source_system: null, imported_at: null }]);
  });

  test("the imported value under another period is the nominator's", async () => {
    await clearNominations();
    const saved = value(
      await saveNomination(db, w.manager, w.slug, null, aNomination(w, { metrics: [satisfactionRow({ period: "2026年第四季度" })] }), {
        submit: false,
      }),
    );
    expect((await storedMetrics(saved.id))[0].origin).toBe("entered");
  });

  test("nothing imported for the nominee: a typed figure is entered", async () => {
    await clearNominations();
    const saved = value(
      await saveNomination(db, w.managerB, w.slug, null, aNomination(w, { nominees: [w.carol.employeeNo], metrics: [satisfactionRow()] }), {
        submit: false,
      }),
    );
    expect((await storedMetrics(saved.id))[0].origin).toBe("entered");
  });

  test("a forged origin in the form is ignored: the schema drops it and the server compares for itself", async () => {
    await clearNominations();
    const form = new FormData();
    const fields: Record<string, string> = {
      title: w.star.slug,
      kind: "individual",
      "nominees[0]": w.alice.employeeNo,
      citation: "一年接听两万通电话，零投诉。",
      "metrics[0].templateId": String(w.star.requiredTemplateId),
      "metrics[0].name": "客户满意度",
      "metrics[0].value": "99.9",
      "metrics[0].unit": "%",
      "metrics[0].period": "2026-10 – 2026-12",
      "metrics[0].direction": "higher",
      "metrics[0].source": source,
      // What a forger would add: none of it is read.
      "metrics[0].origin": "imported",
      "metrics[0].metricId": String(satisfaction.id),
      "metrics[0].sourceSystem": source,
      "metrics[0].importedAt": importedOn.toISOString(),
      "stories[0].body": "台风过境那晚，她三次回电确认抢修进度。",
      intent: "save",
    };
    for (const [k, v] of Object.entries(fields)) form.set(k, v);
    const submission = parseWithZod(form, { schema: nominationSchema });
    expect(submission.status).toBe("success");
    if (submission.status !== "success") return;
    const saved = value(await saveNomination(db, w.manager, w.slug, null, nominationInput(submission.value), { submit: false }));
    expect(await storedMetrics(saved.id)).toMatchObject([{ origin: "entered", metric_id: null, source_system: null }]);

    // A caller of the domain passing provenance along gets the same answer.
    const forged = {
      ...satisfactionRow({ value: 99.9 }),
      origin: "imported",
      metricId: satisfaction.id,
      sourceSystem: source,
      importedAt: importedOn,
    };
    const again = value(await saveNomination(db, w.manager, w.slug, saved.id, aNomination(w, { metrics: [forged] }), { submit: false }));
    expect((await storedMetrics(again.id))[0].origin).toBe("entered");
  });

  test("a team's figures are always the nominator's", async () => {
    await clearNominations();
    const saved = value(
      await saveNomination(
        db,
        w.manager,
        w.slug,
        null,
        aNomination(w, { kind: "team", teamName: "投诉处理班", nominees: [w.alice.employeeNo, w.bob.employeeNo], metrics: [satisfactionRow()] }),
        { submit: false },
      ),
    );
    expect((await storedMetrics(saved.id))[0].origin).toBe("entered");
  });

  test("a value imported again after submission: the nomination keeps what it was submitted with; the form shows the new figure", async () => {
    await clearNominations();
    const saved = value(await saveNomination(db, w.manager, w.slug, null, aNomination(w, { metrics: [satisfactionRow()] }), { submit: true }));
    await givenMetricValues(db, [{ metric: satisfaction, subject: w.alice.employeeNo, period: "2026-12", value: "96.0", source }]);
    const [kept] = await storedMetrics(saved.id);
    expect(kept).toMatchObject({ origin: "imported", source_system: source });
    expect(Number(kept.value)).toBe(98.9);
    const page = value(await getNomination(db, w.manager, w.slug, saved.id));
    expect(page.metrics[0].latest).toMatchObject({ value: 98.9, origin: "imported", sourceSystem: source, importedAt: importedOn.toISOString() });
    // The figure now is (98.46 + 99.1 + 96.0) / 3 = 97.85…
    expect(value(await figuresForForm(db, w.manager, w.slug, ask([w.alice.employeeNo]))).figures[0].value).toBe(97.9);
    // Put back the import for the tests after this one.
    await givenMetricValues(db, [{ metric: satisfaction, subject: w.alice.employeeNo, period: "2026-12", value: "99.0", source }], {
      recordedAt: importedOn,
    });
  });
});

describe("the marks on the pages that show figures", () => {
  test("the nomination page, the review queue and the ballot say which figures were imported and which entered", async () => {
    const v = await givenNominatingCampaign(db);
    await db.updateTable("title_metric_templates").set({ metric_id: satisfaction.id }).where("id", "=", v.star.requiredTemplateId).execute();
    await givenMetricValues(
      db,
      ["2026-10", "2026-11", "2026-12"].map((period) => ({ metric: satisfaction, subject: v.alice.employeeNo, period, value: "99.0", source })),
      { recordedAt: importedOn },
    );
    const row = { ...satisfactionRow({ value: 99, templateId: v.star.requiredTemplateId }) };
    const typed: MetricInput = {
      ...row,
      templateId: null,
      name: "表扬信",
      value: 12,
      unit: "封",
      period: "2026年",
      target: null,
      source: "客户来信",
    };
    const id = value(await saveNomination(db, v.manager, v.slug, null, aNomination(v, { metrics: [row, typed] }), { submit: true })).id;

    const page = value(await getNomination(db, v.committee, v.slug, id));
    expect(page.metrics.map((g) => [g.name, g.latest.origin, g.latest.sourceSystem])).toEqual([
      ["客户满意度", "imported", source],
      ["表扬信", "entered", null],
    ]);
    await moveTo(db, v, "reviewing");
    const queue = value(await reviewQueue(db, v.committee, v.slug));
    expect(queue.waiting[0].figures.map((f) => [f.name, f.origin, f.sourceSystem, f.importedAt])).toEqual([
      ["客户满意度", "imported", source, importedOn.toISOString()],
      ["表扬信", "entered", null, null],
    ]);
    const approved = await import("../../app/domain/nominations/review.server").then((m) =>
      m.reviewNomination(db, v.committee, v.slug, id, { decision: "approve", comment: "" }),
    );
    expect(approved.ok).toBe(true);
    await moveTo(db, v, "voting");
    const ballot = value(await ballotFor(db, v.carol, v.slug));
    const card = ballot.titles.find((x) => x.slug === v.star.slug)!.nominations.find((n) => n.id === id)!;
    expect(card.metrics.map((m) => [m.origin, m.sourceSystem])).toEqual([
      ["imported", source],
      ["entered", null],
    ]);
  });
});

describe("the honour roll's snapshot", () => {
  test("a published roll carries each headline figure's origin, source system and import date", async () => {
    const p = await givenRatifiedCampaign(db);
    await db
      .updateTable("nomination_metrics")
      .set({ origin: "imported", metric_id: satisfaction.id, source_system: source, imported_at: importedOn })
      .where("nomination_id", "=", p.starAlice)
      .execute();
    await moveTo(db, p, "published");
    const { snapshot } = await db
      .selectFrom("honor_rolls")
      .select("snapshot")
      .where("campaign_id", "=", p.campaignId)
      .orderBy("version", "desc")
      .executeTakeFirstOrThrow();
    const winners = (snapshot as unknown as HonorRollSnapshot).titles.flatMap((x) => x.winners);
    const alice = winners.find((x) => x.nominationId === p.starAlice)!;
    expect(alice.metrics[0]).toMatchObject({ origin: "imported", sourceSystem: source, importedAt: importedOn.toISOString() });
    const other = winners.find((x) => x.nominationId !== p.starAlice)!;
    expect(other.metrics[0].origin).toBe("entered");
    expect(other.metrics[0]).not.toHaveProperty("sourceSystem");
  });

  const render = (metric: SnapshotMetric, locale: Locale, originDetail = true) =>
    renderToStaticMarkup(
      createElement(LocaleProvider, { value: locale, messages: allMessages }, createElement(HeadlineMetric, { metric, originDetail })),
    );
  const old: SnapshotMetric = {
    id: 1,
    name: "客户满意度",
    value: 99.2,
    unit: "%",
    period: "2026年第三季度",
    target: 98,
    baseline: null,
    direction: "higher",
    source: "质检系统",
    comparison: { met: true, better: null, delta: 1.2 },
  };

  test("a roll published before figures had an origin still renders, its figures marked as entered", () => {
    expect(render(old, "zh-CN")).toContain("填报");
    expect(render(old, "zh-CN")).toContain("提名人填写");
    expect(render(old, "en")).toContain("Entered by the nominator");
  });

  test("an imported headline figure is marked with its source and date in both languages; the short mark says it to screen readers", () => {
    const imported: SnapshotMetric = { ...old, origin: "imported", sourceSystem: source, importedAt: importedOn.toISOString() };
    const zh = render(imported, "zh-CN");
    expect(zh).toContain("系统数据");
    expect(zh).toContain(`来自<span lang="zh-CN">${source}</span>`);
    expect(render(imported, "en")).toContain("Imported");
    expect(render(imported, "en")).toContain("imported Dec 2, 2026");
    expect(render(imported, "zh-CN", false)).toContain('class="visually-hidden"');
  });
});
