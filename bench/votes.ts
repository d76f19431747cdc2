/**
 * bench:votes — sustained ballots per second through the real HTTP path
 * (session cookie, same-origin check, form validation, the castBallot
 * statements with their audit entry) at 50 concurrent voters, against a plain
 * Remix action that does one insert, in the same run. Ends with
 * `RESULT votes votes_per_s=… p99_ms=… bare_p99_ms=… errors=… ratio=… baseline_per_s=… minimal_app_per_s=… minimal_app_ratio=…`.
 *
 * The app: a copy of its sources built in a folder of its own
 * (tests/support/snapshot.ts, as the HTTP tests do), with ONE route added to
 * the copy only: bench/fixtures/plain-action/app/routes/vote.tsx as
 * `/bench/plain-vote`, an action that reads the form, does one insert and
 * redirects. Nothing ships in the product for the benchmark. The copy is
 * started as in production (`node --import tsx server/index.ts`) on a fresh
 * database with the demo data, the 3·15 campaign moved on to voting through
 * the domain, and BENCH_VOTERS (5,000) generated active staff in its scope.
 * Their sessions are inserted as the rows sign-in writes, with cookies signed
 * by the SESSION_SECRET the server is given (bench/lib/voting.ts says why:
 * Argon2 and the sign-in rate limit). Every vote is a real
 * `POST /campaigns/3-15-stars/vote` with a voter's cookie, `Origin` of the
 * server, and `title`, `nominationIds`, `basedOn`; the (voter, title) pairs go
 * round-robin, each based on the version its last answer acknowledged (a
 * first ballot, then changes: may_change_ballot is on). Success is only the
 * route's answer to a cast: 302 with the `__notice` cookie carrying the
 * receipt; anything else is an error.
 *
 * `bare_p99_ms` is the baseline's own tail in the same run, so the vote's
 * p99 is judged against the machine's tail at that moment (issue 15).
 *
 * The baseline (`ratio`): that plain action in the same server process, the
 * same Express stack (compression, helmet and the CSP nonce, the same-origin
 * check, body limits), the same route tree and the same pool, sent the same
 * headers and body as a vote. What the ratio then says is what the vote
 * itself costs (session, validation, rules, its statements) over one insert
 * in this app, as docs/decisions/0013-vote-benchmark-baseline.md explains.
 *
 * Also measured and printed (`minimal_app_*`): the same action file as the
 * one route of bench/fixtures/plain-action, a minimal Remix app of its own
 * served by @remix-run/express with no middleware, with the app's database
 * client and pool size, on the same database (its own PGlite folder on
 * PGlite): plain Remix + one insert, the baseline before 0013.
 *
 * The three are loaded by autocannon at BENCH_CONNECTIONS (50) in alternating
 * slices (bench/lib/load.ts). The table also gives the CPU each target costs
 * per request (from /proc): its server process's, and that of the PostgreSQL
 * backends connected to the bench database.
 * Afterwards the ballots in the database are compared with the answers: every
 * acknowledged ballot stored once with its receipt and choice, and every other
 * stored ballot one of the requests cut off in flight at a slice's end.
 *
 * BENCH_JOBS_BUSY=1 (PostgreSQL only) adds a fourth target: the same votes
 * while a job worker of its own (bench/lib/job-worker.ts, another process on
 * this machine and database, as a worker instance would be) works a backlog
 * of the fan-out jobs bench:jobs sends, with a no-op handler; the backlog is
 * topped up before each of its slices, outside the measured time. The vote's
 * p99 with the worker busy against idle (the app target), slices alternating
 * in the same run, ends a second line: `RESULT votes_jobs_busy p99_idle_ms=…
 * p99_busy_ms=… p99_ratio=… votes_per_s_idle=… votes_per_s_busy=… jobs_per_s=… dry_slices=…`.
 *
 * Settings: DATABASE_URL (PGlite when unset, said loudly), BENCH_CONNECTIONS
 * (50), BENCH_WARMUP_S (2), BENCH_DURATION_S (10 per target), BENCH_ROUNDS (5),
 * BENCH_VOTERS (5000), DB_POOL_SIZE (the app's and the minimal app's pool, 10),
 * BENCH_PROFILE_DIR (unset; a folder: the app server writes a CPU profile there),
 * BENCH_POOLER (none; unnamed: the hottest statements sent unnamed; pgbouncer: the
 * app through PgBouncer in transaction pooling — bench/lib/pooler.ts; the minimal
 * app always connects directly), BENCH_JOBS_BUSY (unset; 1: as above), BENCH_JOBS_BATCH
 * (100: jobs the busy worker takes at once).
 */
import { randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { buildSnapshot } from "../tests/support/snapshot";
import { createPlainVotes } from "./fixtures/plain-action/plain-votes";
import { freshDatabase } from "./lib/database";
import { request } from "./lib/http";
import { startBusyWorker } from "./lib/jobs";
import { figuresTable, measure, stopLoad, type LoadFigures, type Target } from "./lib/load";
import { cpuOf, freePort, postgresCpuOf, runCommand, startChild, waitForHttp } from "./lib/processes";
import { benchPooler } from "./lib/pooler";
import { runBench } from "./lib/run-bench";
import { castOneVote, checkStored, Ledger, prepareVoting, voteTarget, withDatabase } from "./lib/voting";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const fixture = path.join(root, "bench/fixtures/plain-action");
const plainRoute = path.join(fixture, "app/routes/vote.tsx");
const load = {
  connections: Number(process.env.BENCH_CONNECTIONS ?? 50),
  warmupSeconds: Number(process.env.BENCH_WARMUP_S ?? 2),
  durationSeconds: Number(process.env.BENCH_DURATION_S ?? 10),
  rounds: Number(process.env.BENCH_ROUNDS ?? 5),
};
const voterCount = Number(process.env.BENCH_VOTERS ?? 5_000);
const jobsBusy = process.env.BENCH_JOBS_BUSY === "1";
const say = (line: string) => process.stdout.write(`${line}\n`);
const form = "application/x-www-form-urlencoded";
const plainPath = "/bench/plain-vote";

await runBench("votes", { hardTimeoutSeconds: 480, onAbort: stopLoad }, async (defer) => {
  say("building a copy of the app with the plain action added, and the minimal app (remix build)…");
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: "production" };
  // Inside the repository, so that the copy's build finds node_modules.
  const copy = path.join(root, ".tmp", `bench-votes-${randomBytes(4).toString("hex")}`);
  defer("remove the app's copy", () => fs.rm(copy, { recursive: true, force: true }));
  await Promise.all([
    buildSnapshot(copy, { extraRoutes: { "bench.plain-vote.tsx": plainRoute } }),
    runCommand("npx", ["remix", "build"], { cwd: fixture, env }),
  ]);

  const database = await freshDatabase("bench_votes");
  defer("drop the database", () => database.drop());
  say(`database: ${database.where}`);
  const pooler = await benchPooler(database, defer);
  say(`the app reaches it ${pooler.describe}`);
  const sessionSecret = randomBytes(24).toString("base64url");
  const world = await withDatabase(database, async (db) => {
    await createPlainVotes(db);
    return prepareVoting(db, { voters: voterCount, sessionSecret });
  });
  say(
    `voting: ${world.slug}, ${world.voters.length} voters, titles ${world.titles.map((t) => `${t.slug} (${t.nominationIds.length} nominations)`).join(", ")}`,
  );

  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  // BENCH_PROFILE_DIR: a V8 CPU profile of the app server, written when it stops.
  const profile = process.env.BENCH_PROFILE_DIR ? ["--cpu-prof", `--cpu-prof-dir=${path.resolve(process.env.BENCH_PROFILE_DIR)}`] : [];
  const app = startChild("app server", process.execPath, [...profile, "--import", "tsx", path.join(root, "server/index.ts")], {
    cwd: copy,
    env: {
      ...env,
      ...database.env,
      ...pooler.env,
      SESSION_SECRET: sessionSecret,
      HOST: "127.0.0.1",
      PORT: String(port),
      TSX_TSCONFIG_PATH: path.join(root, "tsconfig.json"),
    },
    group: true,
  });
  defer("stop the app server", () => app.stop());

  let minimalEnv: Record<string, string> = database.env;
  if (database.kind === "pglite") {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), "bench-votes-plain-"));
    defer("remove the minimal app's PGlite folder", () => fs.rm(dir, { recursive: true, force: true }));
    minimalEnv = { DATA_DIR: dir };
  }
  const minimal = startChild("minimal app server", process.execPath, ["--import", "tsx", path.join(fixture, "server.ts")], {
    cwd: root,
    env: { ...env, ...minimalEnv },
    group: true,
  });
  defer("stop the minimal app server", () => minimal.stop());
  await waitForHttp(`${origin}/healthz`, app, 60_000);
  const [, minimalPort] = await minimal.waitFor(/^listening (\d+)$/m, 60_000);
  const minimalOrigin = `http://127.0.0.1:${minimalPort}`;

  // One of each by hand first: the paths work, and answer as the load expects.
  const ledger = new Ledger(world);
  const votePath = `/campaigns/${world.slug}/vote`;
  const page = await request(`${origin}${votePath}`, { headers: { cookie: world.voters[0].cookie } });
  if (page.status !== 200 || !page.body.includes('name="basedOn"')) {
    throw new Error(`GET ${votePath} as a generated voter: HTTP ${page.status}\n${page.body.toString("utf8").slice(0, 2_000)}`);
  }
  const first = await castOneVote(ledger, origin, votePath);
  // The plain action gets what a vote gets: a voter's cookie, the Origin, the same body.
  const plainHeaders = { cookie: first.cookie, origin, "content-type": form };
  const plain = await request(`${origin}${plainPath}`, { method: "POST", headers: plainHeaders, body: first.body });
  if (plain.status !== 302)
    throw new Error(`POST ${plainPath}: HTTP ${plain.status}\n${plain.body.toString("utf8").slice(0, 2_000)}\n${app.output()}`);
  const bare = await request(`${minimalOrigin}/vote`, { method: "POST", headers: { "content-type": form }, body: first.body });
  if (bare.status !== 302)
    throw new Error(`minimal app POST /vote: HTTP ${bare.status}\n${bare.body.toString("utf8").slice(0, 2_000)}\n${minimal.output()}`);

  const cpu = (pid: number | undefined, pgbouncer?: number) => ({
    server: () => cpuOf(pid),
    PostgreSQL: () => (database.name ? postgresCpuOf(database.name) : new Map()),
    ...(pgbouncer ? { PgBouncer: () => cpuOf(pgbouncer) } : {}),
  });
  const appTarget = voteTarget(ledger, origin, votePath, { cpu: cpu(app.proc.pid, pooler.pid) });
  const plainTarget: Target = {
    url: `${origin}${plainPath}`,
    method: "POST",
    headers: plainHeaders,
    ok: (status) => status === 302,
    cpu: cpu(app.proc.pid, pooler.pid),
    requests: [{ method: "POST", path: plainPath, body: first.body }],
  };
  const minimalTarget: Target = {
    url: `${minimalOrigin}/vote`,
    method: "POST",
    headers: { "content-type": form },
    ok: (status) => status === 302,
    cpu: cpu(minimal.proc.pid),
    requests: [{ method: "POST", path: "/vote", body: first.body }],
  };

  say(
    `load: ${load.connections} connections, ${load.warmupSeconds} s warm-up + ${load.durationSeconds} s each, ` +
      `in ${load.rounds} alternating rounds (each slice after 1 s uncounted)\n`,
  );
  const busyWorker = jobsBusy ? await startBusyWorker(root, database, defer) : undefined;
  const targets = [appTarget, plainTarget, minimalTarget, ...(busyWorker ? [busyWorker.busy(appTarget)] : [])];
  const loadBefore = os.loadavg()[0];
  const [appFigures, plainFigures, minimalFigures, busyFigures] = await measure(targets, load);
  say(`machine load (1-min average): ${loadBefore.toFixed(1)} before, ${os.loadavg()[0].toFixed(1)} after, ${os.cpus().length} cores\n`);
  say(
    figuresTable(
      [
        ["app POST vote", appFigures],
        ["plain action in the app", plainFigures],
        ["plain action, minimal app", minimalFigures],
        ...(busyFigures ? [["app POST vote, job worker busy", busyFigures] as [string, LoadFigures]] : []),
      ],
      "not 302",
    ),
  );
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
  for (const [name, f, child] of [
    ["plain action in the app", plainFigures, app],
    ["minimal app", minimalFigures, minimal],
  ] as const) {
    if (f.non2xx || f.errors || f.timeouts) {
      throw new Error(
        `${name}: ${f.non2xx} not 302, ${f.errors} errors, ${f.timeouts} timeouts ${f.errorSamples.join("; ")}\n${child.output().slice(-4_000)}`,
      );
    }
  }
  const errors = ledger.errors + appFigures.errors + appFigures.timeouts;
  say(
    `RESULT votes votes_per_s=${appFigures.rps.toFixed(0)} p99_ms=${appFigures.p99Ms.toFixed(0)} bare_p99_ms=${plainFigures.p99Ms.toFixed(0)} errors=${errors} ` +
      `ratio=${(appFigures.rps / plainFigures.rps).toPrecision(3)} baseline_per_s=${plainFigures.rps.toFixed(0)} ` +
      `minimal_app_per_s=${minimalFigures.rps.toFixed(0)} minimal_app_ratio=${(appFigures.rps / minimalFigures.rps).toPrecision(3)}`,
  );
  if (busyWorker && busyFigures) {
    const worker = busyWorker.figures();
    say(
      `RESULT votes_jobs_busy p99_idle_ms=${appFigures.p99Ms.toFixed(0)} p99_busy_ms=${busyFigures.p99Ms.toFixed(0)} ` +
        `p99_ratio=${(busyFigures.p99Ms / appFigures.p99Ms).toPrecision(3)} votes_per_s_idle=${appFigures.rps.toFixed(0)} ` +
        `votes_per_s_busy=${busyFigures.rps.toFixed(0)} jobs_per_s=${worker.jobsPerSecond.toFixed(0)} dry_slices=${worker.dry}`,
    );
  }
  const busyErrors = busyFigures ? busyFigures.errors + busyFigures.timeouts : 0;
  if (errors || busyErrors) throw new Error(`${errors + busyErrors} errors (${appFigures.errorSamples.join("; ")})\n${app.output().slice(-4_000)}`);
});
