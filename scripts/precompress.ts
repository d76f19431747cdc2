/**
 * `tsx scripts/precompress.ts [dir]`, run by `npm run build` after
 * `remix build`: writes a Brotli (quality 11) and a gzip (level 9) copy beside
 * every script and stylesheet in public/build (or dir), which the server sends
 * as they are instead of compressing the same bytes on every request
 * (server/precompressed.ts; docs/decisions/0032).
 */
import path from "node:path";
import { precompress } from "../server/precompressed";

const dir = path.resolve(process.argv[2] ?? "public/build");
const t = await precompress(dir);
const kb = (n: number) => `${Math.round(n / 1024)} KB`;
process.stdout.write(
  `precompressed ${t.files} files in ${path.relative(process.cwd(), dir) || "."}: ${kb(t.bytes)} → ${kb(t.brotliBytes)} Brotli, ${kb(t.gzipBytes)} gzip\n`,
);
