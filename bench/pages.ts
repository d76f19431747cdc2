/**
 * bench:pages — how fast the app serves the staff directory (/people) to a
 * signed-in member of staff, against its baseline in the same run: a bare
 * node:http server sending the very same bytes. Both are loaded by autocannon
 * at 50 connections for the same fixed time; the figure that matters is the
 * ratio. Ends with `RESULT pages rps=… bare_rps=… ratio=… p99_ms=… bare_p99_ms=…`.
 *
 * Settings (environment): DATABASE_URL (a PostgreSQL server to create a fresh
 * database on; PGlite when unset, said loudly), BENCH_CONNECTIONS (50),
 * BENCH_WARMUP_S (2), BENCH_DURATION_S (10, per target), BENCH_ROUNDS (5: the
 * two targets take turns in 2-second slices, so a neighbour's burst of CPU on
 * this shared machine lands on both), BENCH_ACCEPT_ENCODING (unset: no
 * compression, as autocannon sends none; "gzip, deflate, br" measures what a
 * browser costs the app, while the baseline sends the same compressed bytes).
 */
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { demoAccounts, demoPassword, seedDemo } from "../app/demo/index";
import { startBareServer } from "./lib/baseline";
import { freshDatabase } from "./lib/database";
import { request, signIn } from "./lib/http";
import { figuresTable, loadFromEnv, measure, stopLoad } from "./lib/load";
import { freePort, runCommand, startChild, waitForHttp } from "./lib/processes";
import { runBench } from "./lib/run-bench";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const load = loadFromEnv();
const acceptEncoding = process.env.BENCH_ACCEPT_ENCODING;
const say = (line: string) => process.stdout.write(`${line}\n`);

await runBench("pages", { hardTimeoutSeconds: 300, onAbort: stopLoad }, async (defer) => {
  say("building the app (remix build)…");
  await runCommand("npx", ["remix", "build"], { cwd: root, env: { ...process.env, NODE_ENV: "production" } });

  const database = await freshDatabase("bench_pages");
  defer("drop the database", () => database.drop());
  say(`database: ${database.where}`);
  const handle = await database.open();
  try {
    const seeded = await seedDemo(handle.db, { force: true });
    if (!seeded.ok) throw new Error(`demo data not loaded: ${seeded.reason}`);
    say(`demo data: ${seeded.people} people in ${seeded.units} units`);
  } finally {
    await handle.close();
  }
  const staff = demoAccounts.find((a) => a.role === "staff");
  if (!staff) throw new Error("the demo data has no staff account");

  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const app = startChild("app server", process.execPath, ["--import", "tsx", "server/index.ts"], {
    cwd: root,
    env: { ...process.env, ...database.env, NODE_ENV: "production", HOST: "127.0.0.1", PORT: String(port) },
  });
  defer("stop the app server", () => app.stop());
  await waitForHttp(`${origin}/healthz`, app, 60_000);

  const cookie = await signIn(origin, staff.employeeNo, demoPassword);
  const headers: Record<string, string> = acceptEncoding ? { cookie, "accept-encoding": acceptEncoding } : { cookie };
  // The exact bytes the load will get (raw: compressed if Accept-Encoding asks).
  const page = await request(`${origin}/people`, { headers });
  const contentType = page.headers["content-type"];
  const contentEncoding = page.headers["content-encoding"] ?? "identity";
  if (page.status !== 200 || !contentType?.startsWith("text/html")) {
    throw new Error(`GET /people as ${staff.employeeNo}: HTTP ${page.status} ${contentType ?? ""}`);
  }
  if (contentEncoding === "identity" && !page.body.includes('href="/people/')) {
    throw new Error(`GET /people as ${staff.employeeNo} shows nobody:\n${page.body.toString("utf8").slice(0, 2_000)}`);
  }

  const bare = await startBareServer(root, page, defer);
  const bareUrl = `${bare.origin}/people`;

  say(`page: /people as ${staff.employeeNo} (staff), ${page.body.length} bytes, ${contentType}, ${contentEncoding}`);
  say(
    `load: ${load.connections} connections, ${load.warmupSeconds} s warm-up + ${load.durationSeconds} s each, ` +
      `in ${load.rounds} alternating rounds (each slice after 1 s uncounted)\n`,
  );
  const loadBefore = os.loadavg()[0];
  const [appFigures, bareFigures] = await measure([`${origin}/people`, bareUrl], { ...load, headers });
  // Other work on the machine moves even the ratio: keep this with the figures.
  say(`machine load (1-min average): ${loadBefore.toFixed(1)} before, ${os.loadavg()[0].toFixed(1)} after, ${os.cpus().length} cores\n`);
  say(
    figuresTable([
      ["app /people", appFigures],
      ["bare node:http", bareFigures],
    ]),
  );

  for (const [name, f] of [
    ["app", appFigures],
    ["bare", bareFigures],
  ] as const) {
    if (f.non2xx || f.errors || f.timeouts || !f.requests) {
      throw new Error(
        `${name}: ${f.non2xx} non-2xx, ${f.errors} errors, ${f.timeouts} timeouts in ${f.requests} requests ` +
          `${f.errorSamples.join("; ")}\n${name === "app" ? app.output() : bare.child.output()}`,
      );
    }
  }
  const ratio = appFigures.rps / bareFigures.rps;
  say(
    `RESULT pages rps=${appFigures.rps.toFixed(0)} bare_rps=${bareFigures.rps.toFixed(0)} ` +
      `ratio=${ratio.toPrecision(3)} p99_ms=${appFigures.p99Ms.toFixed(0)} bare_p99_ms=${bareFigures.p99Ms.toFixed(0)}`,
  );
});
