// The app's sources copied to a folder of their own and built there, for
// whatever runs the built app without touching the working tree's build/ and
// public/build (which `remix build` empties first): the HTTP and browser tests
// (tests/support/server.ts) and bench:votes, which adds one route to its copy.
// The folder must lie inside the repository, so that the build resolves its
// packages from the repository's node_modules. No vitest here: bench/ uses it.
import { spawn } from "node:child_process";
import { cp, mkdir } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { precompress } from "../../server/precompressed";

export const repoRoot = fileURLToPath(new URL("../..", import.meta.url));

function run(command: string, args: string[], cwd: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, NODE_ENV: "production" } });
    let output = "";
    child.stdout.on("data", (d: Buffer) => (output += d));
    child.stderr.on("data", (d: Buffer) => (output += d));
    child.on("error", reject);
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`${command} ${args.join(" ")} failed (${code}):\n${output}`))));
  });
}

export interface SnapshotOptions {
  /** Route files added to the copy only: file name in app/routes → source file. Nothing of them ships. */
  extraRoutes?: Record<string, string>;
}

/**
 * Builds a copy of the app's sources in appDir: the build is a snapshot (a
 * rebuild by someone else mid-run changes nothing), and the shared build/ and
 * public/build are left alone for whoever runs the app from the working tree
 * meanwhile. Serve it with `node --import tsx <repoRoot>/server/index.ts` and
 * appDir as the working directory (TSX_TSCONFIG_PATH: the repository's
 * tsconfig.json).
 */
export async function buildSnapshot(appDir: string, options: SnapshotOptions = {}) {
  await mkdir(appDir, { recursive: true });
  // db/ too: the domain imports its plumbing (db/batched, db/precompiled, db/values), which the build bundles.
  for (const item of ["app", "db", "assets", "remix.config.js", "tsconfig.json", "package.json", "remix.env.d.ts"]) {
    await cp(path.join(repoRoot, item), path.join(appDir, item), { recursive: true });
  }
  const publicDir = path.join(repoRoot, "public");
  await cp(publicDir, path.join(appDir, "public"), {
    recursive: true,
    filter: (source) => !source.startsWith(path.join(publicDir, "build")),
  });
  for (const [name, source] of Object.entries(options.extraRoutes ?? {})) {
    await cp(source, path.join(appDir, "app/routes", name));
  }
  await run(process.execPath, [path.join(repoRoot, "node_modules/@remix-run/dev/dist/cli.js"), "build"], appDir);
  // As `npm run build` does: the Brotli and gzip copies the server sends.
  await precompress(path.join(appDir, "public/build"));
}
