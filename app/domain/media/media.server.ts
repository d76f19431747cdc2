import { sql } from "kysely";
import { inTransaction, type Db } from "../../../db/client";
import { audit } from "../audit/audit.server";
import type { User } from "../auth/user";
import { err, ok, type Result } from "../result";
import { inspectImage, renderVariants, sha256Hex, type Rendered } from "./decode.server";
import { maxImageBytes, maxImageMegabytes, type MediaPurpose } from "./limits";
import { pictureOf, type PictureData, type VariantRef } from "./picture";
import { Semaphore } from "./semaphore";

// Uploads in, variants out. The bytes live in PostgreSQL (media_variants), so
// any app instance serves any image; names are the sha256 of the bytes, so a
// name never changes meaning and browsers may cache it forever.

/**
 * Two decodes at once per process (one per core): a 12 MP photo takes about
 * 50 MB while decoding, so 20 people uploading together queue here instead
 * of holding 20 decoded images. Past 40 waiting, the upload is refused as
 * busy (the form keeps its text) rather than waiting for minutes.
 */
const decodeSlots = new Semaphore(2, 40);

export interface StoredImage {
  mediaId: number;
  picture: PictureData;
}

/**
 * Checks, normalises and stores an uploaded image. Anything but a readable
 * JPEG, PNG, WebP, AVIF or GIF within the limits is refused with a message
 * key, and then nothing is stored. The same file uploaded again for the same
 * purpose returns the media already stored.
 */
export async function storeImage(db: Db, user: Pick<User, "id">, input: { purpose: MediaPurpose; bytes: Uint8Array }): Promise<Result<StoredImage>> {
  const { purpose, bytes } = input;
  const refused = whyRefusedBySize(bytes);
  if (refused) return refused;
  const sourceSha256 = sha256Hex(bytes);
  const known = await findMedia(db, purpose, sourceSha256);
  if (known) return ok(await uploadedBy(db, user, known));
  const prepared = await prepare(purpose, bytes, sourceSha256);
  return prepared.ok ? insertPrepared(db, user, prepared.value) : prepared;
}

/** An image checked and encoded into its variants, not stored yet (prepareImage). */
export interface PreparedImage {
  purpose: MediaPurpose;
  sourceSha256: string;
  rendered: Rendered;
}

function whyRefusedBySize(bytes: Uint8Array) {
  if (bytes.byteLength === 0) return err("media.upload.empty");
  if (bytes.byteLength > maxImageBytes) return err("media.upload.tooLarge", 413, { max: maxImageMegabytes });
  return null;
}

/**
 * The checks and the encoding of storeImage, without the database: the demo
 * load encodes its photos while it writes other rows (the encoders run on
 * libuv's threads, the embedded database on the main one), then stores them
 * with storePreparedImage.
 */
export async function prepareImage(input: { purpose: MediaPurpose; bytes: Uint8Array }): Promise<Result<PreparedImage>> {
  const refused = whyRefusedBySize(input.bytes);
  return refused ?? prepare(input.purpose, input.bytes, sha256Hex(input.bytes));
}

async function prepare(purpose: MediaPurpose, bytes: Uint8Array, sourceSha256: string): Promise<Result<PreparedImage>> {
  const inspected = await inspectImage(bytes);
  if (!inspected.ok) return inspected;
  const slot = await decodeSlots.run(() => renderVariants(bytes, purpose, inspected.value));
  if (!slot) return err("media.upload.busy", 503);
  const rendered = slot.value;
  if (!rendered.ok) return rendered;
  return ok({ purpose, sourceSha256, rendered: rendered.value });
}

/** Stores a prepared image (or finds the same file stored for the same purpose) as this person's upload. */
export async function storePreparedImage(db: Db, user: Pick<User, "id">, prepared: PreparedImage): Promise<Result<StoredImage>> {
  const known = await findMedia(db, prepared.purpose, prepared.sourceSha256);
  return known ? ok(await uploadedBy(db, user, known)) : insertPrepared(db, user, prepared);
}

