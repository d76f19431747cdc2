// Builders for the publishing tests: the voting world closed, ratified and
// ready to publish (or published), with photos on Alice's star nomination so
// choices can be made, so each test states only what it is about.
import sharp from "sharp";
import type { Db } from "../../db/client";
import type { User } from "../../app/domain/auth/user";
import { storeImage } from "../../app/domain/media/media.server";
import { castBallot } from "../../app/domain/voting/casting.server";
import { moveTo, ratifyAll } from "./nominations";
import { ratifyAllOverHttp } from "./publish";
import { client, demoAccount, type TestServer } from "./server";
import { choose, givenStaff, givenVotingCampaign, openDemoVoting, type VotingCampaign } from "./voting";

export interface PublishingWorld extends VotingCampaign {
  /** Two photos of Alice's star nomination, in order. */
  photos: [number, number];
}

/** A small generated photo in one colour, stored as a person would upload it. */
export async function givenPhoto(db: Db, by: Pick<User, "id">, colour: string): Promise<number> {
  const bytes = await sharp({ create: { width: 640, height: 480, channels: 3, background: colour } })
    .jpeg()
    .toBuffer();
  const stored = await storeImage(db, by, { purpose: "photo", bytes });
  if (!stored.ok) throw new Error(`could not store a photo: ${stored.error}`);
  return stored.value.mediaId;
}

/**
 * The voting world with two photos on Alice's star nomination, votes that
 * make Alice the star winner and Alice the model winner, closed and ratified
 * with no publicity period: ready for the administrator to publish.
 */
export async function givenRatifiedCampaign(db: Db): Promise<PublishingWorld> {
  const w = await givenVotingCampaign(db);
  const photos: [number, number] = [await givenPhoto(db, w.manager, "#c0392b"), await givenPhoto(db, w.manager, "#2980b9")];
  await db
    .insertInto("nomination_photos")
    .values(photos.map((media_id, position) => ({ nomination_id: w.starAlice, media_id, position, caption: `照片${position + 1}` })))
    .execute();
  const voters = await givenStaff(db, w.units.teamA, 3);
  for (const [i, id] of [w.starAlice, w.starAlice, w.starBob].entries()) {
    const r = await castBallot(db, voters[i], w.slug, choose(w, [id]));
    if (!r.ok) throw new Error(`could not vote: ${r.error}`);
  }
  const r = await castBallot(db, voters[0], w.slug, choose(w, [w.modelAlice], 0, w.model.slug));
  if (!r.ok) throw new Error(`could not vote: ${r.error}`);
  await db.updateTable("campaigns").set({ publicity_days: 0 }).where("id", "=", w.campaignId).execute();
  await moveTo(db, w, "closed");
  await ratifyAll(db, w);
  return { ...w, photos };
}

/** givenRatifiedCampaign, published by the administrator with the default choices. */
export async function givenPublishedCampaign(db: Db): Promise<PublishingWorld> {
  const w = await givenRatifiedCampaign(db);
  await moveTo(db, w, "published");
  return w;
}

/**
 * Over HTTP, as its people would: the demo's 3·15 campaign (no publicity
 * period) opened for voting, one ballot per title by the demo agent, closed,
 * every title ratified as proposed by the committee, and published by the
 * administrator. For tests against a running test server. Returns the slug.
 */
export async function publishDemoOverHttp(server: Pick<TestServer, "url">): Promise<string> {
  const slug = "3-15-stars";
  await openDemoVoting(server, slug);
  const [admin, committee, staff] = [client(server, { language: "en" }), client(server, { language: "en" }), client(server, { language: "en" })];
  await Promise.all([admin.signIn(demoAccount("admin")), committee.signIn(demoAccount("committee")), staff.signIn(demoAccount("staff"))]);
  const ballot = await (await staff.get(`/campaigns/${slug}/vote`)).text();
  for (const m of ballot.matchAll(/id="ballot-([a-z0-9-]+)"/g)) {
    const form = ballot.slice(m.index, ballot.indexOf("</form>", m.index));
    const choice = /<input(?![^>]*disabled)[^>]*type="checkbox"[^>]*value="(\d+)"[^>]*>/.exec(form);
    if (!choice) continue;
    const r = await staff.post(`/campaigns/${slug}/vote`, new URLSearchParams({ title: m[1], basedOn: "0", nominationIds: choice[1] }));
    if (r.status !== 302) throw new Error(`voting in ${slug} answered ${r.status}`);
  }
  const move = async (to: string) => {
    const r = await admin.post(`/admin/campaigns/${slug}`, { intent: "move", to });
    if (r.status !== 302) throw new Error(`moving ${slug} to ${to} answered ${r.status}`);
  };
  await move("closed");
  const statuses = await ratifyAllOverHttp(committee, slug, "Equal votes: the committee chose by the evidence.");
  if (statuses.some((status) => status !== 302)) throw new Error(`ratifying ${slug} answered ${statuses.join(", ")}`);
  await move("published");
  return slug;
}
