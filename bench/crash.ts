/**
 * bench:crash — ballots under load, the app server killed with SIGKILL in the
 * middle, restarted, more ballots, then the database against the answers:
 * every ballot acknowledged by a success (302 with the receipt in the
 * `__notice` cookie) must be stored exactly once, with that receipt and the
 * choice sent. Ends with
 * `RESULT crash acknowledged=… stored=… lost=0 duplicates=0 unanswered=… unanswered_stored=… errors=…`.
 *
 * The app is built and started as in production (`node --import tsx
 * server/index.ts`, as bench:pages does) in a process group of its own; the
 * kill goes to the whole group, so no child survives it. The world is
 * bench:votes' (bench/lib/voting.ts): the demo data, the 3·15 campaign in
 * voting, generated staff with session rows. BENCH_CONNECTIONS (50) workers
 * each send one ballot after another with node:http keep-alive sockets, each
 * (voter, title) pair based on the version its last answer acknowledged.
 *
 * Per request the books say: acknowledged (302 with a receipt), refused (any
 * other status: an error), not sent (connection refused while the server is
 * down: the pair is tried again later), or unanswered (sent, and the
 * connection died first: it may or may not be stored; never counted as lost).
 * `lost` counts acknowledged ballots missing, or stored with another receipt
 * or choice, or a voter's link left behind an acknowledged version;
 * `duplicates` counts current ballots beyond one per voter and title; every
 * stored ballot that was not acknowledged must be one of the unanswered
 * requests.
 *
 * Settings: DATABASE_URL (PGlite when unset, said loudly), BENCH_CONNECTIONS
 * (50), BENCH_VOTERS (3000), BENCH_KILL_AFTER_S (4: load before the kill),
 * BENCH_AFTER_S (4: load after the restart answers).
 */
