import { describe, expect, test } from "vitest";
import {
  congratulationRate,
  mayHide,
  maxMessageLength,
  messageLength,
  normaliseMessage,
  refusalStatus,
  whyCannotCongratulate,
  type CongratulationFacts,
} from "../../app/domain/publishing/congratulation-rules";
import { congratulateSchema } from "../../app/domain/publishing/congratulations-schema";
import { translate } from "../../app/i18n/all.server";
import { profile } from "../../app/i18n/messages/profile";

const facts = (over: Partial<CongratulationFacts> = {}): CongratulationFacts => ({
  author: { id: 1, active: true },
  person: { id: 2 },
  published: true,
  already: false,
  message: null,
  ...over,
});

describe("the line of text", () => {
  test("is trimmed, kept on one line, and empty means a plain 点赞", () => {
    expect(normaliseMessage("  恭喜！ ")).toBe("恭喜！");
    expect(normaliseMessage("恭喜\r\n你\t实至名归")).toBe("恭喜 你 实至名归");
    expect(normaliseMessage("a\u2028b\u0007c")).toBe("a b c");
    expect(normaliseMessage("  \n ")).toBeNull();
    expect(normaliseMessage("")).toBeNull();
    expect(normaliseMessage(undefined)).toBeNull();
    expect(normaliseMessage(null)).toBeNull();
  });

  test("is counted in characters, not UTF-16 units (an emoji is one)", () => {
    expect(messageLength("恭喜👏")).toBe(3);
    expect("恭喜👏".length).toBe(4);
  });

  test("the form refuses what the server would: 100 characters pass, 101 do not, spaces around do not count", () => {
    const parse = (message: string) => congratulateSchema.safeParse({ intent: "congratulate", nominationId: 7, message });
    expect(parse("赞".repeat(maxMessageLength)).success).toBe(true);
    expect(parse(`  ${"👏".repeat(maxMessageLength)}  `).success).toBe(true);
    const refused = parse("赞".repeat(maxMessageLength + 1));
    expect(refused.success).toBe(false);
    expect(refused.error?.issues[0].message).toBe("congratulations.message.tooLong");
    expect(congratulateSchema.safeParse({ intent: "congratulate", nominationId: 7 }).success).toBe(true);
    expect(congratulateSchema.safeParse({ intent: "congratulate", nominationId: -1 }).success).toBe(false);
  });
});

describe("who may congratulate", () => {
  test("a colleague on a published honour, once, with a short line", () => {
    expect(whyCannotCongratulate(facts())).toBeNull();
    expect(whyCannotCongratulate(facts({ message: "赞".repeat(maxMessageLength) }))).toBeNull();
  });

  test("an unpublished honour, or nobody, is not found; nobody learns more about it", () => {
    expect(whyCannotCongratulate(facts({ published: false }))).toBe("congratulations.notFound");
    expect(whyCannotCongratulate(facts({ person: null }))).toBe("congratulations.notFound");
    // Even oneself, with a message too long: an unpublished honour is simply not there.
    expect(whyCannotCongratulate(facts({ published: false, person: { id: 1 }, message: "x".repeat(200) }))).toBe("congratulations.notFound");
  });

  test("not oneself, not after leaving, not twice, not too long", () => {
    expect(whyCannotCongratulate(facts({ person: { id: 1 } }))).toBe("congratulations.self");
    expect(whyCannotCongratulate(facts({ author: { id: 1, active: false } }))).toBe("congratulations.inactive");
    expect(whyCannotCongratulate(facts({ already: true }))).toBe("congratulations.already");
    expect(whyCannotCongratulate(facts({ message: "赞".repeat(maxMessageLength + 1) }))).toBe("congratulations.message.tooLong");
  });

  test("each refusal has a status and a message in both languages", () => {
    // An unpublished honour answers as a missing one; a limit as "too many requests".
    expect([
      refusalStatus["congratulations.notFound"],
      refusalStatus["congratulations.already"],
      refusalStatus["congratulations.rateLimited"],
    ]).toEqual([404, 409, 429]);
    for (const key of Object.keys(refusalStatus) as Array<keyof typeof refusalStatus>) {
      expect(translate("en", key, { name: "李明" })).not.toBe(key);
      expect(translate("zh-CN", key, { name: "李明" })).not.toBe(translate("en", key, { name: "李明" }));
    }
    // The field's message is shown without variables: the limit is written into it.
    expect(translate("en", "congratulations.message.tooLong")).toContain(String(maxMessageLength));
    expect(translate("zh-CN", "congratulations.message.tooLong")).toContain(String(maxMessageLength));
  });

  test("the rate is generous for a whole roll, and per hour", () => {
    expect(congratulationRate).toEqual({ max: 30, windowSeconds: 3600 });
  });
});

describe("who may hide", () => {
  test("the person congratulated and administrators; not the author, not a colleague", () => {
    expect(mayHide({ id: 2, isAdmin: false }, 2)).toBe(true);
    expect(mayHide({ id: 9, isAdmin: true }, 2)).toBe(true);
    expect(mayHide({ id: 1, isAdmin: false }, 2)).toBe(false);
  });
});

describe("the profile's messages", () => {
  const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
  test("every message exists in both languages with the same placeholders", () => {
    const en = profile.en as Record<string, string>;
    const zh = profile["zh-CN"] as Record<string, string>;
    expect(Object.keys(zh).sort()).toEqual(Object.keys(en).sort());
    for (const key of Object.keys(en)) {
      expect(zh[key].trim(), key).not.toBe("");
      expect(placeholders(zh[key]), key).toEqual(placeholders(en[key]));
    }
  });
});
