import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type MessageKey, type Vars } from "../../app/i18n/index";
import { translate } from "../../app/i18n/all.server";
import { expectNoAxeViolations } from "../support/axe";
import {
  describeWithBrowser,
  eventually,
  expectNoProblems,
  useServerAndBrowser,
  newPage,
  settled,
  signInWithForm,
  textOf,
  textsOf,
  type Page,
} from "../support/browser";
import { demoAccount, demoPassword } from "../support/server";

const zh = (key: MessageKey, vars?: Vars) => translate("zh-CN", key, vars);
const pageSize = 24;

const path = (page: Page) => {
  const url = new URL(page.url());
  return url.pathname + url.search;
};
const param = (page: Page, name: string) => new URL(page.url()).searchParams.get(name);

/** "共 1,234 人" → 1234 */
async function resultCount(page: Page): Promise<number | null> {
  const text = await textOf(page.locator(".result-count"));
  return text === null ? null : Number(text.replace(/\D/g, ""));
}

const cardNames = (page: Page) => textsOf(page.locator(".person-card__name"));
const cardNumbers = (page: Page) => textsOf(page.locator(".person-card__no"));

/** Fills the search form as a person would and waits for its results. */
async function search(page: Page, q: string, unitName?: string) {
  await page.getByLabel(zh("people.search.label"), { exact: true }).fill(q);
  const select = page.getByLabel(zh("people.unit.label"), { exact: true });
  if (unitName === undefined) await select.selectOption("");
  else {
    // Options are indented with no-break spaces by depth: match the trimmed name.
    const value = await select.evaluate((el, name) => [...(el as HTMLSelectElement).options].find((o) => o.text.trim() === name)?.value, unitName);
    expect(value, `unit option ${unitName}`).toBeTruthy();
    await select.selectOption(value!);
  }
  const unitCode = unitName === undefined ? "" : await select.inputValue();
  await page
    .getByRole("search")
    .getByRole("button", { name: zh("common.search") })
    .click();
  await eventually(() => [param(page, "q") ?? "", param(page, "unit") ?? ""]).toEqual([q, unitCode]);
  await settled(page);
}

