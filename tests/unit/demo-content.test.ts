import sharp from "sharp";
import { describe, expect, test } from "vitest";
import { inspectImage } from "../../app/domain/media/decode.server";
import { fredPrinciples, parseStory, storyProblem } from "../../app/domain/nominations/story";
import { demoCampaigns } from "../../app/demo/campaigns";
import { demoPhoto, demoPhotoSvg } from "../../app/demo/demo-photos";
import { demoNominations, type DemoNomination, type DemoPhotoScene } from "../../app/demo/nomination-content";
import { demoUnits } from "../../app/demo/org";
import { demoPeople } from "../../app/demo/people";
import { demoTitles } from "../../app/demo/titles";

// The demo nominations must pass every rule the product applies to real ones
// (the database checks, the nominating scope, the committee's independence),
// so the seed never stores what the app itself would refuse.

const people = new Map(demoPeople().map((p) => [p.employeeNo, p]));
const units = new Set(demoUnits.map((u) => u.code));
const scenes: DemoPhotoScene[] = ["hotline", "repair", "night-shift", "community", "team", "award"];
const statuses = ["draft", "submitted", "returned", "approved", "rejected"];

/** Whether unit `code` is `ancestor` or below it ("GD.10000.GZ" is below "GD.10000"). */
const within = (code: string, ancestor: string) => code === ancestor || code.startsWith(`${ancestor}.`);
const person = (no: string) => {
  const p = people.get(no);
  if (!p) throw new Error(`no demo person ${no}`);
  return p;
};
const label = (n: DemoNomination) => `${n.campaign}/${n.title}/${n.nominees.join("+")}`;
const cases = demoNominations.map((n) => [label(n), n] as const);
const chinese = /[\u4e00-\u9fff]/;

test("there are 8–10 demo nominations across both campaigns", () => {
  expect(demoNominations.length).toBeGreaterThanOrEqual(8);
  expect(demoNominations.length).toBeLessThanOrEqual(10);
  const count = (campaign: string, status?: string) =>
    demoNominations.filter((n) => n.campaign === campaign && (!status || n.status === status)).length;
  expect(count("2026-q4", "draft")).toBeGreaterThanOrEqual(2);
  expect(count("2026-q4", "submitted")).toBeGreaterThanOrEqual(1);
  expect(count("3-15-stars", "submitted")).toBeGreaterThanOrEqual(3);
  expect(count("3-15-stars", "returned")).toBeGreaterThanOrEqual(1);
  expect(count("3-15-stars", "approved")).toBeGreaterThanOrEqual(1);
  expect(demoNominations.some((n) => n.nominees.length >= 3 && n.teamName)).toBe(true);
  // Both demo manager accounts find nominations of their own.
  expect(demoNominations.some((n) => n.nominator === "GD000001")).toBe(true);
  expect(demoNominations.some((n) => n.nominator === "GD000002")).toBe(true);
});

test("no person is put forward twice for the same title in the same campaign", () => {
  const seen = new Set<string>();
  for (const n of demoNominations) {
    for (const no of n.nominees) {
      const key = `${n.campaign}|${n.title}|${no}`;
      expect(seen.has(key), key).toBe(false);
      seen.add(key);
    }
  }
});

