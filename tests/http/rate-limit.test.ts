import { describe, expect, test } from "vitest";
import { translate } from "../../app/i18n/all.server";
import { startOidcProvider } from "../support/oidc-provider";
import { startSamlIdp } from "../support/saml-idp";
import {
  client,
  demoAccount,
  demoPassword,
  freePort,
  serverStartTimeout,
  startServer,
  useServer,
  visibleText,
  type TestServer,
} from "../support/server";

const app = useServer();
const onPostgres = Boolean(process.env.TEST_DATABASE_URL);

// The first wait, after five wrong passwords from one address, is one second.
const waitOneSecond = (locale: "en" | "zh-CN") => translate(locale, "auth.rateLimited.seconds.one", { count: 1 });

/** One sign-in attempt; its status and whether the page says to wait. */
async function attempt(server: TestServer, identifier: string, password: string) {
  const response = await client(server, { language: "en" }).post("/login", { identifier, password });
  const text = visibleText(await response.text());
  return {
    status: response.status,
    says: text.includes(waitOneSecond("en"))
      ? "rate-limited"
      : text.includes(translate("en", "auth.invalid"))
        ? "invalid"
        : response.status === 302
          ? "signed in"
          : text.slice(0, 200),
  };
}

describe("sign-in rate limit", () => {
  test("after five wrong passwords for one account from one address, the next try at once is asked to wait (429), even with the right password", async () => {
    const account = demoAccount("committee");
    for (let i = 1; i <= 5; i++) {
      expect(await attempt(app.server, account.employeeNo, `wrong-password-${i}`), `attempt ${i}`).toEqual({ status: 401, says: "invalid" });
    }
    expect(await attempt(app.server, account.employeeNo, "wrong-password-6")).toEqual({ status: 429, says: "rate-limited" });
    expect(await attempt(app.server, account.employeeNo, demoPassword)).toEqual({ status: 429, says: "rate-limited" });
    // Other people are not affected.
    expect(await attempt(app.server, demoAccount("staff").employeeNo, demoPassword)).toEqual({ status: 302, says: "signed in" });
  });

  test("the limit is the account's, whichever identifier names it (employee number or email)", async () => {
    const account = demoAccount("admin");
    for (let i = 1; i <= 5; i++) {
      expect(await attempt(app.server, account.employeeNo, `wrong-password-${i}`), `attempt ${i}`).toEqual({ status: 401, says: "invalid" });
    }
    expect(await attempt(app.server, account.email.toUpperCase(), demoPassword)).toEqual({ status: 429, says: "rate-limited" });
  });

  test("the limited page says when to try again in the person's language, keeps the identifier and carries Retry-After", async () => {
    const account = demoAccount("manager");
    const c = client(app.server, { language: "zh-CN" });
    for (let i = 1; i <= 5; i++) expect((await c.post("/login", { identifier: account.employeeNo, password: `wrong-${i}` })).status).toBe(401);
    const response = await c.post("/login", { identifier: account.employeeNo, password: demoPassword });
    expect(response.status).toBe(429);
    expect(response.headers.get("retry-after")).toBe("1");
    const html = await response.text();
    expect(visibleText(html)).toContain(waitOneSecond("zh-CN"));
    expect(html).toMatch(new RegExp(`name="identifier"[^>]*value="${account.employeeNo}"`));
    expect(html).not.toContain(demoPassword);
  });

  test("a wait is short: a second after being asked to wait, the right password gets in", async () => {
    const account = demoAccount("staff");
    for (let i = 1; i <= 5; i++) expect((await attempt(app.server, account.email, `wrong-${i}`)).status).toBe(401);
    expect(await attempt(app.server, account.employeeNo, demoPassword)).toEqual({ status: 429, says: "rate-limited" });
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    expect(await attempt(app.server, account.employeeNo, demoPassword)).toEqual({ status: 302, says: "signed in" });
  });

  if (!onPostgres) {
    process.stderr.write("\n[tests] SKIPPED: the rate limit shared by two app instances needs TEST_DATABASE_URL (PGlite is one process).\n");
  }
  test.skipIf(!onPostgres)(
    "two app instances on one PostgreSQL share the counter",
    async () => {
      const a = await startServer();
      const b = await startServer({ shareDatabaseWith: a });
      try {
        const account = demoAccount("manager");
        // Alternate between the instances, as a load balancer would.
        for (let i = 1; i <= 5; i++) {
          const server = i % 2 ? a : b;
          expect(await attempt(server, account.employeeNo, `wrong-${i}`), `attempt ${i}`).toEqual({ status: 401, says: "invalid" });
        }
        expect(await attempt(a, account.employeeNo, demoPassword)).toEqual({ status: 429, says: "rate-limited" });
        expect(await attempt(b, account.employeeNo, demoPassword)).toEqual({ status: 429, says: "rate-limited" });
      } finally {
        await b.stop();
        await a.stop();
      }
    },
    90_000,
  );
});

describe("company sign-in starts", () => {
  test(
    "one address may start SIGNIN_IP_STARTS company sign-ins (OIDC and SAML together) a quarter of an hour; the next gets a 429 page in its language with Retry-After",
    async () => {
      const port = await freePort();
      const appUrl = `http://127.0.0.1:${port}`;
      const [oidc, saml] = await Promise.all([startOidcProvider({ appUrl }), startSamlIdp()]);
      const server = await startServer({
        port,
        env: { ...oidc.env, PUBLIC_URL: appUrl, SAML_IDP_METADATA: saml.metadataUrl, SIGNIN_IP_STARTS: "3" },
      });
      try {
        const c = client(server, { language: "en" });
        for (const start of ["/auth/saml/start", "/auth/oidc/start", "/auth/saml/start?redirectTo=%2Fcampaigns"]) {
          expect((await c.get(start)).status, start).toBe(302);
        }
        // What auth.server.ts's tooSoon says for a wait of so many seconds.
        const tooMany = (seconds: number, locale: "en" | "zh-CN") => {
          if (seconds < 60)
            return translate(locale, seconds === 1 ? "auth.rateLimited.seconds.one" : "auth.rateLimited.seconds.other", { count: seconds });
          const minutes = Math.ceil(seconds / 60);
          return translate(locale, minutes === 1 ? "auth.rateLimited.minutes.one" : "auth.rateLimited.minutes.other", { count: minutes });
        };
        for (const [start, locale] of [
          ["/auth/oidc/start", "en"],
          ["/auth/saml/start", "zh-CN"],
        ] as const) {
          const refused = await client(server, { language: locale }).get(start);
          expect(refused.status, start).toBe(429);
          const retryAfter = Number(refused.headers.get("retry-after"));
          expect(retryAfter).toBeGreaterThan(0);
          expect(refused.headers.get("cache-control")).toBe("no-store");
          expect(visibleText(await refused.text())).toContain(tooMany(retryAfter, locale));
        }
      } finally {
        await server.stop();
        await Promise.all([oidc.stop(), saml.stop()]);
      }
    },
    serverStartTimeout,
  );
});
