import { sql, type KyselyPlugin } from "kysely";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { User } from "../../app/domain/auth/user";
import { storeImage } from "../../app/domain/media/media.server";
import { variantName } from "../../app/domain/media/picture";
import { getMediaFile } from "../../app/domain/media/serving.server";
import { saveNomination } from "../../app/domain/nominations/saving.server";
import type { Db } from "../../db/client";
import { solid } from "../fixtures/media/images";
import { createTestDb, type TestDb } from "../support/db";
import { aNomination, givenNominatingCampaign, type NominatingCampaign } from "../support/nominations";
import { givenPhoto, givenPublishedCampaign, type PublishingWorld } from "../support/publishing";
import { givenVotingCampaign, type VotingCampaign } from "../support/voting";

// Issue 14, item 9: photos of unpublished nominations were served to anyone
// holding their /media/<sha256> address. Who may see which photo now
// (decision 0030): the people who may read a nomination it belongs to, its
// uploader, and — once an honour roll shows it — anyone.

let t: TestDb;
let nominating: NominatingCampaign;
let voting: VotingCampaign;
let published: PublishingWorld;
const photos = {} as Record<"draft" | "submitted" | "rejected" | "approvedVoting" | "published" | "publishedNotShown" | "unattached", number>;

async function attach(db: Db, nominationId: number, mediaId: number) {
  await db.insertInto("nomination_photos").values({ nomination_id: nominationId, media_id: mediaId, position: 5, caption: "" }).execute();
}

beforeAll(async () => {
  t = await createTestDb();
  nominating = await givenNominatingCampaign(t.db);
  voting = await givenVotingCampaign(t.db);
  published = await givenPublishedCampaign(t.db);

  // A draft and a submitted nomination in a campaign still taking nominations, saved through the form's use-case.
  photos.draft = await givenPhoto(t.db, nominating.manager, "#16a085");
  photos.submitted = await givenPhoto(t.db, nominating.manager, "#8e44ad");
  for (const [photo, submit, nominee] of [
    [photos.draft, false, nominating.alice],
    [photos.submitted, true, nominating.bob],
  ] as const) {
    const saved = await saveNomination(
      t.db,
      nominating.manager,
      nominating.slug,
      null,
      aNomination(nominating, { nominees: [nominee.employeeNo], photos: [{ mediaId: photo, caption: "" }] }),
      { submit },
    );
    if (!saved.ok) throw new Error(saved.error);
  }
  // Gina's rejected nomination (by manager B) and Alice's approved one (by manager A), the campaign voting.
  photos.rejected = await givenPhoto(t.db, voting.managerB, "#d35400");
  await attach(t.db, voting.starGina, photos.rejected);
  photos.approvedVoting = await givenPhoto(t.db, voting.manager, "#2c3e50");
  await attach(t.db, voting.starAlice, photos.approvedVoting);
  // Published: the first photo is on the roll, the second only on the nomination.
  [photos.published, photos.publishedNotShown] = published.photos;
  // Uploaded to a form, never saved.
  photos.unattached = await givenPhoto(t.db, nominating.manager, "#7f8c8d");
});
afterAll(() => t.close());

async function variantsOf(mediaId: number): Promise<string[]> {
  const rows = await t.db.selectFrom("media_variants").select(["sha256", "format"]).where("media_id", "=", mediaId).orderBy("id").execute();
  return rows.map(variantName);
}

/** What every variant of the photo answers this viewer: "public", "private" or 404; they must all agree. */
async function seen(mediaId: number, viewer: User | null): Promise<string> {
  const answers = new Set<string>();
  for (const name of await variantsOf(mediaId)) {
    const r = await getMediaFile(t.db, name, null, async () => viewer);
    answers.add(r.ok ? r.value.visibility : String(r.status));
  }
  expect(answers.size).toBe(1);
  return [...answers][0];
}

