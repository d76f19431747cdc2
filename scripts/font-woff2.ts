// Wraps the bundled CFF-flavoured OTF subsets (assets/fonts) as WOFF2 for
// browsers: public/fonts/<name>-<hash>.woff2 (docs/decisions/0027).
//
//   npx tsx scripts/font-woff2.ts            # writes the files, prints their names and sizes
//
// Nothing here needs fonttools or a WOFF2 library: a CFF font has no glyf or
// loca table, and WOFF2 stores every other table untransformed ("null
// transform", W3C WOFF2 §5), so a WOFF2 file is a 48-byte header, a table
// directory and one Brotli stream of the tables, which Node's zlib writes.
// Browsers (their OTS sanitiser) check the result; tests/e2e/screen-font.test.ts
// loads it in Chromium.
import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { brotliCompressSync, constants } from "node:zlib";

// WOFF2 §5.1: the 63 known tags, written as an index instead of four bytes.
const knownTags = (
  "cmap head hhea hmtx maxp name OS/2 post cvt  fpgm glyf loca prep CFF  VORG EBDT EBLC gasp hdmx kern LTSH PCLT VDMX vhea vmtx BASE GDEF GPOS GSUB EBSC JSTF MATH CBDT CBLC COLR CPAL SVG  sbix acnt avar bdat bloc bsln cvar fdsc feat fmtx fvar gvar hsty just lcar mort morx opbd prop trak Zapf Silf Glat Gloc Feat Sill"
)
  .match(/.{4}\s?/g)!
  .map((t) => t.slice(0, 4));

function base128(n: number): number[] {
  const out = [n & 0x7f];
  for (n = Math.floor(n / 128); n > 0; n = Math.floor(n / 128)) out.unshift((n & 0x7f) | 0x80);
  return out;
}

/** An OpenType font with CFF outlines as WOFF2 bytes. */
export function woff2Of(otf: Buffer): Buffer {
  const flavor = otf.readUInt32BE(0);
  if (flavor !== 0x4f54544f) throw new Error("not a CFF-flavoured OpenType font (OTTO): glyf fonts need the WOFF2 transform");
  const numTables = otf.readUInt16BE(4);
  const tables = Array.from({ length: numTables }, (_, i) => {
    const at = 12 + 16 * i;
    return { tag: otf.toString("latin1", at, at + 4), offset: otf.readUInt32BE(at + 8), length: otf.readUInt32BE(at + 12) };
  });
  const directory: number[] = [];
  for (const t of tables) {
    const known = knownTags.indexOf(t.tag);
    // Transformation version 0 is the null transform for every table but glyf and loca (absent here).
    directory.push(known >= 0 ? known : 63);
    if (known < 0) directory.push(...Buffer.from(t.tag, "latin1"));
    directory.push(...base128(t.length));
  }
  const data = Buffer.concat(tables.map((t) => otf.subarray(t.offset, t.offset + t.length)));
  const compressed = brotliCompressSync(data, {
    params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_LGWIN]: 24, [constants.BROTLI_PARAM_SIZE_HINT]: data.length, [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_FONT },
  });
  const totalSfntSize = 12 + 16 * numTables + tables.reduce((n, t) => n + Math.ceil(t.length / 4) * 4, 0);
  const unpadded = 48 + directory.length + compressed.length;
  const length = Math.ceil(unpadded / 4) * 4;
  const header = Buffer.alloc(48);
  header.write("wOF2", 0, "latin1");
  header.writeUInt32BE(flavor, 4);
  header.writeUInt32BE(length, 8);
  header.writeUInt16BE(numTables, 12);
  header.writeUInt32BE(totalSfntSize, 16);
  // Unlike WOFF 1, the compressed size comes straight after the sfnt size.
  header.writeUInt32BE(compressed.length, 20);
  header.writeUInt16BE(otf.readUInt16BE(tables.find((t) => t.tag === "head")!.offset + 4), 24); // the font's revision
  header.writeUInt16BE(otf.readUInt16BE(tables.find((t) => t.tag === "head")!.offset + 6), 26);
  // Then no metadata and no private block: offsets and lengths stay 0.
  return Buffer.concat([header, Buffer.from(directory), compressed, Buffer.alloc(length - unpadded)]);
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
    const bytes = woff2Of(readFileSync(source));
    const file = `${name}-${createHash("sha256").update(bytes).digest("hex").slice(0, 10)}.woff2`;
    writeFileSync(path.join(dir, file), bytes);
    // The stylesheet names the file: point it at the new one.
    const css = "app/styles/web-font.css";
    writeFileSync(css, readFileSync(css, "utf8").replace(new RegExp(`/fonts/${name}-[0-9a-f]+\\.woff2`), `/fonts/${file}`));
    process.stdout.write(`${file} ${bytes.length}\n`);
  }
}
