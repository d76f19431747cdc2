import { afterAll, beforeAll, expect, test } from "vitest";
import { publishPictures, storeImage } from "../../app/domain/media/media.server";
import type { PictureData } from "../../app/domain/media/picture";
import { createDb } from "../../db/client";
import { phoneJpeg } from "../fixtures/media/images";
import { startServer, type TestServer } from "../support/server";

// /media/… through the real server (Express, helmet, compression, Remix): the
// headers the route sets survive, and the server's own (nosniff) are there.

let server: TestServer;
let picture: PictureData;
beforeAll(async () => {
  server = await startServer();
  // A photo stored the way the app stores it. PGlite is one process: the
  // server lets go of its folder while the test writes, then starts again.
  if (server.kind === "pglite") await server.kill();
  const handle = await createDb(server.databaseUrl ? { databaseUrl: server.databaseUrl } : { dataDir: server.dataDir });
  try {
    const someone = await handle.db.selectFrom("people").select("id").orderBy("id").executeTakeFirstOrThrow();
    const stored = await storeImage(handle.db, someone, { purpose: "photo", bytes: await phoneJpeg(1000, 800) });
    if (!stored.ok) throw new Error(stored.error);
    picture = stored.value.picture;
    // As an honour roll's photo: public (who sees a photo before that: tests/http/media-access.test.ts).
    await publishPictures(handle.db, [stored.value.mediaId]);
  } finally {
    await handle.close();
  }
  if (server.kind === "pglite") await server.restart();
});
afterAll(() => server?.stop());

test("every variant is served with its type, immutable caching, its hash as ETag and nosniff", async () => {
  const urls = [...picture.sources.flatMap((s) => s.srcSet.split(", ")), picture.fallback.srcSet].flatMap((set) =>
    set.split(", ").map((entry) => entry.split(" ")[0]),
  );
  expect(urls.length).toBe(9);
  for (const url of urls) {
    const res = await fetch(`${server.url}${url}`, { headers: { "Accept-Encoding": "gzip, br" } });
    expect(res.status).toBe(200);
    const ext = url.split(".").pop();
    expect(res.headers.get("content-type")).toBe({ avif: "image/avif", webp: "image/webp", jpg: "image/jpeg" }[ext!]);
    expect(res.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    expect(res.headers.get("etag")).toBe(`"${url.slice("/media/".length, url.lastIndexOf("."))}"`);
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    // Already compressed: never gzipped again.
    expect(res.headers.get("content-encoding")).toBeNull();
    expect((await res.arrayBuffer()).byteLength).toBeGreaterThan(0);
  }
});

test("If-None-Match with the hash answers 304; an unknown name 404", async () => {
  const url = picture.fallback.src;
  const first = await fetch(`${server.url}${url}`);
  const etag = first.headers.get("etag")!;
  const again = await fetch(`${server.url}${url}`, { headers: { "If-None-Match": etag } });
  expect(again.status).toBe(304);
  expect(again.headers.get("etag")).toBe(etag);
  const unknown = await fetch(`${server.url}/media/${"f".repeat(64)}.webp`);
  expect(unknown.status).toBe(404);
  expect(unknown.headers.get("x-content-type-options")).toBe("nosniff");
});
