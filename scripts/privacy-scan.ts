/**
 * `npm run privacy:scan -- FILE` (issue 19, Proof): checks exported texts
 * outside the portal with the privacy guard's own detector
 * (app/domain/privacy/detect.ts, decision 0040). FILE is UTF-8 text, one item
 * per line (a byte-order mark and CRLF line ends are fine); for each line it
 * prints one JSON line, in order:
 *
 *   {"line":1,"findings":[{"kind":"mobile","start":9,"end":20,"masked":"138****5678"}]}
 *
 * Lines are numbered from 1; offsets are Unicode code points within the line.
 * Only the masks are printed, never the data found. Lines are read and
 * written as a stream, so memory stays bounded whatever the file's size (one
 * line is held at a time). A relative FILE is read from the directory npm was
 * run in. Exit status: 0 when read through, 2 when FILE is missing or cannot
 * be read.
 */
import { createReadStream } from "node:fs";
import { once } from "node:events";
import path from "node:path";
import { createInterface } from "node:readline";
import { findPersonalData } from "../app/domain/privacy/detect";

const fail = (message: string): never => {
  process.stderr.write(`privacy:scan: ${message}\n`);
  process.exit(2);
};

const arg = process.argv[2];
if (!arg || arg === "--help" || arg === "-h") fail("usage: npm run privacy:scan -- FILE (UTF-8 text, one item per line)");
// npm runs scripts from the package's folder; INIT_CWD is where the operator typed the command.
const file = path.resolve(process.env.INIT_CWD ?? process.cwd(), arg!);

const input = createReadStream(file, { encoding: "utf8" });
input.on("error", (error: NodeJS.ErrnoException) => {
  const why = error.code === "ENOENT" ? "no such file" : error.code === "EISDIR" ? "it is a folder" : error.message;
  fail(`cannot read ${file}: ${why}`);
});

// A reader that stops early (`| head`) closes the pipe: that ends the scan, it is no failure.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code === "EPIPE") process.exit(0);
  fail(`cannot write: ${error.message}`);
});

const now = new Date();
let line = 0;
for await (const text of createInterface({ input, crlfDelay: Infinity })) {
  line++;
  const findings = findPersonalData(line === 1 ? text.replace(/^\uFEFF/, "") : text, { now });
  // Backpressure: wait for a slow reader (a pipe into less) instead of buffering the output.
  if (!process.stdout.write(`${JSON.stringify({ line, findings })}\n`)) await once(process.stdout, "drain");
}
