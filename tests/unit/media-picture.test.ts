import { describe, expect, test } from "vitest";
import { widthsFor } from "../../app/domain/media/decode.server";
import { parseVariantName, pictureOf, variantUrl, type VariantRef } from "../../app/domain/media/picture";
import { Semaphore } from "../../app/domain/media/semaphore";

const hash = (c: string) => c.repeat(64);
const v = (format: VariantRef["format"], width: number, c: string): VariantRef => ({ format, width, height: width / 2, sha256: hash(c) });

describe("variant names", () => {
  test("are the hash and the extension, and nothing else parses", () => {
    expect(parseVariantName(`${hash("a")}.avif`)).toEqual({ sha256: hash("a"), format: "avif" });
    expect(parseVariantName(`${hash("b")}.jpg`)).toEqual({ sha256: hash("b"), format: "jpeg" });
    for (const bad of [`${hash("a")}.jpeg`, `${hash("A")}.webp`, `${hash("a")}.webp.html`, "../etc/passwd", `${hash("a").slice(1)}.webp`, ""]) {
      expect(parseVariantName(bad)).toBeNull();
    }
    expect(variantUrl({ format: "jpeg", sha256: hash("c") })).toBe(`/media/${hash("c")}.jpg`);
  });
});

describe("a picture", () => {
  test("lists AVIF then WebP sources by width, and a JPEG fallback with the largest size", () => {
    const p = pictureOf(7, [
      v("jpeg", 640, "1"),
      v("webp", 320, "2"),
      v("avif", 640, "3"),
      v("jpeg", 320, "4"),
      v("webp", 640, "5"),
      v("avif", 320, "6"),
    ]);
    expect(p).toEqual({
      mediaId: 7,
      width: 640,
      height: 320,
      sources: [
        { type: "image/avif", srcSet: `/media/${hash("6")}.avif 320w, /media/${hash("3")}.avif 640w` },
        { type: "image/webp", srcSet: `/media/${hash("2")}.webp 320w, /media/${hash("5")}.webp 640w` },
      ],
      fallback: { src: `/media/${hash("4")}.jpg`, srcSet: `/media/${hash("4")}.jpg 320w, /media/${hash("1")}.jpg 640w` },
    });
  });

  test("without a JPEG there is no picture", () => {
    expect(pictureOf(1, [v("webp", 320, "2")])).toBeNull();
  });
});

describe("widths", () => {
  test("are never upscaled, and a smaller picture keeps its own width", () => {
    expect(widthsFor("photo", 4000)).toEqual([320, 640, 1280]);
    expect(widthsFor("photo", 1000)).toEqual([320, 640, 1000]);
    expect(widthsFor("photo", 200)).toEqual([200]);
    expect(widthsFor("avatar", 384)).toEqual([96, 192, 384]);
  });
});

describe("the upload semaphore", () => {
  test("runs at most N at once, in arrival order, and refuses past the queue's length", async () => {
    const s = new Semaphore(2, 2);
    let running = 0;
    let most = 0;
    const started: number[] = [];
    const finish = new Map<number, () => void>();
    const task = (i: number) => async () => {
      running++;
      most = Math.max(most, running);
      started.push(i);
      await new Promise<void>((resolve) => finish.set(i, resolve));
      running--;
      return i;
    };
    const tick = () => new Promise((r) => setTimeout(r, 5));
    const runs = [1, 2, 3, 4].map((i) => s.run(task(i)));
    await tick();
    expect(started).toEqual([1, 2]);
    expect(await s.run(task(5))).toBeNull();
    finish.get(1)!();
    await tick();
    expect(started).toEqual([1, 2, 3]);
    finish.get(2)!();
    finish.get(3)!();
    await tick();
    finish.get(4)!();
    expect((await Promise.all(runs)).map((r) => r?.value)).toEqual([1, 2, 3, 4]);
    expect(most).toBe(2);
    expect(await s.run(async () => "free again")).toEqual({ value: "free again" });
  });
});
