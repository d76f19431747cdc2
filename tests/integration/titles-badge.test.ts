import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { User } from "../../app/domain/auth/user";
import { getTitle, listTitles, setTitleBadge, createTitle } from "../../app/domain/titles/titles.server";
import type { Db } from "../../db/client";
import { hugeFile, solid, svg } from "../fixtures/media/images";
import { givenPerson, givenUnit } from "../support/builders";
import { createTestDb, type TestDb } from "../support/db";

let t: TestDb;
let admin: User;
beforeAll(async () => {
  t = await createTestDb();
  await givenUnit(t.db, "GD");
  await givenUnit(t.db, "GZ", { parent: "GD", kind: "branch" });
  admin = await givenPerson(t.db, { unit: "GD", roles: ["admin"] });
});
afterAll(() => t.close());

const givenTitle = async (slug: string) => {
  const r = await createTitle(t.db, admin, { slug, nameZh: "服务标兵", nameEn: "Service Model", description: "", criteria: "", templates: [] });
  if (!r.ok) throw new Error(r.error);
};
const count = async (db: Db, table: "media" | "media_variants") =>
  Number(
    (
      await db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll().as("n"))
        .executeTakeFirstOrThrow()
    ).n,
  );
const badgeOf = async (slug: string) =>
  (await t.db.selectFrom("titles").select("badge_media_id").where("slug", "=", slug).executeTakeFirstOrThrow()).badge_media_id;
const badgeAudit = (slug: string) =>
  t.db.selectFrom("audit_log").selectAll().where("action", "=", "title.badge_set").where("subject_id", "=", slug).execute();

describe("a title's badge image", () => {
  test("an administrator sets a badge: stored as a badge, shown with the title, audited", async () => {
    await givenTitle("service-model");
    const r = await setTitleBadge(t.db, admin, "service-model", await solid("png", 600, 600));
    if (!r.ok) throw new Error(r.error);
    expect(r.value.slug).toBe("service-model");
    const mediaId = await badgeOf("service-model");
    expect(mediaId).toBe(r.value.badge.mediaId);
    const media = await t.db.selectFrom("media").select("purpose").where("id", "=", mediaId!).executeTakeFirstOrThrow();
    expect(media.purpose).toBe("badge");

    const got = await getTitle(t.db, admin, "service-model");
    if (!got.ok) throw new Error(got.error);
    expect(got.value.badge).toEqual(r.value.badge);
    expect(got.value.badge?.fallback.src).toMatch(/^\/media\/[0-9a-f]{64}\.jpg$/);
    const list = await listTitles(t.db, admin);
    if (!list.ok) throw new Error(list.error);
    expect(list.value.find((x) => x.slug === "service-model")?.badge?.mediaId).toBe(mediaId);

    const [entry] = await badgeAudit("service-model");
    expect(entry).toMatchObject({ actor_id: admin.id, subject_type: "title", before: { badgeMediaId: null }, after: { badgeMediaId: mediaId } });
  });

  test("a title without a badge reads as null", async () => {
    await givenTitle("fred-spirit");
    const got = await getTitle(t.db, admin, "fred-spirit");
    if (!got.ok) throw new Error(got.error);
    expect(got.value.badge).toBeNull();
  });

  test("someone who is not an administrator is refused and nothing is stored", async () => {
    await givenTitle("best-service-star");
    const manager = await givenPerson(t.db, { unit: "GZ", roles: ["staff", { role: "manager", unit: "GZ" }] });
    const before = { media: await count(t.db, "media"), variants: await count(t.db, "media_variants") };
    const r = await setTitleBadge(t.db, manager, "best-service-star", await solid("png", 500, 500));
    expect(r).toMatchObject({ ok: false, status: 403, error: "common.forbidden" });
    expect({ media: await count(t.db, "media"), variants: await count(t.db, "media_variants") }).toEqual(before);
    expect(await badgeOf("best-service-star")).toBeNull();
    expect(await badgeAudit("best-service-star")).toHaveLength(0);
  });

  test.each([
    ["an SVG drawing", svg, "media.upload.svg", 415],
    ["a 30 MB file", hugeFile, "media.upload.tooLarge", 413],
  ])("%s is refused with the media reason; the title keeps its badge", async (_, make, key, status) => {
    await givenTitle(`refused-${status}`);
    const first = await setTitleBadge(t.db, admin, `refused-${status}`, await solid("webp", 300, 300));
    if (!first.ok) throw new Error(first.error);
    const before = { media: await count(t.db, "media"), variants: await count(t.db, "media_variants") };
    expect(await setTitleBadge(t.db, admin, `refused-${status}`, await make())).toMatchObject({ ok: false, error: key, status });
    expect(await badgeOf(`refused-${status}`)).toBe(first.value.badge.mediaId);
    expect({ media: await count(t.db, "media"), variants: await count(t.db, "media_variants") }).toEqual(before);
    expect(await badgeAudit(`refused-${status}`)).toHaveLength(1);
  });

  test("removing the media leaves the title without a badge (on delete set null)", async () => {
    await givenTitle("outstanding-service-star");
    const r = await setTitleBadge(t.db, admin, "outstanding-service-star", await solid("jpeg", 320, 320));
    if (!r.ok) throw new Error(r.error);
    await t.db.deleteFrom("media").where("id", "=", r.value.badge.mediaId).execute();
    expect(await badgeOf("outstanding-service-star")).toBeNull();
    const got = await getTitle(t.db, admin, "outstanding-service-star");
    expect(got.ok && got.value.badge).toBeNull();
  });

  test("an unknown title is refused before anything is stored", async () => {
    const before = await count(t.db, "media");
    expect(await setTitleBadge(t.db, admin, "no-such-title", await solid("png", 200, 200))).toMatchObject({
      ok: false,
      status: 404,
      error: "titles.notFound",
    });
    expect(await count(t.db, "media")).toBe(before);
  });
});
