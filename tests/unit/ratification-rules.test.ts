import fc from "fast-check";
import { describe, expect, test } from "vitest";
import type { CampaignStatus } from "../../db/schema";
import type { User } from "../../app/domain/auth/user";
import {
  cutOff,
  isTopSet,
  publicityRunning,
  rank,
  resultsRefusalStatus,
  whyCannotObject,
  whyCannotRatify,
  whyCannotResolve,
  type ObjectFacts,
  type ObjectRefusal,
  type RatifyFacts,
  type RatifyRefusal,
  type ResolveFacts,
  type ResolveRefusal,
} from "../../app/domain/results/rules";

// After the vote, as pure decisions: who stands where, where the cut-off
// falls, who may ratify, object and resolve, and in which order the refusals
// come when several apply.

const person = (id: number, roles: Array<"admin" | "committee" | "staff" | "manager">, orgUnitId = 9): User => ({
  id,
  employeeNo: `E${id}`,
  name: `P${id}`,
  locale: null,
  orgUnitId,
  roles: roles.map((role) => ({ role, orgUnitId: null, orgCode: null, orgPath: null })),
});
const committee = person(1, ["staff", "committee"]);
const admin = person(2, ["admin", "staff"]);
const staff = person(3, ["staff"]);

/** Standings from [nomination id, votes] pairs. */
const standingsOf = (...pairs: Array<[number, number]>) => rank(pairs.map(([nominationId, votes]) => ({ nominationId, votes })));

describe("rank: competition ranking, most votes first", () => {
  test("equal votes share a place and the next place is skipped (1, 2, 2, 4)", () => {
    expect(standingsOf([1, 3], [2, 7], [3, 5], [4, 5])).toEqual([
      { nominationId: 2, votes: 7, rank: 1 },
      { nominationId: 3, votes: 5, rank: 2 },
      { nominationId: 4, votes: 5, rank: 2 },
      { nominationId: 1, votes: 3, rank: 4 },
    ]);
  });
  test("among equal votes the lower id is listed first", () => {
    expect(standingsOf([9, 2], [4, 2], [6, 2]).map((s) => s.nominationId)).toEqual([4, 6, 9]);
  });
  test("nobody voted: everyone first", () => {
    expect(standingsOf([1, 0], [2, 0], [3, 0]).map((s) => s.rank)).toEqual([1, 1, 1]);
  });
  test("no nominations: no standings", () => {
    expect(rank([])).toEqual([]);
  });
  test("the input is not reordered", () => {
    const rows = [
      { nominationId: 1, votes: 1 },
      { nominationId: 2, votes: 2 },
    ];
    rank(rows);
    expect(rows.map((r) => r.nominationId)).toEqual([1, 2]);
  });
});

