// npm run bench:images — a 12-megapixel JPEG through the upload pipeline
// (storeImage: checks, decode, variants, hashing, PostgreSQL) against sharp
// alone making the same variants with the same settings, in alternating
// rounds of the same run (ratio: the median of the rounds' ratios); then 20
// uploads at once, sampling the process's RSS.
// Ends with: RESULT images ms=… sharp_ms=… ratio=… peak_mb=…
import os from "node:os";
import sharp from "sharp";
import { decodeOptions, encoders, widthsFor } from "../app/domain/media/decode.server";
import { variantFormats, variantWidths } from "../app/domain/media/limits";
import { storeImage } from "../app/domain/media/media.server";
import { noisyPhoto } from "../tests/fixtures/media/images";
import { freshDatabase } from "./lib/database";
import { runBench } from "./lib/run-bench";

const rounds = 11;
const concurrentUploads = 20;
const say = (line: string) => process.stderr.write(`${line}\n`);
const mb = (bytes: number) => Math.round(bytes / (1024 * 1024));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/**
 * The same photo with a different JPEG comment (COM segment after SOI): the
 * same pixels and work, but another file, so storeImage does not find it
 * stored already.
 */
function withComment(jpeg: Buffer, text: string): Buffer {
  const body = Buffer.from(text, "latin1");
  const segment = Buffer.alloc(4);
  segment.writeUInt16BE(0xfffe, 0);
  segment.writeUInt16BE(body.length + 2, 2);
  return Buffer.concat([jpeg.subarray(0, 2), segment, body, jpeg.subarray(2)]);
}

/** sharp alone: the variants storeImage makes, the way it makes them, and nothing else. */
async function sharpAlone(bytes: Buffer): Promise<number> {
  await sharp(bytes).metadata();
  const { data, info } = await sharp(bytes, decodeOptions)
    .rotate()
    .resize({ width: variantWidths.photo.at(-1)!, withoutEnlargement: true })
    .toColourspace("srgb")
    .raw({ depth: "uchar" })
    .toBuffer({ resolveWithObject: true });
  const raw = { raw: { width: info.width, height: info.height, channels: info.channels } };
  const outputs = await Promise.all(
    widthsFor("photo", info.width).flatMap((w) =>
      variantFormats.map((format) => {
        const img = sharp(data, raw);
        if (w !== info.width) img.resize({ width: w });
        return encoders[format](img).toBuffer();
      }),
    ),
  );
  return outputs.length;
}

await runBench("images", { hardTimeoutSeconds: 600 }, async (defer) => {
  const database = await freshDatabase("ss_bench_images");
  defer("drop the benchmark database", () => database.drop());
  say(`bench:images on ${database.where}`);
  const handle = await database.open();
  defer("close the database", () => handle.close());
  const db = handle.db;

  const unit = await db
    .insertInto("org_units")
    .values({ code: "GD", name_zh: "广东电信", kind: "company" })
    .returning("id")
    .executeTakeFirstOrThrow();
  const person = await db
    .insertInto("people")
    .values({ employee_no: "M0001", name: "梁晓岚", org_unit_id: unit.id })
    .returning("id")
    .executeTakeFirstOrThrow();
  const uploader = { id: person.id };

  const photo = await noisyPhoto(4000, 3000).jpeg({ quality: 90 }).toBuffer();
  say(`source: 4000×3000 JPEG, ${(photo.length / 1e6).toFixed(1)} MB`);
  let serial = 0;
  const upload = async (bytes: Buffer) => {
    const r = await storeImage(db, uploader, { purpose: "photo", bytes });
    if (!r.ok) throw new Error(`upload refused: ${r.error}`);
    return r.value;
  };

  // Warm-up (libvips' loaders, the database's first inserts): not measured.
  await sharpAlone(withComment(photo, `warm ${serial++}`));
  const warm = await upload(withComment(photo, `warm ${serial++}`));
  say(
    `variants per upload: ${warm.picture.sources.length + 1} formats, widths ${warm.picture.fallback.srcSet
      .split(", ")
      .map((s) => s.split(" ")[1])
      .join(" ")}`,
  );

  // 20 people upload a 12 MP photo at the same moment. First, while the
  // process holds little else, so that the peak is the uploads' own.
  const files = Array.from({ length: concurrentUploads }, (_, i) => withComment(photo, `concurrent ${i}`));
  global.gc?.();
  const rssBefore = process.memoryUsage().rss;
  let peak = rssBefore;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 20);
  const c0 = performance.now();
  await Promise.all(files.map((bytes) => upload(bytes)));
  const concurrentMs = performance.now() - c0;
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().rss);
  say(
    `${concurrentUploads} concurrent uploads: ${Math.round(concurrentMs)} ms in all; RSS ${mb(rssBefore)} MB before ` +
      `(the ${concurrentUploads} files held: ${mb(files.length * photo.length)} MB), peak ${mb(peak)} MB (+${mb(peak - rssBefore)} MB)`,
  );

  const pipelineMs: number[] = [];
  const sharpMs: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const bytes = withComment(photo, `round ${serial++}`);
    // A B, B A, … so a neighbour's burst of CPU lands on both.
    const order = round % 2 === 0 ? (["pipeline", "sharp"] as const) : (["sharp", "pipeline"] as const);
    for (const which of order) {
      const t0 = performance.now();
      if (which === "pipeline") await upload(bytes);
      else await sharpAlone(bytes);
      (which === "pipeline" ? pipelineMs : sharpMs).push(performance.now() - t0);
    }
    say(`  round ${round + 1}: pipeline ${Math.round(pipelineMs.at(-1)!)} ms, sharp alone ${Math.round(sharpMs.at(-1)!)} ms`);
  }
  const ms = median(pipelineMs);
  const sharpOnly = median(sharpMs);
  // The median of each round's own ratio: a round's two runs share the machine's
  // load of that moment, which the two separate medians do not.
  const ratio = median(pipelineMs.map((p, i) => p / sharpMs[i]));
  say(
    `load average ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(" ")} on ${os.cpus().length} cores`,
  );

  process.stdout.write(`RESULT images ms=${Math.round(ms)} sharp_ms=${Math.round(sharpOnly)} ratio=${ratio.toFixed(2)} peak_mb=${mb(peak)}\n`);
});