import { randomBytes } from "node:crypto";
import http from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { freshDatabase } from "./lib/database";
import { freePort, runCommand, startChild, waitForHttp } from "./lib/processes";
import { runBench } from "./lib/run-bench";
import { checkStored, Ledger, prepareVoting, withDatabase } from "./lib/voting";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const connections = Number(process.env.BENCH_CONNECTIONS ?? 50);
const voterCount = Number(process.env.BENCH_VOTERS ?? 3_000);
const killAfterSeconds = Number(process.env.BENCH_KILL_AFTER_S ?? 4);
const afterSeconds = Number(process.env.BENCH_AFTER_S ?? 4);
const say = (line: string) => process.stdout.write(`${line}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

type Outcome = { kind: "answer"; status: number; setCookie: string[] | undefined } | { kind: "refused" } | { kind: "died"; error: string };

function post(agent: http.Agent, url: string, headers: Record<string, string>, body: string): Promise<Outcome> {
  return new Promise((resolve) => {
    const req = http.request(
      url,
      { method: "POST", agent, headers: { ...headers, "content-length": String(Buffer.byteLength(body)) }, timeout: 15_000 },
      (res) => {
        res.resume();
        res.on("end", () => resolve({ kind: "answer", status: res.statusCode ?? 0, setCookie: res.headers["set-cookie"] }));
        res.on("error", (e) => resolve({ kind: "died", error: String(e) }));
      },
    );
    req.on("timeout", () => req.destroy(new Error("no answer within 15 s")));
    req.on("error", (e: NodeJS.ErrnoException) =>
      resolve(e.code === "ECONNREFUSED" ? { kind: "refused" } : { kind: "died", error: e.code ?? e.message }),
    );
    req.end(body);
  });
}

await runBench("crash", { hardTimeoutSeconds: 300 }, async (defer) => {
  say("building the app (remix build)…");
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: "production" };
  await runCommand("npx", ["remix", "build"], { cwd: root, env });

  const database = await freshDatabase("bench_crash");
  defer("drop the database", () => database.drop());
  say(`database: ${database.where}`);
  const sessionSecret = randomBytes(24).toString("base64url");
  const world = await withDatabase(database, (db) => prepareVoting(db, { voters: voterCount, sessionSecret }));
  say(`voting: ${world.slug}, ${world.voters.length} voters, ${world.titles.length} titles`);

  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const start = async (name: string) => {
    const child = startChild(name, process.execPath, ["--import", "tsx", "server/index.ts"], {
      cwd: root,
      env: { ...env, ...database.env, SESSION_SECRET: sessionSecret, HOST: "127.0.0.1", PORT: String(port) },
      group: true,
    });
    defer(`stop the ${name}`, () => child.stop());
    await waitForHttp(`${origin}/healthz`, child, 60_000);
    return child;
  };
  const first = await start("app server");

  const ledger = new Ledger(world);
  const url = `${origin}/campaigns/${world.slug}/vote`;
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  defer("close the sockets", () => agent.destroy());
  const died = new Map<string, number>();
  let refusedConnections = 0;
  let running = true;
  const phase = { now: "before" as "before" | "down" | "after", acked: { before: 0, down: 0, after: 0 } };
  const worker = async () => {
    while (running) {
      const next = ledger.next();
      if (!next) throw new Error("every (voter, title) pair is retired");
      const outcome = await post(agent, url, { cookie: next.cookie, origin, "content-type": "application/x-www-form-urlencoded" }, next.body);
      if (outcome.kind === "answer") {
        const before = ledger.acknowledged.length;
        ledger.answered(next.ticket, outcome.status, outcome.setCookie);
        if (ledger.acknowledged.length > before) phase.acked[phase.now] += 1;
      } else if (outcome.kind === "refused") {
        ledger.notSent(next.ticket);
        refusedConnections += 1;
        await sleep(50);
      } else {
        ledger.noAnswer(next.ticket);
        died.set(outcome.error, (died.get(outcome.error) ?? 0) + 1);
        await sleep(50);
      }
    }
  };
  const workers = Array.from({ length: connections }, worker);
  const all = Promise.all(workers);
  // A worker that throws stops the run now, not after the timeline.
  let failed: unknown = null;
  all.catch((e) => {
    failed = e;
    running = false;
  });

  await sleep(killAfterSeconds * 1000);
  if (failed) throw failed;
  const ackedBeforeKill = ledger.acknowledged.length;
  say(`${ackedBeforeKill} ballots acknowledged; SIGKILL to the app server's process group (pid ${first.proc.pid})`);
  phase.now = "down";
  first.signal("SIGKILL");
  await first.exited;
  const t0 = performance.now();
  await start("restarted app server");
  say(`restarted: answering again after ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  phase.now = "after";
  await sleep(afterSeconds * 1000);
  running = false;
  await all;
  if (failed) throw failed;
  say(
    `acknowledged ${phase.acked.before} before the kill, ${phase.acked.down} while it was down (answers already on their way), ${phase.acked.after} after the restart; ` +
      `${ledger.unanswered.length} sent without an answer (${[...died].map(([e, n]) => `${n}× ${e}`).join(", ") || "none"}), ` +
      `${refusedConnections} connections refused while down (not sent, tried again)`,
  );
  if (ledger.refused.size) say(`answers other than a cast: ${[...ledger.refused].map(([s, n]) => `${n}× HTTP ${s}`).join(", ")}`);

  const check = await withDatabase(database, (db) => checkStored(db, ledger));
  say(
    `database: ${check.stored} ballots; ${check.acknowledged} acknowledged, ${check.unacknowledgedStored} of the ${ledger.unanswered.length} unanswered stored too; ` +
      `lost ${check.lost}, duplicates ${check.duplicates}, unexplained ${check.unexplained}`,
  );
  for (const s of check.samples) say(`  ${s}`);
  say(
    `RESULT crash acknowledged=${check.acknowledged} stored=${check.stored} lost=${check.lost} duplicates=${check.duplicates} ` +
      `unanswered=${ledger.unanswered.length} unanswered_stored=${check.unacknowledgedStored} errors=${ledger.errors}`,
  );
  if (check.lost || check.duplicates || check.unexplained || !ackedBeforeKill || !phase.acked.after) {
    throw new Error("the crash check failed (see above)");
  }
});
