import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Db } from "../../db/client";
import { feedLinkFor } from "../../app/domain/publishing/feed.server";
import { honorRollFeed } from "../../app/web/published.server";
import { isLinkKey, linkKey, signedPath, signedPathFor } from "../../app/domain/publishing/links.server";
import { honorRoll, honorRollHead } from "../../app/domain/publishing/read-roll.server";
import { textPath, type TextStyle } from "../../app/published/share-text";
import { winnerScene, type WinnerCard } from "../../app/published/share-image";
import { drawShareImage, shareTypeface } from "../../app/published/share-image.server";
import { honorRollShareImage, winnerShareImage } from "../../app/web/published.server";
import { createTestDb, type TestDb } from "../support/db";
import { givenPublishedCampaign, givenRatifiedCampaign, type PublishingWorld } from "../support/publishing";
import { value } from "../support/result";
import { atom, parseXml } from "../support/xml";

// Share images, the feed and signed links against a real database, with the
// system's fonts hidden: this process's fontconfig sees an empty folder, as
// on a server with no font installed. Set before anything draws (fontconfig
// reads it once, at its first use).
const noFonts = mkdtempSync(path.join(os.tmpdir(), "ss-no-fonts-"));
writeFileSync(path.join(noFonts, "fonts.conf"), `<?xml version="1.0"?><fontconfig><dir>${noFonts}</dir><cachedir>${noFonts}</cachedir></fontconfig>`);
process.env.FONTCONFIG_FILE = path.join(noFonts, "fonts.conf");

let t: TestDb;
let db: Db;
let published: PublishingWorld;
let ratified: PublishingWorld;
beforeAll(async () => {
  t = await createTestDb();
  db = t.db;
  published = await givenPublishedCampaign(db);
  ratified = await givenRatifiedCampaign(db);
});
afterAll(() => t.close());

/** Pixels much darker than white, inside a box (all of the image when none is given). */
async function ink(png: Buffer, box?: { left: number; top: number; width: number; height: number }): Promise<number> {
  const image = box ? sharp(png).extract(box) : sharp(png);
  const { data, info } = await image.removeAlpha().greyscale().raw().toBuffer({ resolveWithObject: true });
  let n = 0;
  for (let i = 0; i < info.width * info.height; i++) if (data[i] < 128) n++;
  return n;
}

/** One line of black text on white, 400×200: through the subset's outlines, or (control) as SVG <text>. */
async function drawn(text: string, how: "outlines" | "svg-text"): Promise<Buffer> {
  const style: TextStyle = { size: 120, weight: "bold", fill: "#000000" };
  const body =
    how === "outlines" ? textPath(await shareTypeface(), text, style, 20, 150) : `<text x="20" y="150" font-size="120" fill="#000">${text}</text>`;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="400" height="200"><rect width="400" height="200" fill="#fff"/>${body}</svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
}

const diff = async (a: Buffer, b: Buffer) => {
  const [x, y] = await Promise.all([a, b].map((png) => sharp(png).removeAlpha().raw().toBuffer()));
  let n = 0;
  for (let i = 0; i < x.length; i++) if (Math.abs(x[i] - y[i]) > 32) n++;
  return n;
};

describe("Chinese is drawn from the bundled font, with no system font", () => {
  test("a hanzi puts ink inside its em box and nowhere else; the same text drawn as SVG <text> finds no font here", async () => {
    const png = await drawn("星", "outlines");
    // The em box of a 120-px glyph whose baseline is at y=150: x 20–140, y 44–164.
    const box = { left: 20, top: 44, width: 120, height: 120 };
    expect(await ink(png, box)).toBeGreaterThan(0.15 * box.width * box.height);
    expect(await ink(png)).toBe(await ink(png, box));
    // The control: with fontconfig seeing no font, librsvg's own text draws (next to) nothing.
    expect(await ink(await drawn("星", "svg-text"))).toBeLessThan((await ink(png)) / 5);
  });

  test("the same name drawn twice is the same picture; a different name is a different one", async () => {
    const face = await shareTypeface();
    const card: WinnerCard = {
      title: "最佳服务明星",
      name: "区洁莹",
      members: [],
      moreMembers: (n) => `等 ${n} 人`,
      separator: "、",
      unit: "广州一台",
      figure: null,
      citation: "坚持“问题没解决，回访不结单”。",
      campaign: "2026年第三季度 服务之星",
      brand: "服务之星 · Service Stars",
      initials: "洁莹",
      hasPhoto: false,
    };
    const [a, b, c] = await Promise.all([card, card, { ...card, name: "潘家豪" }].map((x) => drawShareImage(winnerScene(face, x), null)));
    expect(await diff(a, b)).toBe(0);
    // Only the name differs, so only the name's line does.
    const nameLine = { left: 530, top: 178, width: 600, height: 90 };
    const [na, nc] = await Promise.all([a, c].map((png) => sharp(png).extract(nameLine).png().toBuffer()));
    expect(await diff(na, nc)).toBeGreaterThan(500);
    expect(
      await diff(
        await sharp(a).extract({ left: 530, top: 560, width: 600, height: 40 }).png().toBuffer(),
        await sharp(c).extract({ left: 530, top: 560, width: 600, height: 40 }).png().toBuffer(),
      ),
    ).toBe(0);
  });
});

