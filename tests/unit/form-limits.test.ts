import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { signInSchema } from "../../app/domain/auth/schema";
import { nominationSchema } from "../../app/domain/nominations/schema";
import { ballotSchema } from "../../app/domain/voting/schema";
import { readConfig } from "../../server/config";
import { fieldNameProblem, nominationForm, ordinaryForm, parseForm, readFormData, readFormWithImages } from "../../app/web/form.server";
import { ok } from "../../app/domain/result";

// The form-reading layer under hostile input (issue 13): whatever the body,
// an answer in bounded time — a form, or a 400/413 refusal — never a hang,
// never another error; and what it lets through, Conform and Zod read in
// bounded time too.

const urlencoded = (body: string) =>
  new Request("http://localhost/x", { method: "POST", body, headers: { "content-type": "application/x-www-form-urlencoded" } });

/**
 * A multipart request as it arrives from the network: bytes with their
 * boundary, not a FormData object. Node 24's fetch rejects, unhandled, when
 * the body stream of a Request built from a FormData is cancelled — as the
 * reader cancels a body it refuses — which a server's requests never are.
 */
async function multipart(form: FormData): Promise<Request> {
  const encoded = new Response(form);
  const type = encoded.headers.get("content-type") ?? "";
  return new Request("http://localhost/x", { method: "POST", body: await encoded.arrayBuffer(), headers: { "content-type": type } });
}

/** A refusal thrown by the reader: Remix's data() with a 4xx status. */
function statusOf(error: unknown): number | null {
  const init =
    (error as { type?: string; init?: { status?: number } } | null)?.type === "DataWithResponseInit"
      ? (error as { init: { status: number } }).init
      : null;
  return init?.status ?? null;
}

async function outcome(read: () => Promise<FormData>): Promise<{ form?: FormData; status?: number; ms: number }> {
  const started = performance.now();
  try {
    const form = await read();
    return { form, ms: performance.now() - started };
  } catch (error) {
    const status = statusOf(error);
    if (status === null) throw error;
    return { status, ms: performance.now() - started };
  }
}

// Names as forms write them, and as attackers do: deep, indexed, huge, reserved.
const segment = fc.oneof(fc.constantFrom("metrics", "stories", "value", "a", "__proto__", "constructor", "", "名"), fc.string({ maxLength: 8 }));
const name = fc.oneof(
  fc
    .tuple(
      segment,
      fc.array(
        fc.oneof(
          segment.map((s) => `.${s}`),
          fc.nat({ max: 2 ** 31 }).map((n) => `[${n}]`),
          fc.constant("[]"),
        ),
        { maxLength: 12 },
      ),
    )
    .map(([head, tail]) => head + tail.join("")),
  fc.nat({ max: 6000 }).map((depth) => `a${"[0]".repeat(depth)}`),
  fc.constantFrom("__intent__", "__state__", "identifier", "nominationIds", "metrics[0].value"),
  fc.string({ maxLength: 200 }),
);
const value = fc.oneof(
  fc.string({ maxLength: 50 }),
  fc.nat({ max: 300_000 }).map((n) => "x".repeat(n)),
  fc.constantFrom(
    "%",
    "%E0%A4%A",
    "%ZZ",
    "%00",
    "+",
    "𠮷",
    "\u0000",
    '{"type":"insert","payload":{"name":"metrics","index":999999999}}',
    '{"type":"update","payload":{"name":"a[0][0][0][0][0][0]"}}',
    "[".repeat(5000),
  ),
);
const field = fc.tuple(name, value).map(([n, v]) => `${encodeURIComponent(n)}=${encodeURIComponent(v)}`);
const body = fc.oneof(
  fc.array(field, { maxLength: 60 }).map((fields) => fields.join("&")),
  // One field repeated: the shape that froze the server.
  fc
    .tuple(
      fc
        .tuple(fc.constantFrom("identifier", "nominationIds", "metrics[0].value", "a", "confirm"), fc.string({ maxLength: 12 }))
        .map(([n, v]) => `${encodeURIComponent(n)}=${encodeURIComponent(v)}`),
      fc.nat({ max: 50_000 }),
    )
    .map(([f, times]) => Array(times).fill(f).join("&")),
  // Raw bytes: separators, stray escapes, broken UTF-8.
  fc.uint8Array({ maxLength: 4096 }).map((bytes) => Buffer.from(bytes).toString("latin1")),
);

describe("readFormData under random bodies", () => {
  test("answers every body in bounded time, with a form or a 400/413, and Conform reads what it lets through", async () => {
    await fc.assert(
      fc.asyncProperty(body, async (text) => {
        const result = await outcome(() => readFormData(urlencoded(text)));
        expect(result.ms).toBeLessThan(1_000);
        if (result.status !== undefined) {
          expect([400, 413]).toContain(result.status);
          return;
        }
        const started = performance.now();
        // Whatever the reader lets through is read through its schema, or refused with a 400 (never a throw, a 500).
        for (const schema of [signInSchema, nominationSchema, ballotSchema]) {
          try {
            parseForm(result.form!, schema);
          } catch (error) {
            expect(statusOf(error)).toBe(400);
          }
        }
        expect(performance.now() - started).toBeLessThan(1_000);
      }),
      { numRuns: 300 },
    );
  }, 120_000);

  test("a form with files answers random multipart bodies the same way", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(name, value), { maxLength: 40 }), fc.nat({ max: 1000 }), async (fields, repeats) => {
        const form = new FormData();
        for (const [n, v] of fields) form.append(n, v);
        for (let i = 0; i < repeats; i++) form.append("nominees[0]", "GD000004");
        const request = await multipart(form);
        const result = await outcome(
          async () =>
            (
              await readFormWithImages(request, {
                field: "newPhotos",
                maxFiles: 6,
                maxFileBytes: 1000,
                store: async () => ok(1),
                limits: nominationForm,
              })
            ).form,
        );
        expect(result.ms).toBeLessThan(1_000);
        if (result.status !== undefined) expect([400, 413]).toContain(result.status);
      }),
      { numRuns: 150 },
    );
  }, 120_000);
});

