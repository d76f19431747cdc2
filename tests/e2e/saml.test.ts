import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { demoPeople } from "../../app/demo/people";
import { translate } from "../../app/i18n/all.server";
import { expectNoAxeViolations } from "../support/axe";
import { describeWithBrowser, eventually, launchBrowser, newPage, textOf, type Browser } from "../support/browser";
import { startSamlIdp, type TestIdp } from "../support/saml-idp";
import { demoAccount, freePort, serverStartTimeout, startServer, type TestServer } from "../support/server";

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
    idp = await startSamlIdp();
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
      test("the IdP signs the person in and they land on the deep link, signed in", async () => {
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
        await page.context().close();
      });
    });
  }

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
