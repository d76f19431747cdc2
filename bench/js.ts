/**
 * bench:js — what a staff member's browser loads to show three pages, from a
 * production build (`npm run build`): the home page, the ballot and a
 * published honour roll. Chromium (Debian's, through playwright-core) opens
 * each page signed in as the demo's member of staff; every script it loads is
 * counted raw and compressed as gzip at level 9 (what issue 15 measured), and
 * as it came over the wire. Sizes do not depend on the machine's load, so
 * there is no baseline to compare with; the budget (150 KB gzip for the
 * ballot) is checked here and the run fails beyond it.
 *
 * Ends with one line per page:
 * `RESULT js page=/campaigns/:slug/vote gzip_bytes=… raw_bytes=… wire_bytes=… scripts=…`.
 *
 * Settings (environment): DATABASE_URL (a PostgreSQL server to create a fresh
 * database on; PGlite when unset), CHROMIUM_PATH (/usr/bin/chromium),
 * BENCH_BALLOT_BUDGET_KB (150).
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import zlib from "node:zlib";
import { chromium } from "playwright-core";
import { demoAccounts, demoPassword } from "../app/demo/index";
import { freshDatabase } from "./lib/database";
import { signIn } from "./lib/http";
import { freePort, runCommand, startChild, waitForHttp } from "./lib/processes";
import { preparePublishedRoll } from "./lib/publishing";
import { runBench } from "./lib/run-bench";
import { withDatabase } from "./lib/voting";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const budget = Number(process.env.BENCH_BALLOT_BUDGET_KB ?? 150) * 1024;
const say = (line: string) => process.stdout.write(`${line}\n`);
const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;

interface Loaded {
  url: string;
  raw: number;
  gzip: number;
  wire: number;
}

await runBench("js", { hardTimeoutSeconds: 600 }, async (defer) => {
  say("building the app (npm run build: remix build, then the precompressed copies)…");
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: "production" };
  await runCommand("npm", ["run", "build"], { cwd: root, env });

  const database = await freshDatabase("bench_js");
  defer("drop the database", () => database.drop());
  say(`database: ${database.where}`);
  const world = await withDatabase(database, (db) => preparePublishedRoll(db, { winnersPerTitle: 5, voters: 10 }));
  const staff = demoAccounts.find((a) => a.role === "staff");
  if (!staff) throw new Error("the demo data has no staff account");

  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const app = startChild("app server", process.execPath, ["--import", "tsx", "server/index.ts"], {
    cwd: root,
    env: { ...env, ...database.env, HOST: "127.0.0.1", PORT: String(port) },
  });
  defer("stop the app server", () => app.stop());
  await waitForHttp(`${origin}/healthz`, app, 60_000);
  const cookie = await signIn(origin, staff.employeeNo, demoPassword);

  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  defer("close Chromium", () => browser.close());
  const [name, value] = cookie.split(";")[0]!.split("=");
  const pages = [
    ["/", "/"],
    ["/campaigns/:slug/vote", "/campaigns/2026-11/vote"],
    ["/honor-roll/:slug", `/honor-roll/${world.slug}`],
  ] as const;
  const results: Array<{ page: string; scripts: Loaded[] }> = [];
  for (const [page, pathname] of pages) {
    // A phone, as the people who vote use: a fresh context each time, so nothing comes from its cache.
    const context = await browser.newContext({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true, locale: "zh-CN" });
    await context.addCookies([{ name: name!, value: value!, url: origin }]);
    const tab = await context.newPage();
    const seen: Array<Promise<Loaded | null>> = [];
    tab.on("response", (response) => {
      if (response.request().resourceType() !== "script") return;
      seen.push(
        (async () => {
          const body = await response.body();
          const sizes = await response.request().sizes();
          return {
            url: new URL(response.url()).pathname,
            raw: body.length,
            gzip: zlib.gzipSync(body, { level: 9 }).length,
            wire: sizes.responseBodySize,
          };
        })().catch(() => null),
      );
    });
    const answer = await tab.goto(`${origin}${pathname}`, { waitUntil: "networkidle" });
    if (answer?.status() !== 200) throw new Error(`${pathname}: HTTP ${answer?.status()}`);
    const scripts = (await Promise.all(seen)).filter((s): s is Loaded => s !== null);
    results.push({ page, scripts });
    await context.close();
  }

  for (const { page, scripts } of results) {
    say(`\n${page}: ${scripts.length} scripts`);
    for (const s of [...scripts].sort((a, b) => b.gzip - a.gzip))
      say(`  ${kb(s.gzip).padStart(9)} gzip ${kb(s.raw).padStart(9)} raw ${kb(s.wire).padStart(9)} wire  ${s.url}`);
  }
  say("");
  for (const { page, scripts } of results) {
    const sum = (k: keyof Omit<Loaded, "url">) => scripts.reduce((n, s) => n + s[k], 0);
    say(`RESULT js page=${page} gzip_bytes=${sum("gzip")} raw_bytes=${sum("raw")} wire_bytes=${sum("wire")} scripts=${scripts.length}`);
  }
  const ballot = results.find((r) => r.page === "/campaigns/:slug/vote")!;
  const ballotGzip = ballot.scripts.reduce((n, s) => n + s.gzip, 0);
  if (ballotGzip > budget) throw new Error(`the ballot loads ${kb(ballotGzip)} of script (gzip), over its budget of ${kb(budget)}`);
});
