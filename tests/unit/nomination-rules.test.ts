import { parseWithZod } from "@conform-to/zod/v4";
import { describe, expect, test } from "vitest";
import type { CampaignStatus, NominationStatus } from "../../db/schema";
import type { RoleGrant, User } from "../../app/domain/auth/user";
import {
  decisions,
  mayRead,
  nominationStatuses,
  publicStatuses,
  recusalOf,
  whyCannotEdit,
  whyCannotNominate,
  whyCannotReview,
} from "../../app/domain/nominations/rules";
import { limits, nominationInput, nominationSchema, reviewSchema, type NominationForm } from "../../app/domain/nominations/schema";

// The org tree of these examples: company 1 → centre 2 → teams 4 and 5.
const phases: CampaignStatus[] = ["draft", "nominating", "reviewing", "voting", "closed", "published"];
const grant = (role: RoleGrant["role"], unit: number | null = null, path: string | null = null): RoleGrant => ({
  role,
  orgUnitId: unit,
  orgCode: unit ? `U${unit}` : null,
  orgPath: path,
});
const person = (id: number, orgUnitId: number, roles: RoleGrant[]): User => ({
  id,
  employeeNo: `GD${id}`,
  name: `人${id}`,
  locale: null,
  orgUnitId,
  roles,
});

const manager = person(1, 4, [grant("staff"), grant("manager", 4, "/1/2/4/")]);
const otherManager = person(2, 5, [grant("staff"), grant("manager", 5, "/1/2/5/")]);
const committee = person(3, 9, [grant("staff"), grant("committee")]);
const admin = person(4, 1, [grant("admin"), grant("staff")]);
const staff = person(5, 4, [grant("staff")]);
const alice = { personId: 10, orgUnitId: 4 };
const carol = { personId: 11, orgUnitId: 5 };

describe("who may start a nomination", () => {
  test("a manager, while the campaign takes nominations", () => {
    expect(whyCannotNominate(manager, "nominating")).toBeNull();
  });

  test("in any other phase it is closed", () => {
    for (const phase of phases.filter((p) => p !== "nominating")) {
      expect(whyCannotNominate(manager, phase)).toBe("nominations.nominate.closed");
    }
  });

  test("staff, the committee and administrators are not managers, whatever the phase", () => {
    for (const who of [staff, committee, admin]) {
      for (const phase of phases) expect(whyCannotNominate(who, phase)).toBe("nominations.nominate.notManager");
    }
  });
});

describe("who may change a nomination, by status and campaign phase", () => {
  // For the nominator: what each status allows in each phase (null: may edit).
  const expected: Record<NominationStatus, Record<CampaignStatus, string | null>> = {
    draft: {
      draft: "nominations.nominate.closed",
      nominating: null,
      reviewing: "nominations.nominate.closed",
      voting: "nominations.nominate.closed",
      closed: "nominations.nominate.closed",
      published: "nominations.nominate.closed",
    },
    returned: {
      draft: "nominations.edit.reviewOver",
      nominating: null,
      reviewing: null,
      voting: "nominations.edit.reviewOver",
      closed: "nominations.edit.reviewOver",
      published: "nominations.edit.reviewOver",
    },
    submitted: Object.fromEntries(phases.map((p) => [p, "nominations.edit.notEditable"])) as Record<CampaignStatus, string>,
    approved: Object.fromEntries(phases.map((p) => [p, "nominations.edit.notEditable"])) as Record<CampaignStatus, string>,
    rejected: Object.fromEntries(phases.map((p) => [p, "nominations.edit.notEditable"])) as Record<CampaignStatus, string>,
    winner: Object.fromEntries(phases.map((p) => [p, "nominations.edit.notEditable"])) as Record<CampaignStatus, string>,
    not_selected: Object.fromEntries(phases.map((p) => [p, "nominations.edit.notEditable"])) as Record<CampaignStatus, string>,
  };

  test.each(nominationStatuses)("the nominator, a %s nomination, in every phase", (status) => {
    for (const phase of phases) {
      expect([phase, whyCannotEdit(manager, { nominatorId: manager.id, status }, phase)]).toEqual([phase, expected[status][phase]]);
    }
  });

  test("nobody but the nominator, not even an administrator or another manager, in any status or phase", () => {
    for (const who of [otherManager, admin, committee, staff]) {
      for (const status of nominationStatuses) {
        for (const phase of phases) expect(whyCannotEdit(who, { nominatorId: manager.id, status }, phase)).toBe("nominations.edit.notYours");
      }
    }
  });
});