describe("cutOff: the seats, the proposed top N and a tie at the cut-off", () => {
  test("clear votes: the top N proposed, no tie", () => {
    expect(cutOff(standingsOf([1, 5], [2, 4], [3, 3], [4, 2]), 3)).toEqual({ seats: 3, proposed: [1, 2, 3], tie: false, tied: [] });
  });
  test("equal votes straddling the cut-off: a tie, lowest id first proposed, every nomination with that count tied", () => {
    expect(cutOff(standingsOf([1, 5], [2, 3], [3, 3], [4, 3], [5, 1]), 2)).toEqual({ seats: 2, proposed: [1, 2], tie: true, tied: [2, 3, 4] });
  });
  test("equal votes above the cut-off only: no tie", () => {
    expect(cutOff(standingsOf([1, 5], [2, 5], [3, 3], [4, 2]), 3)).toEqual({ seats: 3, proposed: [1, 2, 3], tie: false, tied: [] });
  });
  test("equal votes from the top through the cut-off: a tie among all of them", () => {
    expect(cutOff(standingsOf([1, 5], [2, 5], [3, 5], [4, 2]), 2)).toEqual({ seats: 2, proposed: [1, 2], tie: true, tied: [1, 2, 3] });
  });
  test("equal votes below the cut-off only: no tie", () => {
    expect(cutOff(standingsOf([1, 5], [2, 3], [3, 3]), 1)).toEqual({ seats: 1, proposed: [1], tie: false, tied: [] });
  });
  test("fewer nominations than seats: every nomination wins, no tie even with equal votes", () => {
    expect(cutOff(standingsOf([1, 2], [2, 2]), 3)).toEqual({ seats: 2, proposed: [1, 2], tie: false, tied: [] });
  });
  test("as many nominations as seats: all win, no tie", () => {
    expect(cutOff(standingsOf([1, 0], [2, 0], [3, 0]), 3)).toEqual({ seats: 3, proposed: [1, 2, 3], tie: false, tied: [] });
  });
  test("nobody voted and more nominations than seats: everyone is tied", () => {
    expect(cutOff(standingsOf([1, 0], [2, 0], [3, 0]), 2)).toEqual({ seats: 2, proposed: [1, 2], tie: true, tied: [1, 2, 3] });
  });
  test("no seats: nobody proposed, no tie", () => {
    expect(cutOff(standingsOf([1, 4], [2, 4]), 0)).toEqual({ seats: 0, proposed: [], tie: false, tied: [] });
  });
  test("no nominations: no seats", () => {
    expect(cutOff([], 3)).toEqual({ seats: 0, proposed: [], tie: false, tied: [] });
  });
});

describe("isTopSet: nobody left out has more votes than someone chosen", () => {
  const s = standingsOf([1, 5], [2, 3], [3, 3], [4, 1]);
  test("the top two, or the first with either of the tied", () => {
    expect(isTopSet(s, [1, 2])).toBe(true);
    expect(isTopSet(s, [1, 3])).toBe(true);
    expect(isTopSet(s, [3, 1])).toBe(true);
  });
  test("leaving out the first, or taking the last, is not", () => {
    expect(isTopSet(s, [2, 3])).toBe(false);
    expect(isTopSet(s, [1, 4])).toBe(false);
  });
});

describe("properties of rank and cutOff", () => {
  const rows = fc
    .uniqueArray(fc.integer({ min: 1, max: 10_000 }), { maxLength: 30 })
    .chain((ids) => fc.tuple(fc.constant(ids), fc.array(fc.nat({ max: 6 }), { minLength: ids.length, maxLength: ids.length })))
    .map(([ids, votes]) => ids.map((nominationId, i) => ({ nominationId, votes: votes[i] })));
  const seats = fc.integer({ min: 0, max: 35 });

  test("rank is competition ranking: one plus how many have more votes; most votes first, lower id first among equals", () => {
    fc.assert(
      fc.property(rows, (input) => {
        const standings = rank(input);
        expect([...standings].map((s) => s.nominationId).sort((a, b) => a - b)).toEqual(input.map((r) => r.nominationId).sort((a, b) => a - b));
        for (const s of standings) {
          expect(s.votes).toBe(input.find((r) => r.nominationId === s.nominationId)!.votes);
          expect(s.rank).toBe(1 + input.filter((r) => r.votes > s.votes).length);
        }
        for (let i = 1; i < standings.length; i++) {
          const [a, b] = [standings[i - 1], standings[i]];
          expect(a.votes > b.votes || (a.votes === b.votes && a.nominationId < b.nominationId)).toBe(true);
        }
      }),
    );
  });

  test("the proposed winners are always a top set of min(N, nominations) distinct nominations", () => {
    fc.assert(
      fc.property(rows, seats, (input, n) => {
        const standings = rank(input);
        const cut = cutOff(standings, n);
        expect(cut.seats).toBe(Math.min(n, input.length));
        expect(new Set(cut.proposed).size).toBe(cut.seats);
        expect(isTopSet(standings, cut.proposed)).toBe(true);
      }),
    );
  });

  test("a tie exactly when the votes at places N and N+1 are equal; the tied are those with the cut-off's votes", () => {
    fc.assert(
      fc.property(rows, seats, (input, n) => {
        const cut = cutOff(rank(input), n);
        const votes = input.map((r) => r.votes).sort((a, b) => b - a);
        const k = cut.seats;
        const tie = k > 0 && k < votes.length && votes[k - 1] === votes[k];
        expect(cut.tie).toBe(tie);
        const expectedTied = tie ? input.filter((r) => r.votes === votes[k - 1]).map((r) => r.nominationId) : [];
        expect([...cut.tied].sort((a, b) => a - b)).toEqual(expectedTied.sort((a, b) => a - b));
      }),
    );
  });

  test("any top set the committee picks among the tied is accepted, with a reason; without one only when nothing is tied", () => {
    fc.assert(
      fc.property(rows, seats, fc.integer(), (input, n, seed) => {
        const standings = rank(input);
        const cut = cutOff(standings, n);
        const last = standings[cut.seats - 1];
        const sure = cut.seats > 0 ? standings.filter((s) => s.votes > last.votes).map((s) => s.nominationId) : [];
        const pool = cut.tie ? [...cut.tied] : cut.proposed.filter((id) => !sure.includes(id));
        // A pseudo-random choice from the pool to fill the seats.
        const shuffled = pool
          .map((id, i) => ({ id, key: (Math.imul(id + i, seed | 1) >>> 0) % 997 }))
          .sort((a, b) => a.key - b.key)
          .map((x) => x.id);
        const chosen = [...sure, ...shuffled.slice(0, cut.seats - sure.length)];
        expect(isTopSet(standings, chosen)).toBe(true);
        const f = ratifyFacts({ standings, winners: n, chosen });
        expect(whyCannotRatify(committee, { ...f, tieReason: "同票，按服务年限确定。" })).toBeNull();
        expect(whyCannotRatify(committee, { ...f, tieReason: "" })).toBe(cut.tie ? "results.ratify.tieReason" : null);
      }),
    );
  });
});

