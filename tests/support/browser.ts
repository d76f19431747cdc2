/**
 * Debian's Chromium driven by playwright-core (never a downloaded browser).
 *
 *   describeWithBrowser("sign-in", () => {
 *     const app = useServerAndBrowser();        // one server and one Chromium for the file
 *     test("…", async () => {
 *       const page = await newPage(app.browser, { javaScript: false, language: "en", phone: true });
 *       await page.goto(`${app.server.url}/login`);
 *       await expectNoAxeViolations(page);     // tests/support/axe.ts
 *       expectNoProblems(page);                 // no console errors, CSP refusals, broken assets
 *       await page.context().close();
 *     });
 *   });
 *
 * Where /usr/bin/chromium (or CHROMIUM_PATH) is missing, describeWithBrowser
 * skips its tests and says so loudly; CI installs Chromium, so CI never skips
 * (with CI set, a missing Chromium fails instead).
 */
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { serverStartTimeout, startServer, type ServerOptions, type TestServer } from "./server";

export type { Browser, BrowserContext, Locator, Page };

export const chromiumPath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
export const hasChromium = existsSync(chromiumPath);

/**
 * A describe block that is skipped, with a loud notice, when there is no
 * Chromium — except on CI, where a missing browser is a failure, not a skip.
 */
export function describeWithBrowser(name: string, body: () => void) {
  if (!hasChromium && process.env.CI) {
    describe(name, () => {
      test("needs Chromium", () => {
        throw new Error(`no Chromium at ${chromiumPath}: CI must install it (apt-get install -y chromium)`);
      });
    });
    return;
  }
  if (!hasChromium) {
    process.stderr.write(
      `\n${"!".repeat(78)}\n!! SKIPPED browser tests "${name}": no Chromium at ${chromiumPath}.\n` +
        `!! Install it with: apt-get install -y chromium   (CI does; it never skips)\n${"!".repeat(78)}\n\n`,
    );
  }
  describe.skipIf(!hasChromium)(name, body);
}

export async function launchBrowser(): Promise<Browser> {
  // Chromium writes its config and caches under XDG folders: keep them out of $HOME.
  const profileDir = mkdtempSync(path.join(os.tmpdir(), "ss-chromium-"));
  const removeProfile = () => rmSync(profileDir, { recursive: true, force: true });
  const browser = await chromium
    .launch({
      executablePath: chromiumPath,
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
      env: {
        ...process.env,
        XDG_CONFIG_HOME: path.join(profileDir, "config"),
        XDG_CACHE_HOME: path.join(profileDir, "cache"),
      },
    })
    .catch((error: unknown) => {
      removeProfile();
      throw error;
    });
  browser.once("disconnected", removeProfile);
  return browser;
}

/**
 * Starts a server and Chromium (side by side) before the file's tests and
 * stops both after them; read `.server` and `.browser` inside the tests.
 */
export function useServerAndBrowser(options?: ServerOptions): { server: TestServer; browser: Browser } {
  const app = {} as { server: TestServer; browser: Browser };
  beforeAll(async () => {
    [app.server, app.browser] = await Promise.all([startServer(options), launchBrowser()]);
  }, serverStartTimeout);
  afterAll(async () => {
    await app.browser?.close();
    await app.server?.stop();
  });
  return app;
}

export interface PageOptions {
  /** Default true; false runs the page as plain HTML forms and links. */
  javaScript?: boolean;
  /** The browser's language (Accept-Language and navigator.language); default "zh-CN". */
  language?: string;
  /** A 360×740 phone instead of a 1280×800 desktop. */
  phone?: boolean;
}

export const phoneViewport = { width: 360, height: 740 };

/** How wide the page's content is: more than the viewport means it scrolls sideways. */
export const scrollWidthOf = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth);

const recorded = new WeakMap<Page, string[]>();
const subresources = new Set(["stylesheet", "script", "image", "font", "media", "manifest"]);

/**
 * A page in a fresh context (no cookies). Every console error, uncaught
 * exception, CSP refusal and failed same-origin request is recorded: read them
 * with problems(page) or assert with expectNoProblems(page).
 */
