import type { Db } from "../../../db/client";
import { err, ok, type Result } from "../result";
import { isRowId } from "../row-id";
import { honorRoll, honorRollHead } from "./read-roll.server";
import type { HonorRollSnapshot } from "./snapshot";

// What a share image is drawn from, and whether there is one: a version of
// a published roll (unpublished or unknown: 404) and, for a winner's image,
// that the winner is on it and the bytes of their photo as published. Finding
// the source is one small query; loading it reads the snapshot and the
// photo. Drawing is app/published/share-image.server.ts's.

export interface ShareSourceRequest {
  slug: string;
  /** A version of the roll; absent: the newest. */
  version?: number;
}

/** A roll's share image: the version (its id names the cached image) and how to read it. */
export interface RollShareSource {
  rollId: number;
  /** The roll's newest version: an older version's image is drawn again once a newer one exists (its text may have been masked in place, decision 0042). */
  latestVersion: number;
  load(): Promise<HonorRollSnapshot>;
}

/** A winner's share image: the version, and how to read it with the winner's photo (null: none, or none stored). */
export interface WinnerShareSource {
  rollId: number;
  /** As RollShareSource's. */
  latestVersion: number;
  load(): Promise<{ snapshot: HonorRollSnapshot; photo: Uint8Array | null }>;
}

/** The source of a whole published honour roll's image. Unpublished or unknown: 404. */
export async function rollShareSource(db: Db, request: ShareSourceRequest): Promise<Result<RollShareSource>> {
  const head = await honorRollHead(db, request.slug, request.version);
  if (!head.ok) return head;
  return ok({ rollId: head.value.id, latestVersion: head.value.latestVersion, load: async () => (await honorRoll(db, head.value)).snapshot });
}

/** The source of one winner's image. Not on that roll (or no such roll): 404. */
export async function winnerShareSource(db: Db, request: ShareSourceRequest & { nominationId: number }): Promise<Result<WinnerShareSource>> {
  const head = await honorRollHead(db, request.slug, request.version);
  if (!head.ok) return head;
  const onRoll = isRowId(request.nominationId)
    ? await db
        .selectFrom("honor_roll_entries")
        .select("nomination_id")
        .where("honor_roll_id", "=", head.value.id)
        .where("nomination_id", "=", request.nominationId)
        .limit(1)
        .executeTakeFirst()
    : undefined;
  if (!onRoll) return err("sharing.winner.notFound", 404);
  return ok({
    rollId: head.value.id,
    latestVersion: head.value.latestVersion,
    async load() {
      const { snapshot } = await honorRoll(db, head.value);
      const mediaId = snapshot.titles.flatMap((t) => t.winners).find((w) => w.nominationId === request.nominationId)?.photo?.mediaId;
      return { snapshot, photo: mediaId === undefined ? null : await largestJpeg(db, mediaId) };
    },
  });
}

/** The bytes of a media's largest JPEG variant (the snapshot names the media, not a file). */
async function largestJpeg(db: Db, mediaId: number): Promise<Uint8Array | null> {
  const row = await db
    .selectFrom("media_variants")
    .select("bytes")
    .where("media_id", "=", mediaId)
    .where("format", "=", "jpeg")
    .orderBy("width", "desc")
    .limit(1)
    .executeTakeFirst();
  return row?.bytes ?? null;
}