describe("share images of a published honour roll", () => {
  test("the roll's image is a 1200×630 PNG, drawn per language", async () => {
    const zh = value(await honorRollShareImage(db, { slug: published.slug, locale: "zh-CN" }));
    const en = value(await honorRollShareImage(db, { slug: published.slug, locale: "en" }));
    expect(zh.key).not.toBe(en.key);
    const [zhPng, enPng] = await Promise.all([zh.render(), en.render()]);
    expect(await sharp(zhPng).metadata()).toMatchObject({ format: "png", width: 1200, height: 630 });
    expect(await diff(zhPng, enPng)).toBeGreaterThan(1000);
  });

  test("a winner's image carries their photo as published, at the photo's place", async () => {
    const roll = await honorRoll(db, value(await honorRollHead(db, published.slug)));
    const star = roll.snapshot.titles[0].winners.find((w) => w.nominationId === published.starAlice)!;
    expect(star.photo?.mediaId).toBe(published.photos[0]);
    const job = value(await winnerShareImage(db, { slug: published.slug, nominationId: published.starAlice, locale: "zh-CN" }));
    expect(job.key).toContain(`winner:${published.starAlice}`);
    const png = await job.render();
    expect(await sharp(png).metadata()).toMatchObject({ format: "png", width: 1200, height: 630 });
    // The first photo is plain #c0392b: the middle of the photo's frame is that red.
    const { data } = await sharp(png).extract({ left: 250, top: 300, width: 1, height: 1 }).removeAlpha().raw().toBuffer({ resolveWithObject: true });
    expect([...data].map((v, i) => Math.abs(v - [0xc0, 0x39, 0x2b][i]))).toSatisfy((d: number[]) => d.every((x) => x < 12));
  });

  test("an older version can be asked for; an unknown version or slug is 404", async () => {
    const v1 = value(await honorRollShareImage(db, { slug: published.slug, version: 1, locale: "zh-CN" }));
    expect(v1.key).toBe(value(await honorRollShareImage(db, { slug: published.slug, locale: "zh-CN" })).key);
    expect(await honorRollShareImage(db, { slug: published.slug, version: 2, locale: "zh-CN" })).toEqual({
      ok: false,
      error: "honorRoll.notFound",
      status: 404,
    });
    expect(await honorRollShareImage(db, { slug: published.slug, version: Number.NaN, locale: "zh-CN" })).toMatchObject({ ok: false, status: 404 });
    expect(await honorRollShareImage(db, { slug: "no-such-roll", locale: "zh-CN" })).toMatchObject({ ok: false, status: 404 });
  });

  test("a nomination that is not a winner on that roll has no image", async () => {
    expect(await winnerShareImage(db, { slug: published.slug, nominationId: published.starGina, locale: "zh-CN" })).toEqual({
      ok: false,
      error: "sharing.winner.notFound",
      status: 404,
    });
    expect(await winnerShareImage(db, { slug: published.slug, nominationId: Number.NaN, locale: "zh-CN" })).toMatchObject({ ok: false, status: 404 });
  });

  test("an unpublished campaign's winners have no image, roll or winner", async () => {
    expect(await honorRollShareImage(db, { slug: ratified.slug, locale: "zh-CN" })).toEqual({ ok: false, error: "honorRoll.notFound", status: 404 });
    expect(await winnerShareImage(db, { slug: ratified.slug, nominationId: ratified.starAlice, locale: "zh-CN" })).toEqual({
      ok: false,
      error: "honorRoll.notFound",
      status: 404,
    });
  });
});

