import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { User } from "../../app/domain/auth/user";
import { getPictures, storeImage } from "../../app/domain/media/media.server";
import { getMediaFile } from "../../app/domain/media/serving.server";
import { parseVariantName } from "../../app/domain/media/picture";
import type { Db } from "../../db/client";
import {
  bombPng,
  hasGpsDirectory,
  heic,
  htmlNamedJpg,
  hugeFile,
  phoneJpeg,
  solid,
  subjectOnTheRight,
  svg,
  truncatedJpeg,
} from "../fixtures/media/images";
import { givenPerson, givenUnit } from "../support/builders";
import { createTestDb, type TestDb } from "../support/db";

let t: TestDb;
let manager: User;
beforeAll(async () => {
  t = await createTestDb();
  await givenUnit(t.db, "GD");
  manager = await givenPerson(t.db, { unit: "GD", roles: [{ role: "manager", unit: "GD" }], password: null });
});
afterAll(() => t.close());

const count = async (db: Db, table: "media" | "media_variants") =>
  Number(
    (
      await db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll().as("n"))
        .executeTakeFirstOrThrow()
    ).n,
  );

describe("a bad file is refused with its reason, and nothing is stored", () => {
  test.each([
    ["an SVG drawing", svg, "media.upload.svg", 415],
    ["an HTML file renamed .jpg", htmlNamedJpg, "media.upload.notImage", 415],
    ["a HEIC this build cannot decode", heic, "media.upload.heic", 415],
    ["a 14000×14000 bomb", bombPng, "media.upload.tooManyPixels", 413],
    ["a 30 MB file", hugeFile, "media.upload.tooLarge", 413],
    ["a truncated JPEG", truncatedJpeg, "media.upload.damaged", 422],
    ["an empty file", () => Buffer.alloc(0), "media.upload.empty", 400],
  ])("%s", async (_, make, key, status) => {
    const before = { media: await count(t.db, "media"), variants: await count(t.db, "media_variants") };
    const r = await storeImage(t.db, manager, { purpose: "photo", bytes: await make() });
    expect(r).toMatchObject({ ok: false, error: key, status });
    expect({ media: await count(t.db, "media"), variants: await count(t.db, "media_variants") }).toEqual(before);
  });
});

describe("a good photo", () => {
  test.each(["jpeg", "png", "webp", "gif"] as const)("a %s is stored with its variants", async (format) => {
    const r = await storeImage(t.db, manager, { purpose: "photo", bytes: await solid(format, 900, 600) });
    if (!r.ok) throw new Error(r.error);
    const rows = await t.db.selectFrom("media_variants").selectAll().where("media_id", "=", r.value.mediaId).execute();
    expect(rows.map((v) => `${v.format} ${v.width}`).sort()).toEqual([
      "avif 320",
      "avif 640",
      "avif 900",
      "jpeg 320",
      "jpeg 640",
      "jpeg 900",
      "webp 320",
      "webp 640",
      "webp 900",
    ]);
    for (const v of rows) expect(v.byte_size).toBe(v.bytes.byteLength);
    const media = await t.db.selectFrom("media").selectAll().where("id", "=", r.value.mediaId).executeTakeFirstOrThrow();
    expect(media).toMatchObject({ purpose: "photo", width: 900, height: 600, created_by: manager.id });
    expect(r.value.picture).toMatchObject({ width: 900, height: 600 });
    expect(r.value.picture.sources.map((s) => s.type)).toEqual(["image/avif", "image/webp"]);
  });

  test("from a phone is stored upright, without EXIF or GPS", async () => {
    const bytes = await phoneJpeg(1600, 1200);
    expect(hasGpsDirectory((await sharp(bytes).metadata()).exif)).toBe(true);
    const r = await storeImage(t.db, manager, { purpose: "photo", bytes });
    if (!r.ok) throw new Error(r.error);
    expect(r.value.picture).toMatchObject({ width: 1200, height: 1600 });
    const rows = await t.db.selectFrom("media_variants").select(["bytes", "width", "height"]).where("media_id", "=", r.value.mediaId).execute();
    for (const v of rows) {
      const meta = await sharp(v.bytes).metadata();
      expect(meta.exif).toBeUndefined();
      expect(meta.icc).toBeUndefined();
      expect(meta.orientation ?? 1).toBe(1);
      expect(v.height).toBeGreaterThan(v.width);
    }
  });

  test("uploaded twice for the same purpose is stored once", async () => {
    const bytes = await solid("png", 500, 500);
    const first = await storeImage(t.db, manager, { purpose: "photo", bytes });
    const variants = await count(t.db, "media_variants");
    const again = await storeImage(t.db, manager, { purpose: "photo", bytes });
    expect(again).toEqual(first);
    expect(await count(t.db, "media_variants")).toBe(variants);
  });

  test("the same small square as avatar and as badge: both stored, even if their bytes coincide", async () => {
    const bytes = await solid("png", 96, 96);
    const avatar = await storeImage(t.db, manager, { purpose: "avatar", bytes });
    const badge = await storeImage(t.db, manager, { purpose: "badge", bytes });
    expect(avatar.ok && badge.ok).toBe(true);
  });
});

