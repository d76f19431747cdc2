import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Db } from "../../db/client";
import { setCampaignCaps } from "../../app/domain/campaigns/caps.server";
import { resultsFor } from "../../app/domain/results/results.server";
import { createTestDb, type TestDb } from "../support/db";
import { moveTo, ratifyAll } from "../support/nominations";
import { value } from "../support/result";
import { givenVotingCampaign, type VotingCampaign } from "../support/voting";

// The campaign's caps on who is honoured (decision 0052): set by an
// administrator, audited; the ratification page warns the committee when the
// winners on the table break them, and ratifying still works.

let t: TestDb;
let db: Db;
beforeAll(async () => {
  t = await createTestDb();
  db = t.db;
});
afterAll(() => t.close());

const setPost = (w: VotingCampaign, who: "alice" | "bob" | "carol", post: "frontline" | "management" | "support" | null) =>
  db.updateTable("people").set({ post }).where("id", "=", w[who].id).execute();

const capsAudit = (w: VotingCampaign) =>
  db
    .selectFrom("audit_log")
    .select(["action", "before", "after"])
    .where("subject_id", "=", w.slug)
    .where("action", "=", "campaign.caps_set")
    .execute();

describe("setting the caps", () => {
  test("an administrator sets them (empty for none), audited with before and after; others are refused and nothing changes", async () => {
    const w = await givenVotingCampaign(db);
    expect(await setCampaignCaps(db, w.committee, w.slug, { managementCapPercent: 10, frontlineMinPercent: 60 })).toEqual({
      ok: false,
      error: "common.forbidden",
      status: 403,
    });
    expect(await setCampaignCaps(db, w.admin, w.slug, { managementCapPercent: 101, frontlineMinPercent: 60 })).toMatchObject({
      ok: false,
      error: "campaigns.caps.invalid",
    });
    expect(await capsAudit(w)).toEqual([]);

    value(await setCampaignCaps(db, w.admin, w.slug, { managementCapPercent: 25, frontlineMinPercent: null }));
    const row = await db
      .selectFrom("campaigns")
      .select(["management_cap_percent", "frontline_min_percent"])
      .where("id", "=", w.campaignId)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ management_cap_percent: 25, frontline_min_percent: null });
    expect(await capsAudit(w)).toMatchObject([
      {
        before: { managementCapPercent: 20, frontlineMinPercent: 50 },
        after: { managementCapPercent: 25, frontlineMinPercent: null },
      },
    ]);
    // The same values again: nothing to audit.
    value(await setCampaignCaps(db, w.admin, w.slug, { managementCapPercent: 25, frontlineMinPercent: null }));
    expect(await capsAudit(w)).toHaveLength(1);
  });

  test("once the roll is published the caps no longer change", async () => {
    const w = await givenVotingCampaign(db);
    await moveTo(db, w, "published");
    expect(await setCampaignCaps(db, w.admin, w.slug, { managementCapPercent: 30, frontlineMinPercent: 50 })).toMatchObject({
      ok: false,
      error: "campaigns.caps.published",
      status: 409,
    });
  });
});

describe("the ratification page's warning", () => {
  test("counts the individual winners on the table, each once, names the unknown posts and counts the team apart", async () => {
    // On the table: star top 3 (Alice, Bob, Carol; no votes, three seats) and
    // model's two seats (the team of Bob and Carol, and Alice alone).
    const w = await givenVotingCampaign(db, { phase: "closed" });
    await setPost(w, "alice", "management");
    await setPost(w, "bob", "management");
    await setPost(w, "carol", null);
    const page = value(await resultsFor(db, w.committee, w.slug));
    expect(page.caps).toEqual({
      caps: { managementCapPercent: 20, frontlineMinPercent: 50 },
      individuals: 3,
      management: 2,
      frontline: 0,
      unknown: ["黄伟"],
      teams: 1,
      teamMembers: 2,
      managementOver: true,
      frontlineUnder: true,
    });
    // Administrators see it too; a manager and a staff member do not.
    expect(value(await resultsFor(db, w.admin, w.slug)).caps).toMatchObject({ managementOver: true });
    expect(value(await resultsFor(db, w.manager, w.slug)).caps).toBeNull();
    expect(value(await resultsFor(db, w.alice, w.slug)).caps).toBeNull();
  });

  test("within the caps, no warning; a warning never stops the committee from ratifying", async () => {
    const w = await givenVotingCampaign(db, { phase: "closed" });
    await setPost(w, "alice", "frontline");
    await setPost(w, "bob", "management");
    await setPost(w, "carol", "frontline");
    value(await setCampaignCaps(db, w.admin, w.slug, { managementCapPercent: 40, frontlineMinPercent: 50 }));
    expect(value(await resultsFor(db, w.committee, w.slug)).caps).toMatchObject({
      management: 1,
      frontline: 2,
      managementOver: false,
      frontlineUnder: false,
    });

    value(await setCampaignCaps(db, w.admin, w.slug, { managementCapPercent: 20, frontlineMinPercent: 80 }));
    expect(value(await resultsFor(db, w.committee, w.slug)).caps).toMatchObject({ managementOver: true, frontlineUnder: true });
    await ratifyAll(db, w);
    const winners = await db.selectFrom("winners").select("nomination_id").where("campaign_id", "=", w.campaignId).execute();
    expect(winners).toHaveLength(5);
    // Ratified: counted from the winners as stored.
    expect(value(await resultsFor(db, w.committee, w.slug)).caps).toMatchObject({ individuals: 3, teams: 1, managementOver: true });
  });
});
