/**
 * bench:honor-roll — how fast the app serves a published honour roll
 * (/honor-roll/:slug, 60 winners) to a signed-in member of staff, against its
 * baseline in the same run: a bare node:http server sending the very same
 * bytes. The roll is the most-read page of the portal on the morning it is
 * announced (issue 5, Speed: ratio ≥ 0.10, p99 ≤ 50 ms). Ends with
 * `RESULT honor-roll rps=… bare_rps=… ratio=… p99_ms=… bare_p99_ms=… bytes=… etag_304=1`.
 *
 * What is loaded is a plain GET without If-None-Match, a browser's first view
 * of the day: the app checks the session, reads the roll's current version
 * and sends the cached bytes. The 304 answer to a repeat view is checked once
 * (`etag_304=1`) but not measured.
 *
 * Settings (environment): DATABASE_URL (a PostgreSQL server to create a fresh
 * database on; PGlite when unset, said loudly), BENCH_CONNECTIONS (50),
 * BENCH_WARMUP_S (2), BENCH_DURATION_S (10, per target), BENCH_ROUNDS (5),
 * BENCH_WINNERS_PER_TITLE (20, three titles), BENCH_ACCEPT_ENCODING (what
 * Chromium sends, "gzip, deflate, br, zstd": the phones get the Brotli bytes;
 * "identity" for the 190 KB of plain HTML, where the load generator's own
 * parsing, 2.3 ms of CPU per response, becomes what is measured),
 * BENCH_PROFILE_DIR (unset; a folder: the app server writes a V8 CPU profile
 * there when it stops), BENCH_READERS (1: the demo staff account, signed in
 * through POST /login, reads on every connection, as issue 5 measures it;
 * N > 1: N generated staff of the roll's centre, each with a session of
 * their own, take turns request by request, as a crowd of readers would).
 */
import { randomBytes } from "node:crypto";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { demoAccounts, demoPassword } from "../app/demo/index";
import { startBareServer } from "./lib/baseline";
import { freshDatabase } from "./lib/database";
import { request, signIn } from "./lib/http";
import { figuresTable, loadFromEnv, measure, stopLoad } from "./lib/load";
import { cpuOf, freePort, postgresCpuOf, runCommand, startChild, waitForHttp } from "./lib/processes";
import { preparePublishedRoll } from "./lib/publishing";
import { runBench } from "./lib/run-bench";
import { withDatabase } from "./lib/voting";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const load = loadFromEnv();
const winnersPerTitle = Number(process.env.BENCH_WINNERS_PER_TITLE ?? 20);
const acceptEncoding = process.env.BENCH_ACCEPT_ENCODING ?? "gzip, deflate, br, zstd";
const readerCount = Number(process.env.BENCH_READERS ?? 1);
const say = (line: string) => process.stdout.write(`${line}\n`);

