import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createTitle, getTitle, listTitles, updateTitle } from "../../app/domain/titles/titles.server";
import { titleInput, titleSchema, type TemplateInput, type TitleInput } from "../../app/domain/titles/schema";
import { givenPerson, givenUnit } from "../support/builders";
import { createTestDb, type TestDb } from "../support/db";

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
  await givenUnit(t.db, "GD");
  await givenUnit(t.db, "GZ", { parent: "GD", kind: "branch" });
});
afterAll(() => t.close());

const faultRate: TemplateInput = {
  nameZh: "故障申告率",
  nameEn: "Fault-report rate",
  unit: "%",
  unitEn: "",
  direction: "lower",
  required: true,
  target: 5,
};
const satisfaction: TemplateInput = {
  nameZh: "客户满意度",
  nameEn: "Customer satisfaction",
  unit: "%",
  unitEn: "",
  direction: "higher",
  required: false,
  target: null,
};

const aTitle = (slug: string, templates: TemplateInput[] = [faultRate, satisfaction]): TitleInput => ({
  slug,
  nameZh: "最佳服务明星",
  nameEn: "Best Service Star",
  description: "年度服务表现最突出的一线员工。",
  criteria: "指标达标，并有客户认可的服务事迹。",
  templates,
});

const auditOf = (slug: string) =>
  t.db.selectFrom("audit_log").selectAll().where("subject_type", "=", "title").where("subject_id", "=", slug).orderBy("id").execute();
const countTitles = async () =>
  Number(
    (
      await t.db
        .selectFrom("titles")
        .select((eb) => eb.fn.countAll().as("n"))
        .executeTakeFirstOrThrow()
    ).n,
  );

describe("defining honour titles", () => {
  test("an administrator creates a title with ordered metric templates, audited", async () => {
    const admin = await givenPerson(t.db, { unit: "GD", roles: ["admin"] });
    expect(await createTitle(t.db, admin, aTitle("best-service-star"))).toEqual({ ok: true, value: { slug: "best-service-star" } });
    const got = await getTitle(t.db, admin, "best-service-star");
    if (!got.ok) throw new Error("expected the title");
    expect(got.value).toMatchObject({ slug: "best-service-star", nameZh: "最佳服务明星", nameEn: "Best Service Star" });
    // The numeric target reads back as a number on both drivers.
    expect(got.value.templates.map(({ id: _id, ...rest }) => rest)).toEqual([faultRate, satisfaction]);
    const [entry] = await auditOf("best-service-star");
    expect(entry).toMatchObject({ action: "title.created", actor_id: admin.id, before: null });
    expect((entry.after as { templates: unknown[] }).templates).toHaveLength(2);
  });

  test("someone who is not an administrator is refused and nothing is stored", async () => {
    const manager = await givenPerson(t.db, { unit: "GZ", roles: ["staff", { role: "manager", unit: "GZ" }] });
    const before = await countTitles();
    expect(await createTitle(t.db, manager, aTitle("sneaky"))).toMatchObject({ ok: false, status: 403, error: "common.forbidden" });
    expect(await listTitles(t.db, manager)).toMatchObject({ ok: false, status: 403 });
    expect(await countTitles()).toBe(before);
    expect(await auditOf("sneaky")).toHaveLength(0);
  });

  test("a slug is used once; the second title is refused and nothing is stored", async () => {
    const admin = await givenPerson(t.db, { unit: "GD", roles: ["admin"] });
    await createTitle(t.db, admin, aTitle("service-model"));
    const before = await countTitles();
    expect(await createTitle(t.db, admin, aTitle("service-model"))).toMatchObject({ ok: false, error: "titles.slug.taken", status: 409 });
    expect(await countTitles()).toBe(before);
    expect((await auditOf("service-model")).map((e) => e.action)).toEqual(["title.created"]);
  });

  test("editing keeps template ids, adds and removes rows, reorders, and audits before and after", async () => {
    const admin = await givenPerson(t.db, { unit: "GD", roles: ["admin"] });
    await createTitle(t.db, admin, aTitle("outstanding-service-star"));
    const first = await getTitle(t.db, admin, "outstanding-service-star");
    if (!first.ok) throw new Error("expected the title");
    const [fault, sat] = first.value.templates;
    const calls: TemplateInput = {
      nameZh: "话务量",
      nameEn: "Calls handled",
      unit: "通",
      unitEn: "calls",
      direction: "higher",
      required: false,
      target: 12000,
    };
    const r = await updateTitle(t.db, admin, "outstanding-service-star", {
      ...aTitle("outstanding-service-star"),
      nameEn: "Outstanding Service Star",
      templates: [calls, { ...fault, target: 4.5 }],
    });
    expect(r).toEqual({ ok: true, value: { slug: "outstanding-service-star" } });
    const after = await getTitle(t.db, admin, "outstanding-service-star");
    if (!after.ok) throw new Error("expected the title");
    expect(after.value.templates.map((m) => [m.nameEn, m.unitEn, m.target])).toEqual([
      ["Calls handled", "calls", 12000],
      ["Fault-report rate", "", 4.5],
    ]);
    expect(after.value.templates[1].id).toBe(fault.id);
    expect(after.value.templates.map((m) => m.id)).not.toContain(sat.id);
    const entries = await auditOf("outstanding-service-star");
    expect(entries.map((e) => e.action)).toEqual(["title.created", "title.updated"]);
    expect(entries[1].before).toMatchObject({ nameEn: "Best Service Star" });
    expect(entries[1].after).toMatchObject({ nameEn: "Outstanding Service Star" });
  });

  test("saving without a change writes no audit entry", async () => {
    const admin = await givenPerson(t.db, { unit: "GD", roles: ["admin"] });
    await createTitle(t.db, admin, aTitle("unchanged"));
    const got = await getTitle(t.db, admin, "unchanged");
    if (!got.ok) throw new Error("expected the title");
    await updateTitle(t.db, admin, "unchanged", { ...aTitle("unchanged"), templates: got.value.templates });
    expect((await auditOf("unchanged")).map((e) => e.action)).toEqual(["title.created"]);
  });

  test("a template id of another title is refused (field tampering) and nothing changes", async () => {
    const admin = await givenPerson(t.db, { unit: "GD", roles: ["admin"] });
    await createTitle(t.db, admin, aTitle("mine"));
    await createTitle(t.db, admin, aTitle("theirs"));
    const theirs = await getTitle(t.db, admin, "theirs");
    if (!theirs.ok) throw new Error("expected the title");
    const r = await updateTitle(t.db, admin, "mine", { ...aTitle("mine"), nameZh: "改了", templates: [theirs.value.templates[0]] });
    expect(r).toMatchObject({ ok: false, error: "titles.template.unknown" });
    const mine = await getTitle(t.db, admin, "mine");
    expect(mine.ok && mine.value.nameZh).toBe("最佳服务明星");
    expect(mine.ok && mine.value.templates).toHaveLength(2);
    const stillTheirs = await getTitle(t.db, admin, "theirs");
    expect(stillTheirs.ok && stillTheirs.value.templates).toHaveLength(2);
  });

  test("a new title cannot claim existing template rows, nor have more than 12", async () => {
    const admin = await givenPerson(t.db, { unit: "GD", roles: ["admin"] });
    expect(await createTitle(t.db, admin, aTitle("claims", [{ ...faultRate, id: 1 }]))).toMatchObject({
      ok: false,
      error: "titles.template.unknown",
    });
    expect(await createTitle(t.db, admin, aTitle("too-many", Array(13).fill(faultRate)))).toMatchObject({
      ok: false,
      error: "titles.templates.tooMany",
    });
    expect(await auditOf("claims")).toHaveLength(0);
    expect(await auditOf("too-many")).toHaveLength(0);
  });

  test("an unknown title is not found", async () => {
    const admin = await givenPerson(t.db, { unit: "GD", roles: ["admin"] });
    expect(await getTitle(t.db, admin, "nope")).toMatchObject({ ok: false, status: 404, error: "titles.notFound" });
    expect(await updateTitle(t.db, admin, "nope", aTitle("nope"))).toMatchObject({ ok: false, status: 404 });
  });

  test("the database itself refuses a bad slug, a bad direction and a template without a title", async () => {
    await expect(t.db.insertInto("titles").values({ slug: "Bad Slug", name_zh: "x", name_en: "x" }).execute()).rejects.toThrow();
    const { id } = await t.db
      .insertInto("titles")
      .values({ slug: "constraint-check", name_zh: "x", name_en: "x" })
      .returning("id")
      .executeTakeFirstOrThrow();
    await expect(
      t.db
        .insertInto("title_metric_templates")
        .values({ title_id: id, position: 0, name_zh: "x", name_en: "x", direction: "sideways" as "higher" })
        .execute(),
    ).rejects.toThrow();
    await expect(
      t.db.insertInto("title_metric_templates").values({ title_id: 999_999, position: 0, name_zh: "x", name_en: "x", direction: "higher" }).execute(),
    ).rejects.toThrow();
  });
});