// ---- ratifying -----------------------------------------------------------------------------

// Three seats; nominations 1 (9 votes), 2 (5), 3 and 4 (3 each: a tie at the cut-off), 5 (1).
const tiedStandings = standingsOf([1, 9], [2, 5], [3, 3], [4, 3], [5, 1]);
function ratifyFacts(over: Partial<RatifyFacts> = {}): RatifyFacts {
  return {
    status: "closed",
    ratified: false,
    confirmed: false,
    nomineeInTitle: false,
    standings: tiedStandings,
    winners: 3,
    chosen: [1, 2, 4],
    tieReason: "同票，按服务年限确定。",
    ...over,
  };
}

describe("whyCannotRatify, each refusal in its order", () => {
  test("a committee member ratifies a top set with a reason for the tie", () => {
    expect(whyCannotRatify(committee, ratifyFacts())).toBeNull();
    expect(whyCannotRatify(committee, ratifyFacts({ chosen: [4, 2, 1] }))).toBeNull();
  });
  test("1. only the committee: an administrator or member of staff cannot, whatever else is wrong", () => {
    expect(whyCannotRatify(admin, ratifyFacts())).toBe("results.ratify.notCommittee");
    expect(whyCannotRatify(staff, ratifyFacts({ status: "voting", ratified: true, chosen: [5] }))).toBe("results.ratify.notCommittee");
  });
  test("2. only after close and before publication", () => {
    for (const status of ["draft", "nominating", "reviewing", "voting", "published"] as CampaignStatus[]) {
      expect(whyCannotRatify(committee, ratifyFacts({ status, ratified: true, nomineeInTitle: true, chosen: [5] }))).toBe("results.ratify.notClosed");
    }
  });
  test("3. a title is ratified once", () => {
    expect(whyCannotRatify(committee, ratifyFacts({ ratified: true, nomineeInTitle: true, chosen: [5] }))).toBe("results.ratify.already");
  });
  test("4. a nominee in the title does not choose among themselves", () => {
    expect(whyCannotRatify(committee, ratifyFacts({ nomineeInTitle: true, chosen: [99] }))).toBe("results.ratify.recused");
  });
  test("5. one confirmation per member per title: a member who confirmed waits for the others (decision 0028)", () => {
    expect(whyCannotRatify(committee, ratifyFacts({ confirmed: true, chosen: [99] }))).toBe("results.ratify.confirmed");
  });
  test("6. every chosen nomination is on the title's ballot, once", () => {
    expect(whyCannotRatify(committee, ratifyFacts({ chosen: [1, 2, 99] }))).toBe("results.ratify.notOnBallot");
    expect(whyCannotRatify(committee, ratifyFacts({ chosen: [1, 1, 2] }))).toBe("results.ratify.notOnBallot");
    expect(whyCannotRatify(committee, ratifyFacts({ chosen: [99] }))).toBe("results.ratify.notOnBallot");
  });
  test("7. exactly as many winners as seats", () => {
    expect(whyCannotRatify(committee, ratifyFacts({ chosen: [1, 2] }))).toBe("results.ratify.count");
    expect(whyCannotRatify(committee, ratifyFacts({ chosen: [1, 2, 3, 4] }))).toBe("results.ratify.count");
    expect(whyCannotRatify(committee, ratifyFacts({ chosen: [5, 4] }))).toBe("results.ratify.count");
  });
  test("8. a top set by votes", () => {
    expect(whyCannotRatify(committee, ratifyFacts({ chosen: [1, 2, 5] }))).toBe("results.ratify.notTop");
    expect(whyCannotRatify(committee, ratifyFacts({ chosen: [2, 3, 4], tieReason: "" }))).toBe("results.ratify.notTop");
  });
  test("9. a tie at the cut-off needs a reason; blank is none", () => {
    expect(whyCannotRatify(committee, ratifyFacts({ tieReason: "" }))).toBe("results.ratify.tieReason");
    expect(whyCannotRatify(committee, ratifyFacts({ tieReason: "  \n " }))).toBe("results.ratify.tieReason");
  });
  test("no tie: no reason needed", () => {
    expect(whyCannotRatify(committee, ratifyFacts({ winners: 2, chosen: [1, 2], tieReason: "" }))).toBeNull();
  });
  test("fewer nominations than seats: all of them, and nothing else", () => {
    const two = standingsOf([1, 0], [2, 4]);
    expect(whyCannotRatify(committee, ratifyFacts({ standings: two, winners: 3, chosen: [2, 1], tieReason: "" }))).toBeNull();
    expect(whyCannotRatify(committee, ratifyFacts({ standings: two, winners: 3, chosen: [2], tieReason: "" }))).toBe("results.ratify.count");
  });
  test("no nominations on the ballot: an empty ratification", () => {
    expect(whyCannotRatify(committee, ratifyFacts({ standings: [], chosen: [], tieReason: "" }))).toBeNull();
    expect(whyCannotRatify(committee, ratifyFacts({ standings: [], chosen: [1], tieReason: "" }))).toBe("results.ratify.notOnBallot");
  });
  test("nobody voted: every top set is tied and needs a reason", () => {
    const none = standingsOf([1, 0], [2, 0], [3, 0]);
    expect(whyCannotRatify(committee, ratifyFacts({ standings: none, winners: 2, chosen: [3, 2], tieReason: "" }))).toBe("results.ratify.tieReason");
    expect(whyCannotRatify(committee, ratifyFacts({ standings: none, winners: 2, chosen: [3, 2] }))).toBeNull();
  });
});