describe("the bounds", () => {
  test("names: length, depth and list index", () => {
    expect(fieldNameProblem("metrics[19].value")).toBeNull();
    expect(fieldNameProblem("stories[9].principles")).toBeNull();
    expect(fieldNameProblem("a[0][0][0][0][0]")).toBe("tooDeep");
    expect(fieldNameProblem("winners[0].stories[1].body")).toBeNull();
    expect(fieldNameProblem("metrics[100].value")).toBe("index");
    expect(fieldNameProblem("metrics[000000001].value")).toBe("index");
    expect(fieldNameProblem("x".repeat(101))).toBe("tooLong");
    expect(fieldNameProblem("__proto__.polluted")).toBe("syntax");
    expect(fieldNameProblem("a..b")).toBe("syntax");
    expect(fieldNameProblem("a[x]")).toBe("syntax");
  });

  test.each([
    ["48,000 repeated fields", 413, Array(48_000).fill("identifier=x").join("&")],
    [
      "one more field than the form may have",
      413,
      Array(ordinaryForm.fields + 1)
        .fill("a=1")
        .join("&"),
    ],
    ["a name nested 5,000 deep", 400, `a${"[0]".repeat(5000)}=1`],
    ["a row at index 999,999,999", 400, "metrics[999999999].value=1"],
    ["an intent naming row 999,999,999", 400, `__intent__=${encodeURIComponent('{"type":"insert","payload":{"name":"metrics","index":999999999}}')}`],
  ] as const)("%s is refused with %i", async (_, status, text) => {
    const result = await outcome(() => readFormData(urlencoded(text)));
    expect(result.status).toBe(status);
  });

  test("exactly as many fields as allowed are read, in order, decoded as URLSearchParams would", async () => {
    const text = [...Array(ordinaryForm.fields - 2).fill("nominationIds=1"), "q=a+b%20%E5%90%89%F0%A0%AE%B7", "bad=%E0%A4%A"].join("&");
    const form = await readFormData(urlencoded(text));
    expect(form.getAll("nominationIds")).toHaveLength(ordinaryForm.fields - 2);
    expect(form.get("q")).toBe("a b 吉𠮷");
    expect(form.get("bad")).toBe(new URLSearchParams("bad=%E0%A4%A").get("bad"));
  });

  test("a JSON or multipart body to a form without files is refused with 400", async () => {
    const json = new Request("http://localhost/x", { method: "POST", body: "{}", headers: { "content-type": "application/json" } });
    expect((await outcome(() => readFormData(json))).status).toBe(400);
    const form = new FormData();
    form.append("a", "b");
    const request = await multipart(form);
    expect((await outcome(() => readFormData(request))).status).toBe(400);
  });

  test("a body over the byte limit is refused with 413 as it streams", async () => {
    const big = new ReadableStream<Uint8Array>({
      pull(controller) {
        controller.enqueue(new Uint8Array(64 * 1024).fill(97));
      },
    });
    const request = new Request("http://localhost/x", {
      method: "POST",
      body: big,
      duplex: "half",
      headers: { "content-type": "application/x-www-form-urlencoded" },
    } as RequestInit);
    expect((await outcome(() => readFormData(request))).status).toBe(413);
  });
});

describe("the limits are settings (README's Configuration table)", () => {
  const env = (vars: Record<string, string>) => ({ NODE_ENV: "production", ...vars }) as NodeJS.ProcessEnv;

  test("unset: 300 fields, 500 for the nomination form, 1 MB of form, 100 MB with files", () => {
    expect(readConfig(env({})).limits).toEqual({ formFields: 300, nominationFields: 500, formBytes: 1024 * 1024, uploadBytes: 100 * 1024 * 1024 });
    expect(ordinaryForm).toEqual({ fields: 300, bytes: 1024 * 1024 });
    expect(nominationForm).toEqual({ fields: 500, bytes: 1024 * 1024 });
  });

  test("set: each is read as a whole number", () => {
    const limits = readConfig(
      env({ FORM_MAX_FIELDS: "120", NOMINATION_FORM_MAX_FIELDS: "800", FORM_MAX_BYTES: "262144", UPLOAD_MAX_BYTES: "52428800" }),
    ).limits;
    expect(limits).toEqual({ formFields: 120, nominationFields: 800, formBytes: 262_144, uploadBytes: 52_428_800 });
  });

  // A nomination at its fullest has about 350 fields: a lower bound would refuse real forms.
  test.each([
    ["FORM_MAX_FIELDS", "10"],
    ["FORM_MAX_FIELDS", "many"],
    ["NOMINATION_FORM_MAX_FIELDS", "350"],
    ["FORM_MAX_BYTES", "1e6"],
    ["UPLOAD_MAX_BYTES", "-5"],
    ["UPLOAD_MAX_BYTES", "99999999999999"],
  ])("%s=%s stops the start with a message naming it", (name, value) => {
    expect(() => readConfig(env({ [name]: value }))).toThrow(name);
  });
});
