import { mkdtemp, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createDb } from "../../db/client";
import { feedPath } from "../../app/domain/publishing/signed-paths";
import { linkKey } from "../../app/domain/publishing/links.server";
import { honorRoll, honorRollHead } from "../../app/domain/publishing/read-roll.server";
import { rollSharePath, winnerSharePath } from "../../app/domain/publishing/signed-paths";
import { translate } from "../../app/i18n/all.server";
import { client, signedInClient, startServer, type DemoRole, type TestServer } from "../support/server";
import { value } from "../support/result";
import { closedDemoCampaign } from "../support/published-demo";
import { publishDemoOverHttp } from "../support/publishing";
import { atom, parseXml } from "../support/xml";

// Share images and the feed over HTTP, on a server that sees no system font.
// The demo's 3·15 campaign is published as people would do it
// (publishDemoOverHttp: voting opened, a ballot cast, closed, the committee
// ratifies, the administrator publishes). The keys of
// the signed links are then read from the server's own database (as the
// administrator's page would show them), the server stopped meanwhile:
// PGlite is one process.

const slug = "3-15-stars";
const unpublished = closedDemoCampaign;
let server: TestServer;
const keys = { feed: "", roll: "", winner: "" };
let winnerId = 0;
let notWinnerId = 0;

const signedIn = (role: DemoRole, language = "zh-CN") => signedInClient(server, role, language);

beforeAll(async () => {
  const noFonts = await mkdtemp(path.join(os.tmpdir(), "ss-no-fonts-"));
  await writeFile(
    path.join(noFonts, "fonts.conf"),
    `<?xml version="1.0"?><fontconfig><dir>${noFonts}</dir><cachedir>${noFonts}</cachedir></fontconfig>`,
  );
  server = await startServer({ env: { FONTCONFIG_FILE: path.join(noFonts, "fonts.conf") } });
  expect(await publishDemoOverHttp(server)).toBe(slug);
  await server.kill("SIGTERM");
  const handle = await createDb(server.kind === "pg" ? { databaseUrl: server.databaseUrl, poolSize: 1 } : { dataDir: server.dataDir });
  try {
    const db = handle.db;
    const roll = await honorRoll(db, value(await honorRollHead(db, slug)));
    winnerId = roll.snapshot.titles.flatMap((t) => t.winners)[0].nominationId;
    const others = await db
      .selectFrom("nominations as n")
      .innerJoin("campaigns as c", "c.id", "n.campaign_id")
      .select("n.id")
      .where("c.slug", "=", unpublished)
      .execute();
    notWinnerId = others[0].id;
    keys.feed = await linkKey(db, feedPath);
    keys.roll = await linkKey(db, rollSharePath(slug));
    keys.winner = await linkKey(db, winnerSharePath(slug, winnerId));
  } finally {
    await handle.close();
  }
  await server.restart();
}, 240_000);

afterAll(() => server?.stop());

const roll = rollSharePath(slug);
const png = async (r: Response) => sharp(Buffer.from(await r.arrayBuffer())).metadata();

