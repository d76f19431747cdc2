import { contentTypes, extensions, variantFormats, type VariantFormat } from "./limits";

// Plain data for <Picture>: what the domain returns and a loader can send.

export interface PictureSource {
  /** MIME type, e.g. "image/avif". */
  type: string;
  /** "/media/<sha256>.avif 320w, /media/<sha256>.avif 640w" */
  srcSet: string;
}

export interface PictureData {
  mediaId: number;
  /** Intrinsic size of the largest variant: reserves the box, no layout shift. */
  width: number;
  height: number;
  /** Modern formats, best first. */
  sources: PictureSource[];
  /** The JPEG fallback every browser reads. */
  fallback: { src: string; srcSet: string };
}

export interface VariantRef {
  format: VariantFormat;
  width: number;
  height: number;
  sha256: string;
}

export const variantName = (v: Pick<VariantRef, "format" | "sha256">) => `${v.sha256}.${extensions[v.format]}`;
export const variantUrl = (v: Pick<VariantRef, "format" | "sha256">) => `/media/${variantName(v)}`;

/** Groups a media's variants into sources per format; null when it has no JPEG. */
export function pictureOf(mediaId: number, variants: readonly VariantRef[]): PictureData | null {
  const byFormat = (f: VariantFormat) => variants.filter((v) => v.format === f).sort((a, b) => a.width - b.width);
  const srcSet = (vs: VariantRef[]) => vs.map((v) => `${variantUrl(v)} ${v.width}w`).join(", ");
  const jpegs = byFormat("jpeg");
  const largest = jpegs.at(-1);
  if (!largest) return null;
  const sources = variantFormats
    .filter((f) => f !== "jpeg")
    .map((f) => byFormat(f))
    .filter((vs) => vs.length > 0)
    .map((vs) => ({ type: contentTypes[vs[0].format], srcSet: srcSet(vs) }));
  // The smallest JPEG as src: the one a browser without srcset (none today) downloads.
  return {
    mediaId,
    width: largest.width,
    height: largest.height,
    sources,
    fallback: { src: variantUrl(jpegs[0]), srcSet: srcSet(jpegs) },
  };
}

/** Parses "<64 hex>.<ext>" into the hash and format, or null. */
export function parseVariantName(name: string): { sha256: string; format: VariantFormat } | null {
  const m = /^([0-9a-f]{64})\.(avif|webp|jpg)$/.exec(name);
  if (!m) return null;
  const format = variantFormats.find((f) => extensions[f] === m[2])!;
  return { sha256: m[1], format };
}