// ---- the publicity period and objections ---------------------------------------------------

const now = new Date("2026-12-20T10:00:00Z");
const running = { ratified: true, publicityDays: 5, endsAt: new Date("2026-12-22T10:00:00Z") };

describe("publicityRunning", () => {
  test("every title ratified, a period set, its end still ahead", () => {
    expect(publicityRunning(running, now)).toBe(true);
  });
  test("not before every title is ratified, not without a period, not from its end on", () => {
    expect(publicityRunning({ ...running, ratified: false }, now)).toBe(false);
    expect(publicityRunning({ ...running, publicityDays: 0 }, now)).toBe(false);
    expect(publicityRunning({ ...running, endsAt: null }, now)).toBe(false);
    expect(publicityRunning({ ...running, endsAt: now }, now)).toBe(false);
    expect(publicityRunning({ ...running, endsAt: new Date(now.getTime() + 1) }, now)).toBe(true);
  });
});

function objectFacts(over: Partial<ObjectFacts> = {}): ObjectFacts {
  return { status: "closed", publicity: running, now, eligible: true, currentWinner: true, self: false, filed: false, ...over };
}
// Everything else wrong too, to show which refusal comes first.
const allWrong: Partial<ObjectFacts> = { eligible: false, currentWinner: false, self: true, filed: true };

