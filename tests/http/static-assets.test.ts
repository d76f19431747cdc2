import http from "node:http";
import zlib from "node:zlib";
import { describe, expect, test } from "vitest";
import { useServer, type TestServer } from "../support/server";

// Scripts and stylesheets are compressed once, at build time (Brotli 11 and
// gzip 9, scripts/precompress.ts), and sent as they are (issue 15, item 5):
// before, each request compressed them again, with Brotli at quality 4
// larger than gzip.

const app = useServer();

function raw(server: TestServer, pathname: string, acceptEncoding?: string, method = "GET") {
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
    const request = http.request(
      `${server.url}${pathname}`,
      { method, headers: acceptEncoding === undefined ? {} : { "accept-encoding": acceptEncoding } },
      (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (c: Buffer) => chunks.push(c));
        response.on("end", () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) }));
        response.on("error", reject);
      },
    );
    request.on("error", reject);
    request.end();
  });
}

/** The largest script the sign-in page loads. */
async function largestScript(): Promise<string> {
  const html = await (await fetch(`${app.server.url}/login`)).text();
  const scripts = [...html.matchAll(/(?:src|href)="(\/build\/[^"]+\.js)"/g)].map((m) => m[1]!);
  const sizes = await Promise.all(scripts.map(async (s) => [s, (await raw(app.server, s)).body.length] as const));
  return sizes.sort((a, b) => b[1] - a[1])[0]![0];
}

describe("scripts and stylesheets compressed at build time", () => {
  test("Brotli when the browser takes it, as written at quality 11: smaller than quality 4 or gzip, with its length", async () => {
    const script = await largestScript();
    const plain = await raw(app.server, script, "identity");
    expect(plain.status).toBe(200);
    expect(plain.headers["content-encoding"]).toBeUndefined();
    const br = await raw(app.server, script, "gzip, deflate, br, zstd");
    expect(br.status).toBe(200);
    expect(br.headers["content-encoding"]).toBe("br");
    expect(br.headers["content-type"]).toMatch(/^(application|text)\/javascript/);
    expect(br.headers.vary).toMatch(/accept-encoding/i);
    expect(br.headers["cache-control"]).toMatch(/immutable/);
    // A file sent as it is says its length; the per-request compressor streams without one.
    expect(Number(br.headers["content-length"])).toBe(br.body.length);
    expect(zlib.brotliDecompressSync(br.body).equals(plain.body)).toBe(true);
    const quality4 = zlib.brotliCompressSync(plain.body, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 4 } });
    expect(br.body.length).toBeLessThan(quality4.length);
    const gz = await raw(app.server, script, "gzip");
    expect(gz.headers["content-encoding"]).toBe("gzip");
    expect(zlib.gunzipSync(gz.body).equals(plain.body)).toBe(true);
    expect(br.body.length).toBeLessThan(gz.body.length);
  });

  test("a client that takes no compression gets the file; HEAD says the same headers; a stylesheet too", async () => {
    const script = await largestScript();
    const none = await raw(app.server, script);
    expect(none.headers["content-encoding"]).toBeUndefined();
    const head = await raw(app.server, script, "br", "HEAD");
    expect(head.status).toBe(200);
    expect(head.headers["content-encoding"]).toBe("br");
    expect(head.body.length).toBe(0);
    const html = await (await fetch(`${app.server.url}/login`)).text();
    const css = html.match(/href="(\/build\/[^"]+\.css)"/)?.[1];
    expect(css).toBeTruthy();
    const style = await raw(app.server, css!, "br;q=0.5, gzip;q=1");
    expect(style.headers["content-encoding"]).toBe("gzip");
    expect(style.headers["content-type"]).toMatch(/^text\/css/);
  });

  test("a missing file, a copy asked for by name and a path outside the folder are not served as assets", async () => {
    expect((await raw(app.server, "/build/nothing-here.js", "br")).status).toBe(404);
    const script = await largestScript();
    expect((await raw(app.server, `${script}.br`, "br")).status).toBe(404);
    expect((await raw(app.server, `${script}.gz`)).status).toBe(404);
    expect((await raw(app.server, "/build/..%2f..%2fpackage.json", "br")).status).toBeGreaterThanOrEqual(400);
  });
});
