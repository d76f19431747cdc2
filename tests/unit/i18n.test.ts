import { describe, expect, test } from "vitest";
import { formatDate, listSeparator, localeFromAcceptLanguage, metricNameIn, nameIn, unitIn, type MessageKey } from "../../app/i18n";
import { translate } from "../../app/i18n/all.server";
import { pageTitle } from "../../app/i18n/meta";
import { common } from "../../app/i18n/messages/common";
import { auth } from "../../app/i18n/messages/auth";
import { people } from "../../app/i18n/messages/people";
import { admin } from "../../app/i18n/messages/admin";
import { importMessages } from "../../app/i18n/messages/import";
import { media } from "../../app/i18n/messages/media";
import { campaigns } from "../../app/i18n/messages/campaigns";
import { evidence } from "../../app/i18n/messages/evidence";
import { nominations } from "../../app/i18n/messages/nominations";
import { nominate } from "../../app/i18n/messages/nominate";
import { review } from "../../app/i18n/messages/review";
import { voting } from "../../app/i18n/messages/voting";
import { publish } from "../../app/i18n/messages/publish";
import { results } from "../../app/i18n/messages/results";
import { receipts } from "../../app/i18n/messages/receipts";
import { publishing } from "../../app/i18n/messages/publishing";
import { honorRoll } from "../../app/i18n/messages/honor-roll";
import { sharing } from "../../app/i18n/messages/sharing";
import { profile } from "../../app/i18n/messages/profile";
import { privacy } from "../../app/i18n/messages/privacy";

const areas = {
  common,
  auth,
  people,
  admin,
  import: importMessages,
  media,
  campaigns,
  evidence,
  nominations,
  nominate,
  review,
  voting,
  publish,
  results,
  receipts,
  publishing,
  honorRoll,
  sharing,
  profile,
  privacy,
};
const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe("dictionaries", () => {
  for (const [name, area] of Object.entries(areas)) {
    test(`${name}: every message exists in both languages with the same placeholders`, () => {
      const en = area.en as Record<string, string>;
      const zh = area["zh-CN"] as Record<string, string>;
      expect(Object.keys(zh).sort()).toEqual(Object.keys(en).sort());
      for (const key of Object.keys(en)) {
        expect(zh[key].trim(), `${key} is empty in zh-CN`).not.toBe("");
        expect(placeholders(zh[key]), `${key} placeholders`).toEqual(placeholders(en[key]));
      }
    });
  }

  test("keys are unique across areas", () => {
    const seen = new Map<string, string>();
    for (const [name, area] of Object.entries(areas)) {
      for (const key of Object.keys(area.en)) {
        expect(seen.get(key), `${key} in ${name} and ${seen.get(key)}`).toBeUndefined();
        seen.set(key, name);
      }
    }
  });
});

describe("translate", () => {
  test("fills placeholders and formats numbers per locale", () => {
    expect(translate("en", "people.count", { count: 50000 })).toBe("50,000 people");
    expect(translate("zh-CN", "people.count", { count: 50000 })).toBe("共 50,000 人");
    expect(translate("en", "auth.signedIn", { name: "邱俊廷" })).toBe("Welcome back, 邱俊廷.");
  });
});

describe("plurals", () => {
  test("the committee's home page says “1 objection”, not “1 objections”", () => {
    const campaign = "3·15 Service Stars";
    expect(translate("en", "results.home.toResolve", { campaign, count: 1 })).toBe("3·15 Service Stars: 1 objection to resolve");
    expect(translate("en", "results.home.toResolve", { campaign, count: 2 })).toBe("3·15 Service Stars: 2 objections to resolve");
    expect(translate("zh-CN", "results.home.toResolve", { campaign: "3·15 服务明星", count: 1 })).toBe("“3·15 服务明星”：1 条异议待处理");
  });

  test("a plural message without a count reads in its general form", () => {
    // @ts-expect-error -- the count left out on purpose: tsc refuses it, and at run time the general form shows
    expect(translate("en", "results.home.toResolve", { campaign: "X" })).toBe("X: {count} objections to resolve");
  });
});