describe("whyCannotObject, each refusal in its order", () => {
  test("staff in scope object to a current winner during the publicity period", () => {
    expect(whyCannotObject(objectFacts())).toBeNull();
  });
  test("1. not open: before close, after publication, before every title is ratified, or with no publicity period", () => {
    for (const status of ["draft", "nominating", "reviewing", "voting", "published"] as CampaignStatus[]) {
      expect(whyCannotObject(objectFacts({ ...allWrong, status }))).toBe("results.object.notOpen");
    }
    expect(whyCannotObject(objectFacts({ ...allWrong, publicity: { ...running, ratified: false, endsAt: null } }))).toBe("results.object.notOpen");
    expect(whyCannotObject(objectFacts({ ...allWrong, publicity: { ...running, publicityDays: 0 } }))).toBe("results.object.notOpen");
  });
  test("2. over: the period has ended", () => {
    expect(whyCannotObject(objectFacts({ ...allWrong, publicity: { ...running, endsAt: now } }))).toBe("results.object.over");
    expect(whyCannotObject(objectFacts({ ...allWrong, publicity: { ...running, endsAt: new Date("2026-12-01T00:00:00Z") } }))).toBe(
      "results.object.over",
    );
  });
  test("3. only active staff in scope", () => {
    expect(whyCannotObject(objectFacts(allWrong))).toBe("results.object.notEligible");
  });
  test("4. only against a current winner", () => {
    expect(whyCannotObject(objectFacts({ ...allWrong, eligible: true }))).toBe("results.object.notWinner");
  });
  test("5. not against oneself", () => {
    expect(whyCannotObject(objectFacts({ self: true, filed: true }))).toBe("results.object.self");
  });
  test("6. once per person and winner", () => {
    expect(whyCannotObject(objectFacts({ filed: true }))).toBe("results.object.already");
  });
});

// ---- resolving -------------------------------------------------------------------------------

// The nomination objected to: nominated by 20, nominee 21 in unit 5.
function resolveFacts(over: Partial<ResolveFacts> = {}): ResolveFacts {
  return {
    status: "closed",
    objection: "open",
    nomination: { nominatorId: 20, nominees: [{ personId: 21, orgUnitId: 5 }] },
    ratifiedAlone: false,
    confirmed: false,
    decision: "uphold",
    replacement: { onBallot: true, winner: false, removed: false, nextInLine: true },
    ...over,
  };
}
const badReplacement = { onBallot: false, winner: true, removed: true, nextInLine: false };

