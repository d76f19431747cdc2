import { gunzipSync, brotliDecompressSync } from "node:zlib";
import { describe, expect, test } from "vitest";
import { chooseEncoding, documentOf, documentResponse } from "../../app/web/document-cache.server";

// Published documents are compressed once when rendered and served in the
// encoding the browser takes, each encoding with its own validator; a
// browser holding any of them gets a 304.

const html = `<!DOCTYPE html><html><body>${"<p>光荣榜 Honour roll</p>".repeat(200)}</body></html>`;
const get = (headers: Record<string, string> = {}) => new Request("http://localhost/honor-roll/x", { headers });

describe("choosing the encoding", () => {
  test("Brotli before gzip, gzip when Brotli is not taken, none without Accept-Encoding", () => {
    const both = { br: Buffer.from("b"), gzip: Buffer.from("g") };
    expect(chooseEncoding("gzip, deflate, br", both)).toBe("br");
    expect(chooseEncoding("gzip, deflate", both)).toBe("gzip");
    expect(chooseEncoding("br;q=0, gzip;q=0.5", both)).toBe("gzip");
    expect(chooseEncoding("*", both)).toBe("br");
    expect(chooseEncoding("identity", both)).toBeNull();
    expect(chooseEncoding(null, both)).toBeNull();
    expect(chooseEncoding("gzip, br", {})).toBeNull();
    // The weights decide, as for the scripts (one rule: app/web/encoding.server.ts): a browser that prefers gzip gets gzip.
    expect(chooseEncoding("br;q=0.5, gzip", both)).toBe("gzip");
    expect(chooseEncoding("gzip;q=0.8, br;q=0.9", both)).toBe("br");
    expect(chooseEncoding("BR", both)).toBe("br");
    expect(chooseEncoding("gzip;q=0, br;q=0", both)).toBeNull();
  });
});

describe("a cached document", () => {
  test("text is kept compressed too; the bytes decompress to the same document", async () => {
    const doc = await documentOf(html);
    expect(brotliDecompressSync(doc.encoded.br!).toString("utf8")).toBe(html);
    expect(gunzipSync(doc.encoded.gzip!).toString("utf8")).toBe(html);
  });

  test("bytes (an image, a PDF) are served as they are", async () => {
    const doc = await documentOf(Buffer.from([0x89, 0x50, 0x4e, 0x47]));
    expect(doc.encoded).toEqual({});
    const r = documentResponse(get({ "accept-encoding": "br" }), doc, "image/png");
    expect(r.headers.get("content-encoding")).toBeNull();
    expect(r.headers.get("vary")).toBe("Cookie, Accept-Language");
    expect(Buffer.from(await r.arrayBuffer())).toEqual(doc.body);
  });

  test("answered in the encoding asked for, with its own ETag and length", async () => {
    const doc = await documentOf(html);
    const plain = documentResponse(get(), doc);
    const br = documentResponse(get({ "accept-encoding": "gzip, deflate, br" }), doc);
    expect(plain.headers.get("content-encoding")).toBeNull();
    expect(await plain.text()).toBe(html);
    expect(br.headers.get("content-encoding")).toBe("br");
    expect(br.headers.get("vary")).toBe("Cookie, Accept-Language, Accept-Encoding");
    expect(br.headers.get("content-length")).toBe(String(doc.encoded.br!.byteLength));
    expect(Buffer.from(await br.arrayBuffer())).toEqual(doc.encoded.br);
    expect(br.headers.get("etag")).not.toBe(plain.headers.get("etag"));
  });

  test("a 304 for the validator of any encoding, and the same bytes for every reader", async () => {
    const doc = await documentOf(html);
    const br = documentResponse(get({ "accept-encoding": "br" }), doc);
    const etag = br.headers.get("etag")!;
    expect(documentResponse(get({ "accept-encoding": "br", "if-none-match": etag }), doc).status).toBe(304);
    expect(documentResponse(get({ "if-none-match": `W/${etag}` }), doc).status).toBe(304);
    expect(documentResponse(get({ "if-none-match": '"other"' }), doc).status).toBe(200);
    // A reader consuming its body leaves the cached bytes as they were.
    await documentResponse(get(), doc).arrayBuffer();
    expect(doc.body.toString("utf8")).toBe(html);
  });
});
