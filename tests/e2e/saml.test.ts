import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { demoPeople } from "../../app/demo/people";
import { translate } from "../../app/i18n/all.server";
import { expectNoAxeViolations } from "../support/axe";
import {
  describeWithBrowser,
  eventually,
  expectNoProblems,
  launchBrowser,
  newPage,
  signOutWithButton,
  textOf,
  type Browser,
} from "../support/browser";
import { startSamlIdp, type TestIdp } from "../support/saml-idp";
import { client, demoAccount, freePort, serverStartTimeout, startServer, type TestServer } from "../support/server";

// The whole journey in Chromium (issue 18 item 2): a deep link, the company's
// IdP (samlify, started here), its page posting the response back, and the
// portal opening the page the person came for — by itself with JavaScript,
// with the IdP page's button without. A person the directory lists as left
// sees why, in their language.

const zh = (key: Parameters<typeof translate>[1]) => translate("zh-CN", key);

describeWithBrowser("signing in with the company account (SAML)", () => {
  let idp: TestIdp;
  let server: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    // On localhost, another site than the portal's 127.0.0.1: the IdP's post to the ACS is cross-site, as at a company.
    idp = await startSamlIdp({ host: "localhost" });
    const port = await freePort();
    [server, browser] = await Promise.all([
      startServer({ port, env: { PUBLIC_URL: `http://127.0.0.1:${port}`, SAML_IDP_METADATA: idp.metadataUrl } }),
      launchBrowser(),
    ]);
    idp.trust(await (await fetch(`${server.url}/auth/saml/metadata`)).text());
  }, serverStartTimeout);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await idp?.stop();
  });

  for (const javaScript of [false, true]) {
    describe(javaScript ? "with JavaScript" : "without JavaScript", () => {
      test("the IdP signs the person in and they land on the deep link, signed in; signing out goes through the IdP's single logout and back to /login", async () => {
        const staff = demoAccount("staff");
        idp.signInAs({ nameID: `nid-${staff.employeeNo}`, employeeNumber: staff.employeeNo, email: staff.email });
        const page = await newPage(browser, { javaScript });
        const deepLink = "/campaigns";
        await page.goto(`${server.url}/auth/saml/start?redirectTo=${encodeURIComponent(deepLink)}`);
        if (!javaScript) {
          expect(page.url().startsWith(`${idp.url}/sso`)).toBe(true);
          await page.getByRole("button", { name: "Continue" }).click();
        }
        await eventually(() => new URL(page.url()).pathname).toBe(deepLink);
        await eventually(() => textOf(page.locator(".site-header__tools .site-nav__me"))).toBe(staff.name);

        // Out of the portal, then through the IdP's SingleLogoutService (the form's redirect there needs the CSP's form-action), and back.
        const [toIdp] = await Promise.all([page.waitForRequest((r) => r.url().startsWith(`${idp.url}/slo?SAMLRequest=`)), signOutWithButton(page)]);
        expect((await idp.readLogoutRequest(toIdp.url())).nameID).toBe(`nid-${staff.employeeNo}`);
        expect(new URL(page.url()).pathname).toBe("/login");
        await eventually(() => textOf(page.getByRole("status"))).toBe(zh("auth.signedOut"));
        expectNoProblems(page);
        await page.context().close();
      });
    });
  }

  test("login CSRF: the attacker's own valid response, posted from another site by the victim's browser, is refused and signs no one in", async () => {
    const staff = demoAccount("staff");
    // The attacker starts a sign-in with his own cookie jar and signs in at the IdP as himself.
    const attacker = client(server);
    const start = await attacker.get("/auth/saml/start?redirectTo=%2Fcampaigns");
    const answer = await idp.respond(start.headers.get("location")!, {
      user: { nameID: `nid-${staff.employeeNo}`, employeeNumber: staff.employeeNo, email: staff.email },
    });
    // The victim's browser, which had started a sign-in of its own, lands on his page that posts it.
    const page = await newPage(browser, { javaScript: false, language: "en" });
    idp.signInAs({ nameID: "victim-unused", employeeNumber: "NOBODY" });
    await page.goto(`${server.url}/auth/saml/start?redirectTo=%2F`);
    expect(page.url().startsWith(`${idp.url}/sso`)).toBe(true);
    // The attacker's page, on another site (its origin is the IdP's host here, any other would do).
    await page.goto(`${idp.url}/slo`);
    await page.setContent(`<!DOCTYPE html><html lang="en"><head><title>Win a prize</title></head><body><main>
<form method="post" action="${server.url}/auth/saml/acs"><input type="hidden" name="SAMLResponse" value="${answer.SAMLResponse}">
<input type="hidden" name="RelayState" value="/campaigns"><button type="submit">Claim</button></form></main></body></html>`);
    const [posted] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith("/auth/saml/acs")),
      page.getByRole("button", { name: "Claim" }).click(),
    ]);
    expect(posted.status()).toBe(400);
    expect(await textOf(page.getByRole("alert"))).toBe(translate("en", "saml.invalid"));
    await page.goto(`${server.url}/campaigns`);
    expect(new URL(page.url()).pathname).toBe("/login");
    await page.context().close();
  });

  test("someone the directory lists as left sees why, in their language (403), and is not signed in", async () => {
    const leaver = demoPeople().find((p) => p.leftAt)!;
    idp.signInAs({ nameID: "leaver", employeeNumber: leaver.employeeNo });
    const page = await newPage(browser, { javaScript: false });
    await page.goto(`${server.url}/auth/saml/start?redirectTo=%2Fcampaigns`);
    const [answer] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith("/auth/saml/acs")),
      page.getByRole("button", { name: "Continue" }).click(),
    ]);
    expect(answer.status()).toBe(403);
    await eventually(() => textOf(page.locator("h1"))).toBe(zh("saml.failed.title"));
    expect(await textOf(page.getByRole("alert"))).toBe(zh("auth.sso.left"));
    await expectNoAxeViolations(page);
    await page.goto(`${server.url}/campaigns`);
    expect(new URL(page.url()).pathname).toBe("/login");
    await page.context().close();
  });
});
