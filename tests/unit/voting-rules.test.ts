import { parseWithZod } from "@conform-to/zod/v4";
import { describe, expect, test } from "vitest";
import type { CampaignStatus } from "../../db/schema";
import {
  receiptCode,
  recountFrom,
  refusalStatus,
  whyCannotVote,
  whyCannotVoteIn,
  type BallotFacts,
  type ChosenNomination,
  type VoteRefusal,
} from "../../app/domain/voting/rules";
import { ballotInput, ballotSchema, maxChoices } from "../../app/domain/voting/schema";
import { fieldMessage } from "../../app/i18n";

// The org tree of these examples: company 1 → centre 2 (the campaign's scope) → team 4; branch 3 outside.
const campaign = { id: 7, status: "voting" as CampaignStatus, unitPath: "/1/2/", mayChangeBallot: true, closesAt: null as Date | null };
const now = new Date("2026-12-20T10:00:00Z");
const voter = { id: 10, active: true, staff: true, unitPath: "/1/2/4/" };
const star = 1;
const model = 2;
const nomination = (id: number, over: Partial<ChosenNomination> = {}): ChosenNomination => ({
  id,
  campaignId: 7,
  titleId: star,
  status: "approved",
  nomineeIds: [100 + id],
  ...over,
});
const nominations = new Map([1, 2, 3].map((id) => [id, nomination(id)]));

function facts(over: Partial<BallotFacts> = {}): BallotFacts {
  return { campaign, titleId: star, votesPerVoter: 2, voter, chosen: [1], nominations, current: 0, basedOn: 0, now, ...over };
}

describe("when voting is open", () => {
  test("before the vote opens it is not open yet", () => {
    for (const status of ["draft", "nominating", "reviewing"] as CampaignStatus[]) {
      expect(whyCannotVote(facts({ campaign: { ...campaign, status } }))).toBe("voting.notOpen");
    }
  });
  test("after it, closed", () => {
    for (const status of ["closed", "published"] as CampaignStatus[]) {
      expect(whyCannotVote(facts({ campaign: { ...campaign, status } }))).toBe("voting.closed");
    }
  });
  test("while it is open, a valid ballot is allowed", () => {
    expect(whyCannotVote(facts())).toBeNull();
    expect(whyCannotVoteIn(campaign, voter, now)).toBeNull();
  });
  test("a scheduled close counts from its moment, before the scheduler moves the campaign on", () => {
    const at = (iso: string) => ({ ...campaign, closesAt: new Date(iso) });
    expect(whyCannotVote(facts({ campaign: at("2026-12-20T10:00:01Z") }))).toBeNull();
    expect(whyCannotVote(facts({ campaign: at("2026-12-20T10:00:00Z") }))).toBe("voting.closed");
    expect(whyCannotVote(facts({ campaign: at("2026-12-19T00:00:00Z") }))).toBe("voting.closed");
  });
});

describe("who votes", () => {
  test("someone who left the company is not eligible", () => {
    expect(whyCannotVote(facts({ voter: { ...voter, active: false } }))).toBe("voting.notEligible");
  });
  test("an account without the staff role is not eligible", () => {
    expect(whyCannotVote(facts({ voter: { ...voter, staff: false } }))).toBe("voting.notEligible");
  });
  test("staff outside the campaign's scope are not eligible, a sibling whose path shares a prefix included", () => {
    expect(whyCannotVote(facts({ voter: { ...voter, unitPath: "/1/3/" } }))).toBe("voting.notEligible");
    expect(whyCannotVote(facts({ voter: { ...voter, unitPath: "/1/" } }))).toBe("voting.notEligible");
    expect(whyCannotVote(facts({ voter: { ...voter, unitPath: "/1/22/" } }))).toBe("voting.notEligible");
  });
  test("staff in the scope unit itself or any unit below it vote", () => {
    expect(whyCannotVote(facts({ voter: { ...voter, unitPath: "/1/2/" } }))).toBeNull();
    expect(whyCannotVote(facts({ voter: { ...voter, unitPath: "/1/2/4/9/" } }))).toBeNull();
  });
  test("the phase is told before eligibility: nobody learns whether they may vote in a closed campaign", () => {
    expect(whyCannotVote(facts({ campaign: { ...campaign, status: "closed" }, voter: { ...voter, active: false } }))).toBe("voting.closed");
  });
});

