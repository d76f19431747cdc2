import http from "node:http";

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  /** The bytes on the wire (no Accept-Encoding is sent unless asked, so no decoding). */
  body: Buffer;
}

/** One request with node:http, exactly as given: no cookies, redirects or decompression. */
export function request(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: string; timeoutMs?: number } = {},
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: options.method ?? "GET", headers: options.headers, timeout: options.timeoutMs ?? 10_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on("error", reject);
    });
    req.on("timeout", () => req.destroy(new Error(`${url}: no answer within ${(options.timeoutMs ?? 10_000) / 1000} s`)));
    req.on("error", reject);
    req.end(options.body);
  });
}

/** Signs in through the real form post; returns the `__session=…` cookie pair. */
export async function signIn(origin: string, identifier: string, password: string): Promise<string> {
  const res = await request(`${origin}/login`, {
    method: "POST",
    // The server refuses a non-GET without a same-origin Origin (CSRF check).
    headers: { origin, "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ identifier, password, redirectTo: "/" }).toString(),
  });
  const setCookies = res.headers["set-cookie"] ?? [];
  const session = setCookies.map((c) => c.split(";")[0]).find((c) => c.startsWith("__session="));
  if (res.status >= 400 || !session) {
    throw new Error(`sign-in as ${identifier} failed: HTTP ${res.status}\n${res.body.toString("utf8").slice(0, 2_000)}`);
  }
  return session;
}
