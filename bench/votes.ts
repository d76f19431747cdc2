/**
 * bench:votes — sustained ballots per second through the real HTTP path
 * (session cookie, same-origin check, form validation, the castBallot
 * transaction with its audit entry) at 50 concurrent voters, against a plain
 * Remix action that does one insert, in the same run. Ends with
 * `RESULT votes votes_per_s=… p99_ms=… errors=… ratio=… baseline_per_s=…`.
 *
 * The app: built (`npx remix build`) and started as in production
 * (`node --import tsx server/index.ts`) on a fresh database with the demo data,
 * the 3·15 campaign moved on to voting through the domain, and BENCH_VOTERS
 * (5,000) generated active staff in its scope. Their sessions are inserted as
 * the rows sign-in writes, with cookies signed by the SESSION_SECRET the server
 * is given (bench/lib/voting.ts says why: Argon2 and the sign-in rate limit).
 * Every request is a real `POST /campaigns/3-15-stars/vote` with a voter's
 * cookie, `Origin` of the server, and `title`, `nominationIds`, `basedOn`; the
 * (voter, title) pairs go round-robin, each based on the version its last
 * answer acknowledged (a first ballot, then changes: may_change_ballot is on).
 * Success is only the route's answer to a cast: 302 with the `__notice` cookie
 * carrying the receipt; anything else is an error.
 *
 * The baseline: bench/fixtures/plain-action, a minimal Remix app of its own
 * (root, entries, one route whose action reads the form, does one insert and
 * redirects) built with the repository's @remix-run/dev and served by
 * @remix-run/express with the same database client and pool size as the app,
 * on the same PostgreSQL database. A separate app rather than a bench-only
 * route, so nothing ships in the product for the benchmark, and its cost is
 * plain Remix + one insert, without the app's middleware, session or rules.
 * On PGlite it gets its own PGlite folder (one process per folder).
 *
 * Both are loaded by autocannon at BENCH_CONNECTIONS (50) in alternating
 * slices (bench/lib/load.ts); ratio = app votes/s ÷ baseline inserts/s.
 * Afterwards the ballots in the database are compared with the answers: every
 * acknowledged ballot stored once with its receipt and choice, and every other
 * stored ballot one of the requests cut off in flight at a slice's end.
 *
 * Settings: DATABASE_URL (PGlite when unset, said loudly), BENCH_CONNECTIONS
 * (50), BENCH_WARMUP_S (2), BENCH_DURATION_S (10 per target), BENCH_ROUNDS (5),
 * BENCH_VOTERS (5000), DB_POOL_SIZE (the app's and the baseline's pool, 10),
 * BENCH_PROFILE_DIR (unset; a folder: the app server writes a CPU profile there).
 */
import { randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { freshDatabase } from "./lib/database";
import { request } from "./lib/http";
import { figuresTable, measure, stopLoad, type Target } from "./lib/load";
import { freePort, runCommand, startChild, waitForHttp } from "./lib/processes";
import { runBench } from "./lib/run-bench";
import { checkStored, Ledger, prepareVoting, withDatabase, receiptOf } from "./lib/voting";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const fixture = path.join(root, "bench/fixtures/plain-action");
const load = {
  connections: Number(process.env.BENCH_CONNECTIONS ?? 50),
  warmupSeconds: Number(process.env.BENCH_WARMUP_S ?? 2),
  durationSeconds: Number(process.env.BENCH_DURATION_S ?? 10),
  rounds: Number(process.env.BENCH_ROUNDS ?? 5),
};
const voterCount = Number(process.env.BENCH_VOTERS ?? 5_000);
const say = (line: string) => process.stdout.write(`${line}\n`);
const form = "application/x-www-form-urlencoded";

await runBench("votes", { hardTimeoutSeconds: 420, onAbort: stopLoad }, async (defer) => {
  say("building the app and the baseline (remix build)…");
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: "production" };
  await Promise.all([runCommand("npx", ["remix", "build"], { cwd: root, env }), runCommand("npx", ["remix", "build"], { cwd: fixture, env })]);

  const database = await freshDatabase("bench_votes");
  defer("drop the database", () => database.drop());
  say(`database: ${database.where}`);
  const sessionSecret = randomBytes(24).toString("base64url");
  const world = await withDatabase(database, (db) => prepareVoting(db, { voters: voterCount, sessionSecret }));
  say(`voting: ${world.slug}, ${world.voters.length} voters, titles ${world.titles.map((t) => `${t.slug} (${t.nominationIds.length} nominations)`).join(", ")}`);

  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  // BENCH_PROFILE_DIR: a V8 CPU profile of the app server, written when it stops.
  const profile = process.env.BENCH_PROFILE_DIR ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_PROFILE_DIR}`] : [];
  const app = startChild("app server", process.execPath, [...profile, "--import", "tsx", "server/index.ts"], {
    cwd: root,
    env: { ...env, ...database.env, SESSION_SECRET: sessionSecret, HOST: "127.0.0.1", PORT: String(port) },
    group: true,
  });
  defer("stop the app server", () => app.stop());

  let baselineEnv: Record<string, string> = database.env;
  if (database.kind === "pglite") {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), "bench-votes-plain-"));
    defer("remove the baseline's PGlite folder", () => fs.rm(dir, { recursive: true, force: true }));
    baselineEnv = { DATA_DIR: dir };
  }
  const baseline = startChild("baseline server", process.execPath, ["--import", "tsx", path.join(fixture, "server.ts")], {
    cwd: root,
    env: { ...env, ...baselineEnv },
    group: true,
  });
  defer("stop the baseline server", () => baseline.stop());
  await waitForHttp(`${origin}/healthz`, app, 60_000);
  const [, baselinePort] = await baseline.waitFor(/^listening (\d+)$/m, 60_000);
  const baselineOrigin = `http://127.0.0.1:${baselinePort}`;

  // One ballot by hand first: the path works, and answers as the load expects.
  const ledger = new Ledger(world);
  const votePath = `/campaigns/${world.slug}/vote`;
  const page = await request(`${origin}${votePath}`, { headers: { cookie: world.voters[0].cookie } });
  if (page.status !== 200 || !page.body.includes('name="basedOn"')) {
    throw new Error(`GET ${votePath} as a generated voter: HTTP ${page.status}\n${page.body.toString("utf8").slice(0, 2_000)}`);
  }
  const first = ledger.next()!;
  const cast = await request(`${origin}${votePath}`, { method: "POST", headers: { cookie: first.cookie, origin, "content-type": form }, body: first.body });
  ledger.answered(first.ticket, cast.status, cast.headers["set-cookie"]);
  if (cast.status !== 302 || !receiptOf(cast.headers["set-cookie"])) {
    throw new Error(`POST ${votePath}: HTTP ${cast.status}, expected 302 with a receipt\n${cast.body.toString("utf8").slice(0, 2_000)}`);
  }
  const plain = await request(`${baselineOrigin}/vote`, { method: "POST", headers: { "content-type": form }, body: first.body });
  if (plain.status !== 302) throw new Error(`baseline POST /vote: HTTP ${plain.status}\n${plain.body.toString("utf8").slice(0, 2_000)}\n${baseline.output()}`);

  const appTarget: Target = {
    url: `${origin}${votePath}`,
    ok: (status) => status === 302,
    afterSlice: () => ledger.abandonInFlight(),
    requests: [
      {
        method: "POST",
        path: votePath,
        setupRequest(req, context) {
          const next = ledger.next();
          if (!next) throw new Error("every (voter, title) pair is retired: too many errors");
          context.ticket = next.ticket;
          return { ...req, headers: { ...req.headers, cookie: next.cookie, origin, "content-type": form }, body: next.body };
        },
        onResponse(status, _body, context, headers) {
          ledger.answered(context.ticket as object, status, headers["set-cookie"] ?? headers["Set-Cookie"]);
        },
      },
    ],
  };
  const baselineTarget: Target = {
    url: `${baselineOrigin}/vote`,
    method: "POST",
    headers: { "content-type": form },
    ok: (status) => status === 302,
    requests: [{ method: "POST", path: "/vote", body: first.body }],
  };

  say(
    `load: ${load.connections} connections, ${load.warmupSeconds} s warm-up + ${load.durationSeconds} s each, ` +
      `in ${load.rounds} alternating rounds (each slice after 1 s uncounted)\n`,
  );
  const loadBefore = os.loadavg()[0];
  const [appFigures, baseFigures] = await measure([appTarget, baselineTarget], load);
  say(`machine load (1-min average): ${loadBefore.toFixed(1)} before, ${os.loadavg()[0].toFixed(1)} after, ${os.cpus().length} cores\n`);
  say(figuresTable([["app POST vote", appFigures], ["plain Remix insert", baseFigures]], "not 302"));
  if (ledger.refused.size) say(`app answers other than a cast: ${[...ledger.refused].map(([s, n]) => `${n}× HTTP ${s}`).join(", ")}`);

  // What the answers acknowledged against what the database holds.
  const check = await withDatabase(database, (db) => checkStored(db, ledger));
  say(
    `database: ${check.stored} ballots stored; ${check.acknowledged} acknowledged (all of them, warm-up included), ` +
      `${check.unacknowledgedStored} of ${ledger.unanswered.length} requests cut off at slice ends stored too; ` +
      `lost ${check.lost}, duplicates ${check.duplicates}, unexplained ${check.unexplained}`,
  );
  if (check.lost || check.duplicates || check.unexplained || check.stored !== check.acknowledged + check.unacknowledgedStored) {
    throw new Error(`stored ballots do not match the answers:\n${check.samples.join("\n")}`);
  }
  if (baseFigures.non2xx || baseFigures.errors || baseFigures.timeouts) {
    throw new Error(`baseline: ${baseFigures.non2xx} not 302, ${baseFigures.errors} errors, ${baseFigures.timeouts} timeouts ${baseFigures.errorSamples.join("; ")}\n${baseline.output()}`);
  }
  const errors = ledger.errors + appFigures.errors + appFigures.timeouts;
  const ratio = appFigures.rps / baseFigures.rps;
  say(
    `RESULT votes votes_per_s=${appFigures.rps.toFixed(0)} p99_ms=${appFigures.p99Ms.toFixed(0)} errors=${errors} ` +
      `ratio=${ratio.toPrecision(3)} baseline_per_s=${baseFigures.rps.toFixed(0)}`,
  );
  if (errors) throw new Error(`${errors} errors (${appFigures.errorSamples.join("; ")})\n${app.output().slice(-4_000)}`);
});
