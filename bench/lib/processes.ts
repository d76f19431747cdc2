import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import net from "node:net";

/** A port nobody listens on right now (the OS picks it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export interface Child {
  name: string;
  proc: ChildProcess;
  /** The last 64 KB the process printed (stdout and stderr), for error reports. */
  output(): string;
  /** Resolves once the process has exited. */
  exited: Promise<number | null>;
  /** Resolves with the first match of pattern in what it prints; rejects if it exits first. */
  waitFor(pattern: RegExp, timeoutMs: number): Promise<RegExpExecArray>;
  /** SIGTERM, then SIGKILL after graceMs; resolves when it is gone. */
  stop(graceMs?: number): Promise<void>;
  /** Sends a signal to the process (to its whole process group when started with `group`). */
  signal(signal: NodeJS.Signals): void;
}

const keepBytes = 64 * 1024;

/** Starts a long-running process whose output is kept, not shown. */
export function startChild(name: string, command: string, args: string[], options: { cwd: string; env: NodeJS.ProcessEnv; group?: boolean }): Child {
  // `group`: its own process group, so a signal reaches every process it started.
  const proc = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ["ignore", "pipe", "pipe"], detached: options.group ?? false });
  const signal = (sig: NodeJS.Signals) => {
    if (proc.exitCode !== null || proc.signalCode !== null) return;
    try {
      if (options.group && proc.pid) process.kill(-proc.pid, sig);
      else proc.kill(sig);
    } catch {
      // already gone
    }
  };
  let output = "";
  const watchers = new Set<() => void>();
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString("utf8")).slice(-keepBytes);
    for (const watch of watchers) watch();
  };
  proc.stdout!.on("data", keep);
  proc.stderr!.on("data", keep);
  // "error" without "exit" when the command cannot start at all.
  const exited = new Promise<number | null>((resolve) => {
    proc.once("exit", (code) => resolve(code));
    proc.once("error", (error) => {
      output += `\n[${name}] ${String(error)}`;
      resolve(null);
    });
  });
  return {
    name,
    proc,
    output: () => output,
    exited,
    waitFor(pattern, timeoutMs) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => finish(new Error(`${name}: no ${pattern} within ${timeoutMs} ms:\n${output}`)), timeoutMs);
        const watch = () => {
          const match = pattern.exec(output);
          if (match) finish(match);
        };
        function finish(result: RegExpExecArray | Error) {
          clearTimeout(timer);
          watchers.delete(watch);
          if (result instanceof Error) reject(result);
          else resolve(result);
        }
        watchers.add(watch);
        void exited.then(() => finish(new Error(`${name} exited before printing ${pattern}:\n${output}`)));
        watch();
      });
    },
    signal,
    async stop(graceMs = 5_000) {
      if (proc.exitCode !== null || proc.signalCode !== null) return;
      signal("SIGTERM");
      const killer = setTimeout(() => signal("SIGKILL"), graceMs);
      await exited;
      clearTimeout(killer);
    },
  };
}

/** Runs a command to completion; throws with its output when it fails. */
export async function runCommand(command: string, args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv }) {
  const child = startChild(`${command} ${args.join(" ")}`, command, args, { cwd: options.cwd, env: options.env ?? process.env });
  const code = await child.exited;
  if (code !== 0) throw new Error(`${child.name} exited with ${code}:\n${child.output()}`);
}

/** Polls url until it answers 200; fails early if the process dies. */
export async function waitForHttp(url: string, child: Child, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let dead = false;
  void child.exited.then(() => (dead = true));
  while (Date.now() < deadline) {
    if (dead) throw new Error(`${child.name} exited before ${url} answered:\n${child.output()}`);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      if (res.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${url} did not answer 200 within ${timeoutMs} ms:\n${child.output()}`);
}

let ticksPerSecond: number | undefined;

/**
 * CPU seconds used so far (user + system) by each of some processes: pid →
 * seconds, from /proc/<pid>/stat; the ones gone meanwhile are left out.
 */
export type CpuReading = Map<string, number>;

function procCpuSeconds(pids: string[]): CpuReading {
  ticksPerSecond ??= Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
  const reading: CpuReading = new Map();
  for (const pid of pids) {
    let stat: string;
    try {
      stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    } catch {
      continue; // gone meanwhile
    }
    // Fields after the command name: state is the first, utime the 12th, stime the 13th.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    reading.set(pid, (Number(fields[11]) + Number(fields[12])) / ticksPerSecond);
  }
  return reading;
}

/**
 * CPU seconds used between two readings by the processes present in both: a
 * process that started or ended in between (a pool opening or closing a
 * connection) counts for nothing rather than for all it ever used.
 */
export function cpuSecondsBetween(before: CpuReading, after: CpuReading): number {
  let seconds = 0;
  for (const [pid, s] of after) {
    const was = before.get(pid);
    if (was !== undefined) seconds += s - was;
  }
  return seconds;
}

/** The CPU one process has used so far (every thread); empty where /proc cannot tell. */
export function cpuOf(pid: number | undefined): CpuReading {
  if (pid === undefined || process.platform !== "linux") return new Map();
  return procCpuSeconds([String(pid)]);
}

/**
 * The CPU used so far by each client backend connected to one PostgreSQL
 * database on this machine (found by its process title, "postgres:
 * [cluster:] user database host(port) state"); empty where /proc cannot
 * tell. Autovacuum and the server's own processes are left out: this is the
 * work the requests ask for.
 */
export function postgresCpuOf(database: string): CpuReading {
  if (process.platform !== "linux") return new Map();
  let pids: string[];
  try {
    pids = readdirSync("/proc").filter((p) => /^\d+$/.test(p));
  } catch {
    return new Map();
  }
  const backends = pids.filter((pid) => {
    try {
      const title = readFileSync(`/proc/${pid}/cmdline`, "utf8").split(" ");
      const at = title.indexOf(database);
      return title[0] === "postgres:" && at > 0 && /\(\d+\)$|^\[local\]$/.test(title[at + 1] ?? "");
    } catch {
      return false;
    }
  });
  return procCpuSeconds(backends);
}
