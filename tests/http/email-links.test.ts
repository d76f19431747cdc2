import type { ParsedMail } from "mailparser";
import { afterAll, beforeAll, expect, test } from "vitest";
import { translate } from "../../app/i18n/all.server";
import { given, withoutQuietHours } from "../support/notifications";
import { client, demoAccount, demoPassword, serverStartTimeout, startServer, visibleText, type TestServer } from "../support/server";
import { withServerDatabase } from "../support/server-database";
import { startSmtpServer, type TestSmtpServer } from "../support/smtp";

// Issue 17, item 3, through the real server with SMTP_URL set: the server's
// own `notify-email` worker hands an announced notice to a real SMTP server
// (started here); the email's link opens its page after signing in, and its
// List-Unsubscribe link takes a mail client's one-click POST — from another
// site, with no cookie — and nothing else from another site.

let smtp: TestSmtpServer;
let server: TestServer;
let mail: ParsedMail;
const staff = demoAccount("staff");

beforeAll(async () => {
  smtp = await startSmtpServer({ user: "portal", password: "mail-secret-123" });
  server = await startServer({ env: { SMTP_URL: smtp.url, MAIL_FROM: "服务之星 <stars@demo.example>" } });
  await withServerDatabase(server, async (db) => {
    const person = await db.selectFrom("people").select("id").where("employee_no", "=", staff.employeeNo).executeTakeFirstOrThrow();
    // Sent at once whatever the hour in Beijing when the test runs.
    await withoutQuietHours(db, [person.id]);
    await given(db, "congratulated", [person.id], { link: "/people" });
  });
  // The demo's own notices (its campaigns walked through their phases) are emailed too: find this one among them.
  mail = await arrivedFor(staff.email, "/people", 120);
}, serverStartTimeout);

/** The first email to `address` whose text links to `path`, waiting up to `seconds` for it. */
async function arrivedFor(address: string, path: string, seconds: number): Promise<ParsedMail> {
  const deadline = Date.now() + seconds * 1000;
  let looked = 0;
  for (;;) {
    for (; looked < smtp.received.length; looked++) {
      if (!smtp.received[looked]!.to.includes(address)) continue;
      const parsed = await smtp.parsed(looked);
      if (parsed.text?.includes(`${path}\n`) || parsed.text?.endsWith(path)) {
        toStaff = smtp.received[looked]!.to;
        return parsed;
      }
    }
    if (Date.now() > deadline) throw new Error(`no email to ${address} linking to ${path} arrived within ${seconds} s`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
let toStaff: string[] = [];
afterAll(async () => {
  await server?.stop();
  await smtp?.close();
});

/** A link of the email as a path of the test server (PUBLIC_URL is unset: http://localhost:PORT). */
function pathOf(url: string): string {
  const u = new URL(url);
  expect(u.origin).toBe(`http://localhost:${server.port}`);
  return u.pathname + u.search;
}

test("the server's worker sends the email through SMTP_URL, in the recipient's language, and never logs the password", () => {
  expect(toStaff).toEqual([staff.email]);
  expect(mail.from?.value[0]).toEqual({ name: "服务之星", address: "stars@demo.example" });
  expect(mail.text).toContain(translate("zh-CN", "mail.open"));
  expect(server.logs()).toContain('"to":"smtp://127.0.0.1:');
  expect(server.logs()).not.toContain("mail-secret-123");
});

test("its link opens the page after signing in", async () => {
  const link = /^在服务之星中查看: (\S+)$/m.exec(mail.text ?? "")?.[1];
  expect(link).toBeDefined();
  const page = pathOf(link!);
  expect(page).toBe("/people");
  const c = client(server, { language: "zh-CN" });
  const asked = await c.get(page);
  expect(asked.status).toBe(302);
  const login = asked.headers.get("location")!;
  expect(login).toBe(`/login?redirectTo=${encodeURIComponent(page)}`);
  const form = await (await c.get(login)).text();
  expect(form).toContain(`name="redirectTo" value="${page}"`);
  const signedIn = await c.post("/login", { identifier: staff.employeeNo, password: demoPassword, redirectTo: page });
  expect(signedIn.status).toBe(302);
  expect(signedIn.headers.get("location")).toBe(page);
  expect((await c.get(page)).status).toBe(200);
});

test("one-click unsubscribe: a mail client's POST from another site, without a cookie, turns that email off", async () => {
  const header = mail.headerLines.find((h) => h.key === "list-unsubscribe")!.line;
  const url = /<([^>]+)>/.exec(header)![1]!;
  const unsubscribe = pathOf(url);
  expect(mail.headerLines.find((h) => h.key === "list-unsubscribe-post")?.line).toBe("List-Unsubscribe-Post: List-Unsubscribe=One-Click");

  const mailClient = client(server);
  const asked = await mailClient.get(unsubscribe);
  expect(asked.status).toBe(200);
  const kind = translate("zh-CN", "mail.kind.congratulated");
  expect(visibleText(await asked.text())).toContain(translate("zh-CN", "mail.unsubscribe.intro", { kinds: kind }));

  const posted = await mailClient.post(unsubscribe, null, { crossSite: true, body: "List-Unsubscribe=One-Click" });
  expect(posted.status).toBe(200);
  expect(mailClient.cookieHeader()).not.toContain("__session");
  expect(visibleText(await posted.text())).toContain(translate("zh-CN", "mail.unsubscribe.done", { kinds: kind }));
  const again = await client(server, { language: "en" }).get(unsubscribe);
  expect(visibleText(await again.text())).toContain(
    translate("en", "mail.unsubscribe.already", { kinds: translate("en", "mail.kind.congratulated") }),
  );
});

test("a forged link answers 400 with the reason; other cross-site posts stay refused", async () => {
  const forged = `/unsubscribe/1.congratulated.${"A".repeat(22)}`;
  for (const language of ["zh-CN", "en"] as const) {
    const c = client(server, { language });
    const page = await c.get(forged);
    expect(page.status).toBe(400);
    expect(visibleText(await page.text())).toContain(translate(language, "mail.unsubscribe.invalid"));
    expect((await c.post(forged, null, { crossSite: true, body: "List-Unsubscribe=One-Click" })).status).toBe(400);
  }
  expect((await client(server).post("/unsubscribe/1/congratulated", null, { crossSite: true })).status).toBe(403);
  expect((await client(server).post("/logout", {}, { crossSite: true })).status).toBe(403);
});
