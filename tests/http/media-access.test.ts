import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { User } from "../../app/domain/auth/user";
import { storeImage } from "../../app/domain/media/media.server";
import { reviewNomination } from "../../app/domain/nominations/review.server";
import { saveNomination } from "../../app/domain/nominations/saving.server";
import type { NominationInput } from "../../app/domain/nominations/schema";
import { createDb, type Db } from "../../db/client";
import { demoUser } from "../support/demo";
import { client, demoPassword, signedInClient, startServer, type Client, type TestServer } from "../support/server";

// Issue 14, item 9, over HTTP on the demo data: /media/<sha256> served the
// photos of drafts and rejected nominations to anyone holding the address,
// signed in or not. Now (decision 0030) a photo is public only once an
// honour roll shows it; before that only those who may read its nomination
// get it, never stored, and everyone else the 404 of an unknown name.

let server: TestServer;
/** Every variant's address of each photo, by the state of the nomination holding it. */
const urls = {} as Record<"draft" | "nominating" | "rejected", string[]>;
const mediaOf = new Map<string, number>();

beforeAll(async () => {
  server = await startServer();
  // Fresh photos (their own bytes: the demo's pictures are on its published
  // rolls too), on nominations made by the use-cases the forms call. PGlite is
  // one process: the server lets go of its folder while the test writes.
  if (server.kind === "pglite") await server.kill();
  const handle = await createDb(server.databaseUrl ? { databaseUrl: server.databaseUrl } : { dataDir: server.dataDir });
  try {
    const db = handle.db;
    const [manager, committee] = [await demoUser(db, "manager"), await demoUser(db, "committee")];
    urls.draft = await nominateWithPhoto(db, manager, "GD000007", "#1abc9c", false);
    urls.nominating = await nominateWithPhoto(db, manager, "GD000008", "#9b59b6", true);
    urls.rejected = await nominateWithPhoto(db, manager, "GD000004", "#e67e22", true);
    const [id] = await db
      .selectFrom("nomination_photos")
      .select("nomination_id")
      .where("media_id", "=", mediaOf.get(urls.rejected[0])!)
      .execute()
      .then((r) => r.map((x) => x.nomination_id));
    const rejected = await reviewNomination(db, committee, "2026-q4", id, { decision: "reject", comment: "证据不足。" });
    if (!rejected.ok) throw new Error(rejected.error);
  } finally {
    await handle.close();
  }
  if (server.kind === "pglite") await server.restart();
}, 180_000);
afterAll(() => server?.stop());

/** A 2026 Q4 nomination (the campaign still takes nominations) by the hotline manager, with one photo of its own colour. */
async function nominateWithPhoto(db: Db, manager: User, nominee: string, colour: string, submit: boolean): Promise<string[]> {
  const bytes = await sharp({ create: { width: 800, height: 600, channels: 3, background: colour } })
    .jpeg()
    .toBuffer();
  const stored = await storeImage(db, manager, { purpose: "photo", bytes });
  if (!stored.ok) throw new Error(stored.error);
  const template = await db
    .selectFrom("title_metric_templates as m")
    .innerJoin("titles as t", "t.id", "m.title_id")
    .select("m.id")
    .where("t.slug", "=", "outstanding-service-star")
    .orderBy("m.position")
    .executeTakeFirstOrThrow();
  const input: NominationInput = {
    titleSlug: "outstanding-service-star",
    kind: "individual",
    teamName: null,
    nominees: [nominee],
    citation: "把每一通来电都当成唯一的一通。",
    metrics: [
      {
        templateId: template.id,
        name: "客户满意度",
        value: 98.6,
        unit: "%",
        period: "2026年第四季度",
        target: 95,
        baseline: null,
        direction: "higher",
        source: "质检系统",
      },
    ],
    stories: [
      {
        heading: "凌晨两点的来电",
        body: "一位老人来电说家里电话断了，她记下地址，第二天一早就回电确认修好。",
        principles: ["difference"],
        quote: null,
        quoteBy: null,
      },
    ],
    photos: [{ mediaId: stored.value.mediaId, caption: "" }],
    // The demo's Outstanding Service Star states rules (decision 0050); a nominee who misses one is put forward as an exception.
    exceptionReason: "春节期间坚守大夜班，投诉经复核系客户误解。",
  };
  const saved = await saveNomination(db, manager, "2026-q4", null, input, { submit });
  if (!saved.ok) throw new Error(`${saved.error} ${JSON.stringify(saved.vars ?? {})}`);
  const p = stored.value.picture;
  const all = [...p.sources.map((s) => s.srcSet), p.fallback.srcSet].flatMap((set) => set.split(", ").map((entry) => entry.split(" ")[0]));
  for (const url of all) mediaOf.set(url, stored.value.mediaId);
  return all;
}

type Answer = "public" | "private" | 404;

/** What every variant answers this client; they must all agree. */
async function answers(c: Client, variants: readonly string[]): Promise<Answer> {
  const seen = new Set<Answer>();
  for (const url of variants) {
    const res = await c.get(url);
    const body = await res.arrayBuffer();
    const cache = res.headers.get("cache-control");
    if (res.status === 404) {
      // The same answer as for a name that does not exist: nothing to tell them apart.
      expect(cache).toBe("private, no-store");
      expect(body.byteLength).toBe(0);
      seen.add(404);
    } else {
      expect(res.status).toBe(200);
      expect(body.byteLength).toBeGreaterThan(0);
      expect(cache === "public, max-age=31536000, immutable" || cache === "private, no-store").toBe(true);
      seen.add(cache!.startsWith("public") ? "public" : "private");
    }
  }
  expect(seen.size).toBe(1);
  return [...seen][0];
}

const anonymous = () => client(server, { language: "en" });
async function lineManager() {
  const c = client(server, { language: "en" });
  await c.signIn("manager.line@demo.example", demoPassword);
  return c;
}

describe("a photo of a nomination not yet public", () => {
  test.each([
    ["a draft", "draft"],
    ["a submitted nomination while the campaign still takes nominations", "nominating"],
    ["a rejected nomination", "rejected"],
  ] as const)("%s: 404 to anyone signed out and to other staff; its nominator and the committee get it, never stored", async (_, state) => {
    const variants = urls[state];
    expect(variants.length).toBeGreaterThanOrEqual(3);
    expect(await answers(anonymous(), variants)).toBe(404);
    expect(await answers(await signedInClient(server, "staff"), variants)).toBe(404);
    expect(await answers(await lineManager(), variants)).toBe(404);
    expect(await answers(await signedInClient(server, "manager"), variants)).toBe("private");
    expect(await answers(await signedInClient(server, "committee"), variants)).toBe("private");
  });

  test("a browser that sends the hash of a photo it may not see still gets the 404, not a 304", async () => {
    const [url] = urls.draft;
    const hash = url.slice("/media/".length, url.lastIndexOf("."));
    const res = await anonymous().request(url, { headers: { "If-None-Match": `"${hash}"` } });
    expect(res.status).toBe(404);
  });
});

describe("a published honour roll's photos", () => {
  test("are public and cacheable for good, to anyone signed out (office-TV screens, the share page)", async () => {
    const staff = await signedInClient(server, "staff");
    const html = await (await staff.get("/honor-roll/2026-q3")).text();
    const variants = [...new Set([...html.matchAll(/\/media\/[0-9a-f]{64}\.(?:avif|webp|jpg)/g)].map((m) => m[0]))];
    expect(variants.length).toBeGreaterThanOrEqual(4);
    expect(await answers(anonymous(), variants)).toBe("public");
    expect(await answers(staff, variants)).toBe("public");
  });
});
