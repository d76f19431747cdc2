import { spawn } from "node:child_process";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { freePort, repoRoot } from "../support/server";

// A start that cannot go on says why in one line of the log's own format and
// exits 1 (server/index.ts): a setting an operator mistyped names itself and
// shows no stack; anything else that stops the start (here, a database
// nobody listens for) is one fatal JSON line with its stack inside it, never
// Node's bare stack trace across a dozen lines a log shipper splits apart.

interface Stopped {
  code: number | null;
  lines: string[];
}

async function start(env: Record<string, string>): Promise<Stopped> {
  const child = spawn(process.execPath, ["--import", "tsx", path.join(repoRoot, "server/index.ts")], {
    cwd: repoRoot,
    env: { PATH: process.env.PATH, NODE_ENV: "production", DATA_DIR: "memory://", SEED_DEMO: "false", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (d: Buffer) => (output += d));
  child.stderr.on("data", (d: Buffer) => (output += d));
  const code = await new Promise<number | null>((resolve) => child.once("exit", (c) => resolve(c)));
  return { code, lines: output.split("\n").filter(Boolean) };
}

const parsed = (line: string) => JSON.parse(line) as Record<string, unknown>;

describe("a start that cannot go on", () => {
  test.each([
    ["PORT", "abc"],
    ["PORT", "70000"],
    ["DB_POOL_SIZE", "0"],
    ["DB_POOL_SIZE", "ten"],
    ["LOG_LEVEL", "loud"],
  ])("%s=%s: one fatal line naming the setting, no stack, exit 1", async (name, value) => {
    const stopped = await start({ [name]: value });
    expect(stopped.code).toBe(1);
    expect(stopped.lines).toHaveLength(1);
    const line = parsed(stopped.lines[0]!);
    expect(line).toMatchObject({ level: "fatal", msg: "cannot start: a setting is wrong" });
    expect(line.reason).toContain(name);
    expect(line.reason).toContain(value);
    expect(line).not.toHaveProperty("stack");
  });

  test("a database nobody answers for: every line is the log's JSON, the last one fatal with the reason and its stack, exit 1", async () => {
    const port = await freePort();
    const stopped = await start({ DATABASE_URL: `postgres://postgres@127.0.0.1:${port}/nowhere` });
    expect(stopped.code).toBe(1);
    const lines = stopped.lines.map(parsed);
    const last = lines.at(-1)!;
    expect(last).toMatchObject({ level: "fatal", msg: "could not start" });
    expect(last.error).toContain("ECONNREFUSED");
    expect(last.stack).toContain("ECONNREFUSED");
  });
});