await runBench("honor-roll", { hardTimeoutSeconds: 480, onAbort: stopLoad }, async (defer) => {
  say("building the app (remix build)…");
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: "production" };
  await runCommand("npx", ["remix", "build"], { cwd: root, env });

  const database = await freshDatabase("bench_roll");
  defer("drop the database", () => database.drop());
  say(`database: ${database.where}`);
  const started = performance.now();
  const sessionSecret = randomBytes(24).toString("base64url");
  const readers = readerCount > 1 ? { count: readerCount, sessionSecret } : undefined;
  const world = await withDatabase(database, (db) => preparePublishedRoll(db, { winnersPerTitle, voters: 30, readers }));
  say(
    `published: ${world.slug}, ${world.winners.length} winners (${((performance.now() - started) / 1000).toFixed(0)} s to build through the use-cases)`,
  );
  const staff = demoAccounts.find((a) => a.role === "staff");
  if (!staff) throw new Error("the demo data has no staff account");

  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const profile = process.env.BENCH_PROFILE_DIR ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_PROFILE_DIR}`] : [];
  const app = startChild("app server", process.execPath, [...profile, "--import", "tsx", "server/index.ts"], {
    cwd: root,
    env: { ...env, ...database.env, SESSION_SECRET: sessionSecret, HOST: "127.0.0.1", PORT: String(port) },
    group: true,
  });
  defer("stop the app server", () => app.stop());
  await waitForHttp(`${origin}/healthz`, app, 60_000);

  const cookie = await signIn(origin, staff.employeeNo, demoPassword);
  const headers: Record<string, string> = { cookie, "accept-encoding": acceptEncoding };
  const rollPath = `/honor-roll/${world.slug}`;
  // The exact bytes the load will get (raw: compressed if Accept-Encoding asks).
  const page = await request(`${origin}${rollPath}`, { headers });
  const contentType = page.headers["content-type"];
  const contentEncoding = page.headers["content-encoding"] ?? "identity";
  if (page.status !== 200 || !contentType?.startsWith("text/html")) {
    throw new Error(
      `GET ${rollPath} as ${staff.employeeNo}: HTTP ${page.status} ${contentType ?? ""}\n${page.body.toString("utf8").slice(0, 2_000)}`,
    );
  }
  const plain = contentEncoding === "identity" ? page : await request(`${origin}${rollPath}`, { headers: { cookie, "accept-encoding": "identity" } });
  const html = plain.body.toString("utf8");
  const missing = world.winners.filter((name) => !html.includes(name));
  if (world.winners.length !== 3 * winnersPerTitle || missing.length) {
    throw new Error(`${rollPath}: ${world.winners.length} winners published, not shown: ${missing.join(", ") || "none"}`);
  }
  // A repeat view with the validator: 304, no body.
  const etag = page.headers.etag;
  const again = etag ? await request(`${origin}${rollPath}`, { headers: { ...headers, "if-none-match": etag } }) : null;
  if (!again || again.status !== 304 || again.body.length) {
    throw new Error(`${rollPath} with If-None-Match ${etag ?? "(no ETag)"}: HTTP ${again?.status ?? "-"}, ${again?.body.length ?? 0} bytes`);
  }

  const bare = await startBareServer(root, page, defer);
  say(
    `page: ${rollPath} as ${staff.employeeNo} (staff), ${page.body.length} bytes, ${contentType}, ${contentEncoding}, ETag ${etag} (304 when sent back)`,
  );
  say(
    `load: plain GETs (no If-None-Match), ${load.connections} connections, ${load.warmupSeconds} s warm-up + ${load.durationSeconds} s each, ` +
      `in ${load.rounds} alternating rounds (each slice after 1 s uncounted)\n`,
  );
  const loadBefore = os.loadavg()[0];
  // Where the CPU goes, per response: the server, PostgreSQL's backends for
  // this database, and the load generator itself (it shares the two cores).
  const cpu = (pid: number | undefined) => ({
    server: () => cpuOf(pid),
    PostgreSQL: () => (database.name ? postgresCpuOf(database.name) : new Map()),
    "load generator": () => cpuOf(process.pid),
  });
  // Many readers: each request carries the next reader's session (the bare server ignores it).
  let turn = 0;
  const crowd = world.readerCookies.length
    ? [
        {
          setupRequest: (req: { headers?: Record<string, string> }) => ({
            ...req,
            headers: { ...req.headers, cookie: world.readerCookies[turn++ % world.readerCookies.length] },
          }),
        },
      ]
    : undefined;
  if (crowd) {
    const first = await request(`${origin}${rollPath}`, { headers: { ...headers, cookie: world.readerCookies[world.readerCookies.length - 1] } });
    if (first.status !== 200 || first.headers.etag !== etag)
      throw new Error(`${rollPath} as a generated reader: HTTP ${first.status}, ETag ${first.headers.etag ?? "none"}`);
    say(`readers: ${world.readerCookies.length} generated staff of the centre, one session each, in turn request by request`);
  }
  const [appFigures, bareFigures] = await measure(
    [
      { url: `${origin}${rollPath}`, cpu: cpu(app.proc.pid), ...(crowd ? { requests: crowd } : {}) },
      { url: `${bare.origin}${rollPath}`, cpu: cpu(bare.child.proc.pid) },
    ],
    { ...load, headers },
  );
  // Other work on the machine moves even the ratio: keep this with the figures.
  say(`machine load (1-min average): ${loadBefore.toFixed(1)} before, ${os.loadavg()[0].toFixed(1)} after, ${os.cpus().length} cores\n`);
  say(
    figuresTable([
      [`app ${rollPath}`, appFigures],
      ["bare node:http", bareFigures],
    ]),
  );

  for (const [name, f, child] of [
    ["app", appFigures, app],
    ["bare", bareFigures, bare.child],
  ] as const) {
    if (f.non2xx || f.errors || f.timeouts || !f.requests) {
      throw new Error(
        `${name}: ${f.non2xx} non-2xx, ${f.errors} errors, ${f.timeouts} timeouts in ${f.requests} requests ` +
          `${f.errorSamples.join("; ")}\n${child.output()}`,
      );
    }
  }
  const ratio = appFigures.rps / bareFigures.rps;
  say(
    `RESULT honor-roll rps=${appFigures.rps.toFixed(0)} bare_rps=${bareFigures.rps.toFixed(0)} ` +
      `ratio=${ratio.toPrecision(3)} p99_ms=${appFigures.p99Ms.toFixed(0)} bare_p99_ms=${bareFigures.p99Ms.toFixed(0)} bytes=${page.body.length} etag_304=1`,
  );
});
