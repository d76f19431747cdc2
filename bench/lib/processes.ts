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
export function startChild(
  name: string,
  command: string,
  args: string[],
  options: { cwd: string; env: NodeJS.ProcessEnv; group?: boolean },
): Child {
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

/** user + system CPU seconds of these processes so far, from /proc/<pid>/stat; null when none could be read. */
function procCpuSeconds(pids: string[]): number | null {
  ticksPerSecond ??= Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
  let ticks = 0;
  let seen = 0;
  for (const pid of pids) {
    let stat: string;
    try {
      stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    } catch {
      continue; // gone meanwhile
    }
    // Fields after the command name: state is the first, utime the 12th, stime the 13th.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    ticks += Number(fields[11]) + Number(fields[12]);
    seen += 1;
  }
  return seen ? ticks / ticksPerSecond : null;
}

/** CPU seconds one process has used so far (every thread), or null where /proc cannot tell. */
export function cpuSecondsOf(pid: number | undefined): number | null {
  if (pid === undefined || process.platform !== "linux") return null;
  return procCpuSeconds([String(pid)]);
}

/**
 * CPU seconds used so far by the client backends connected to one PostgreSQL
 * database on this machine (found by their process title, "postgres:
 * [cluster:] user database host(port) state"), or null when there are none. Autovacuum
 * workers are left out: they come and go within a slice, and one that ends
 * would drop its CPU out of the sum. A client backend that ends meanwhile
 * does too: read it as an estimate over a span.
 */
export function postgresCpuSeconds(database: string): number | null {
  if (process.platform !== "linux") return null;
  let pids: string[];
  try {
    pids = readdirSync("/proc").filter((p) => /^\d+$/.test(p));
  } catch {
    return null;
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