describe("an avatar", () => {
  test("is square", async () => {
    const r = await storeImage(t.db, manager, { purpose: "avatar", bytes: await subjectOnTheRight() });
    if (!r.ok) throw new Error(r.error);
    expect(r.value.picture).toMatchObject({ width: 300, height: 300 });
    const rows = await t.db.selectFrom("media_variants").select(["width", "height"]).where("media_id", "=", r.value.mediaId).execute();
    for (const v of rows) expect(v.width).toBe(v.height);
  });
});

describe("serving /media/<sha256>.<ext>", () => {
  // The uploader asks: a photo on no nomination yet is theirs alone (who else may see it: media-access.test.ts).
  const uploader = async () => manager;
  test("returns the bytes with their type and the hash as ETag, 304 when the browser has them, 404 otherwise", async () => {
    const r = await storeImage(t.db, manager, { purpose: "photo", bytes: await solid("jpeg", 400, 400) });
    if (!r.ok) throw new Error(r.error);
    const src = r.value.picture.sources[1].srcSet.split(" ")[0];
    const name = src.replace("/media/", "");
    const { sha256 } = parseVariantName(name)!;

    const file = await getMediaFile(t.db, name, null, uploader);
    if (!file.ok || file.value.status !== 200) throw new Error("not served");
    expect(file.value).toMatchObject({ contentType: "image/webp", etag: `"${sha256}"` });
    expect((await sharp(file.value.bytes).metadata()).format).toBe("webp");

    expect(await getMediaFile(t.db, name, `"${sha256}"`, uploader)).toEqual({
      ok: true,
      value: { status: 304, visibility: "private", contentType: "image/webp", etag: `"${sha256}"` },
    });
    expect(await getMediaFile(t.db, name, `W/"${sha256}", "other"`, uploader)).toMatchObject({ ok: true, value: { status: 304 } });
    expect(await getMediaFile(t.db, name, `"${"0".repeat(64)}"`, uploader)).toMatchObject({ ok: true, value: { status: 200 } });

    // The same hash under another format's extension is not that file.
    expect(await getMediaFile(t.db, `${sha256}.avif`, null, uploader)).toMatchObject({ ok: false, status: 404, error: "media.notFound" });
    expect(await getMediaFile(t.db, `${"0".repeat(64)}.webp`, null, uploader)).toMatchObject({ ok: false, status: 404 });
    expect(await getMediaFile(t.db, `${"0".repeat(64)}.webp`, `"${"0".repeat(64)}"`, uploader)).toMatchObject({ ok: false, status: 404 });
    expect(await getMediaFile(t.db, "x.svg", null, uploader)).toMatchObject({ ok: false, status: 404 });
  });

  test("pictures for several media come back in one call", async () => {
    const a = await storeImage(t.db, manager, { purpose: "badge", bytes: await solid("png", 300, 300) });
    const b = await storeImage(t.db, manager, { purpose: "photo", bytes: await solid("gif", 300, 200) });
    if (!a.ok || !b.ok) throw new Error("not stored");
    const pictures = await getPictures(t.db, [a.value.mediaId, b.value.mediaId, 999_999]);
    expect([...pictures.keys()].sort()).toEqual([a.value.mediaId, b.value.mediaId].sort());
    expect(pictures.get(a.value.mediaId)).toEqual(a.value.picture);
  });
});

describe("many uploads at once", () => {
  test("all succeed (two decode at a time, the rest wait their turn)", async () => {
    const files = await Promise.all(Array.from({ length: 8 }, (_, i) => solid("jpeg", 700 + i, 500)));
    const results = await Promise.all(files.map((bytes) => storeImage(t.db, manager, { purpose: "photo", bytes })));
    expect(results.every((r) => r.ok)).toBe(true);
  });
});
