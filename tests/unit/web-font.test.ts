import { readFileSync, statSync } from "node:fs";
import { expect, test } from "vitest";

// The web font of the office screen and the print poster (docs/decisions/0027):
// the files the stylesheet names exist, are WOFF2, and stay within the byte budget.

/** Bytes per face: the GB2312 subset of Noto Sans CJK SC is about 2.03 MB (Regular) and 2.08 MB (Bold) as WOFF2. */
export const fontBudget = 2_200_000;

const css = readFileSync("app/styles/web-font.css", "utf8");
const files = [...css.matchAll(/url\("\/fonts\/([^"]+)"\)/g)].map((m) => `public/fonts/${m[1]}`);

test("the stylesheet names two faces, regular and bold, each a WOFF2 file within the budget", () => {
  expect(files).toHaveLength(2);
  for (const file of files) {
    const bytes = readFileSync(file);
    expect(bytes.toString("latin1", 0, 4), file).toBe("wOF2");
    // The header's length is the file's (a browser refuses the font otherwise).
    expect(bytes.readUInt32BE(8), file).toBe(bytes.length);
    expect(statSync(file).size, `${file} within ${fontBudget} bytes`).toBeLessThanOrEqual(fontBudget);
  }
});

test("each file is named by its content, so it can be cached for a year", async () => {
  const { createHash } = await import("node:crypto");
  for (const file of files) {
    const hash = /-([0-9a-f]{10})\.woff2$/.exec(file)?.[1];
    expect(hash, file).toBe(createHash("sha256").update(readFileSync(file)).digest("hex").slice(0, 10));
  }
});
