import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, test } from "vitest";

// `npm run privacy:scan -- FILE` (issue 19, Proof): one JSON line per input line, offsets in code points.
const run = promisify(execFile);
const script = path.resolve("scripts/privacy-scan.ts");
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "privacy-scan-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});
const scan = (file: string) =>
  run(process.execPath, ["--import", "tsx", script, file], { cwd: path.resolve("."), env: { ...process.env, INIT_CWD: dir } });

describe("privacy:scan", () => {
  test("prints one JSON line per line (BOM and CRLF read as text does), masks only, offsets in code points", async () => {
    await writeFile(
      path.join(dir, "export.txt"),
      "\uFEFF回访了客户吉𠮷祥（13812345678）\r\n没有个人信息\r\n\r\n卡号6222021234567890128，邮箱wang@189.cn\n",
    );
    const { stdout } = await scan("export.txt"); // relative to INIT_CWD, where npm was run
    expect(
      stdout
        .trimEnd()
        .split("\n")
        .map((l) => JSON.parse(l)),
    ).toEqual([
      { line: 1, findings: [{ kind: "mobile", start: 9, end: 20, masked: "138****5678" }] },
      { line: 2, findings: [] },
      { line: 3, findings: [] },
      {
        line: 4,
        findings: [
          { kind: "bank_card", start: 2, end: 21, masked: "622202*********0128" },
          { kind: "email", start: 24, end: 35, masked: "w***@189.cn" },
        ],
      },
    ]);
    expect(stdout).not.toContain("13812345678");
  });

  test("a missing file is a clear error and exit status 2", async () => {
    const failed = await scan("no-such-file.txt").then(
      () => null,
      (error: { code: number; stderr: string }) => error,
    );
    expect(failed?.code).toBe(2);
    expect(failed?.stderr).toMatch(/^privacy:scan: cannot read .*no-such-file\.txt: no such file\n$/);
  });
});