export async function newPage(browser: Browser, options: PageOptions = {}): Promise<Page> {
  const context = await browser.newContext({
    javaScriptEnabled: options.javaScript ?? true,
    locale: options.language ?? "zh-CN",
    viewport: options.phone ? phoneViewport : { width: 1280, height: 800 },
    deviceScaleFactor: 1,
    isMobile: options.phone ?? false,
    hasTouch: options.phone ?? false,
  });
  // A refusal by our Content-Security-Policy fires a securitypolicyviolation
  // event, and Chromium does not always log it as an error (a caught
  // `new Function` probe, for one): say each on the console as an error.
  await context.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => {
      // eslint-disable-next-line no-console -- runs in the page: the console is how the test hears of it
      console.error(`CSP refused ${e.effectiveDirective}: ${e.blockedURI || "(inline)"} at ${e.sourceFile}:${e.lineNumber}`);
    });
  });
  const page = await context.newPage();
  const found: string[] = [];
  recorded.set(page, found);
  page.on("console", (message) => {
    // Chromium logs every 4xx/5xx response; those are judged below instead.
    if (message.type() === "error" && !message.text().startsWith("Failed to load resource")) {
      found.push(`console: ${message.text()}`);
    }
  });
  page.on("pageerror", (error) => found.push(`uncaught: ${error.message}`));
  page.on("response", (response) => {
    const url = new URL(response.url());
    const type = response.request().resourceType();
    const status = response.status();
    // Pages and data requests answer 4xx on purpose (a refused sign-in is a 401);
    // a missing asset, or any server error, is a problem.
    const broken = subresources.has(type) ? status >= 400 : status >= 500;
    if (broken) found.push(`HTTP ${status} for ${type} ${url.pathname}`);
  });
  return page;
}

export function problems(page: Page): string[] {
  return recorded.get(page) ?? [];
}

/** No console errors, uncaught exceptions, CSP refusals or failed requests so far. */
export function expectNoProblems(page: Page) {
  expect(problems(page), "browser console errors, CSP refusals or failed requests").toEqual([]);
}

/** Signs in through the form, as a person would, and waits for the home page. */
export async function signInWithForm(page: Page, server: Pick<TestServer, "url">, identifier: string, password: string) {
  await page.goto(`${server.url}/login`);
  await page.locator('input[name="identifier"]').fill(identifier);
  await page.locator('input[name="password"]').fill(password);
  await page.locator('form[action="/login"] button[type="submit"]').click();
  // With JavaScript the URL changes a moment before the new page renders: wait for the header's sign-out.
  await page.locator('form[action="/logout"]').waitFor();
  await settled(page);
}

/** Signs out with the header's button and waits for the sign-in page. */
export async function signOutWithButton(page: Page) {
  await page.locator('form[action="/logout"] button[type="submit"]').click();
  await page.locator('form[action="/login"]').waitFor();
  await settled(page);
}

// playwright-core has no retrying assertions: poll with vitest instead.

/** expect.poll with a timeout that suits a page load: `await eventually(() => textOf(h1)).toBe("…")`. */
export function eventually<T>(read: () => Promise<T> | T) {
  return expect.poll(read, { timeout: 10_000, interval: 50 });
}

/**
 * Waits until the page has finished its navigation: the document fully
 * parsed (without JavaScript a page streams in) and, with JavaScript, Remix's
 * router idle and two frames drawn since (the router is idle before React
 * commits the new page, which it renders as a transition). Call it once the
 * URL or a heading shows the new page started.
 */
export async function settled(page: Page) {
  // A plain loop, not expect.poll: this also runs in beforeAll hooks.
  const deadline = Date.now() + 10_000;
  for (;;) {
    const done = await page.evaluate(async () => {
      const router = (window as unknown as { __remixRouter?: { state: { navigation: { state: string } } } }).__remixRouter;
      const idle = () => document.readyState === "complete" && (!router || router.state.navigation.state === "idle");
      if (!idle() || !router) return idle();
      // Remix renders a navigation in a React transition, which yields to the browser between slices:
      // on a busy machine the old page can still be on screen some frames after the router is idle.
      // An idle callback runs only once no task (React's next slice included) is waiting.
      await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
      await new Promise((resolve) => requestIdleCallback(resolve, { timeout: 2_000 }));
      return idle();
    });
    if (done) return;
    if (Date.now() > deadline) throw new Error(`${page.url()} did not finish loading within 10 s`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The trimmed visible text of the first match, or null when nothing matches. */
export async function textOf(locator: Locator): Promise<string | null> {
  if ((await locator.count()) === 0) return null;
  return (await locator.first().innerText()).replace(/\s+/g, " ").trim();
}

/** The trimmed visible texts of every match. */
export async function textsOf(locator: Locator): Promise<string[]> {
  return (await locator.allInnerTexts()).map((t) => t.replace(/\s+/g, " ").trim());
}