describe("the title form", () => {
  test("blank template rows are ignored; a half-filled row names what is missing", () => {
    const ok = titleSchema.safeParse({
      slug: "x",
      nameZh: "甲",
      nameEn: "A",
      templates: [{}, { nameZh: "满意度", nameEn: "Satisfaction", direction: "higher" }],
    });
    expect(ok.success && titleInput(ok.data).templates).toEqual([
      { nameZh: "满意度", nameEn: "Satisfaction", unit: "", unitEn: "", direction: "higher", required: false, target: null },
    ]);
    // A row with only an English unit is not blank: it names what is missing.
    const unitOnly = titleSchema.safeParse({ slug: "x", nameZh: "甲", nameEn: "A", templates: [{ unitEn: "calls" }] });
    expect(unitOnly.error?.issues.map((i) => i.path.join("."))).toEqual(["templates.0.nameZh", "templates.0.nameEn", "templates.0.direction"]);
    const half = titleSchema.safeParse({ slug: "x", nameZh: "甲", nameEn: "A", templates: [{ nameZh: "满意度" }] });
    expect(half.success).toBe(false);
    expect(half.error?.issues.map((i) => [i.path.join("."), i.message])).toEqual([
      ["templates.0.nameEn", "titles.template.nameEn.required"],
      ["templates.0.direction", "titles.template.direction.required"],
    ]);
  });

  test("a slug must be lower-case words joined by hyphens", () => {
    expect(titleSchema.safeParse({ slug: "Fred-Spirit", nameZh: "甲", nameEn: "A" }).success).toBe(true);
    expect(titleSchema.safeParse({ slug: "fred spirit", nameZh: "甲", nameEn: "A" }).error?.issues[0].message).toBe("titles.slug.invalid");
  });
});
