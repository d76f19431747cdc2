// A job worker instance of its own for bench:votes with BENCH_JOBS_BUSY=1
// (bench/lib/jobs.ts): on the PostgreSQL database in DATABASE_URL it works
// the benchmark's fan-out queue with a no-op handler while told to (SIGUSR1)
// and rests when told to (SIGUSR2), saying so on stdout:
//   ready · working <round> · idle <round> worked=<jobs> ms=<milliseconds>
import { startJobEngine, type JobEngine } from "../../app/jobs/engine.server";
import { createDb } from "../../db/client";
import { fanOutQueue } from "./jobs";

const url = process.env.DATABASE_URL;
if (!url) throw new Error("bench/lib/job-worker.ts needs DATABASE_URL (a worker of its own cannot share an embedded PGlite)");
const handle = await createDb({ databaseUrl: url, poolSize: 2 });
const queue = fanOutQueue();
const say = (line: string) => process.stdout.write(`${line}\n`);

let engine: JobEngine | undefined;
let round = 0;
let worked = 0;
let since = 0;
// Signals are handled one after another, each once the one before has finished.
let chain: Promise<void> = Promise.resolve();
const then = (step: () => Promise<void>) => {
  chain = chain.then(step).catch((error: unknown) => {
    process.stderr.write(`job worker: ${String(error)}\n`);
    process.exit(1);
  });
};

process.on("SIGUSR1", () =>
  then(async () => {
    if (engine) return;
    round += 1;
    worked = 0;
    engine = await startJobEngine({ database: handle, directUrl: url, queues: [queue], workers: { [queue.name]: async () => void (worked += 1) } });
    since = performance.now();
    say(`working ${round}`);
  }),
);
process.on("SIGUSR2", () =>
  then(async () => {
    if (!engine) return;
    const n = worked;
    const ms = performance.now() - since;
    await engine.stop();
    engine = undefined;
    say(`idle ${round} worked=${n} ms=${Math.round(ms)}`);
  }),
);
process.on("SIGTERM", () =>
  then(async () => {
    await engine?.stop();
    await handle.close();
    process.exit(0);
  }),
);
// Signal handlers alone do not keep a process alive.
setInterval(() => {}, 60_000);
say("ready");
