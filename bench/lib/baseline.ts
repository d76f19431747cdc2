import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { RawResponse } from "./http";
import { startChild, type Child } from "./processes";
import type { Defer } from "./run-bench";

/**
 * Starts bench/lib/bare-server.ts answering with exactly these bytes,
 * content-type and content-encoding (its own process, stopped and its scratch
 * file removed by `defer`); resolves with its origin and the process.
 */
export async function startBareServer(root: string, page: RawResponse, defer: Defer): Promise<{ origin: string; child: Child }> {
  const contentType = page.headers["content-type"] ?? "application/octet-stream";
  const contentEncoding = page.headers["content-encoding"] ?? "identity";
  const scratch = await fs.mkdtemp(path.join(os.tmpdir(), "bench-bare-"));
  defer("remove scratch files", () => fs.rm(scratch, { recursive: true, force: true }));
  const bodyFile = path.join(scratch, "body");
  await fs.writeFile(bodyFile, page.body);
  const bare = startChild("bare server", process.execPath, ["--import", "tsx", "bench/lib/bare-server.ts", bodyFile, contentType, contentEncoding], {
    cwd: root,
    env: process.env,
  });
  defer("stop the bare server", () => bare.stop());
  const [, port] = await bare.waitFor(/^listening (\d+)$/m, 30_000);
  return { origin: `http://127.0.0.1:${port}`, child: bare };
}