describe("recusal: a committee member stays out of decisions about themself, their own nominations and their own unit", () => {
  test("the nominee", () => {
    const member = person(alice.personId, 4, [grant("committee")]);
    expect(recusalOf(member, { nominatorId: manager.id, nominees: [alice] })).toBe("nominations.recused.nominee");
  });

  test("the nominee comes first, even when they also nominated and share the unit", () => {
    const member = person(alice.personId, 4, [grant("committee"), grant("manager", 4, "/1/2/4/")]);
    expect(recusalOf(member, { nominatorId: member.id, nominees: [alice] })).toBe("nominations.recused.nominee");
  });

  test("the nominator", () => {
    const member = person(7, 5, [grant("committee"), grant("manager", 4, "/1/2/4/")]);
    expect(recusalOf(member, { nominatorId: 7, nominees: [alice] })).toBe("nominations.recused.nominator");
  });

  test("a colleague in a nominee's unit, also when only one member of a team is theirs", () => {
    const member = person(8, 5, [grant("committee")]);
    expect(recusalOf(member, { nominatorId: manager.id, nominees: [carol] })).toBe("nominations.recused.sameUnit");
    expect(recusalOf(member, { nominatorId: manager.id, nominees: [alice, carol] })).toBe("nominations.recused.sameUnit");
  });

  test("anyone else decides", () => {
    expect(recusalOf(committee, { nominatorId: manager.id, nominees: [alice, carol] })).toBeNull();
  });
});

describe("who may decide on a nomination", () => {
  const submitted = { nominatorId: manager.id, status: "submitted" as const, nominees: [alice] };

  test("a committee member decides submitted nominations while nominating or reviewing", () => {
    expect(whyCannotReview(committee, submitted, "nominating")).toBeNull();
    expect(whyCannotReview(committee, submitted, "reviewing")).toBeNull();
  });

  test("someone not on the committee, administrators included, is refused first", () => {
    for (const who of [admin, manager, staff]) {
      for (const phase of phases) expect(whyCannotReview(who, submitted, phase)).toBe("nominations.review.notCommittee");
    }
  });

  test("before nominations open and once voting starts, review is closed (whatever the status)", () => {
    for (const phase of ["draft", "voting", "closed", "published"] as const) {
      for (const status of nominationStatuses) {
        expect(whyCannotReview(committee, { ...submitted, status }, phase)).toBe("nominations.review.closed");
      }
    }
  });

  test("only a submitted nomination waits for a decision", () => {
    for (const status of nominationStatuses.filter((s) => s !== "submitted")) {
      expect(whyCannotReview(committee, { ...submitted, status }, "reviewing")).toBe("nominations.review.notSubmitted");
    }
  });

  test("a recused member gets the reason of their recusal", () => {
    const colleague = person(8, 4, [grant("committee")]);
    expect(whyCannotReview(colleague, submitted, "reviewing")).toBe("nominations.recused.sameUnit");
    expect(whyCannotReview(person(alice.personId, 4, [grant("committee")]), submitted, "reviewing")).toBe("nominations.recused.nominee");
    expect(whyCannotReview(person(manager.id, 4, [grant("committee")]), submitted, "nominating")).toBe("nominations.recused.nominator");
  });

  test("the decisions and the status each leads to", () => {
    expect(decisions).toEqual({ approve: "approved", return: "returned", reject: "rejected" });
  });
});

