/**
 * bench:first-start — `npm start` on an empty data folder, as a newcomer runs
 * it: the server on the embedded database (PGlite) loads the demo data, then
 * idles. Then the same server restarted on the same folder: the baseline of
 * the same run (same machine, same minute), for the start time and above all
 * for the idle memory, which a first start used to leave 300 MB higher
 * (issue 14, item 20; decision 0030).
 *
 * Always PGlite: only the embedded database loads the demo by itself (a
 * PostgreSQL server gets it from `npm run db:seed`), so DATABASE_URL is not
 * used here, and it says so.
 *
 * Measures, for each start: seconds from spawning the server to /healthz
 * answering; the demo load's own seconds (its "demo data loaded" log line,
 * first start only); and the server's idle RSS (/proc/<pid>/status, the
 * median of samples taken after BENCH_SETTLE_S seconds of idling).
 *
 * Ends with
 * `RESULT first-start demo_s=… first_start_s=… restart_s=… start_ratio=… rss_first_mb=… rss_restart_mb=… rss_ratio=… load1=…`.
 *
 * Settings: BENCH_SETTLE_S (10: idle seconds before sampling), BENCH_SAMPLES (5, one a second).
 */
import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { freePort, runCommand, startChild, waitForHttp, type Child } from "./lib/processes";
import { runBench } from "./lib/run-bench";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const settleSeconds = Number(process.env.BENCH_SETTLE_S ?? 10);
const samples = Number(process.env.BENCH_SAMPLES ?? 5);
const say = (line: string) => process.stdout.write(`${line}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const round1 = (x: number) => Math.round(x * 10) / 10;

/** Resident memory of a process in MB, from /proc (Linux). */
async function rssMb(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, "utf8");
  const kb = Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1]);
  if (!Number.isFinite(kb)) throw new Error(`no VmRSS for process ${pid}`);
  return Math.round(kb / 1024);
}

interface Start {
  seconds: number;
  rssMb: number;
  /** The demo load's own seconds, from its last progress line (first start only). */
  demoSeconds: number | null;
}

await runBench("first-start", { hardTimeoutSeconds: 900 }, async (defer) => {
  if (process.env.DATABASE_URL) say("note: DATABASE_URL is ignored — the demo loads by itself only into the embedded database (PGlite)");
  say("building the app (remix build)…");
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: "production" };
  delete env.DATABASE_URL;
  await runCommand("npx", ["remix", "build"], { cwd: root, env });

  const dataDir = await mkdtemp(path.join(os.tmpdir(), "ss-bench-first-start-"));
  defer("remove the data folder", () => rm(dataDir, { recursive: true, force: true }));
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;

  const start = async (name: string): Promise<Start> => {
    const began = performance.now();
    const child: Child = startChild(name, process.execPath, ["--import", "tsx", "server/index.ts"], {
      cwd: root,
      env: { ...env, DATA_DIR: dataDir, HOST: "127.0.0.1", PORT: String(port) },
      group: true,
    });
    defer(`stop the ${name}`, () => child.stop());
    await waitForHttp(`${origin}/healthz`, child, 600_000);
    const seconds = (performance.now() - began) / 1000;
    // A JSON log line (pino's: the message comes last).
    const loadedLine = child
      .output()
      .split("\n")
      .find((line) => line.includes('"msg":"demo data loaded"'));
    const loaded = loadedLine ? ((JSON.parse(loadedLine) as { seconds?: number }).seconds ?? null) : null;
    say(`${name}: answering after ${round1(seconds)} s${loaded !== null ? ` (demo load ${loaded} s)` : ""}; idling ${settleSeconds} s…`);
    await sleep(settleSeconds * 1000);
    const readings: number[] = [];
    for (let i = 0; i < samples; i++) {
      readings.push(await rssMb(child.proc.pid!));
      await sleep(1000);
    }
    say(`${name}: idle RSS ${readings.join(", ")} MB`);
    await child.stop();
    return { seconds, rssMb: median(readings), demoSeconds: loaded };
  };

  const first = await start("first start (empty data folder)");
  if (first.demoSeconds === null) throw new Error('the first start printed no "demo data loaded" line');
  const again = await start("restart (same data)");
  const load1 = round1(os.loadavg()[0]);
  say(`machine load (1 min): ${load1} on ${os.cpus().length} cores`);
  say(
    `RESULT first-start demo_s=${round1(first.demoSeconds)} first_start_s=${round1(first.seconds)} restart_s=${round1(again.seconds)} ` +
      `start_ratio=${round1(first.seconds / again.seconds)} rss_first_mb=${first.rssMb} rss_restart_mb=${again.rssMb} ` +
      `rss_ratio=${(first.rssMb / again.rssMb).toFixed(2)} load1=${load1}`,
  );
});
