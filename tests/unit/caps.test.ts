import { describe, expect, test } from "vitest";
import { capsSchema, checkCaps, sharePercent, type HonouredNomination, type PostKind } from "../../app/domain/campaigns/caps";

// How the caps on who is honoured count (decision 0052).

let id = 0;
const person = (post: PostKind | null, name = `P${++id}`) => ({ personId: ++id, name, post });
const individual = (p: ReturnType<typeof person>): HonouredNomination => ({ kind: "individual", nominees: [p] });
const caps = { managementCapPercent: 20, frontlineMinPercent: 50 };

describe("checkCaps", () => {
  test("3 of 10 winners in management posts breaks a 20 % cap; 2 of 10 does not", () => {
    const ten = (managers: number) => [
      ...Array.from({ length: managers }, () => individual(person("management"))),
      ...Array.from({ length: 10 - managers }, () => individual(person("frontline"))),
    ];
    expect(checkCaps(ten(3), caps)).toMatchObject({ individuals: 10, management: 3, managementOver: true });
    expect(checkCaps(ten(2), caps)).toMatchObject({ individuals: 10, management: 2, managementOver: false });
  });

  test("front-line staff 4 of 10 fall short of 50 %; 5 of 10 meet it", () => {
    const ten = (front: number) => [
      ...Array.from({ length: front }, () => individual(person("frontline"))),
      ...Array.from({ length: 10 - front }, () => individual(person("support"))),
    ];
    expect(checkCaps(ten(4), caps)).toMatchObject({ frontline: 4, frontlineUnder: true });
    expect(checkCaps(ten(5), caps)).toMatchObject({ frontline: 5, frontlineUnder: false });
  });

  test("a person winning two titles counts once; team awards are counted apart", () => {
    const a = person("management", "甲");
    const b = person("frontline", "乙");
    const c = person("frontline", "丙");
    const check = checkCaps(
      [individual(a), individual(a), individual(b), { kind: "team", nominees: [b, c, person("management")] }, { kind: "team", nominees: [c] }],
      caps,
    );
    expect(check).toMatchObject({
      individuals: 2,
      management: 1,
      frontline: 1,
      teams: 2,
      teamMembers: 3,
      managementOver: true,
      frontlineUnder: false,
    });
  });

  test("an unknown post counts in the whole, in neither share, and is named", () => {
    const check = checkCaps([individual(person(null, "无名")), individual(person("frontline")), individual(person("frontline"))], caps);
    expect(check).toMatchObject({ individuals: 3, management: 0, frontline: 2, unknown: ["无名"], managementOver: false, frontlineUnder: false });
  });

  test("no caps, or no winners, break nothing", () => {
    expect(checkCaps([individual(person("management"))], { managementCapPercent: null, frontlineMinPercent: null })).toMatchObject({
      managementOver: false,
      frontlineUnder: false,
    });
    expect(checkCaps([], caps)).toMatchObject({ individuals: 0, managementOver: false, frontlineUnder: false });
  });

  test("a 0 % cap is broken by one manager; a 100 % minimum by one support post", () => {
    expect(checkCaps([individual(person("management"))], { managementCapPercent: 0, frontlineMinPercent: null }).managementOver).toBe(true);
    expect(checkCaps([individual(person("support"))], { managementCapPercent: null, frontlineMinPercent: 100 }).frontlineUnder).toBe(true);
  });
});

test("shares have one decimal", () => {
  expect(sharePercent(1, 3)).toBe(33.3);
  expect(sharePercent(3, 10)).toBe(30);
  expect(sharePercent(0, 0)).toBe(0);
});

test("the caps form takes whole percentages from 0 to 100, or nothing", () => {
  expect(capsSchema.safeParse({ managementCapPercent: 20 }).success).toBe(true);
  expect(capsSchema.safeParse({}).success).toBe(true);
  for (const bad of [-1, 101, 12.5]) expect(capsSchema.safeParse({ managementCapPercent: bad }).success).toBe(false);
});
