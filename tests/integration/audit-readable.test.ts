import { afterAll, beforeAll, expect, test } from "vitest";
import { audit, listAudit } from "../../app/domain/audit/audit.server";
import { castBallot } from "../../app/domain/voting/casting.server";
import { createTestDb, type TestDb } from "../support/db";
import { value } from "../support/result";
import { choose, givenVotingCampaign, type VotingCampaign } from "../support/voting";

// The audit log names who and what each entry is about, with links, and shows
// its before and after as the fields that changed (issue 14, item 14).

let t: TestDb;
let w: VotingCampaign;
beforeAll(async () => {
  t = await createTestDb();
  w = await givenVotingCampaign(t.db);
  value(await castBallot(t.db, w.carol, w.slug, choose(w, [w.starAlice])));
  await audit(t.db, w.alice, { action: "auth.signed_in", subjectType: "person", subjectId: w.alice.id });
});
afterAll(() => t.close());

const rowsOf = async (filter: Parameters<typeof listAudit>[2]) => value(await listAudit(t.db, w.admin, filter)).rows;

test("a person is named with their employee number and linked to their page, whether the entry kept the number or the id", async () => {
  const [signedIn] = await rowsOf({ action: "auth.signed_in" });
  expect(signedIn.subject).toEqual({
    type: "person",
    id: String(w.alice.id),
    name: { nameZh: w.alice.name, nameEn: w.alice.name },
    detail: w.alice.employeeNo,
    href: `/admin/people/${w.alice.employeeNo}`,
  });
  expect(signedIn).toMatchObject({ actorName: w.alice.name, actorNo: w.alice.employeeNo });
});

test("a campaign by its name in both languages, linked; a ballot names the campaign, never the choice", async () => {
  const [created] = await rowsOf({ action: "campaign.created" });
  expect(created.subject).toMatchObject({
    type: "campaign",
    name: { nameZh: "2026年第四季度服务之星", nameEn: "2026 Q4 Service Stars" },
    href: `/campaigns/${w.slug}`,
  });
  expect(created.changes.map((c) => c.path.join("."))).toContain("committeeQuorum");
  expect(created.changes.every((c) => c.before.kind === "none")).toBe(true);
  const [ballot] = await rowsOf({ action: "ballot.cast" });
  expect(ballot.subject).toMatchObject({ type: "campaign", name: { nameZh: "2026年第四季度服务之星" }, href: `/campaigns/${w.slug}` });
  // That Carol voted for the star title, not for whom: the entry names no nomination.
  expect(ballot.changes.map((c) => c.path.join("."))).toEqual(["title", "campaign"]);
  expect(JSON.stringify(ballot.changes)).not.toMatch(/nomination/);
});

test("a nomination by its nominees, linked to its page; a review's change of status as before and after", async () => {
  const approved = await rowsOf({ action: "nomination.approved", subject: String(w.starBob) });
  expect(approved[0].subject).toMatchObject({
    type: "nomination",
    name: { nameZh: w.bob.name },
    detail: `#${w.starBob}`,
    href: `/campaigns/${w.slug}/nominations/${w.starBob}`,
  });
  expect(approved[0].changes.find((c) => c.path.join() === "status")).toEqual({
    path: ["status"],
    before: { kind: "text", text: "submitted" },
    after: { kind: "text", text: "approved" },
  });
});

test("one entry by its number, as the chain check links to it", async () => {
  const [any] = await rowsOf({ action: "ballot.cast" });
  const only = value(await listAudit(t.db, w.admin, { entry: any.id }));
  expect(only.total).toBe(1);
  expect(only.rows.map((r) => r.id)).toEqual([any.id]);
});
