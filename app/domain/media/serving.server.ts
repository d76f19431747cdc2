import { sql } from "kysely";
import type { Db } from "../../../db/client";
import type { NominationStatus } from "../../../db/schema";
import type { User } from "../auth/user";
import type { Phase } from "../campaigns/life-cycle";
import { sightOf, visibleCampaignQuery } from "../campaigns/visibility.server";
import { mayRead } from "../nominations/rules";
import { notFound, ok, type Result } from "../result";
import { contentTypes, type VariantFormat } from "./limits";
import { parseVariantName } from "./picture";

// Serving /media/<sha256>.<ext>: who may see which picture (decision 0030).
// Every variant (width, format) of a picture answers to the same rule.
// - Public, to anyone, cached forever: title badges, and photos an honour
//   roll has shown (media.published_at, set by publishPictures).
// - Any other picture: only to those who may read a nomination it belongs
//   to (the nominations' own rule, mayRead, in a campaign they may see), and
//   to whoever uploaded it (a photo on a form not saved yet belongs to no
//   nomination). Everyone else gets the same 404 as for a name that does not
//   exist, so a name reveals nothing.

export type MediaFile =
  | { status: 200; visibility: Visibility; contentType: string; etag: string; bytes: Uint8Array }
  | { status: 304; visibility: Visibility; contentType: string; etag: string };

/** "public": anyone, cacheable by browsers and proxies for good; "private": this person only, never stored. */
export type Visibility = "public" | "private";

/** Who is asking, asked only for a picture that is not public (a public one needs no session lookup). */
export type Viewer = () => Promise<User | null>;

/**
 * The file behind /media/<sha256>.<ext>. The ETag is the hash itself (strong:
 * the name is the content); a browser that has a public file gets 304 without
 * the bytes being read. A public picture costs one indexed query; any other
 * the viewer's session and one more indexed query.
 */
export async function getMediaFile(db: Db, name: string, ifNoneMatch: string | null, viewer: Viewer): Promise<Result<MediaFile>> {
  const parsed = parseVariantName(name);
  if (!parsed) return notFound("media.notFound");
  const etag = `"${parsed.sha256}"`;
  const contentType = contentTypes[parsed.format];
  const fresh = ifNoneMatch !== null && ifNoneMatch.split(",").some((t) => t.trim().replace(/^W\//, "") === etag || t.trim() === "*");
  // Two pictures may encode to the same bytes (decision 0007): public if either is.
  const publicNow = sql<boolean>`(m.purpose = 'badge' or m.published_at is not null)`;
  const query = db
    .selectFrom("media_variants as v")
    .innerJoin("media as m", "m.id", "v.media_id")
    .select(publicNow.as("public"))
    .where("v.sha256", "=", parsed.sha256)
    .where("v.format", "=", parsed.format)
    .orderBy(publicNow, "desc")
    .limit(1);
  // A browser that has the file: the bytes are not read.
  const row: { public: boolean; bytes?: Uint8Array } | undefined = fresh
    ? await query.executeTakeFirst()
    : await query.select("v.bytes").executeTakeFirst();
  if (!row) return notFound("media.notFound");
  if (!row.public) {
    const user = await viewer();
    if (!user || !(await maySee(db, user, parsed))) return notFound("media.notFound");
  }
  const visibility: Visibility = row.public ? "public" : "private";
  if (row.bytes === undefined) return ok({ status: 304, visibility, contentType, etag });
  return ok({ status: 200, visibility, contentType, etag, bytes: row.bytes });
}

/**
 * May this person see a picture that is not public? One statement: for each
 * nomination the picture belongs to, the facts the nominations' rule asks
 * about and whether the person may see its campaign; and whether they
 * uploaded it.
 */
async function maySee(db: Db, user: User, variant: { sha256: string; format: VariantFormat }): Promise<boolean> {
  const rows = await db
    .selectFrom("media_variants as v")
    .innerJoin("media as m", "m.id", "v.media_id")
    .leftJoin("nomination_photos as np", "np.media_id", "m.id")
    .leftJoin("nominations as n", "n.id", "np.nomination_id")
    .leftJoin("campaigns as nc", "nc.id", "n.campaign_id")
    .select((eb) => [
      eb
        .exists(eb.selectFrom("media_uploaders as mu").select("mu.media_id").whereRef("mu.media_id", "=", "m.id").where("mu.person_id", "=", user.id))
        .as("uploaded"),
      "n.nominator_id",
      "n.status",
      "nc.status as campaign_status",
      eb.exists(visibleCampaignQuery(db, sightOf(user), sql<string>`nc.slug`)).as("campaign_visible"),
    ])
    .where("v.sha256", "=", variant.sha256)
    .where("v.format", "=", variant.format)
    .execute();
  return rows.some((r) =>
    maySeeAttached(user, {
      uploaded: Boolean(r.uploaded),
      nomination:
        r.nominator_id === null || r.status === null || r.campaign_status === null
          ? null
          : { nominatorId: r.nominator_id, status: r.status, campaignStatus: r.campaign_status, campaignVisible: Boolean(r.campaign_visible) },
    }),
  );
}

/**
 * The rule for one place a private picture is found: its uploader sees it;
 * otherwise whoever may read the nomination it belongs to, in a campaign they
 * may see — exactly who may open that nomination's page.
 */
export function maySeeAttached(
  user: User,
  found: { uploaded: boolean; nomination: { nominatorId: number; status: NominationStatus; campaignStatus: Phase; campaignVisible: boolean } | null },
): boolean {
  if (found.uploaded) return true;
  const n = found.nomination;
  return n !== null && n.campaignVisible && mayRead(user, n, n.campaignStatus);
}
