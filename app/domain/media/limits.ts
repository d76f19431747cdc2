// What an upload may be, shared by the pipeline and the forms that describe it
// (no server imports: the nomination form shows these limits as hints).

export const mediaPurposes = ["photo", "avatar", "badge"] as const;
export type MediaPurpose = (typeof mediaPurposes)[number];

/** A phone photo is 2–8 MB; 15 MB leaves room and is refused before decoding. */
export const maxImageMegabytes = 15;
export const maxImageBytes = maxImageMegabytes * 1024 * 1024;

/**
 * 40 megapixels: every phone camera in use (a 48 MP sensor bins to 12 MP
 * by default), while a 14000×14000 "bomb" (196 MP, 590 MB decoded) is
 * refused from its header, before a pixel is decoded.
 */
export const maxImageMegapixels = 40;
export const maxImagePixels = maxImageMegapixels * 1_000_000;

/** What the file picker offers; the server trusts only what sharp detects. */
export const acceptedImageTypes = "image/jpeg,image/png,image/webp,image/avif,image/gif";

/** Served formats, best first: a <picture> lists them in this order. */
export const variantFormats = ["avif", "webp", "jpeg"] as const;
export type VariantFormat = (typeof variantFormats)[number];

export const contentTypes: Record<VariantFormat, string> = {
  avif: "image/avif",
  webp: "image/webp",
  jpeg: "image/jpeg",
};

export const extensions: Record<VariantFormat, string> = { avif: "avif", webp: "webp", jpeg: "jpg" };

/**
 * Widths per purpose, never upscaled. Photos fill a phone (320–640 CSS px at
 * 1–2×) or a gallery lightbox (1280); avatars are squares shown at 48–160 px;
 * badges at 64–128 px.
 */
export const variantWidths: Record<MediaPurpose, readonly number[]> = {
  photo: [320, 640, 1280],
  avatar: [96, 192, 384],
  badge: [128, 256],
};