describe("every count reads right", () => {
  const english = Object.assign({}, ...Object.values(areas).map((a) => a.en)) as Record<string, string>;
  const bases = [
    ...new Set(
      Object.keys(english)
        .filter((k) => k.endsWith(".other"))
        .map((k) => k.slice(0, -".other".length)),
    ),
  ];
  const fill = (text: string, count: number) => Object.fromEntries(placeholders(text).map((p) => [p, p === "count" ? count : `<${p}>`]));

  test("there are plural messages, each with its one and other forms in both languages", () => {
    expect(bases.length).toBeGreaterThan(20);
    for (const base of bases) expect(`${base}.one` in english, `${base}.one`).toBe(true);
  });

  test.each(bases)("%s with 0, 1 and 2", (base) => {
    const one = english[`${base}.one`]!;
    const other = english[`${base}.other`]!;
    const say = (count: number) => translate("en", base as MessageKey, fill(other, count));
    expect(say(1)).toBe(one.replace(/\{(\w+)\}/g, (_, p: string) => (p === "count" ? "1" : `<${p}>`)));
    for (const count of [0, 2]) expect(say(count)).toBe(other.replace(/\{(\w+)\}/g, (_, p: string) => (p === "count" ? String(count) : `<${p}>`)));
    // Chinese has one form, whatever the count.
    expect(translate("zh-CN", base as MessageKey, fill(other, 1))).not.toContain("{");
  });

  // A count followed by a noun must choose its form. These read right whatever the count:
  const countNotNoun = new Set([
    "honorRoll.titleWinners", // "{count} awarded"
    "nominate.citation.count", // "{count} of {max} characters"
    "review.campaign.review", // "({count} waiting)"
    "profile.congrats.more", // "The latest {shown} of {count} are listed": only when there are more than shown
    "nominate.photos.hint", // "Up to {count} photos": the most a nomination takes (6)
    "voting.page.chosen", // "Chosen: {count} of at most {max}"
  ]);
  test("no other message puts a noun after its count (“1 entries”)", () => {
    const unplural = Object.entries(english).filter(
      ([key, text]) => !/\.(one|other)$/.test(key) && /\{count\} [a-z]/.test(text) && !countNotNoun.has(key),
    );
    expect(unplural.map(([key]) => key)).toEqual([]);
    expect(
      Object.entries(english)
        .filter(([, text]) => /\w\(s\)/.test(text))
        .map(([key]) => key),
    ).toEqual([]);
  });

  test("the words between a list's items come from Intl.ListFormat", () => {
    expect(listSeparator("en")).toBe(", ");
    expect(listSeparator("zh-CN")).toBe("、");
  });
});

describe("locale from the browser", () => {
  test.each([
    ["zh-CN,zh;q=0.9,en;q=0.8", "zh-CN"],
    ["zh-TW", "zh-CN"],
    ["en-US,en;q=0.9", "en"],
    ["fr-FR,en;q=0.5,zh;q=0.4", "en"],
    ["fr-FR", null],
    ["", null],
    ["en;q=0, zh;q=0.1", "zh-CN"],
  ])("%s → %s", (header, expected) => {
    expect(localeFromAcceptLanguage(header)).toBe(expected);
  });
});

describe("dates", () => {
  test("are shown in China time in either language", () => {
    const lateUtc = "2026-03-14T20:30:00Z"; // already 15 March in Guangzhou
    expect(formatDate("zh-CN", lateUtc)).toBe("2026年3月15日");
    expect(formatDate("en", lateUtc)).toBe("Mar 15, 2026");
  });
});

describe("page titles", () => {
  const root = (locale: string) => [
    { id: "root", data: { locale } },
    { id: "routes/campaigns.$slug.vote", data: {}, handle: { messages: [voting] } },
  ];
  const vote = (t: (key: "voting.page.title", vars: { campaign: string }) => string, locale: string) =>
    t("voting.page.title", { campaign: locale === "en" ? "3·15 Service Stars" : "3·15 服务明星" });

  test("are in the page's language, from the root loader's choice", () => {
    expect(pageTitle(root("en"), vote)).toEqual([{ title: "Vote: 3·15 Service Stars — Service Stars" }]);
    expect(pageTitle(root("zh-CN"), vote)).toEqual([{ title: "投票：3·15 服务明星 — 服务之星" }]);
  });

  test("are the app's name alone without a page part, and Chinese when the root has no data (an error)", () => {
    expect(pageTitle(root("en"))).toEqual([{ title: "Service Stars" }]);
    expect(pageTitle([{ id: "root", data: undefined }, root("en")[1]], vote)).toEqual([{ title: "投票：3·15 服务明星 — 服务之星" }]);
  });

  test("know only the areas the page's routes name, as the page's scripts do", () => {
    expect(pageTitle([root("en")[0]], vote)).toEqual([{ title: "voting.page.title — Service Stars" }]);
  });
});

describe("bilingual names", () => {
  test("nameIn: the English name on English pages, the Chinese one where there is none, and always on Chinese pages", () => {
    expect(nameIn("en", { nameZh: "服务之星", nameEn: "Service Stars" })).toBe("Service Stars");
    expect(nameIn("en", { nameZh: "营业厅", nameEn: null })).toBe("营业厅");
    expect(nameIn("zh-CN", { nameZh: "服务之星", nameEn: "Service Stars" })).toBe("服务之星");
  });

  test("metricNameIn: a template's English name on English pages; a metric without one keeps the name it was typed with", () => {
    expect(metricNameIn("en", { name: "客户满意度", nameEn: "Customer satisfaction" })).toBe("Customer satisfaction");
    expect(metricNameIn("zh-CN", { name: "客户满意度", nameEn: "Customer satisfaction" })).toBe("客户满意度");
    expect(metricNameIn("en", { name: "表扬信", nameEn: null })).toBe("表扬信");
    expect(metricNameIn("en", { name: "表扬信" })).toBe("表扬信");
  });

  test("unitIn: a template's English unit on English pages; none (as for %) or a typed unit reads as stored", () => {
    expect(unitIn("en", { unit: "通", unitEn: "calls" })).toBe("calls");
    expect(unitIn("zh-CN", { unit: "通", unitEn: "calls" })).toBe("通");
    expect(unitIn("en", { unit: "%", unitEn: null })).toBe("%");
    expect(unitIn("en", { unit: "封" })).toBe("封");
  });
});
