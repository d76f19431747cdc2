import { describe, expect, test } from "vitest";
import { dueMove, nextPhase, phases, scheduleOutOfOrder, whyCannotMove, type Schedule } from "../../app/domain/campaigns/life-cycle";
import { fromLocalDateTime, toLocalDateTime } from "../../app/domain/campaigns/schema";

const noSchedule: Schedule = { nominating: null, reviewing: null, voting: null, closed: null, published: null };

describe("the campaign life cycle", () => {
  test("runs draft → nominating → reviewing → voting → closed → published", () => {
    expect(phases).toEqual(["draft", "nominating", "reviewing", "voting", "closed", "published"]);
    expect(phases.map(nextPhase)).toEqual(["nominating", "reviewing", "voting", "closed", "published", null]);
  });

  const ready = { unratified: 0, publicityEndsAt: new Date("2026-11-20T00:00:00Z"), openObjections: 0, now: new Date("2026-11-25T00:00:00Z") };

  test("every single step forward is allowed once the campaign offers a title (and, to publish, the results are ready)", () => {
    for (const from of phases.slice(0, -1)) expect(whyCannotMove(from, nextPhase(from)!, { titles: 1, results: ready })).toBeNull();
  });

  test("a campaign is published only when every title is ratified, the publicity period is over and no objection is open", () => {
    expect(whyCannotMove("closed", "published", { titles: 1 })).toBe("campaigns.move.notRatified");
    expect(whyCannotMove("closed", "published", { titles: 1, results: { ...ready, unratified: 1 } })).toBe("campaigns.move.notRatified");
    expect(whyCannotMove("closed", "published", { titles: 1, results: { ...ready, publicityEndsAt: new Date("2026-11-25T00:00:01Z") } })).toBe(
      "campaigns.move.publicity",
    );
    expect(whyCannotMove("closed", "published", { titles: 1, results: { ...ready, publicityEndsAt: ready.now } })).toBeNull();
    expect(whyCannotMove("closed", "published", { titles: 1, results: { ...ready, publicityEndsAt: null } })).toBeNull();
    expect(whyCannotMove("closed", "published", { titles: 1, results: { ...ready, openObjections: 2 } })).toBe("campaigns.move.objections");
  });

  test("a campaign cannot leave draft without a title", () => {
    expect(whyCannotMove("draft", "nominating", { titles: 0 })).toBe("campaigns.move.noTitles");
  });

  test("skipping, going back, staying and unknown phases are refused with the reason", () => {
    expect(whyCannotMove("draft", "reviewing", { titles: 1 })).toBe("campaigns.move.skip");
    expect(whyCannotMove("nominating", "published", { titles: 1 })).toBe("campaigns.move.skip");
    expect(whyCannotMove("voting", "nominating", { titles: 1 })).toBe("campaigns.move.backwards");
    expect(whyCannotMove("published", "draft", { titles: 1 })).toBe("campaigns.move.backwards");
    expect(whyCannotMove("reviewing", "reviewing", { titles: 1 })).toBe("campaigns.move.same");
    expect(whyCannotMove("published", "published", { titles: 1 })).toBe("campaigns.move.same");
    expect(whyCannotMove("draft", "archived", { titles: 1 })).toBe("campaigns.move.unknownPhase");
  });

  test("a phase is due when its scheduled time has come, and only the next one", () => {
    const now = new Date("2026-11-01T00:00:00Z");
    const past = new Date("2026-10-01T00:00:00Z");
    const future = new Date("2026-12-01T00:00:00Z");
    expect(dueMove("draft", { ...noSchedule, nominating: past }, now)).toBe("nominating");
    expect(dueMove("draft", { ...noSchedule, nominating: now }, now)).toBe("nominating");
    expect(dueMove("draft", { ...noSchedule, nominating: future }, now)).toBeNull();
    // The voting time has come, but reviewing has not opened: nothing skips a phase.
    expect(dueMove("nominating", { ...noSchedule, voting: past }, now)).toBeNull();
    expect(dueMove("published", { ...noSchedule, published: past }, now)).toBeNull();
  });

  test("a schedule must open each phase after the one before it (empty times are skipped)", () => {
    const d = (s: string) => new Date(s);
    expect(scheduleOutOfOrder({ ...noSchedule, nominating: d("2026-10-01"), voting: d("2026-11-01") })).toBeNull();
    expect(scheduleOutOfOrder({ ...noSchedule, nominating: d("2026-10-01"), reviewing: d("2026-09-01") })).toBe("reviewing");
    expect(scheduleOutOfOrder({ ...noSchedule, reviewing: d("2026-10-01"), closed: d("2026-10-01") })).toBe("closed");
  });

  test("scheduled times are wall-clock times in China Standard Time", () => {
    expect(fromLocalDateTime("2026-10-01T09:00")?.toISOString()).toBe("2026-10-01T01:00:00.000Z");
    expect(toLocalDateTime(new Date("2026-10-01T01:00:00Z"))).toBe("2026-10-01T09:00");
    expect(fromLocalDateTime(undefined)).toBeNull();
  });
});
