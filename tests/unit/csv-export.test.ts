import { parse } from "csv-parse/sync";
import { describe, expect, test } from "vitest";
import type { ResultsNomination, ResultsPage, ResultsTitle } from "../../app/domain/results/results.server";
import { makeT, translate } from "../../app/i18n/all.server";
import { csvDocument, downloadName, neutraliseCell, passwordLinksCsv, resultsCsv } from "../../app/web/csv-export.server";

// The CSV downloads: what Excel needs (BOM, CRLF), what it must never do
// (run a formula typed into a name), and that csv-parse reads back exactly
// what was written.

const bom = "\uFEFF";
const read = (csv: string) => parse(csv.slice(1), { relax_column_count: false }) as string[][];

describe("neutraliseCell", () => {
  test.each([
    ['=HYPERLINK("http://x","y")', '\'=HYPERLINK("http://x","y")'],
    ["+86 138", "'+86 138"],
    ["-2+3", "'-2+3"],
    ["@SUM(A1)", "'@SUM(A1)"],
    ["\t=1", "'\t=1"],
    ["\r=1", "'\r=1"],
  ])("%j starts a formula and gets an apostrophe", (value, expected) => {
    expect(neutraliseCell(value)).toBe(expected);
  });

  test.each(["程嘉朗", "Best Service Star", "a=b", " =1", "'quoted", "", "—", "１＝"])("%j is left as it is", (value) => {
    expect(neutraliseCell(value)).toBe(value);
  });
});

describe("csvDocument", () => {
  const rows = [
    ["名称", "note"],
    ["最佳服务明星", 'he said "hi", then left'],
    ["line\nbreak", "cr\r\nlf"],
    ["=1+2", 3],
    [null, "end"],
  ];

  test("starts with a BOM and ends every record with CRLF", () => {
    const csv = csvDocument(rows);
    expect(csv.startsWith(bom)).toBe(true);
    expect(csv.endsWith("\r\n")).toBe(true);
    expect(csv.split("\r\n").length).toBeGreaterThanOrEqual(rows.length + 1);
    // Chinese stays as UTF-8 text, not escaped.
    expect(Buffer.from(csv, "utf8").includes(Buffer.from("最佳服务明星", "utf8"))).toBe(true);
  });

  test("quotes, commas and newlines round-trip through csv-parse; formulas come back neutralised", () => {
    expect(read(csvDocument(rows))).toEqual([
      ["名称", "note"],
      ["最佳服务明星", 'he said "hi", then left'],
      ["line\nbreak", "cr\r\nlf"],
      ["'=1+2", "3"],
      ["", "end"],
    ]);
  });
});

describe("downloadName", () => {
  test("keeps an ASCII slug, replaces anything else", () => {
    expect(downloadName("3-15-stars", "results.csv")).toBe("3-15-stars-results.csv");
    expect(downloadName('a"b\r\nc/评选', "results.csv")).toBe("a-b-c-results.csv");
    expect(downloadName("评选", "results.csv")).toBe("campaign-results.csv");
  });
});

// ---- the results table, from a crafted page --------------------------------

const nomination = (over: Partial<ResultsNomination>): ResultsNomination => ({
  id: 1,
  teamName: null,
  nominees: [{ name: "程嘉朗", unitZh: "广州一台", unitEn: "Guangzhou Desk 1" }],
  votes: 0,
  rank: 1,
  tied: false,
  proposed: false,
  winner: null,
  mayObject: false,
  ...over,
});

const title = (over: Partial<ResultsTitle>): ResultsTitle => ({
  slug: "best-service-star",
  nameZh: "最佳服务明星",
  nameEn: "Best Service Star",
  winners: 1,
  nominations: [],
  tie: false,
  voters: 0,
  ratification: null,
  proposals: [],
  ratifyRefusal: null,
  ...over,
});

