import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { chmod, mkdtemp, rm, writeFile } from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { freePort } from "./ports";

/**
 * Debian's PgBouncer (1.18) in front of a PostgreSQL server, in transaction
 * pooling, as a production deployment runs it (docs/deployment.md): every
 * database name on the server is reachable through it, any user, trust
 * authentication. Its own folder under the system's temp dir, a free port,
 * its log kept in memory.
 *
 *   const bouncer = await startPgBouncer(5432);
 *   startServer({ connectVia: bouncer.rewrite });   // DATABASE_URL through it
 *   bouncer.logs(); await bouncer.stop();
 *
 * `pgbouncerPath` is where it is installed (null: not here; `.ci/run` installs it).
 */
export interface PgBouncer {
  port: number;
  pid: number;
  /** The same database URL, through PgBouncer. */
  rewrite(databaseUrl: string): string;
  /** What PgBouncer wrote so far. */
  logs(): string;
  stop(): Promise<void>;
}

export const pgbouncerPath: string | null =
  ["/usr/sbin/pgbouncer", "/usr/bin/pgbouncer"].find((p) => spawnSync(p, ["--version"], { stdio: "ignore" }).status === 0) ?? null;

const live = new Set<ChildProcess>();
process.once("exit", () => {
  for (const child of live) child.kill("SIGKILL");
});

export async function startPgBouncer(
  targetPort: number,
  options: { targetHost?: string; poolMode?: "transaction" | "session"; poolSize?: number } = {},
): Promise<PgBouncer> {
  if (!pgbouncerPath) throw new Error("pgbouncer is not installed (apt-get install pgbouncer)");
  const dir = await mkdtemp(path.join(os.tmpdir(), "ss-pgbouncer-"));
  // PgBouncer refuses to run as root: it is told to become postgres, who must read its folder.
  const asRoot = process.getuid?.() === 0;
  if (asRoot) await chmod(dir, 0o755);
  const port = await freePort();
  const config = [
    "[databases]",
    `* = host=${options.targetHost ?? "127.0.0.1"} port=${targetPort}`,
    "[pgbouncer]",
    "listen_addr = 127.0.0.1",
    `listen_port = ${port}`,
    "unix_socket_dir =",
    "auth_type = trust",
    `auth_file = ${path.join(dir, "users.txt")}`,
    `pool_mode = ${options.poolMode ?? "transaction"}`,
    `default_pool_size = ${options.poolSize ?? 10}`,
    "max_client_conn = 500",
    "ignore_startup_parameters = extra_float_digits",
    "",
  ].join("\n");
  await writeFile(path.join(dir, "users.txt"), '"postgres" ""\n');
  await writeFile(path.join(dir, "pgbouncer.ini"), config);

  let output = "";
  const child = spawn(pgbouncerPath, [...(asRoot ? ["-u", "postgres"] : []), path.join(dir, "pgbouncer.ini")], { stdio: ["ignore", "pipe", "pipe"] });
  live.add(child);
  child.stdout!.on("data", (d: Buffer) => (output += d));
  child.stderr!.on("data", (d: Buffer) => (output += d));
  const exited = new Promise<void>((resolve) =>
    child.once("exit", () => {
      live.delete(child);
      resolve();
    }),
  );

  const deadline = Date.now() + 10_000;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`pgbouncer exited before it listened:\n${output}`);
    const listening = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, "127.0.0.1", () => {
        socket.destroy();
        resolve(true);
      });
      socket.once("error", () => resolve(false));
    });
    if (listening) break;
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`pgbouncer did not listen within 10 s:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }

  return {
    port,
    pid: child.pid!,
    rewrite(databaseUrl) {
      const url = new URL(databaseUrl);
      url.hostname = "127.0.0.1";
      url.port = String(port);
      return url.toString();
    },
    logs: () => output,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
      await exited;
      clearTimeout(timer);
      await rm(dir, { recursive: true, force: true });
    },
  };
}
