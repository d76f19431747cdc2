import { existsSync } from "node:fs";
import { readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import zlib from "node:zlib";
import express, { type NextFunction, type Request, type Response } from "express";
import { preferredEncoding } from "../app/web/encoding.server";

/**
 * Serves public/build (fingerprinted by Remix: cached for a year) with the
 * Brotli or gzip copy that scripts/precompress.ts wrote at build time, as the
 * request's Accept-Encoding prefers; the file itself when it has no copy or
 * the client takes neither. The copies were compressed once at the highest
 * levels (Brotli 11, gzip 9), so nothing is compressed again per request, and
 * the compression middleware leaves an answer that already has its
 * Content-Encoding alone.
 */
export function precompressedBuild(root: string) {
  const files = express.static(root, { immutable: true, maxAge: "1y", index: false });
  // The build never changes under a running server: whether a copy exists is asked of the disk once per file.
  const copies = new Map<string, { br: boolean; gzip: boolean }>();
  const copiesOf = (file: string) => {
    let known = copies.get(file);
    if (!known) {
      known = { br: existsSync(`${file}.br`), gzip: existsSync(`${file}.gz`) };
      copies.set(file, known);
    }
    return known;
  };

  return (req: Request, res: Response, next: NextFunction) => {
    if (req.method !== "GET" && req.method !== "HEAD") return next();
    let pathname: string;
    try {
      pathname = decodeURIComponent(req.path);
    } catch {
      return next();
    }
    const file = path.join(root, path.normalize(pathname));
    // The copies are sent only in place of their file, never by their own name.
    if (/\.(br|gz)$/.test(file)) return res.sendStatus(404);
    // Outside the folder, or a folder: express.static decides.
    if (!file.startsWith(root + path.sep) || !path.extname(file)) return files(req, res, next);
    const has = copiesOf(file);
    res.vary("Accept-Encoding");
    const encoding = preferredEncoding(req.headers["accept-encoding"], [
      ...(has.br ? (["br"] as const) : []),
      ...(has.gzip ? (["gzip"] as const) : []),
    ]);
    if (encoding) {
      res.type(path.extname(file));
      res.setHeader("Content-Encoding", encoding);
      req.url = `${req.url.split("?")[0]}.${encoding === "br" ? "br" : "gz"}`;
    }
    return files(req, res, next);
  };
}

// ---- at build time ------------------------------------------------------------

const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);

/** What is worth compressing: text. Images and fonts (WOFF2) are compressed already. */
export const compressible = new Set([".js", ".css", ".svg", ".json", ".map", ".txt", ".html"]);
/** Below this a compressed copy saves less than its headers cost. */
const smallest = 1024;

/**
 * Writes a Brotli (quality 11) and a gzip (level 9) copy beside every text
 * file in dir (scripts/precompress.ts runs it after `remix build`). A copy
 * that would not be smaller is not written.
 */
export async function precompress(dir: string): Promise<{ files: number; bytes: number; brotliBytes: number; gzipBytes: number }> {
  const totals = { files: 0, bytes: 0, brotliBytes: 0, gzipBytes: 0 };
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !compressible.has(path.extname(entry.name))) continue;
    const file = path.join(entry.parentPath, entry.name);
    const body = await readFile(file);
    if (body.length < smallest) continue;
    const [br, gz] = await Promise.all([
      brotli(body, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: body.length } }),
      gzip(body, { level: 9 }),
    ]);
    totals.files++;
    totals.bytes += body.length;
    if (br.length < body.length) {
      await writeFile(`${file}.br`, br);
      totals.brotliBytes += br.length;
    }
    if (gz.length < body.length) {
      await writeFile(`${file}.gz`, gz);
      totals.gzipBytes += gz.length;
    }
  }
  return totals;
}