describe("share images", () => {
  test("signed out and without a key: to the sign-in page, which comes back here", async () => {
    const r = await client(server).get(roll);
    expect(r.status).toBe(302);
    expect(r.headers.get("location")).toBe(`/login?redirectTo=${encodeURIComponent(roll)}`);
  });

  test("signed out with the signed link: the roll's image, 1200×630 PNG, drawn with no system font", async () => {
    const r = await client(server).get(`${roll}?key=${keys.roll}`);
    expect(r.status).toBe(200);
    expect(r.headers.get("content-type")).toBe("image/png");
    expect(await png(r)).toMatchObject({ format: "png", width: 1200, height: 630 });
    expect(server.logs()).not.toMatch(/"level":"error"/);
  });

  test("a wrong key, or the key of another path, is refused in the reader's language", async () => {
    for (const key of ["AAAAAAAAAAAAAAAAAAAAAA", keys.winner, "x"]) {
      const r = await client(server, { language: "en" }).get(`${roll}?key=${key}`);
      expect(r.status).toBe(403);
      expect(r.headers.get("content-type")).toBe("text/plain; charset=utf-8");
      expect(await r.text()).toBe(translate("en", "sharing.link.invalid"));
    }
  });

  test("signed in: the roll's and a winner's image; a second request with the ETag is 304", async () => {
    const staff = await signedIn("staff");
    const first = await staff.get(roll);
    expect(first.status).toBe(200);
    const etag = first.headers.get("etag")!;
    expect(etag).toMatch(/^"[\w-]+"$/);
    expect((await staff.get(roll, { headers: { "if-none-match": etag } })).status).toBe(304);
    const winner = await staff.get(winnerSharePath(slug, winnerId));
    expect(winner.status).toBe(200);
    expect(await png(winner)).toMatchObject({ width: 1200, height: 630 });
    expect((await client(server).get(`${winnerSharePath(slug, winnerId)}?key=${keys.winner}&v=1&lang=en`)).status).toBe(200);
  });

  test("the language: the reader's, or the link's ?lang=", async () => {
    const zh = Buffer.from(await (await client(server, { language: "zh-CN" }).get(`${roll}?key=${keys.roll}`)).arrayBuffer());
    const en = Buffer.from(await (await client(server, { language: "en" }).get(`${roll}?key=${keys.roll}`)).arrayBuffer());
    const enByLink = Buffer.from(await (await client(server, { language: "zh-CN" }).get(`${roll}?key=${keys.roll}&lang=en`)).arrayBuffer());
    expect(zh.equals(en)).toBe(false);
    expect(en.equals(enByLink)).toBe(true);
  });

  test("an unpublished campaign, a nomination not on the roll, an unknown version: 404", async () => {
    const staff = await signedIn("staff", "en");
    const none = translate("en", "honorRoll.notFound");
    for (const pathname of [
      rollSharePath(unpublished),
      winnerSharePath(unpublished, notWinnerId),
      `${roll}?v=2`,
      `${roll}?v=x`,
      rollSharePath("no-such-roll"),
    ]) {
      const r = await staff.get(pathname);
      expect(r.status, pathname).toBe(404);
      expect(await r.text()).toBe(none);
    }
    const r = await staff.get(winnerSharePath(slug, notWinnerId));
    expect(r.status).toBe(404);
    expect(await r.text()).toBe(translate("en", "sharing.winner.notFound"));
  });
});

describe("the Atom feed", () => {
  test("the intranet's server fetches it with the key: Atom in Chinese, published rolls only, an image fetchable with the link in it", async () => {
    const portal = client(server);
    const r = await portal.get(`${feedPath}?key=${keys.feed}`);
    expect(r.status).toBe(200);
    expect(r.headers.get("content-type")).toBe("application/atom+xml; charset=utf-8");
    const doc = parseXml(await r.text());
    expect(doc.documentElement!.getAttribute("xml:lang")).toBe("zh-CN");
    const entries = [...doc.getElementsByTagNameNS(atom, "entry")];
    const ids = entries.map((e) => e.getElementsByTagNameNS(atom, "id")[0].textContent);
    expect(ids).toContain(`${server.url}/honor-roll/${slug}?v=1`);
    expect(ids.join(" ")).not.toContain(unpublished);
    const entry = entries[ids.indexOf(`${server.url}/honor-roll/${slug}?v=1`)];
    const image = [...entry.getElementsByTagNameNS(atom, "link")].find((l) => l.getAttribute("rel") === "enclosure")!.getAttribute("href")!;
    const fetched = await portal.get(image.slice(server.url.length));
    expect(fetched.status).toBe(200);
    expect(fetched.headers.get("content-type")).toBe("image/png");
  });

  test("an unchanged feed is 304 for a poll that has it; ?lang=en is in English", async () => {
    const portal = client(server);
    const first = await portal.get(`${feedPath}?key=${keys.feed}`);
    const etag = first.headers.get("etag")!;
    expect((await portal.get(`${feedPath}?key=${keys.feed}`, { headers: { "if-none-match": etag } })).status).toBe(304);
    const en = await portal.get(`${feedPath}?key=${keys.feed}&lang=en`);
    expect(en.headers.get("etag")).not.toBe(etag);
    const doc = parseXml(await en.text());
    expect(doc.getElementsByTagNameNS(atom, "title")[0].textContent).toBe(translate("en", "sharing.feed.title"));
  });

  test("without a key: to the sign-in page; with a wrong one: 403; signed in: the reader's language", async () => {
    expect((await client(server).get(feedPath)).status).toBe(302);
    expect((await client(server).get(`${feedPath}?key=${keys.roll}`)).status).toBe(403);
    const staff = await signedIn("staff", "en");
    const r = await staff.get(feedPath);
    expect(r.status).toBe(200);
    const doc = parseXml(await r.text());
    // The demo agent has no language setting: the browser's (en) decides.
    expect(doc.documentElement!.getAttribute("xml:lang")).toBe("en");
  });
});