const page: ResultsPage = {
  campaign: { slug: "3-15-stars", nameZh: "3·15 服务之星", nameEn: "3·15 Service Stars", status: "closed", unitZh: "公司", unitEn: "Company" },
  now: new Date("2026-03-20T08:00:00Z"),
  counts: true,
  analysis: null,
  liveTurnout: null,
  publicity: { days: 0, endsAt: null, running: false, ratified: true },
  committee: { quorum: 2 },
  winnersShown: true,
  titles: [
    title({
      nominations: [
        nomination({ id: 1, votes: 12, rank: 1, winner: "ratified" }),
        nomination({
          id: 2,
          votes: 7,
          rank: 2,
          tied: true,
          winner: "removed",
          nominees: [{ name: "=cmd|' /C calc'!A0", unitZh: "石岐装维班", unitEn: null }],
        }),
        nomination({
          id: 3,
          votes: 7,
          rank: 2,
          tied: true,
          winner: "replacement",
          nominees: [{ name: "麦永健", unitZh: "石岐装维班", unitEn: "Shiqi Line Team" }],
        }),
      ],
    }),
    title({
      slug: "service-model",
      nameZh: "服务标兵",
      nameEn: "Service Model",
      nominations: [
        nomination({
          id: 4,
          teamName: '+装维先锋队, "A"',
          votes: 0,
          rank: 1,
          nominees: [
            { name: "梁晓岚", unitZh: "广州区域中心", unitEn: "Guangzhou Centre" },
            { name: "欧阳敏华", unitZh: "广州区域中心", unitEn: "Guangzhou Centre" },
          ],
        }),
      ],
    }),
  ],
  objections: [],
  caps: null,
  receipts: true,
  may: { ratify: false, resolve: false, export: true },
};

describe("resultsCsv", () => {
  test("headers in Chinese, a row per nomination, formulas neutralised, units deduplicated", () => {
    const zh = read(resultsCsv(page, makeT("zh-CN"), "zh-CN"));
    expect(zh[0]).toEqual(["称号（中文）", "称号（英文）", "名次", "被提名人", "团队", "单位", "票数", "末位同票", "结果"]);
    expect(zh.slice(1)).toEqual([
      ["最佳服务明星", "Best Service Star", "1", "程嘉朗", "", "广州一台", "12", "否", "当选"],
      ["最佳服务明星", "Best Service Star", "2", "'=cmd|' /C calc'!A0", "", "石岐装维班", "7", "是", "因异议取消"],
      ["最佳服务明星", "Best Service Star", "2", "麦永健", "", "石岐装维班", "7", "是", "递补当选"],
      ["服务标兵", "Service Model", "1", "梁晓岚、欧阳敏华", `'+装维先锋队, "A"`, "广州区域中心", "0", "否", "—"],
    ]);
  });

  test("in English the headers, words and unit names follow the reader (a unit without an English name keeps its Chinese one)", () => {
    const en = read(resultsCsv(page, makeT("en"), "en"));
    expect(en[0][0]).toBe(translate("en", "receipts.csv.titleZh"));
    expect(en[2]).toEqual([
      "最佳服务明星",
      "Best Service Star",
      "2",
      "'=cmd|' /C calc'!A0",
      "",
      "石岐装维班",
      "7",
      "Yes",
      "Removed after an objection",
    ]);
    expect(en[4][3]).toBe("梁晓岚; 欧阳敏华");
    expect(en[4][5]).toBe("Guangzhou Centre");
  });
});

describe("passwordLinksCsv", () => {
  const rows = [
    { employeeNo: "GD000101", name: "吉𠮷祥", unitZh: "广州一台", unitEn: "Guangzhou Desk 1", token: "tok-1" },
    { employeeNo: "GD000102", name: '=HYPERLINK("http://x","y")', unitZh: "石岐装维班", unitEn: null, token: "tok-2" },
  ];
  const expires = new Date("2026-12-08T09:30:00Z");

  test("UTF-8 with a BOM for Excel; a row per person with the whole link; a name typed as a formula stays text", () => {
    const csv = passwordLinksCsv(rows, "https://stars.example", expires, makeT("zh-CN"), "zh-CN");
    expect(csv.startsWith(bom)).toBe(true);
    const zh = read(csv);
    expect(zh[0]).toEqual(["工号", "姓名", "单位", "一次性密码设置链接", "失效时间"]);
    expect(zh[1].slice(0, 4)).toEqual(["GD000101", "吉𠮷祥", "广州一台", "https://stars.example/password/tok-1"]);
    expect(zh[2].slice(0, 4)).toEqual(["GD000102", '\'=HYPERLINK("http://x","y")', "石岐装维班", "https://stars.example/password/tok-2"]);
    expect(zh[1][4]).toMatch(/2026/);
  });

  test("in English the headers and unit names follow the reader", () => {
    const en = read(passwordLinksCsv(rows, "https://stars.example", expires, makeT("en"), "en"));
    expect(en[0]).toEqual(["Employee no.", "Name", "Unit", "One-time password link", "Expires"]);
    expect(en[1][2]).toBe("Guangzhou Desk 1");
    expect(en[2][2]).toBe("石岐装维班");
  });
});