describe("who may read a nomination, by role, status and phase", () => {
  const decided = new Set<NominationStatus>(["approved", "winner", "not_selected"]);
  const publicPhase = new Set<CampaignStatus>(["voting", "closed", "published"]);

  test.each([
    ["the nominator", manager],
    ["a committee member", committee],
    ["an administrator", admin],
  ])("%s always", (_who, user) => {
    for (const status of nominationStatuses) {
      for (const phase of phases) expect(mayRead(user, { nominatorId: manager.id, status }, phase)).toBe(true);
    }
  });

  test.each([
    ["staff", staff],
    ["another manager", otherManager],
  ])("%s: only approved (and later) nominations, once voting has opened", (_who, user) => {
    for (const status of nominationStatuses) {
      for (const phase of phases) {
        const expected = decided.has(status) && publicPhase.has(phase);
        expect([status, phase, mayRead(user, { nominatorId: manager.id, status }, phase)]).toEqual([status, phase, expected]);
      }
    }
  });

  test("drafts, submitted, returned and rejected nominations stay with the nominator, committee and administrators", () => {
    for (const status of ["draft", "submitted", "returned", "rejected"] as const) {
      expect(mayRead(staff, { nominatorId: manager.id, status }, "published")).toBe(false);
    }
  });

  test("the statuses public in each phase", () => {
    for (const phase of ["draft", "nominating", "reviewing"] as const) expect(publicStatuses(phase)).toEqual([]);
    for (const phase of ["voting", "closed", "published"] as const) {
      expect([...publicStatuses(phase)].sort()).toEqual(["approved", "not_selected", "winner"]);
    }
  });

  test("publicStatuses answers a new list each time (callers may change it)", () => {
    const a = publicStatuses("voting");
    a.push("draft");
    expect(publicStatuses("voting")).not.toContain("draft");
  });
});

// ---- the form schema ------------------------------------------------------------

/** A form post: repeated values for arrays of plain values. */
function post(fields: Record<string, string | string[]>): FormData {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) for (const x of Array.isArray(v) ? v : [v]) f.append(k, x);
  return f;
}

/** What the nomination form posts for Alice with the star title's two template rows, the second left blank. */
const aliceForm = (over: Record<string, string | string[]> = {}) =>
  post({
    title: "best-service-star",
    "nominees[0]": "GD0001",
    citation: "  一年两万通电话，零投诉。  ",
    "metrics[0].templateId": "11",
    "metrics[0].name": "客户满意度",
    "metrics[0].unit": "%",
    "metrics[0].direction": "higher",
    "metrics[0].target": "98",
    "metrics[0].value": "98.6",
    "metrics[0].period": "2026年第三季度",
    "metrics[1].templateId": "12",
    "metrics[1].name": "平均处理时长",
    "metrics[1].unit": "秒",
    "metrics[1].direction": "lower",
    "metrics[1].target": "300",
    "stories[0].heading": "台风夜的回电",
    "stories[0].body": "她下班后三次回电确认抢修进度。",
    "stories[0].principles": ["difference", "relationships"],
    ...over,
  });

function parsed(data: FormData) {
  return parseWithZod(data, { schema: nominationSchema });
}
function valueOf(data: FormData): NominationForm {
  const s = parsed(data);
  if (s.status !== "success") throw new Error(`expected the form to pass: ${JSON.stringify(s.error)}`);
  return s.value;
}
function errorsOf(data: FormData) {
  const s = parsed(data);
  if (s.status === "success") throw new Error("expected the form to be refused");
  expect(s.status).toBe("error");
  return s.error ?? {};
}