describe.each(cases)("%s", (_, n) => {
  const campaign = demoCampaigns.find((c) => c.slug === n.campaign);

  test("campaign, title and status exist; the title is offered by the campaign", () => {
    expect(campaign).toBeDefined();
    expect(campaign!.titles.map(([slug]) => slug)).toContain(n.title);
    expect(demoTitles.map((t) => t.slug)).toContain(n.title);
    expect(statuses).toContain(n.status);
    expect(units.has(campaign!.unit)).toBe(true);
  });

  test("nominees: one person, or a named team of 2–10; distinct, active, inside the campaign's scope", () => {
    expect(n.nominees.length).toBeGreaterThanOrEqual(1);
    expect(n.nominees.length).toBeLessThanOrEqual(10);
    expect(new Set(n.nominees).size).toBe(n.nominees.length);
    if (n.nominees.length > 1) {
      expect(n.teamName).toBeDefined();
      expect(n.teamName!.length).toBeGreaterThanOrEqual(1);
      expect(n.teamName!.length).toBeLessThanOrEqual(60);
    } else {
      expect(n.teamName).toBeUndefined();
    }
    for (const no of n.nominees) {
      const p = person(no);
      expect(p.leftAt, no).toBeNull();
      expect(within(p.unit, campaign!.unit), `${no} in ${p.unit}`).toBe(true);
      if (n.campaign === "3-15-stars") expect(within(p.unit, "GD.10000"), no).toBe(true);
    }
  });

  test("the nominator is a manager of the nominees' unit or of one above it", () => {
    const nominator = person(n.nominator);
    expect(nominator.leftAt).toBeNull();
    const scopes = nominator.roles.filter((r) => r.role === "manager" && r.unit !== null).map((r) => r.unit!);
    expect(scopes.length, `${n.nominator} manages a unit`).toBeGreaterThan(0);
    for (const no of n.nominees) {
      expect(
        scopes.some((scope) => within(person(no).unit, scope)),
        `${n.nominator} may nominate ${no}`,
      ).toBe(true);
    }
    expect(n.nominees).not.toContain(n.nominator);
  });

  test("citation, metrics, stories and photos keep within the limits", () => {
    expect(n.citation.length).toBeGreaterThan(0);
    expect(n.citation.length).toBeLessThanOrEqual(200);
    expect(n.citation).toMatch(chinese);

    expect(n.metrics.length).toBeLessThanOrEqual(20);
    for (const m of n.metrics) {
      expect(m.name.length).toBeGreaterThanOrEqual(1);
      expect(m.name.length).toBeLessThanOrEqual(60);
      expect(m.unit.length).toBeLessThanOrEqual(20);
      expect(m.period.length).toBeGreaterThanOrEqual(1);
      expect(m.period.length).toBeLessThanOrEqual(40);
      expect(m.source.length).toBeLessThanOrEqual(120);
      expect(["higher", "lower"]).toContain(m.direction);
      for (const v of [m.value, m.target, m.baseline]) if (v !== undefined) expect(Number.isFinite(v)).toBe(true);
    }
    // One row per metric and period.
    const rows = n.metrics.map((m) => `${m.name}|${m.period}`);
    expect(new Set(rows).size).toBe(rows.length);

    expect(n.stories.length).toBeLessThanOrEqual(10);
    for (const s of n.stories) {
      expect(s.heading.length).toBeLessThanOrEqual(80);
      expect(s.body.length).toBeGreaterThanOrEqual(1);
      expect(s.body.length).toBeLessThanOrEqual(5000);
      expect(storyProblem(s.body)).toBeNull();
      expect(parseStory(s.body).length).toBeGreaterThanOrEqual(1);
      expect(s.body).toMatch(chinese);
      for (const p of s.principles) expect(fredPrinciples).toContain(p);
      expect(new Set(s.principles).size).toBe(s.principles.length);
      if (s.quote !== undefined) {
        expect(s.quote.length).toBeGreaterThanOrEqual(1);
        expect(s.quote.length).toBeLessThanOrEqual(500);
      }
      if (s.quoteBy !== undefined) {
        expect(s.quote, "a quote for its speaker").toBeDefined();
        expect(s.quoteBy.length).toBeGreaterThanOrEqual(1);
        expect(s.quoteBy.length).toBeLessThanOrEqual(60);
      }
    }

    expect(n.photos.length).toBeLessThanOrEqual(6);
    for (const p of n.photos) {
      expect(scenes).toContain(p.scene);
      expect(p.caption.length).toBeLessThanOrEqual(140);
      expect(p.caption).toMatch(chinese);
    }
  });

  test("metric names that match one of the title's templates carry its unit and direction", () => {
    const templates = demoTitles.find((t) => t.slug === n.title)!.templates;
    const allTemplates = demoTitles.flatMap((t) => t.templates);
    for (const m of n.metrics) {
      const template = templates.find((t) => t.nameZh === m.name) ?? allTemplates.find((t) => t.nameZh === m.name);
      if (!template) continue;
      expect({ name: m.name, unit: m.unit, direction: m.direction }).toEqual({ name: m.name, unit: template.unit, direction: template.direction });
    }
  });

  test("a submitted or decided nomination shows the title's required metrics, stories and photos", () => {
    if (n.status === "draft") return;
    const required = demoTitles.find((t) => t.slug === n.title)!.templates.filter((t) => t.required);
    for (const t of required)
      expect(
        n.metrics.map((m) => m.name),
        t.nameZh,
      ).toContain(t.nameZh);
    expect(n.metrics.length).toBeGreaterThanOrEqual(1);
    expect(n.stories.length).toBeGreaterThanOrEqual(1);
    expect(n.photos.length).toBeGreaterThanOrEqual(1);
    for (const s of n.stories) expect(s.principles.length).toBeGreaterThanOrEqual(1);
  });

  test("a decision names a committee member outside the nominees' units, with a comment when returned or rejected", () => {
    if (n.status === "draft" || n.status === "submitted") {
      expect(n.review).toBeUndefined();
      return;
    }
    expect(n.review).toBeDefined();
    const reviewer = person(n.review!.by);
    expect(reviewer.leftAt).toBeNull();
    expect(reviewer.roles.map((r) => r.role)).toContain("committee");
    expect(n.nominees).not.toContain(n.review!.by);
    expect(n.review!.by).not.toBe(n.nominator);
    for (const no of n.nominees) expect(reviewer.unit, no).not.toBe(person(no).unit);
    if (n.status === "returned" || n.status === "rejected") {
      expect(n.review!.comment?.length ?? 0).toBeGreaterThanOrEqual(1);
      expect(n.review!.comment!.length).toBeLessThanOrEqual(1000);
    }
  });
});