describe("whyCannotResolve, each refusal in its order", () => {
  test("a committee member upholds with a replacement, upholds without one, or dismisses", () => {
    expect(whyCannotResolve(committee, resolveFacts())).toBeNull();
    expect(whyCannotResolve(committee, resolveFacts({ replacement: null }))).toBeNull();
    expect(whyCannotResolve(committee, resolveFacts({ decision: "dismiss", replacement: null }))).toBeNull();
  });
  test("1. only the committee", () => {
    expect(whyCannotResolve(admin, resolveFacts({ status: "published", objection: "upheld", replacement: badReplacement }))).toBe(
      "results.ratify.notCommittee",
    );
    expect(whyCannotResolve(staff, resolveFacts())).toBe("results.ratify.notCommittee");
  });
  test("2. only while the campaign is closed (not published)", () => {
    for (const status of ["voting", "published"] as CampaignStatus[]) {
      expect(whyCannotResolve(committee, resolveFacts({ status, objection: "upheld", replacement: badReplacement }))).toBe("results.resolve.closed");
    }
  });
  test("3. an objection is resolved once", () => {
    for (const objection of ["upheld", "dismissed"] as const) {
      expect(whyCannotResolve(committee, resolveFacts({ objection, replacement: badReplacement }))).toBe("results.resolve.already");
    }
  });
  test("4. recused: the nominee, then the nominator, then a colleague of the nominee's unit", () => {
    const nominee = person(21, ["staff", "committee"], 5);
    const nominator = person(20, ["manager", "committee"], 5);
    const colleague = person(22, ["staff", "committee"], 5);
    expect(whyCannotResolve(nominee, resolveFacts({ replacement: badReplacement }))).toBe("nominations.recused.nominee");
    expect(whyCannotResolve(nominator, resolveFacts({ replacement: badReplacement }))).toBe("nominations.recused.nominator");
    expect(whyCannotResolve(colleague, resolveFacts({ replacement: badReplacement }))).toBe("nominations.recused.sameUnit");
  });
  test("5. a member who ratified the title alone does not judge objections to it", () => {
    expect(whyCannotResolve(committee, resolveFacts({ ratifiedAlone: true, confirmed: true, replacement: badReplacement }))).toBe(
      "results.resolve.ratifiedAlone",
    );
  });
  test("6. one confirmation per member per objection", () => {
    expect(whyCannotResolve(committee, resolveFacts({ confirmed: true, replacement: badReplacement }))).toBe("results.resolve.confirmed");
  });
  test("7. a replacement only when upholding, from the title's ballot with a free seat, not a winner, never removed, the next in line", () => {
    expect(whyCannotResolve(committee, resolveFacts({ decision: "dismiss" }))).toBe("results.resolve.replacement");
    expect(whyCannotResolve(committee, resolveFacts({ replacement: { onBallot: false, winner: false, removed: false, nextInLine: true } }))).toBe(
      "results.resolve.replacement",
    );
    expect(whyCannotResolve(committee, resolveFacts({ replacement: { onBallot: true, winner: true, removed: false, nextInLine: true } }))).toBe(
      "results.resolve.replacement",
    );
    expect(whyCannotResolve(committee, resolveFacts({ replacement: { onBallot: true, winner: false, removed: true, nextInLine: true } }))).toBe(
      "results.resolve.replacement",
    );
    expect(whyCannotResolve(committee, resolveFacts({ replacement: { onBallot: true, winner: false, removed: false, nextInLine: false } }))).toBe(
      "results.resolve.replacement",
    );
  });
});

describe("resultsRefusalStatus: forbidden for the wrong person, a conflict with the campaign's state, else a bad request", () => {
  const expected: Record<RatifyRefusal | ObjectRefusal | ResolveRefusal, number> = {
    "results.ratify.notCommittee": 403,
    "results.ratify.recused": 403,
    "results.object.notEligible": 403,
    "nominations.recused.nominee": 403,
    "nominations.recused.nominator": 403,
    "nominations.recused.sameUnit": 403,
    "results.ratify.notClosed": 409,
    "results.ratify.already": 409,
    "results.object.already": 409,
    "results.object.notOpen": 409,
    "results.object.over": 409,
    "results.resolve.closed": 409,
    "results.resolve.already": 409,
    "results.ratify.confirmed": 409,
    "results.resolve.confirmed": 409,
    "results.resolve.ratifiedAlone": 403,
    "results.ratify.notOnBallot": 400,
    "results.ratify.count": 400,
    "results.ratify.notTop": 400,
    "results.ratify.tieReason": 400,
    "results.object.notWinner": 400,
    "results.object.self": 400,
    "results.resolve.replacement": 400,
  };
  test.each(Object.entries(expected))("%s → %i", (refusal, status) => {
    expect(resultsRefusalStatus(refusal as keyof typeof expected)).toBe(status);
  });
});