describe("signed links", () => {
  test("a key opens its own path only; a changed or foreign key does not", async () => {
    const key = await linkKey(db, "/honor-roll/feed.atom");
    expect(key).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(await linkKey(db, "/honor-roll/feed.atom")).toBe(key);
    expect(await isLinkKey(db, "/honor-roll/feed.atom", key)).toBe(true);
    expect(await isLinkKey(db, "/honor-roll/x/screen", key)).toBe(false);
    const flipped = (key[0] === "A" ? "B" : "A") + key.slice(1);
    expect(await isLinkKey(db, "/honor-roll/feed.atom", flipped)).toBe(false);
    expect(await isLinkKey(db, "/honor-roll/feed.atom", key.slice(0, 21))).toBe(false);
    expect(await isLinkKey(db, "/honor-roll/feed.atom", "")).toBe(false);
    expect(await signedPath(db, "/honor-roll/x/screen")).toBe(`/honor-roll/x/screen?key=${await linkKey(db, "/honor-roll/x/screen")}`);
  });

  test("deleting the secret revokes every link; the next link made uses a new one", async () => {
    const before = await linkKey(db, "/honor-roll/feed.atom");
    await db.deleteFrom("app_secrets").where("name", "=", "links").execute();
    expect(await isLinkKey(db, "/honor-roll/feed.atom", before)).toBe(false);
    // Checking a key never creates the secret (anyone may try a key).
    expect(await db.selectFrom("app_secrets").select("name").where("name", "=", "links").execute()).toEqual([]);
    const after = await linkKey(db, "/honor-roll/feed.atom");
    expect(after).not.toBe(before);
    expect(await isLinkKey(db, "/honor-roll/feed.atom", after)).toBe(true);
  });

  test("only an administrator is given the feed's link, or a screen's for a TV", async () => {
    expect(await feedLinkFor(db, published.admin)).toBe(`/honor-roll/feed.atom?key=${await linkKey(db, "/honor-roll/feed.atom")}`);
    expect(await feedLinkFor(db, published.alice)).toBeNull();
    const screen = `/honor-roll/${published.slug}/screen`;
    const link = new URL((await signedPathFor(db, published.admin, screen))!, "http://x");
    expect(link.pathname).toBe(screen);
    expect(await isLinkKey(db, screen, link.searchParams.get("key")!)).toBe(true);
    expect(await signedPathFor(db, published.alice, screen)).toBeNull();
  });
});

describe("the Atom feed", () => {
  test("carries the published roll with its winners and a signed share image, and not the unpublished campaign", async () => {
    const job = await honorRollFeed(db, { locale: "zh-CN", origin: "https://stars.example" });
    const doc = parseXml(await job.render());
    const entries = [...doc.getElementsByTagNameNS(atom, "entry")];
    expect(entries).toHaveLength(1);
    const entry = entries[0];
    const text = (name: string) => entry.getElementsByTagNameNS(atom, name)[0]?.textContent ?? "";
    const roll = await honorRoll(db, value(await honorRollHead(db, published.slug)));
    expect(text("id")).toBe(`https://stars.example/honor-roll/${published.slug}?v=1`);
    expect(text("title")).toBe(`光荣榜：${roll.snapshot.campaign.nameZh}`);
    expect(new Date(text("updated")).getTime()).toBe(roll.publishedAt.getTime());
    expect(text("summary")).toContain(`${roll.snapshot.titles[0].nameZh}：`);
    expect(text("summary")).toContain(published.alice.name);
    const links = [...entry.getElementsByTagNameNS(atom, "link")];
    expect(links.find((l) => l.getAttribute("rel") === "alternate")?.getAttribute("href")).toBe(`https://stars.example/honor-roll/${published.slug}`);
    const image = new URL(links.find((l) => l.getAttribute("rel") === "enclosure")!.getAttribute("href")!);
    expect(image.pathname).toBe(`/honor-roll/${published.slug}/share.png`);
    expect(await isLinkKey(db, image.pathname, image.searchParams.get("key")!)).toBe(true);
    const all = doc.documentElement!.toString();
    expect(all).not.toContain(ratified.slug);
  });

  test("is in the language asked for, and its cache key changes with a new publication only", async () => {
    const en = await honorRollFeed(db, { locale: "en", origin: "https://stars.example" });
    const doc = parseXml(await en.render());
    expect(doc.documentElement!.getAttribute("xml:lang")).toBe("en");
    expect(doc.getElementsByTagNameNS(atom, "entry")[0].getElementsByTagNameNS(atom, "title")[0].textContent).toMatch(/^Honour roll: /);
    expect((await honorRollFeed(db, { locale: "en", origin: "https://stars.example" })).key).toBe(en.key);
    await givenPublishedCampaign(db);
    const later = await honorRollFeed(db, { locale: "en", origin: "https://stars.example" });
    expect(later.key).not.toBe(en.key);
    expect(parseXml(await later.render()).getElementsByTagNameNS(atom, "entry")).toHaveLength(2);
  });
});