test("3·15 nominations show evidence: a multi-period metric for a chart and a customer's words", () => {
  const full = demoNominations.filter((n) => n.campaign === "3-15-stars" && n.status !== "returned");
  const periods = new Map<string, Set<string>>();
  for (const n of full)
    for (const m of n.metrics) periods.set(`${label(n)}|${m.name}`, (periods.get(`${label(n)}|${m.name}`) ?? new Set()).add(m.period));
  expect([...periods.values()].some((p) => p.size >= 3)).toBe(true);
  expect(full.some((n) => n.stories.some((s) => s.quote && s.quoteBy))).toBe(true);
  for (const n of full) {
    expect(n.photos.length, label(n)).toBeGreaterThanOrEqual(2);
    expect(n.photos.length, label(n)).toBeLessThanOrEqual(4);
    expect(n.stories.length, label(n)).toBeLessThanOrEqual(3);
  }
});

describe("demo photos", () => {
  test("a JPEG as wide as the largest photo variant (1280 px: nothing to shrink) the upload pipeline accepts", async () => {
    const bytes = await demoPhoto("repair", 1);
    const meta = await sharp(bytes).metadata();
    expect(meta.format).toBe("jpeg");
    expect(meta.width).toBe(1280);
    expect(meta.height).toBe(960);
    expect((await inspectImage(bytes)).ok).toBe(true);
  });

  test("deterministic for the same scene and seed, different for another seed", async () => {
    const a = await demoPhoto("repair", 1);
    const b = await demoPhoto("repair", 1);
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
    expect(demoPhotoSvg("repair", 2)).not.toBe(demoPhotoSvg("repair", 1));
  });

  test.each(scenes)("%s: drawn without text, fast", async (scene) => {
    const svg = demoPhotoSvg(scene, 7);
    expect(svg).not.toMatch(/<text|<tspan|font-family/);
    const started = performance.now();
    const bytes = await demoPhoto(scene, 7);
    const elapsed = performance.now() - started;
    expect((await sharp(bytes).metadata()).format).toBe("jpeg");
    // Generous on a loaded CI machine; about 20–40 ms here.
    expect(elapsed).toBeLessThan(1000);
  });
});
