import { createCookie, type AppLoadContext } from "@remix-run/node";
import { afterAll, beforeAll, expect, test } from "vitest";
import { storeImage } from "../../app/domain/media/media.server";
import { loader } from "../../app/routes/media.$name";
import { solid } from "../fixtures/media/images";
import { givenPerson, givenUnit } from "../support/builders";
import { createTestDb, type TestDb } from "../support/db";

// The resource route as Remix calls it: headers, 304 and 404 (nosniff is the
// server's: media-http.test.ts checks it through the real server). Who may
// see which picture: media-access.test.ts (domain) and tests/http/media-access.test.ts.

let t: TestDb;
let jpegUrl: string;
let privateUrl: string;
beforeAll(async () => {
  t = await createTestDb();
  await givenUnit(t.db, "GD");
  const person = await givenPerson(t.db, { unit: "GD", password: null });
  // A title's badge: public from its upload.
  const stored = await storeImage(t.db, person, { purpose: "badge", bytes: await solid("png", 500, 300) });
  if (!stored.ok) throw new Error(stored.error);
  jpegUrl = stored.value.picture.fallback.src;
  // A photo on nobody's nomination: its uploader's alone.
  const photo = await storeImage(t.db, person, { purpose: "photo", bytes: await solid("png", 500, 300) });
  if (!photo.ok) throw new Error(photo.error);
  privateUrl = photo.value.picture.fallback.src;
});
afterAll(() => t.close());

const get = (path: string, headers: Record<string, string> = {}) =>
  loader({
    request: new Request(`http://localhost${path}`, { headers }),
    params: { name: path.replace("/media/", "") },
    // Signed out: no session cookie to read.
    context: { db: t.db, sessionCookie: createCookie("__session", { secrets: ["media-route-test"] }) } as AppLoadContext,
  }) as Promise<Response>;

test("a variant is served forever-cacheable, with its hash as a strong ETag", async () => {
  const res = await get(jpegUrl);
  expect(res.status).toBe(200);
  const hash = jpegUrl.slice("/media/".length, -".jpg".length);
  expect(Object.fromEntries(res.headers)).toMatchObject({
    "content-type": "image/jpeg",
    "cache-control": "public, max-age=31536000, immutable",
    etag: `"${hash}"`,
  });
  const body = new Uint8Array(await res.arrayBuffer());
  expect(res.headers.get("content-length")).toBe(String(body.byteLength));
  expect([body[0], body[1], body[2]]).toEqual([0xff, 0xd8, 0xff]);
});

test("a browser that has it gets 304 without a body", async () => {
  const hash = jpegUrl.slice("/media/".length, -".jpg".length);
  const res = await get(jpegUrl, { "If-None-Match": `"${hash}"` });
  expect(res.status).toBe(304);
  expect(res.headers.get("etag")).toBe(`"${hash}"`);
  expect(await res.text()).toBe("");
});

test("unknown names, and a photo this person may not see, are the same 404, never stored", async () => {
  for (const path of [`/media/${"a".repeat(64)}.jpg`, "/media/picture.svg", "/media/..%2Fsecret", privateUrl]) {
    const res = await get(path);
    expect(res.status).toBe(404);
    expect(res.headers.get("cache-control")).toBe("private, no-store");
    expect(await res.text()).toBe("");
  }
  // Knowing the hash does not help: no 304 either.
  const hash = privateUrl.slice("/media/".length, -".jpg".length);
  expect((await get(privateUrl, { "If-None-Match": `"${hash}"` })).status).toBe(404);
});
