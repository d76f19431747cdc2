import { describe, expect, test } from "vitest";
import { translate } from "../../app/i18n/all.server";
import { client, demoAccount, demoPassword, startServer, useServer, visibleText, type TestServer } from "../support/server";

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
