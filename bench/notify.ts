/**
 * bench:notify — voting opens for a campaign of the whole company, 50,000
 * staff (issue 17, Speed). Ends with
 * `RESULT notify recipients=50000 inapp_s=… emails_per_s=… lost=0 duplicates=0 vote_p99_ratio=…`.
 *
 * The world: the demo data, its 3·15 campaign in voting with BENCH_VOTERS
 * (5,000) generated voters signed in (bench/lib/voting.ts, as bench:votes),
 * and the company grown to BENCH_NOTIFY_STAFF (50,000) active staff in
 * generated teams, each with an address, one in five reading English
 * (bench/lib/notify.ts); the company's own campaign (2026-q4, scope: the whole
 * company) waits in review. The app: a copy of its sources built and started
 * as in production (tests/support/snapshot.ts; `node --import tsx
 * server/index.ts`, one process serving pages and working jobs, pool of 10)
 * with SMTP_URL naming a mail server the benchmark starts in a process of its
 * own (bench/lib/smtp-sink.ts, smtp-server), which keeps what arrives.
 *
 * The phase move is the administrator's: `POST /admin/campaigns/2026-q4`
 * (intent=move, to=voting) with the demo administrator's session, the form
 * the campaign's page posts. Its transaction writes the portal notices and
 * the email deliveries (decision 0039) and nudges the email queue; the app's
 * own worker sends them.
 *
 * - inapp_s: from sending that POST until its answer (the redirect comes
 *   after the commit), checked at once: the 50,000 notices of the event are
 *   there, in the portal.
 * - emails_per_s: emails of the event accepted by the mail server ÷ the time
 *   from the answer to the POST (the commit) until the last one was accepted.
 * - lost: staff in scope with an address (from the people table) who
 *   received no email of the event; duplicates: every further one a
 *   recipient received, plus every Message-ID that arrived twice — both read
 *   from the messages as they arrived (envelope recipient, Subject,
 *   Message-ID), not from the app's records.
 * - vote_p99_ratio: the p99 of real votes (bench:votes' POST on the 3·15
 *   campaign, autocannon, BENCH_CONNECTIONS voters at once) in the slices
 *   run while the fan-out is under way (from the POST until the last email)
 *   ÷ their p99 in the idle slices of the same run, BENCH_IDLE_SLICES before
 *   the move and as many after the last email. A slice that straddles the
 *   last email counts in neither.
 *
 * PostgreSQL only (DATABASE_URL): the figures are about a deployment.
 * Settings: DATABASE_URL, BENCH_NOTIFY_STAFF (50000), BENCH_NOTIFY_TEAMS
 * (500), BENCH_VOTERS (5000), BENCH_CONNECTIONS (50), BENCH_SLICE_S (4
 * counted seconds per slice, after one uncounted), BENCH_IDLE_SLICES (3
 * before and 3 after), BENCH_NOTIFY_DUMP (a file: every arrival as JSON
 * lines), DB_POOL_SIZE (the app's pool, 10), BENCH_NOTIFY_WORKER (unset: one
 * instance serves pages and works jobs; 1: the web instance runs with
 * WORKERS=off and a second instance on the same database works the jobs, the
 * topology docs/deployment.md describes for a large organisation; app CPU is
 * then both processes').
 */
import { randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { sql } from "kysely";
import { buildSnapshot } from "../tests/support/snapshot";
import { freshDatabase } from "./lib/database";
import { request } from "./lib/http";
import { loadSlice, percentileOf, stopLoad, type SliceFigures } from "./lib/load";
import { companySlug, growOrganisation, startSmtpSink } from "./lib/notify";
import { cpuOf, cpuSecondsBetween, freePort, postgresCpuOf, startChild, waitForHttp } from "./lib/processes";
import { runBench } from "./lib/run-bench";
import { castOneVote, Ledger, prepareVoting, voteTarget } from "./lib/voting";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const staff = Number(process.env.BENCH_NOTIFY_STAFF ?? 50_000);
const teams = Number(process.env.BENCH_NOTIFY_TEAMS ?? 500);
const voterCount = Number(process.env.BENCH_VOTERS ?? 5_000);
const sliceSeconds = Number(process.env.BENCH_SLICE_S ?? 4);
const idleSlices = Number(process.env.BENCH_IDLE_SLICES ?? 3);
const load = { connections: Number(process.env.BENCH_CONNECTIONS ?? 50), warmupSeconds: 2, durationSeconds: 0, rounds: 1 };
/** The fan-out is over when every expected email arrived, or none has for this long. */
const stallSeconds = 90;
const separateWorker = process.env.BENCH_NOTIFY_WORKER === "1";
const say = (line: string) => process.stdout.write(`${line}\n`);
const form = "application/x-www-form-urlencoded";
const now = () => performance.timeOrigin + performance.now();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

await runBench("notify", { hardTimeoutSeconds: 1_500, onAbort: stopLoad }, async (defer) => {
  if (!process.env.DATABASE_URL) {
    throw new Error(
      "bench:notify needs DATABASE_URL=postgres://…: 50,000 notices, a worker and 50 voters at once on the one connection of the embedded PGlite would describe no deployment",
    );
  }
  say("building a copy of the app (remix build)…");
  const copy = path.join(root, ".tmp", `bench-notify-${randomBytes(4).toString("hex")}`);
  defer("remove the app's copy", () => fs.rm(copy, { recursive: true, force: true }));
  await buildSnapshot(copy);

  const database = await freshDatabase("bench_notify");
  defer("drop the database", () => database.drop());
  say(`database: ${database.where}`);
  const handle = await database.open();
  defer("close the database", () => handle.close());
  const db = handle.db;
  const sessionSecret = randomBytes(24).toString("base64url");
  const setupStarted = performance.now();
  const world = await prepareVoting(db, { voters: voterCount, sessionSecret });
  const org = await growOrganisation(db, { staff, teams, sessionSecret });
  say(
    `organisation: ${org.staff} active staff in scope of ${companySlug} (${org.addresses.size} with an address, ${org.units} generated teams); ` +
      `votes on ${world.slug} by ${world.voters.length} voters; set up in ${((performance.now() - setupStarted) / 1000).toFixed(1)} s`,
  );
  if (org.quietHoursOff) say("!!! the run falls in or near quiet hours (22:00–08:00 Beijing): quiet hours switched off for everyone in scope");

  const sink = await startSmtpSink(root, defer);
  const startInstance = async (name: string, workers: "on" | "off") => {
    const port = await freePort();
    const child = startChild(name, process.execPath, ["--import", "tsx", path.join(root, "server/index.ts")], {
      cwd: copy,
      env: {
        ...process.env,
        ...database.env,
        NODE_ENV: "production",
        SESSION_SECRET: sessionSecret,
        HOST: "127.0.0.1",
        PORT: String(port),
        WORKERS: workers,
        SMTP_URL: sink.url,
        PUBLIC_URL: "https://stars.bench.example",
        TSX_TSCONFIG_PATH: path.join(root, "tsconfig.json"),
      },
      group: true,
    });
    defer(`stop the ${name}`, () => child.stop());
    await waitForHttp(`http://127.0.0.1:${port}/healthz`, child, 90_000);
    return { child, origin: `http://127.0.0.1:${port}` };
  };
  // One instance serving pages and working jobs, or (BENCH_NOTIFY_WORKER=1) the web instance with WORKERS=off and a worker instance beside it.
  const web = await startInstance("app server", separateWorker ? "off" : "on");
  const app = web.child;
  const origin = web.origin;
  const worker = separateWorker ? (await startInstance("worker instance", "on")).child : undefined;
  say(separateWorker ? "instances: one serving pages (WORKERS=off), one working jobs" : "instances: one, serving pages and working jobs");

  // What the demo data announced while it was seeded goes out first: the measured fan-out starts on a quiet queue.
  const outstanding = async () => {
    const { rows } = await sql<{ n: number }>`
      select count(*)::int as n from notification_deliveries where status in ('pending', 'sending')`.execute(db);
    return rows[0]!.n;
  };
  for (const deadline = Date.now() + 120_000; (await outstanding()) > 0; await sleep(250)) {
    if (Date.now() > deadline) throw new Error(`the demo's own emails were not sent within 120 s\n${app.output().slice(-4_000)}`);
  }
  const before = await sink.count("");
  say(`mail server ${sink.url}: ${before.total} emails of the demo's own announcements arrived before the measurement`);

  // One vote by hand: the path works and answers as the load expects.
  const ledger = new Ledger(world);
  const votePath = `/campaigns/${world.slug}/vote`;
  await castOneVote(ledger, origin, votePath);
  const votes = voteTarget(ledger, origin, votePath);

  const cpu = () => ({
    app: new Map([...cpuOf(app.proc.pid), ...(worker ? cpuOf(worker.proc.pid) : [])]),
    postgres: postgresCpuOf(database.name!),
    mail: cpuOf(sink.pid),
  });
  const loadBefore = os.loadavg()[0]!;
  say(`votes: ${load.connections} connections, ${load.warmupSeconds} s warm-up, slices of 1 + ${sliceSeconds} s (the first second uncounted)`);
  await loadSlice(votes, load.warmupSeconds, load);
  const idleBefore: SliceFigures[] = [];
  for (let i = 0; i < idleSlices; i++) idleBefore.push(await loadSlice(votes, sliceSeconds, load));

  // The phase move, as the administrator's form posts it; the votes go on meanwhile.
  const subject = "2026 Q4";
  const moveStarted = now();
  const moving = request(`${origin}/admin/campaigns/${companySlug}`, {
    method: "POST",
    headers: { cookie: org.adminCookie, origin, "content-type": form },
    body: new URLSearchParams({ intent: "move", to: "voting" }).toString(),
    timeoutMs: 120_000,
  }).then((answer) => ({ answer, at: now() }));
  let moved: Awaited<typeof moving> | undefined;
  void moving.then((m) => (moved = m)).catch(() => undefined);

  const busy: SliceFigures[] = [];
  const straddling: SliceFigures[] = [];
  let arrived = { count: 0, lastAt: 0, total: 0 };
  let progressAt = now();
  // CPU read around each slice and summed: a pool connection opened or closed meanwhile counts for its slices only.
  const cpuDuring = { app: 0, postgres: 0, mail: 0 };
  for (;;) {
    const cpuBefore = cpu();
    const slice = await loadSlice(votes, sliceSeconds, load);
    const cpuAfter = cpu();
    for (const name of ["app", "postgres", "mail"] as const) cpuDuring[name] += cpuSecondsBetween(cpuBefore[name], cpuAfter[name]);
    const seen = await sink.count(subject);
    say(
      `  ${((now() - moveStarted) / 1000).toFixed(0).padStart(4)} s after the move: ${String(seen.count).padStart(5)} emails ` +
        `(+${seen.count - arrived.count}), votes p99 ${percentileOf(slice.latencies, 99).toFixed(0)} ms${moved ? "" : ", the move still running"}`,
    );
    if (seen.count > arrived.count) progressAt = now();
    arrived = seen;
    const done = moved !== undefined && arrived.count >= org.addresses.size;
    const stalled = moved !== undefined && now() - progressAt > stallSeconds * 1000;
    // The slice's counted part in epoch ms: busy only if it ended before the last email.
    const sliceEnd = performance.timeOrigin + slice.to;
    if (done || stalled) {
      if (sliceEnd <= arrived.lastAt) busy.push(slice);
      else straddling.push(slice);
      break;
    }
    busy.push(slice);
  }
  const { answer, at: committedAt } = await moving;
  if (answer.status !== 302) throw new Error(`the phase move answered HTTP ${answer.status}\n${answer.body.toString("utf8").slice(0, 2_000)}`);

  const idleAfter: SliceFigures[] = [];
  for (let i = 0; i < idleSlices; i++) idleAfter.push(await loadSlice(votes, sliceSeconds, load));
  const loadAfter = os.loadavg()[0]!;

  // What arrived, read from the messages: recipients and Message-IDs.
  const dumpFile = process.env.BENCH_NOTIFY_DUMP ? path.resolve(process.env.BENCH_NOTIFY_DUMP) : path.join(copy, "arrivals.jsonl");
  await sink.dump(dumpFile);
  const arrivals = (await fs.readFile(dumpFile, "utf8"))
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line) as { at: number; to: string[]; messageId: string; subject: string });
  const ofEvent = arrivals.filter((a) => a.subject.includes(subject));
  const perRecipient = new Map<string, number>();
  const messageIds = new Map<string, number>();
  for (const a of ofEvent) {
    for (const to of a.to) perRecipient.set(to, (perRecipient.get(to) ?? 0) + 1);
    messageIds.set(a.messageId, (messageIds.get(a.messageId) ?? 0) + 1);
  }
  const lost = [...org.addresses].filter((address) => !perRecipient.has(address)).length;
  const strangers = [...perRecipient.keys()].filter((address) => !org.addresses.has(address)).length;
  const duplicates = [...perRecipient.values()].reduce((sum, n) => sum + n - 1, 0) + [...messageIds.values()].reduce((sum, n) => sum + n - 1, 0);
  const lastAt = Math.max(...ofEvent.map((a) => a.at));
  const firstAt = Math.min(...ofEvent.map((a) => a.at));

  // The portal's notices and the deliveries' outcome, as the app recorded them (a cross-check, not the figures).
  const { rows: notices } = await sql<{ n: number; in_portal: number }>`
    select count(*)::int as n, count(*) filter (where in_portal)::int as in_portal from notifications where event_key = ${org.eventKey}`.execute(db);
  const { rows: deliveries } = await sql<{ status: string; n: number }>`
    select d.status, count(*)::int as n from notification_deliveries d join notifications n on n.id = d.notification_id
    where n.event_key = ${org.eventKey} group by d.status order by d.status`.execute(db);

  const inappSeconds = (committedAt - moveStarted) / 1000;
  const sendingSeconds = (lastAt - committedAt) / 1000;
  const emailsPerSecond = ofEvent.length / sendingSeconds;
  const latencies = (slices: SliceFigures[]) => slices.flatMap((s) => s.latencies);
  const idle = [...idleBefore, ...idleAfter];
  const p99Idle = percentileOf(latencies(idle), 99);
  const p99Busy = percentileOf(latencies(busy), 99);
  const rps = (slices: SliceFigures[]) => latencies(slices).length / slices.reduce((s, x) => s + (x.to - x.from) / 1000, 0);
  const voteErrors = [...idle, ...busy, ...straddling].reduce((n, s) => n + s.errors + s.timeouts, 0) + ledger.errors;
  const cpuSeconds = (name: "app" | "postgres" | "mail") => cpuDuring[name];

  say(`machine load (1-min average): ${loadBefore.toFixed(1)} before, ${loadAfter.toFixed(1)} after, ${os.cpus().length} cores`);
  say(
    `phase move: ${answer.status} after ${inappSeconds.toFixed(2)} s; notices of the event: ${notices[0]!.n} (${notices[0]!.in_portal} in the portal); ` +
      `deliveries: ${deliveries.map((d) => `${d.status} ${d.n}`).join(", ")}`,
  );
  say(
    `emails: ${ofEvent.length} of the event arrived for ${perRecipient.size} of ${org.addresses.size} addresses (${strangers} to addresses out of scope); ` +
      `first ${((firstAt - committedAt) / 1000).toFixed(2)} s after the commit, last ${sendingSeconds.toFixed(1)} s after`,
  );
  say(
    `votes: idle ${latencies(idle).length} in ${idle.length} slices (${rps(idle).toFixed(0)}/s, p99 ${p99Idle.toFixed(0)} ms; ` +
      `before ${percentileOf(latencies(idleBefore), 99).toFixed(0)}, after ${percentileOf(latencies(idleAfter), 99).toFixed(0)}), ` +
      `during the fan-out ${latencies(busy).length} in ${busy.length} slices (${rps(busy).toFixed(0)}/s, p99 ${p99Busy.toFixed(0)} ms), ` +
      `${straddling.length} slice(s) straddling its end left out; errors ${voteErrors}`,
  );
  process.stderr.write(
    `breakdown notify: move_s=${inappSeconds.toFixed(2)} first_email_s=${((firstAt - committedAt) / 1000).toFixed(2)} send_s=${sendingSeconds.toFixed(1)} ` +
      `cpu_s_in_fanout_slices app=${cpuSeconds("app").toFixed(1)} postgres=${cpuSeconds("postgres").toFixed(1)} mail_server=${cpuSeconds("mail").toFixed(1)} ` +
      `votes_per_s_idle=${rps(idle).toFixed(0)} votes_per_s_busy=${rps(busy).toFixed(0)} ` +
      `p99_idle_ms=${p99Idle.toFixed(0)} p99_busy_ms=${p99Busy.toFixed(0)} load_before=${loadBefore.toFixed(1)} load_after=${loadAfter.toFixed(1)}\n`,
  );
  say(
    `RESULT notify recipients=${notices[0]!.in_portal} inapp_s=${inappSeconds.toFixed(2)} emails_per_s=${emailsPerSecond.toFixed(0)} ` +
      `lost=${lost} duplicates=${duplicates} vote_p99_ratio=${(p99Busy / p99Idle).toFixed(2)} worker=${separateWorker ? "separate" : "same"}`,
  );
  if (lost || duplicates || strangers || voteErrors || notices[0]!.in_portal !== org.staff) {
    throw new Error(
      `lost ${lost}, duplicates ${duplicates}, out of scope ${strangers}, vote errors ${voteErrors}, notices ${notices[0]!.in_portal} of ${org.staff}`,
    );
  }
});