async function insertPrepared(db: Db, user: Pick<User, "id">, prepared: PreparedImage): Promise<Result<StoredImage>> {
  const { purpose, sourceSha256, rendered } = prepared;
  // Inside a caller's transaction (the demo seed) the rows join it.
  const write = (fn: (trx: Db) => Promise<Result<StoredImage>>) => inTransaction(db, fn);
  return write(async (trx) => {
    const media = await trx
      .insertInto("media")
      .values({ purpose, source_sha256: sourceSha256, width: rendered.width, height: rendered.height, created_by: user.id })
      .onConflict((oc) => oc.columns(["purpose", "source_sha256"]).doNothing())
      .returning("id")
      .executeTakeFirst();
    // Someone stored the same file meanwhile: theirs is the same picture.
    if (!media) return ok(await uploadedBy(trx, user, (await findMedia(trx, purpose, sourceSha256))!));
    const variants = rendered.variants.map((v) => ({
      media_id: media.id,
      format: v.format,
      width: v.width,
      height: v.height,
      sha256: v.sha256,
      byte_size: v.bytes.byteLength,
      bytes: v.bytes,
    }));
    await trx.insertInto("media_variants").values(variants).execute();
    await uploadedBy(trx, user, { mediaId: media.id });
    await audit(trx, user, { action: "media.stored", subjectType: "media", subjectId: media.id, after: { purpose } });
    const picture = pictureOf(media.id, variants);
    if (!picture) throw new Error(`media ${media.id} has no JPEG variant`);
    return ok({ mediaId: media.id, picture });
  });
}

/** Records that this person uploaded the picture (the same bytes are one media for everyone). */
async function uploadedBy<M extends { mediaId: number }>(db: Db, user: Pick<User, "id">, media: M): Promise<M> {
  await db
    .insertInto("media_uploaders")
    .values({ media_id: media.mediaId, person_id: user.id })
    // The same person uploading the same file again: an unsaved form's photo is kept a day from now (abandoned.server.ts).
    .onConflict((oc) => oc.columns(["media_id", "person_id"]).doUpdateSet({ last_at: sql`now()` }))
    .execute();
  return media;
}

async function findMedia(db: Db, purpose: MediaPurpose, sourceSha256: string): Promise<StoredImage | null> {
  const media = await db.selectFrom("media").select("id").where("purpose", "=", purpose).where("source_sha256", "=", sourceSha256).executeTakeFirst();
  if (!media) return null;
  const pictures = await getPictures(db, [media.id]);
  const picture = pictures.get(media.id);
  return picture ? { mediaId: media.id, picture } : null;
}

/** Pictures for some media ids (a gallery, a list of avatars): one query, no bytes. */
export async function getPictures(db: Db, mediaIds: readonly number[]): Promise<Map<number, PictureData>> {
  const result = new Map<number, PictureData>();
  if (mediaIds.length === 0) return result;
  const rows = await db
    .selectFrom("media_variants")
    .select(["media_id", "format", "width", "height", "sha256"])
    .where("media_id", "in", [...new Set(mediaIds)])
    .execute();
  const byMedia = new Map<number, VariantRef[]>();
  for (const r of rows) byMedia.set(r.media_id, [...(byMedia.get(r.media_id) ?? []), r]);
  for (const [id, variants] of byMedia) {
    const picture = pictureOf(id, variants);
    if (picture) result.set(id, picture);
  }
  return result;
}

/**
 * Pictures an honour roll shows from now on: public for good (decision 0030),
 * served to anyone and cached forever. Inside the publishing transaction, so
 * a roll and its pictures become public together.
 */
export async function publishPictures(db: Db, mediaIds: readonly number[]): Promise<void> {
  if (mediaIds.length === 0) return;
  await db
    .updateTable("media")
    .set({ published_at: new Date() })
    .where("id", "in", [...new Set(mediaIds)])
    .where("published_at", "is", null)
    .execute();
}