describe("what a ballot may hold", () => {
  test("a title the campaign does not offer", () => {
    expect(whyCannotVote(facts({ titleId: null }))).toBe("voting.title.unknown");
  });
  test("up to the title's K choices; more is refused", () => {
    expect(whyCannotVote(facts({ chosen: [1, 2] }))).toBeNull();
    expect(whyCannotVote(facts({ chosen: [1, 2, 3] }))).toBe("voting.tooMany");
    expect(whyCannotVote(facts({ chosen: [1, 2], votesPerVoter: 1 }))).toBe("voting.tooMany");
  });
  test("an empty ballot (abstain, or withdraw every choice) is allowed", () => {
    expect(whyCannotVote(facts({ chosen: [] }))).toBeNull();
  });
  test("the same nomination twice", () => {
    expect(whyCannotVote(facts({ chosen: [1, 1] }))).toBe("voting.duplicate");
  });
  test("a nomination that is not approved, unknown, of another title or of another campaign is not on the ballot", () => {
    for (const status of ["draft", "submitted", "returned", "rejected", "winner", "not_selected"] as const) {
      expect(whyCannotVote(facts({ nominations: new Map([[1, nomination(1, { status })]]) })), status).toBe("voting.notOnBallot");
    }
    expect(whyCannotVote(facts({ chosen: [99] }))).toBe("voting.notOnBallot");
    expect(whyCannotVote(facts({ nominations: new Map([[1, nomination(1, { titleId: model })]]) }))).toBe("voting.notOnBallot");
    expect(whyCannotVote(facts({ nominations: new Map([[1, nomination(1, { campaignId: 8 })]]) }))).toBe("voting.notOnBallot");
  });
  test("nobody votes for themself, alone or in a team", () => {
    expect(whyCannotVote(facts({ nominations: new Map([[1, nomination(1, { nomineeIds: [10] })]]) }))).toBe("voting.self");
    expect(
      whyCannotVote(
        facts({
          chosen: [2, 1],
          nominations: new Map([
            [1, nomination(1, { nomineeIds: [30, 10, 31] })],
            [2, nomination(2)],
          ]),
        }),
      ),
    ).toBe("voting.self");
  });
});

describe("changing a ballot", () => {
  test("allowed by default, from the current version", () => {
    expect(whyCannotVote(facts({ current: 3, basedOn: 3 }))).toBeNull();
  });
  test("refused when the campaign does not allow changes and a ballot exists", () => {
    const fixed = { ...campaign, mayChangeBallot: false };
    expect(whyCannotVote(facts({ campaign: fixed, current: 1, basedOn: 1 }))).toBe("voting.noChanges");
    expect(whyCannotVote(facts({ campaign: fixed, current: 0, basedOn: 0 }))).toBeNull();
  });
  test("a form based on another version than the stored one is stale", () => {
    expect(whyCannotVote(facts({ current: 1, basedOn: 0 }))).toBe("voting.stale");
    expect(whyCannotVote(facts({ current: 2, basedOn: 1 }))).toBe("voting.stale");
    expect(whyCannotVote(facts({ current: 0, basedOn: 1 }))).toBe("voting.stale");
  });
  test("each refusal maps to its HTTP status", () => {
    const expected: Record<VoteRefusal, number> = {
      "voting.notOpen": 409,
      "voting.closed": 409,
      "voting.notEligible": 403,
      "voting.title.unknown": 400,
      "voting.tooMany": 400,
      "voting.duplicate": 400,
      "voting.notOnBallot": 400,
      "voting.self": 400,
      "voting.noChanges": 409,
      "voting.stale": 409,
    };
    for (const [key, status] of Object.entries(expected)) expect(refusalStatus(key as VoteRefusal), key).toBe(status);
  });
});

describe("receipt codes", () => {
  test("twelve Crockford base32 characters in groups of four", () => {
    expect(receiptCode(new Uint8Array(12))).toBe("0000-0000-0000");
    expect(receiptCode(Uint8Array.from([31, 30, 29, 28, 18, 19, 20, 21, 255, 32, 33, 1]))).toBe("ZYXW-JKMN-Z011");
    expect(() => receiptCode(new Uint8Array(11))).toThrow();
  });
  test("never I, L, O or U", () => {
    const all = Array.from({ length: 256 }, (_, i) => receiptCode(new Uint8Array(12).fill(i))).join("");
    expect(all).not.toMatch(/[ILOU]/);
  });
});