describe("the nomination form", () => {
  test("a filled-in form becomes the input the domain stores: trimmed, the untouched template row dropped", () => {
    const input = nominationInput(valueOf(aliceForm()));
    expect(input).toEqual({
      titleSlug: "best-service-star",
      kind: "individual",
      teamName: null,
      nominees: ["GD0001"],
      citation: "一年两万通电话，零投诉。",
      metrics: [
        {
          templateId: 11,
          name: "客户满意度",
          value: 98.6,
          unit: "%",
          period: "2026年第三季度",
          target: 98,
          baseline: null,
          direction: "higher",
          source: "",
        },
      ],
      stories: [
        { heading: "台风夜的回电", body: "她下班后三次回电确认抢修进度。", principles: ["difference", "relationships"], quote: null, quoteBy: null },
      ],
      photos: [],
    });
  });

  test("saving is the default intent; submit is asked for", () => {
    expect(valueOf(aliceForm()).intent).toBe("save");
    expect(valueOf(aliceForm({ intent: "submit" })).intent).toBe("submit");
    expect(errorsOf(aliceForm({ intent: "publish" }))).toHaveProperty(["intent"]);
  });

  test("a title is required", () => {
    expect(errorsOf(aliceForm({ title: "  " }))).toMatchObject({ title: ["nominations.title.required"] });
  });

  test("a template row with a value but no period is refused at that row", () => {
    const data = aliceForm();
    data.delete("metrics[0].period");
    expect(errorsOf(data)).toEqual({ "metrics[0].period": ["nominations.metric.period.required"] });
  });

  test("a template row with a period but no value is refused too", () => {
    const data = aliceForm({ "metrics[1].period": "2026年第三季度" });
    expect(errorsOf(data)).toEqual({ "metrics[1].value": ["nominations.metric.value.required"] });
  });

  test("a free row (no template) with only a name needs its value, period and direction", () => {
    const errors = errorsOf(aliceForm({ "metrics[2].name": "表扬信" }));
    expect(errors).toEqual({
      "metrics[2].value": ["nominations.metric.value.required"],
      "metrics[2].period": ["nominations.metric.period.required"],
      "metrics[2].direction": ["nominations.metric.direction.required"],
    });
  });

  test("a free row left empty is dropped", () => {
    const input = nominationInput(valueOf(aliceForm({ "metrics[2].name": "", "metrics[2].value": "", "metrics[2].period": "" })));
    expect(input.metrics).toHaveLength(1);
  });

  test("a value that is not a number is refused", () => {
    expect(errorsOf(aliceForm({ "metrics[0].value": "九十八" }))).toMatchObject({ "metrics[0].value": ["nominations.metric.number"] });
  });

  test("a citation of 200 characters is fine; 201 is refused", () => {
    expect(valueOf(aliceForm({ citation: "好".repeat(limits.citation) })).citation).toHaveLength(200);
    expect(errorsOf(aliceForm({ citation: "好".repeat(limits.citation + 1) }))).toEqual({ citation: ["nominations.citation.tooLong"] });
  });

  test("somebody must be named", () => {
    expect(errorsOf(aliceForm({ "nominees[0]": "" }))).toEqual({ nominees: ["nominations.nominee.required"] });
  });

  test("an individual nomination with two names is refused", () => {
    expect(errorsOf(aliceForm({ "nominees[1]": "GD0002" }))).toEqual({ nominees: ["nominations.nominee.onlyOne"] });
  });

  test("a team needs a name; with one it is put forward with all its members", () => {
    const team = { kind: "team", "nominees[1]": "GD0002", "nominees[2]": "", "nominees[3]": "陈芳" };
    expect(errorsOf(aliceForm(team))).toEqual({ teamName: ["nominations.team.name.required"] });
    const input = nominationInput(valueOf(aliceForm({ ...team, teamName: " 投诉处理班 " })));
    expect(input).toMatchObject({ kind: "team", teamName: "投诉处理班", nominees: ["GD0001", "GD0002", "陈芳"] });
  });

  test("a team name typed for an individual nomination is not kept", () => {
    expect(nominationInput(valueOf(aliceForm({ teamName: "投诉处理班" }))).teamName).toBeNull();
  });

  test("a team of ten is fine; eleven is refused", () => {
    const names = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`nominees[${i}]`, `GD${1000 + i}`]));
    expect(valueOf(aliceForm({ kind: "team", teamName: "班组", ...names(10) })).nominees).toHaveLength(10);
    expect(errorsOf(aliceForm({ kind: "team", teamName: "班组", ...names(11) }))).toMatchObject({ nominees: ["nominations.team.tooLarge"] });
  });

  test("a story with a heading but no text is refused; a blank story is dropped", () => {
    expect(errorsOf(aliceForm({ "stories[0].body": "   " }))).toEqual({ "stories[0].body": ["evidence.story.empty"] });
    const input = nominationInput(valueOf(aliceForm({ "stories[1].heading": "", "stories[1].body": "  " })));
    expect(input.stories).toHaveLength(1);
  });

  test("a quote needs its words before whom it is by", () => {
    expect(errorsOf(aliceForm({ "stories[0].quoteBy": "黄婆婆" }))).toEqual({ "stories[0].quote": ["nominations.story.quote.required"] });
    const input = nominationInput(valueOf(aliceForm({ "stories[0].quote": "她比我女儿还上心。", "stories[0].quoteBy": "黄婆婆" })));
    expect(input.stories[0]).toMatchObject({ quote: "她比我女儿还上心。", quoteBy: "黄婆婆" });
  });

  test("only the four Fred principles are tags, each kept once", () => {
    expect(errorsOf(aliceForm({ "stories[0].principles": ["difference", "kindness"] }))).toHaveProperty(["stories[0].principles[1]"]);
    const input = nominationInput(valueOf(aliceForm({ "stories[0].principles": ["value", "value", "reinvent"] })));
    expect(input.stories[0].principles).toEqual(["value", "reinvent"]);
  });

  test("removed photos are dropped; the rest keep their order and captions", () => {
    const input = nominationInput(
      valueOf(
        aliceForm({
          "photos[0].mediaId": "7",
          "photos[0].caption": "台风夜",
          "photos[1].mediaId": "8",
          "photos[1].remove": "on",
          "photos[2].mediaId": "9",
        }),
      ),
    );
    expect(input.photos).toEqual([
      { mediaId: 7, caption: "台风夜" },
      { mediaId: 9, caption: "" },
    ]);
  });

  test("six photos are kept; a seventh is refused unless one is removed", () => {
    const photos = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`photos[${i}].mediaId`, String(i + 1)]));
    expect(nominationInput(valueOf(aliceForm(photos(6)))).photos).toHaveLength(6);
    expect(errorsOf(aliceForm(photos(7)))).toEqual({ photos: ["nominations.photos.tooMany"] });
    expect(nominationInput(valueOf(aliceForm({ ...photos(7), "photos[3].remove": "on" }))).photos.map((p) => p.mediaId)).toEqual([1, 2, 3, 5, 6, 7]);
  });

  test("nominationInput leaves out blank names", () => {
    const input = nominationInput({ ...valueOf(aliceForm()), kind: "team", teamName: "班组", nominees: ["", "GD1", undefined, "GD2"] });
    expect(input.nominees).toEqual(["GD1", "GD2"]);
  });
});

describe("the committee's decision form", () => {
  const decide = (fields: Record<string, string>) => parseWithZod(post(fields), { schema: reviewSchema });

  test("approving needs no comment", () => {
    expect(decide({ decision: "approve" })).toMatchObject({ status: "success", value: { decision: "approve" } });
  });

  test("returning needs a comment for the manager", () => {
    expect(decide({ decision: "return", comment: "  " })).toMatchObject({
      status: "error",
      error: { comment: ["nominations.review.comment.returnRequired"] },
    });
    expect(decide({ decision: "return", comment: "请补充第三季度的满意度来源。" })).toMatchObject({ status: "success" });
  });

  test("rejecting needs a reason", () => {
    expect(decide({ decision: "reject" })).toMatchObject({ status: "error", error: { comment: ["nominations.review.comment.rejectRequired"] } });
  });

  test("a decision must be one of the three; a comment has at most 1000 characters", () => {
    expect(decide({ decision: "maybe" })).toMatchObject({ status: "error", error: { decision: ["nominations.review.decision.required"] } });
    expect(decide({ decision: "reject", comment: "长".repeat(1001) })).toMatchObject({
      status: "error",
      error: { comment: ["nominations.review.comment.tooLong"] },
    });
  });
});