describe("a photo of a nomination nobody else may read yet is a 404 to everyone else", () => {
  test("a draft: its nominator and the committee see it, privately; anonymous and another staff member do not", async () => {
    const w = nominating;
    expect(await seen(photos.draft, null)).toBe("404");
    expect(await seen(photos.draft, w.carol)).toBe("404");
    expect(await seen(photos.draft, w.alice)).toBe("404"); // the nominee does not read a draft either
    expect(await seen(photos.draft, w.managerB)).toBe("404");
    expect(await seen(photos.draft, w.manager)).toBe("private");
    expect(await seen(photos.draft, w.committee)).toBe("private");
    expect(await seen(photos.draft, w.admin)).toBe("private");
  });

  test("a submitted nomination while the campaign still takes nominations", async () => {
    const w = nominating;
    expect(await seen(photos.submitted, null)).toBe("404");
    expect(await seen(photos.submitted, w.bob)).toBe("404");
    expect(await seen(photos.submitted, w.manager)).toBe("private");
    expect(await seen(photos.submitted, w.committee)).toBe("private");
  });

  test("a rejected nomination, even while the campaign votes", async () => {
    const w = voting;
    expect(await seen(photos.rejected, null)).toBe("404");
    expect(await seen(photos.rejected, w.carol)).toBe("404");
    expect(await seen(photos.rejected, w.gina)).toBe("404");
    expect(await seen(photos.rejected, w.manager)).toBe("404");
    expect(await seen(photos.rejected, w.managerB)).toBe("private");
    expect(await seen(photos.rejected, w.committee)).toBe("private");
  });

  test("a photo uploaded to a form but saved nowhere: its uploader only", async () => {
    expect(await seen(photos.unattached, null)).toBe("404");
    expect(await seen(photos.unattached, nominating.managerB)).toBe("404");
    expect(await seen(photos.unattached, nominating.committee)).toBe("404");
    expect(await seen(photos.unattached, nominating.manager)).toBe("private");
  });
});

describe("a photo the campaign shows its staff, before any roll", () => {
  test("an approved nomination while voting: staff in the campaign's scope see it privately, staff outside it do not", async () => {
    const w = voting;
    expect(await seen(photos.approvedVoting, null)).toBe("404");
    expect(await seen(photos.approvedVoting, w.carol)).toBe("private");
    expect(await seen(photos.approvedVoting, w.dave)).toBe("404");
    expect(await seen(photos.approvedVoting, w.manager)).toBe("private");
  });
});

describe("a photo an honour roll shows is public", () => {
  test("to anyone, cacheable; the winner's other photo stays private to readers of the nomination", async () => {
    const w = published;
    expect(await seen(photos.published, null)).toBe("public");
    expect(await seen(photos.published, w.dave)).toBe("public");
    expect(await seen(photos.publishedNotShown, null)).toBe("404");
    expect(await seen(photos.publishedNotShown, w.bob)).toBe("private");
  });

  test("a title's badge is public from its upload", async () => {
    const badge = await storeImage(t.db, published.admin, { purpose: "badge", bytes: await solid("png", 256, 256) });
    if (!badge.ok) throw new Error(badge.error);
    expect(await seen(badge.value.mediaId, null)).toBe("public");
  });
});

describe("the check is cheap", () => {
  /** The statements this database runs while `fn` does. */
  async function statements(fn: (db: Db) => Promise<unknown>): Promise<number> {
    let n = 0;
    const counting: KyselyPlugin = {
      transformQuery: (args) => args.node,
      // Once per statement run (a query is transformed again for each subquery built from it).
      transformResult: async (args) => ((n += 1), args.result),
    };
    await fn(t.db.withPlugin(counting));
    return n;
  }

  test("a public photo: one statement, and nobody is asked who they are", async () => {
    const [name] = await variantsOf(photos.published);
    const noViewer = async (): Promise<User | null> => {
      throw new Error("a public photo must not look up the session");
    };
    expect(await statements((db) => getMediaFile(db, name, null, noViewer))).toBe(1);
  });

  test("a private photo: one more statement for the permission, however many nominations hold it", async () => {
    await attach(t.db, voting.starBob, photos.approvedVoting);
    const [name] = await variantsOf(photos.approvedVoting);
    expect(await statements((db) => getMediaFile(db, name, null, async () => voting.carol))).toBe(2);
  });

  test("a photo's nominations are found by an index on nomination_photos (media_id)", async () => {
    const index = await sql<{
      indexname: string;
    }>`select indexname from pg_indexes where tablename = 'nomination_photos' and indexdef like '%(media_id)%'`.execute(t.db);
    expect(index.rows.map((r) => r.indexname)).toEqual(["nomination_photos_media_idx"]);
  });
});
