// Wraps the bundled CFF-flavoured OTF subsets (assets/fonts) as WOFF2 for
// browsers: public/fonts/<name>-<hash>.woff2 (docs/decisions/0027).
//
//   npx tsx scripts/font-woff2.ts            # writes the files, prints their names and sizes
//
// The encoder is Google's own (woff2, compiled to WebAssembly: the wawoff2
// package, a development dependency). Browsers (their OTS sanitiser) check
// the result; tests/e2e/honor-roll.test.ts loads it in Chromium.
import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { compress } from "wawoff2";

/** An OpenType font as WOFF2 bytes. */
export async function woff2Of(otf: Buffer): Promise<Buffer> {
  return Buffer.from(await compress(otf));
}

const faces = [
  ["assets/fonts/NotoSansSC-Regular-subset.otf", "noto-sans-sc-regular"],
  ["assets/fonts/NotoSansSC-Bold-subset.otf", "noto-sans-sc-bold"],
] as const;

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  const dir = "public/fonts";
  mkdirSync(dir, { recursive: true });
  for (const f of readdirSync(dir)) if (f.endsWith(".woff2")) rmSync(path.join(dir, f));
  for (const [source, name] of faces) {
    const bytes = await woff2Of(readFileSync(source));
    const file = `${name}-${createHash("sha256").update(bytes).digest("hex").slice(0, 10)}.woff2`;
    writeFileSync(path.join(dir, file), bytes);
    // The stylesheet names the file: point it at the new one.
    const css = "app/styles/web-font.css";
    writeFileSync(css, readFileSync(css, "utf8").replace(new RegExp(`/fonts/${name}-[0-9a-f]+\\.woff2`), `/fonts/${file}`));
    process.stdout.write(`${file} ${bytes.length}\n`);
  }
}
