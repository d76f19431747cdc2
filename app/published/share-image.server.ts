import { readFile } from "node:fs/promises";
import path from "node:path";
import opentype from "opentype.js";
import sharp, { type OverlayOptions } from "sharp";
import { maxImagePixels } from "~/domain/media/limits";
import { Semaphore } from "~/domain/media/semaphore";
import type { HonorRollSnapshot } from "~/domain/publishing/snapshot";
import type { Locale } from "~/i18n";
import { rollCard, rollScene, winnerCard, winnerScene, type Scene } from "./share-image";
import type { Typeface, Weight } from "./share-text";

// Share images (1200×630 PNG) of a published honour roll and of one winner,
// drawn from the roll's snapshot with the CJK subset in assets/fonts: the
// text becomes outlines here (opentype.js), the picture is made by sharp from
// an SVG with no <text>, so the machine needs no font installed
// (docs/decisions/0015-share-images-and-font.md).

/** Bump when the design changes: rendered images are cached under this. */
export const shareImageDesign = 2;

// ---- the font ----------------------------------------------------------------------

// Relative to the working directory, as the server finds its build
// (server/index.ts): the app runs from the repository's root.
const fontFiles: Record<Weight, string> = {
  regular: "assets/fonts/NotoSansSC-Regular-subset.otf",
  bold: "assets/fonts/NotoSansSC-Bold-subset.otf",
};

async function loadFont(file: string): Promise<opentype.Font> {
  const bytes = await readFile(path.resolve(file));
  return opentype.parse(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
}

let loaded: Promise<Typeface> | undefined;

/**
 * The subset as a Typeface, parsed once per process on the first image
 * (about 1.5 s a weight; nothing at start-up for a server that never draws one).
 */
export function shareTypeface(): Promise<Typeface> {
  loaded ??= Promise.all([loadFont(fontFiles.regular), loadFont(fontFiles.bold)]).then(([regular, bold]) => typeface({ regular, bold }));
  // A failed load (a missing file) is tried again next time, not remembered.
  loaded.catch(() => (loaded = undefined));
  return loaded;
}

/** Latin, Greek and Cyrillic pairs are kerned; hanzi sit on their em grid. */
const kerned = (char: string) => char.codePointAt(0)! < 0x0530;

function typeface(fonts: Record<Weight, opentype.Font>): Typeface {
  const glyph = (char: string, weight: Weight) => {
    const font = fonts[weight];
    const index = font.charToGlyphIndex(char);
    return index > 0 ? font.glyphs.get(index) : null;
  };
  return {
    advance(char, weight) {
      const g = glyph(char, weight);
      return g ? (g.advanceWidth ?? 0) / fonts[weight].unitsPerEm : null;
    },
    kerning(left, right, weight) {
      if (!kerned(left) || !kerned(right)) return 0;
      const a = glyph(left, weight);
      const b = glyph(right, weight);
      return a && b ? fonts[weight].getKerningValue(a, b) / fonts[weight].unitsPerEm : 0;
    },
    outline(char, weight, x, y, size) {
      const g = glyph(char, weight);
      return g ? pathData(g.getPath(x, y, size).commands) : "";
    },
  };
}

const n = (v: number) => String(Math.round(v * 10) / 10);

/**
 * SVG path data of a glyph's commands. Not opentype.js's toPathData: its
 * rounding turns a coordinate a hair above a whole number (5e-14 past it)
 * into NaN, and librsvg stops drawing the path there.
 */
function pathData(commands: opentype.PathCommand[]): string {
  return commands
    .map((c) => {
      switch (c.type) {
        case "M":
        case "L":
          return `${c.type}${n(c.x)} ${n(c.y)}`;
        case "Q":
          return `Q${n(c.x1)} ${n(c.y1)} ${n(c.x)} ${n(c.y)}`;
        case "C":
          return `C${n(c.x1)} ${n(c.y1)} ${n(c.x2)} ${n(c.y2)} ${n(c.x)} ${n(c.y)}`;
        default:
          return "Z";
      }
    })
    .join("");
}

// ---- drawing -----------------------------------------------------------------------

/** Two images at once per process (one per core); the rest wait their turn. */
const drawing = new Semaphore(2, 1000);

/** Draws a scene as a PNG, the photo (any image sharp reads) in its place. */
export async function drawShareImage(scene: Scene, photo: Uint8Array | null): Promise<Buffer> {
  const slot = await drawing.run(async () => {
    const layers: OverlayOptions[] = [];
    if (scene.photo && photo) {
      const { left, top, width, height } = scene.photo;
      // Centred: the administrator chose the photo seeing it whole, and people stand in the middle of their photos.
      // The stored variant was decoded and checked at upload; the limit stays as a second fence.
      const fitted = await sharp(photo, { limitInputPixels: maxImagePixels }).resize(width, height, { fit: "cover", position: "centre" }).toBuffer();
      layers.push({ input: fitted, left, top });
      if (scene.overlay) layers.push({ input: Buffer.from(scene.overlay), left: 0, top: 0 });
    }
    return sharp(Buffer.from(scene.svg)).composite(layers).png({ compressionLevel: 9 }).toBuffer();
  });
  if (!slot) throw new Error("share images: too many waiting to be drawn");
  return slot.value;
}

// ---- the images ---------------------------------------------------------------------

/** The image of a whole published honour roll, in one language. */
export async function drawRollImage(snapshot: HonorRollSnapshot, locale: Locale): Promise<Buffer> {
  const face = await shareTypeface();
  return drawShareImage(rollScene(face, rollCard(snapshot, locale)), null);
}

/** The image of one winner of a published roll, with their photo as published (the bytes of a JPEG), or their initials. */
export async function drawWinnerImage(snapshot: HonorRollSnapshot, nominationId: number, locale: Locale, photo: Uint8Array | null): Promise<Buffer> {
  const card = winnerCard(snapshot, nominationId, locale);
  if (!card) throw new Error(`nomination ${nominationId} is not in roll ${snapshot.campaign.slug}'s snapshot`);
  const face = await shareTypeface();
  return drawShareImage(winnerScene(face, { ...card, hasPhoto: photo !== null }), photo);
}
