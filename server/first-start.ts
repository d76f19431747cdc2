import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { log } from "../app/log.server";
import { describeProgress, throttled, type SeedReporter } from "../app/demo/index";

// A first start (no embedded database folder yet) loads the demo data
// (docs/decisions/0030-photo-access-and-first-start.md). It does so in a
// process of its own: PGlite's WebAssembly memory only grows, and sharp's
// encoders leave glibc arenas behind, so a server that loaded the demo itself
// idled 300 MB above one restarted on the same data. The child creates the
// folder, writes the demo and exits; the server then opens the folder as on
// any later start.

/** The demo load's progress as a few log lines, each with the seconds since the load began. */
export function progressLog(): SeedReporter {
  return throttled((p) =>
    log("info", describeProgress(p), {
      step: p.step,
      done: p.done,
      of: p.of,
      seconds: Math.round(p.ms / 100) / 10,
      ...(p.detail ? { detail: p.detail } : {}),
    }),
  );
}

/**
 * Runs server/load-demo.ts in a child process with the same Node options
 * (tsx) and environment, its log lines going to the server's stderr.
 * Resolves when it has exited: true when it loaded the demo, false when it
 * could not (the server then loads it itself, as before, once it has opened
 * the folder).
 */
export function loadDemoInChild(): Promise<boolean> {
  const script = fileURLToPath(new URL("./load-demo.ts", import.meta.url));
  const child = spawn(process.execPath, [...process.execArgv, script], { stdio: ["ignore", "inherit", "inherit"], env: process.env });
  // Stopped while loading: the child stops too (it holds the data folder).
  const stop = () => child.kill("SIGTERM");
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
  return new Promise((resolve) => {
    child.once("error", (error) => {
      log("warn", "the demo loader could not start; loading in the server", { error: String(error) });
      resolve(false);
    });
    child.once("exit", (code, signal) => {
      process.off("SIGTERM", stop);
      process.off("SIGINT", stop);
      if (signal === "SIGTERM" || signal === "SIGINT") process.exit(1);
      if (code !== 0) log("warn", "the demo loader failed; loading in the server", { code });
      resolve(code === 0);
    });
  });
}
