import { beforeAll, describe, expect, test } from "vitest";
import { type Locale } from "../../app/i18n/index";
import { translate } from "../../app/i18n/all.server";
import { client, demoAccount, useServer, visibleText, type Client } from "../support/server";

const app = useServer();

/** What must never reach a browser: stack frames, source paths, error classes, SQL and its errors. */
const leaks: Array<[string, RegExp]> = [
  ["a stack frame", /\n\s*at\s+\S+|\bat\s+\S+\s+\(\S+:\d+:\d+\)|\bat\s+(file|node):/],
  ["a source path", /\.tsx?:\d+|node_modules|\/work\//],
  ["an error class", /\b(TypeError|URIError|SyntaxError|RangeError|ReferenceError|DatabaseError)\b/],
  ["SQL", /\bselect\s+[\w*",\s]+\s+from\b|\binsert into\b|\bsyntax error\b|\brelation\s+"|\bviolates\b|\bout of range\b|\boffset\b/i],
];

function expectNoLeak(body: string) {
  for (const [what, pattern] of leaks) {
    const found = pattern.exec(body);
    expect(found?.[0], `the page shows ${what}`).toBeUndefined();
  }
}

/**
 * A page in the person's language: the app's error page with the way back
 * home, or the sign-in page again with its message.
 */
function expectFriendlyPage(body: string, locale: Locale, kind: "error" | "sign-in") {
  expect(body).toMatch(/^<!DOCTYPE html>/i);
  expect(body).toContain(`<html lang="${locale}"`);
  const text = visibleText(body);
  if (kind === "error") expect(text).toContain(translate(locale, "error.home"));
  else {
    expect(text).toContain(translate(locale, "auth.title"));
    expect(body).toMatch(/class="(form-error|field-error)"/);
  }
}

// Requests an app should survive: what a broken link, a scanner or a bad client
// sends. GETs come from a signed-in person; the sign-in posts from a signed-out one.
// A 500 is allowed here (this is about what the page shows); which of them
// deserve a 4xx is checked below.
// `page`: what a 4xx shows. A body that cannot be read as a form at all gets
// the error page (there is no form to show again); a readable but wrong
// sign-in gets the sign-in page with its message.
type Case = {
  name: string;
  signedIn: boolean;
  send: (c: Client) => Promise<Response>;
  status: number[];
  page?: "error" | "sign-in";
};
const malformed: Case[] = [
  { name: "a URL with bad percent-encoding", signedIn: true, send: (c) => c.get("/people/%E0%A4%A"), status: [400] },
  { name: "bad percent-encoding at the root", signedIn: true, send: (c) => c.get("/%E0%A4%A"), status: [400] },
  { name: "an address no page has", signedIn: true, send: (c) => c.get("/no/such/page"), status: [404] },
  { name: "a script tag in the path", signedIn: true, send: (c) => c.get("/people/%3Cscript%3Ealert(1)%3C%2Fscript%3E"), status: [404] },
  // Shows the last page: a stale link after people left still lands somewhere useful.
  { name: "a page number far beyond the last page", signedIn: true, send: (c) => c.get("/people?page=100000000000000000000"), status: [200] },
  { name: "a page number that is not a number", signedIn: true, send: (c) => c.get("/people?page=%27%20or%201%3D1--"), status: [200, 400] },
  { name: "a search with SQL in it", signedIn: true, send: (c) => c.get("/people?q=%27%20OR%201%3D1%20--&unit=%27%3B"), status: [200] },
  {
    name: "a sign-in post with a malformed multipart body",
    signedIn: false,
    send: (c) => c.post("/login", null, { headers: { "content-type": "multipart/form-data; boundary=xyz" }, body: "--xyz\r\nnot a part" }),
    status: [400],
    page: "error",
  },
  {
    name: "a sign-in post with a JSON body",
    signedIn: false,
    send: (c) => c.post("/login", null, { headers: { "content-type": "application/json" }, body: '{"identifier":' }),
    status: [400],
    page: "error",
  },
  {
    name: "a sign-in post of 8 MB",
    signedIn: false,
    send: (c) => c.post("/login", null, { body: `identifier=${"a".repeat(8 * 1024 * 1024)}&password=x` }),
    status: [413],
    page: "error",
  },
  {
    name: "a sign-in post with bad percent-encoding in a field",
    signedIn: false,
    send: (c) => c.post("/login", null, { body: "identifier=%E0%A4%A&password=%" }),
    status: [400, 401],
  },
];

describe.each(["zh-CN", "en"] as const)("errors never leak internals (%s)", (locale) => {
  const language = locale === "en" ? "en-GB,en;q=0.9" : "zh-CN,zh;q=0.9";
  let signedIn: Client;
  beforeAll(async () => {
    signedIn = client(app.server, { language });
    await signedIn.signIn(demoAccount("staff"));
  });

  test.each(malformed)("$name", async ({ send, status, signedIn: asStaff, page }) => {
    const response = await send(asStaff ? signedIn : client(app.server, { language }));
    const body = await response.text();
    expectNoLeak(body);
    expect(body).not.toContain("<script>alert(1)</script>");
    expect(status, `HTTP ${response.status}`).toContain(response.status);
    if (response.status >= 400) expectFriendlyPage(body, locale, page ?? (asStaff || response.status >= 500 ? "error" : "sign-in"));
  });
});

describe("a client's mistake is a 4xx, not a server error", () => {
  const byName = (name: string) => malformed.find((m) => m.name === name)!;
  test.each(["a URL with bad percent-encoding", "a sign-in post with a malformed multipart body", "a sign-in post with a JSON body"])(
    "%s",
    async (name) => {
      const c = client(app.server);
      if (byName(name).signedIn) await c.signIn(demoAccount("manager"));
      const response = await byName(name).send(c);
      expect(response.status).toBeGreaterThanOrEqual(400);
      expect(response.status).toBeLessThan(500);
    },
  );
});

describe("the server stays up", () => {
  test("after all that, /healthz answers and people can still sign in", async () => {
    expect((await client(app.server).get("/healthz")).status).toBe(200);
    const c = client(app.server);
    await c.signIn(demoAccount("committee"));
    expect((await c.get("/people")).status).toBe(200);
  });
});