describe("the recount", () => {
  // Voters 1–4, titles 1 and 2. Voter 1 changed from nomination 10 to 11; voter 3
  // withdrew every choice in version 2; voter 4 voted twice for title 2 only.
  // While voting the links point at each voter's current ballot (2, 3, 5, 6, 8);
  // the ballots themselves name no voter (decision 0041).
  const noms = [
    { id: 11, titleId: 1 },
    { id: 10, titleId: 1 },
    { id: 12, titleId: 1 },
    { id: 20, titleId: 2 },
    { id: 21, titleId: 2 },
  ];
  const linked = new Set([2, 3, 5, 6, 8]);
  const open = [1, 2, 3, 4, 5, 6, 7, 8].map((id) => ({ id, titleId: id <= 5 ? 1 : 2, counted: null }));
  const sealed = open.map((b) => ({ ...b, counted: linked.has(b.id) }));
  const choices = [
    { ballotId: 1, nominationId: 10 },
    { ballotId: 2, nominationId: 10 },
    { ballotId: 2, nominationId: 11 },
    { ballotId: 3, nominationId: 11 },
    { ballotId: 4, nominationId: 12 },
    { ballotId: 6, nominationId: 21 },
    { ballotId: 7, nominationId: 20 },
    { ballotId: 8, nominationId: 21 },
  ];
  const expected = [
    { titleId: 1, nominationId: 10, votes: 1 },
    { titleId: 1, nominationId: 11, votes: 2 },
    { titleId: 1, nominationId: 12, votes: 0 },
    { titleId: 2, nominationId: 20, votes: 0 },
    { titleId: 2, nominationId: 21, votes: 2 },
  ];
  test("while voting, counts only the linked ballots, zeros included, ordered by title and nomination", () => {
    expect(recountFrom(noms, open, { mayChange: true, linked }, choices)).toEqual(expected);
  });
  test("once sealed, the same from the ballots' own flags, the links gone", () => {
    expect(recountFrom(noms, sealed, { mayChange: true, linked: new Set() }, choices)).toEqual(expected);
  });
  test("where no change is allowed, every ballot counts (one per voter and title)", () => {
    // The current ballots alone, as a campaign without changes would hold them: the same count.
    const once = open.filter((b) => linked.has(b.id));
    expect(recountFrom(noms, once, { mayChange: false, linked: new Set() }, choices)).toEqual(expected);
  });
  test("the order of the raw rows does not matter", () => {
    expect(recountFrom([...noms].reverse(), [...open].reverse(), { mayChange: true, linked }, [...choices].reverse())).toEqual(expected);
  });
});

describe("the ballot form", () => {
  const form = (entries: Array<[string, string]>) => {
    const fd = new FormData();
    for (const [k, v] of entries) fd.append(k, v);
    return parseWithZod(fd, { schema: ballotSchema });
  };
  const errors = (entries: Array<[string, string]>) => {
    const s = form(entries);
    return s.status === "error" ? s.error : null;
  };
  test("the title, the ticked nominations and the version the form showed", () => {
    const s = form([
      ["title", "star"],
      ["nominationIds[0]", "12"],
      ["nominationIds[1]", "15"],
      ["basedOn", "2"],
    ]);
    expect(s.status).toBe("success");
    if (s.status === "success") expect(ballotInput(s.value)).toEqual({ titleSlug: "star", nominationIds: [12, 15], basedOn: 2 });
  });
  test("nothing ticked is an empty ballot", () => {
    const s = form([
      ["title", "star"],
      ["basedOn", "0"],
    ]);
    expect(s.status).toBe("success");
    if (s.status === "success") expect(ballotInput(s.value)).toEqual({ titleSlug: "star", nominationIds: [], basedOn: 0 });
  });
  test("a missing version or title, a negative version or a nomination id that is not a number is refused with its key", () => {
    expect(errors([["title", "star"]])).toMatchObject({ basedOn: ["voting.stale"] });
    expect(
      errors([
        ["title", "star"],
        ["basedOn", "-1"],
      ]),
    ).toMatchObject({ basedOn: ["voting.stale"] });
    expect(errors([["basedOn", "0"]])).toMatchObject({ title: ["voting.title.unknown"] });
    expect(
      errors([
        ["title", "star"],
        ["basedOn", "0"],
        ["nominationIds[0]", "x"],
      ]),
    ).toMatchObject({ "nominationIds[0]": ["voting.notOnBallot"] });
  });
  test(`more than ${maxChoices} ids is refused before any query`, () => {
    const ids = Array.from({ length: maxChoices + 1 }, (_, i): [string, string] => [`nominationIds[${i}]`, String(i + 1)]);
    expect(errors([["title", "star"], ["basedOn", "0"], ...ids])).toMatchObject({
      nominationIds: [fieldMessage("voting.tooMany", { max: maxChoices })],
    });
  });
});
