import sharp from "sharp";
import { describe, expect, test } from "vitest";
import { inspectImage, renderVariants } from "../../app/domain/media/decode.server";
import type { MediaPurpose } from "../../app/domain/media/limits";
import { bombPng, hasGpsDirectory, heic, htmlNamedJpg, phoneJpeg, solid, subjectOnTheRight, svg, truncatedJpeg } from "../fixtures/media/images";

// The sharp half of the pipeline, without a database.

async function render(bytes: Uint8Array, purpose: MediaPurpose = "photo") {
  const inspected = await inspectImage(bytes);
  if (!inspected.ok) return inspected;
  return renderVariants(bytes, purpose, inspected.value);
}

describe("what is not an accepted photo is refused, each with its reason", () => {
  test.each([
    ["an SVG drawing", svg, "media.upload.svg"],
    ["an HTML page named .jpg", htmlNamedJpg, "media.upload.notImage"],
    ["an iPhone HEIC", heic, "media.upload.heic"],
    ["a 14000×14000 bomb", bombPng, "media.upload.tooManyPixels"],
    [
      "a TIFF",
      () =>
        sharp({ create: { width: 8, height: 8, channels: 3, background: "#000" } })
          .tiff()
          .toBuffer(),
      "media.upload.notImage",
    ],
  ])("%s", async (_, make, key) => {
    const r = await inspectImage(await make());
    expect(r).toMatchObject({ ok: false, error: key });
  });

  test("a truncated JPEG passes the header check but fails to decode (failOn)", async () => {
    const bytes = await truncatedJpeg();
    expect((await inspectImage(bytes)).ok).toBe(true);
    expect(await render(bytes)).toMatchObject({ ok: false, error: "media.upload.damaged" });
  });

  test("the bomb says how many megapixels are allowed", async () => {
    expect(await inspectImage(bombPng())).toEqual({ ok: false, error: "media.upload.tooManyPixels", status: 413, vars: { max: 40 } });
  });
});

describe("an accepted photo", () => {
  test.each(["jpeg", "png", "webp", "gif", "avif"] as const)("%s is read and re-encoded to AVIF, WebP and JPEG", async (format) => {
    const r = await render(await solid(format, 700, 350));
    if (!r.ok) throw new Error(r.error);
    expect(r.value).toMatchObject({ width: 700, height: 350 });
    const got = r.value.variants.map((v) => `${v.format} ${v.width}x${v.height}`).sort();
    expect(got).toEqual([
      "avif 320x160",
      "avif 640x320",
      "avif 700x350",
      "jpeg 320x160",
      "jpeg 640x320",
      "jpeg 700x350",
      "webp 320x160",
      "webp 640x320",
      "webp 700x350",
    ]);
    for (const v of r.value.variants) {
      const meta = await sharp(v.bytes).metadata();
      expect(meta.format).toBe(v.format === "avif" ? "heif" : v.format);
      expect(meta.width).toBe(v.width);
    }
  });

  test("is turned upright by its EXIF orientation and loses EXIF, GPS, ICC and XMP", async () => {
    const bytes = await phoneJpeg(800, 600);
    const source = await sharp(bytes).metadata();
    expect(source.orientation).toBe(6);
    expect(source.exif?.toString("latin1")).toContain("TestPhone");
    expect(hasGpsDirectory(source.exif)).toBe(true);
    const r = await render(bytes);
    if (!r.ok) throw new Error(r.error);
    // Stored 800×600 landscape, shown 600×800 portrait.
    expect(r.value).toMatchObject({ width: 600, height: 800 });
    for (const v of r.value.variants) {
      const meta = await sharp(v.bytes).metadata();
      expect(meta.exif).toBeUndefined();
      expect(meta.icc).toBeUndefined();
      expect(meta.xmp).toBeUndefined();
      expect(meta.iptc).toBeUndefined();
      expect(meta.orientation ?? 1).toBe(1);
      expect(v.height).toBeGreaterThan(v.width);
      expect(v.bytes.includes("TestPhone")).toBe(false);
    }
    // Red (the stored left half) is now on top.
    const jpeg = r.value.variants.find((v) => v.format === "jpeg" && v.width === 320)!;
    const { data, info } = await sharp(jpeg.bytes).raw().toBuffer({ resolveWithObject: true });
    const pixel = (x: number, y: number) => Array.from(data.subarray((y * info.width + x) * 3, (y * info.width + x) * 3 + 3));
    const [topR, , topB] = pixel(160, 20);
    const [bottomR, , bottomB] = pixel(160, info.height - 20);
    expect(topR).toBeGreaterThan(topB);
    expect(bottomB).toBeGreaterThan(bottomR);
  });

  test("names each variant by the sha256 of its bytes", async () => {
    const r = await render(await solid("png", 330, 200));
    if (!r.ok) throw new Error(r.error);
    const { createHash } = await import("node:crypto");
    for (const v of r.value.variants) expect(v.sha256).toBe(createHash("sha256").update(v.bytes).digest("hex"));
  });
});

describe("an avatar", () => {
  test("is a square cropped around what draws the eye", async () => {
    const r = await render(await subjectOnTheRight(), "avatar");
    if (!r.ok) throw new Error(r.error);
    expect(r.value).toMatchObject({ width: 300, height: 300 });
    expect(r.value.variants.map((v) => `${v.width}x${v.height}`)).toContain("96x96");
    for (const v of r.value.variants) expect(v.width).toBe(v.height);
    // The red subject sits at x 700–860 of 900: a centred crop (300–600) would miss it.
    const jpeg = r.value.variants.find((v) => v.format === "jpeg" && v.width === 300)!;
    const { data, info } = await sharp(jpeg.bytes).raw().toBuffer({ resolveWithObject: true });
    let red = 0;
    for (let i = 0; i < info.width * info.height; i++) if (data[i * 3] > 200 && data[i * 3 + 1] < 90) red++;
    expect(red / (info.width * info.height)).toBeGreaterThan(0.05);
  });
});
