import { createHash } from "node:crypto";
import sharp, { type Metadata, type OutputInfo, type Sharp, type SharpOptions } from "sharp";
import { err, ok, type Result } from "../result";
import { maxImageMegapixels, maxImagePixels, variantWidths, type MediaPurpose, type VariantFormat } from "./limits";

// The sharp half of the pipeline: what a file is, and its variants. No database.
//
// Memory, tuned for 2 cores and bounded under 20 concurrent uploads (decision 0007):
// - cache(false): libvips' operation cache keeps recent decoded images for
//   reuse; an upload is never decoded twice, so it only holds memory.
// - concurrency(1): one libvips thread per image. Parallelism comes from
//   encoding several variants at once on libuv's pool and from the upload
//   semaphore in media.server.ts, which caps how many images are in memory.
sharp.cache(false);
sharp.concurrency(1);

export type SourceFormat = "jpeg" | "png" | "webp" | "gif" | "avif";

export interface Inspected {
  format: SourceFormat;
  /** As stored in the file, before orientation. */
  width: number;
  height: number;
}

export interface RenderedVariant {
  format: VariantFormat;
  width: number;
  height: number;
  bytes: Buffer;
  sha256: string;
}

export interface Rendered {
  /** The normalised picture: oriented, and cropped square for avatars. */
  width: number;
  height: number;
  variants: RenderedVariant[];
}

const startsWith = (b: Uint8Array, at: number, ascii: string) =>
  b.length >= at + ascii.length && Buffer.from(b.buffer, b.byteOffset + at, ascii.length).toString("latin1") === ascii;

/** The ISO-BMFF major brand ("heic", "avif", …) when the file starts with an ftyp box. */
function ftypBrand(b: Uint8Array): string | null {
  return startsWith(b, 4, "ftyp") ? Buffer.from(b.buffer, b.byteOffset + 8, 4).toString("latin1") : null;
}

const heifBrands = new Set(["heic", "heix", "heim", "heis", "hevc", "hevx", "mif1", "msf1"]);
const avifBrands = new Set(["avif", "avis"]);

/**
 * Which family the first bytes claim. Only the five accepted ones reach
 * sharp: SVG, PDF, TIFF and the rest of libvips' many loaders never see
 * untrusted bytes.
 */
function sniff(b: Uint8Array): SourceFormat | "heif" | "svg" | null {
  if (b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return "jpeg";
  if (startsWith(b, 0, "\x89PNG\r\n\x1a\n")) return "png";
  if (startsWith(b, 0, "GIF87a") || startsWith(b, 0, "GIF89a")) return "gif";
  if (startsWith(b, 0, "RIFF") && startsWith(b, 8, "WEBP")) return "webp";
  const brand = ftypBrand(b);
  if (brand && avifBrands.has(brand)) return "avif";
  if (brand && heifBrands.has(brand)) return "heif";
  const head = Buffer.from(b.buffer, b.byteOffset, Math.min(b.length, 1024)).toString("utf8").toLowerCase();
  if (/<svg[\s>]/.test(head)) return "svg";
  return null;
}

/** What the file is, from its bytes and sharp's reading of its header; nothing decoded. */
export async function inspectImage(bytes: Uint8Array): Promise<Result<Inspected>> {
  const claimed = sniff(bytes);
  if (claimed === "svg") return err("media.upload.svg", 415);
  if (claimed === "heif") return err("media.upload.heic", 415);
  if (claimed === null) return err("media.upload.notImage", 415);
  let meta: Metadata;
  try {
    meta = await sharp(bytes).metadata();
  } catch {
    return err("media.upload.damaged", 422);
  }
  // sharp reports AVIF as "heif" with AV1 compression; HEVC (iPhone HEIC)
  // has no decoder in this build.
  const detected = meta.format === "heif" ? (meta.compression === "av1" ? "avif" : "heic") : meta.format;
  if (detected === "heic") return err("media.upload.heic", 415);
  if (detected !== claimed || !meta.width || !meta.height) return err("media.upload.damaged", 422);
  // An animated GIF or WebP reports its first frame's height in pageHeight.
  const height = meta.pageHeight ?? meta.height;
  if (meta.width * height > maxImagePixels) return err("media.upload.tooManyPixels", 413, { max: maxImageMegapixels });
  return ok({ format: claimed, width: meta.width, height });
}

/** Encoder settings, tuned for size at a quality nobody notices on a phone. */
export const encoders: Record<VariantFormat, (img: Sharp) => Sharp> = {
  // effort 2: ≈0.3 s for these widths on this machine; effort 4 costs 5× for ~5 % smaller files.
  avif: (img) => img.avif({ quality: 50, effort: 2 }),
  webp: (img) => img.webp({ quality: 78, effort: 4 }),
  // The fallback has no alpha: transparent badges sit on white.
  jpeg: (img) => img.flatten({ background: "#ffffff" }).jpeg({ quality: 80, mozjpeg: true }),
};

/** The options every decode of an upload uses: bombs and truncated files fail here. */
export const decodeOptions: SharpOptions = { limitInputPixels: maxImagePixels, failOn: "truncated" };

/** Widths to produce for a picture `width` wide: never upscaled, the full width if smaller than the largest. */
export function widthsFor(purpose: MediaPurpose, width: number): number[] {
  const wanted = variantWidths[purpose];
  const top = Math.min(width, wanted.at(-1)!);
  return [...wanted.filter((w) => w < top), top];
}

/**
 * Decodes once: orients by EXIF, crops avatars square around what draws the
 * eye (sharp's attention strategy), shrinks to the largest width into raw
 * pixels — which carry no EXIF, GPS, ICC or XMP — then encodes every width
 * in every format from those pixels.
 */
export async function renderVariants(bytes: Uint8Array, purpose: MediaPurpose, inspected: Inspected): Promise<Result<Rendered>> {
  let base: { data: Buffer; info: OutputInfo };
  try {
    const img = sharp(bytes, decodeOptions).rotate();
    const largest = variantWidths[purpose].at(-1)!;
    if (purpose === "avatar") {
      // Orientation may swap the sides, but the shorter one stays the same.
      const side = Math.min(largest, inspected.width, inspected.height);
      img.resize(side, side, { fit: "cover", position: sharp.strategy.attention });
    } else {
      img.resize({ width: largest, withoutEnlargement: true });
    }
    base = await img.toColourspace("srgb").raw({ depth: "uchar" }).toBuffer({ resolveWithObject: true });
  } catch (error) {
    // failOn: a truncated or corrupt file; limitInputPixels: caught by inspectImage first.
    return /pixel limit/i.test(String(error))
      ? err("media.upload.tooManyPixels", 413, { max: maxImageMegapixels })
      : err("media.upload.damaged", 422);
  }
  const { width, height, channels } = base.info;
  const raw = { raw: { width, height, channels: channels as 1 | 2 | 3 | 4 } };
  const jobs = widthsFor(purpose, width).flatMap((w) =>
    (Object.keys(encoders) as VariantFormat[]).map(async (format): Promise<RenderedVariant> => {
      const img = sharp(base.data, raw);
      if (w !== width) img.resize({ width: w });
      const { data, info } = await encoders[format](img).toBuffer({ resolveWithObject: true });
      return { format, width: info.width, height: info.height, bytes: data, sha256: sha256Hex(data) };
    }),
  );
  return ok({ width, height, variants: await Promise.all(jobs) });
}

export const sha256Hex = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");