describeWithBrowser("the staff directory", () => {
  const app = useServerAndBrowser();

  for (const javaScript of [true, false]) {
    describe(javaScript ? "with JavaScript" : "without JavaScript", () => {
      test("pages through everyone, finds people by name and by employee number, filters by unit, and opens a profile", async () => {
        const staff = demoAccount("staff");
        const committee = demoAccount("committee");
        const page = await newPage(app.browser, { javaScript });
        await signInWithForm(page, app.server, staff.employeeNo, demoPassword);

        // From the header to the whole directory, a page at a time.
        await page
          .getByRole("navigation", { name: zh("nav.label") })
          .getByRole("link", { name: zh("nav.people") })
          .click();
        await eventually(() => textOf(page.locator("h1"))).toBe(zh("people.title"));
        await settled(page);
        const total = (await resultCount(page))!;
        expect(total).toBeGreaterThan(pageSize);
        const pages = Math.ceil(total / pageSize);
        const pagination = page.getByRole("navigation", { name: zh("common.pagination") });
        expect(await textOf(pagination)).toContain(zh("common.pageOf", { page: 1, pages }));
        const firstPage = await cardNumbers(page);
        expect(firstPage).toHaveLength(pageSize);
        await expectNoAxeViolations(page);

        await pagination.getByRole("link", { name: zh("common.next") }).click();
        await eventually(() => param(page, "page")).toBe("2");
        await settled(page);
        await eventually(() => textOf(pagination)).toContain(zh("common.pageOf", { page: 2, pages }));
        await settled(page);
        const secondPage = await cardNumbers(page);
        expect(secondPage.length).toBeGreaterThan(0);
        expect(secondPage.filter((n) => firstPage.includes(n))).toEqual([]);
        await expectNoAxeViolations(page);
        await pagination.getByRole("link", { name: zh("common.previous") }).click();
        await eventually(() => param(page, "page")).toBe("1");
        await eventually(() => cardNumbers(page)).toEqual(firstPage);

        // By name.
        await search(page, committee.name);
        await eventually(() => cardNames(page)).toContain(committee.name);
        await eventually(() => resultCount(page)).toBeLessThan(total);
        await expectNoAxeViolations(page);

        // By employee number: every match carries it.
        await search(page, staff.employeeNo);
        await eventually(() => cardNumbers(page)).toContain(staff.employeeNo);
        for (const n of await cardNumbers(page)) expect(n).toContain(staff.employeeNo);

        // Nobody: a clear message.
        await search(page, "不存在的人 no-such-person");
        await eventually(() => resultCount(page)).toBe(0);
        expect(await textOf(page.locator("main p:not(.lede):not(.result-count)"))).toBe(zh("people.empty"));
        await expectNoAxeViolations(page);

        // The profile: name, the unit path from the company down, years of service.
        await search(page, staff.name);
        await page.locator("main").getByRole("link", { name: staff.name, exact: true }).click();
        await eventually(() => path(page)).toBe(`/people/${staff.employeeNo}`);
        await settled(page);
        await eventually(() => textOf(page.locator("h1"))).toBe(staff.name);
        await settled(page);
        const unitPath = await textsOf(page.locator(".breadcrumb-path li"));
        expect(unitPath.length).toBeGreaterThanOrEqual(3);
        const facts = page.locator(".facts");
        const years = await textOf(facts.locator("div", { has: page.getByText(zh("profile.years"), { exact: true }) }).locator("dd"));
        expect(years).toMatch(/^(\d+ 年|不满一年)$/);
        expect(await textOf(facts.locator("div", { has: page.getByText(zh("profile.hireDate"), { exact: true }) }).locator("dd"))).toMatch(
          /^\d{4}年\d{1,2}月\d{1,2}日$/,
        );
        await expectNoAxeViolations(page);

        // Filter by a unit above the person's own: everyone below it counts, the person included.
        await page.goto(`${app.server.url}/people`);
        await settled(page);
        const centre = unitPath.at(-2)!;
        await search(page, "", centre);
        await eventually(() => resultCount(page)).toBeLessThan(total);
        const inCentre = (await resultCount(page))!;
        expect(inCentre).toBeGreaterThan(0);
        if (inCentre > pageSize) {
          // Paging keeps the filter.
          await page
            .getByRole("navigation", { name: zh("common.pagination") })
            .getByRole("link", { name: zh("common.next") })
            .click();
          await eventually(() => [param(page, "page"), param(page, "unit")]).toEqual(["2", expect.any(String)]);
          await settled(page);
          await eventually(() => resultCount(page)).toBe(inCentre);
        }
        await search(page, staff.name, centre);
        await eventually(() => cardNumbers(page)).toContain(staff.employeeNo);
        await expectNoAxeViolations(page);

        // …and a unit elsewhere in the tree does not include them.
        const elsewhere = await page
          .getByLabel(zh("people.unit.label"), { exact: true })
          .evaluate(
            (el, skip) => [...(el as HTMLSelectElement).options].map((o) => o.text.trim()).find((t) => t && !skip.includes(t)),
            [...unitPath, zh("people.unit.any")],
          );
        await search(page, staff.name, elsewhere!);
        await eventually(() => cardNumbers(page)).not.toContain(staff.employeeNo);

        expectNoProblems(page);
        await page.context().close();
      });
    });
  }

  // A loader's 404 renders inside the root (its loader ran); an address no
  // route matches renders without any loader data.
  describe.each([
    ["a profile that does not exist", "/people/NOBODY-999"],
    ["an address no page has", "/no/such/page"],
  ])("%s", (_, address) => {
    let page: Page;
    beforeAll(async () => {
      page = await newPage(app.browser);
      await signInWithForm(page, app.server, demoAccount("staff").employeeNo, demoPassword);
      const response = await page.goto(`${app.server.url}${address}`);
      expect(response?.status()).toBe(404);
    });
    afterAll(() => page?.context().close());

    test("is a friendly 404 page in the person's language", async () => {
      expect(await textOf(page.locator("h1"))).toBe(zh("error.notFound.title"));
      expect(await textOf(page.locator("main a"))).toBe(zh("error.home"));
    });

    test("has no axe violations", async () => {
      await expectNoAxeViolations(page);
    });

    test("runs its scripts under the CSP (every script carries the nonce)", async () => {
      expectNoProblems(page);
    });
  });
});
