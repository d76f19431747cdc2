import { describe, expect, test } from "vitest";
import { findPersonalData, maskFindings, type Finding, type FindingKind } from "../../app/domain/privacy/detect";
import { idCheckCharacter, isBankCard, isImei, isLegacyResidentId, isResidentId, passesLuhn } from "../../app/domain/privacy/checks";

// The privacy guard's detector (issue 19, item 1; decision 0040). The numbers
// below were made for these tests: their check digits were computed, none is
// anyone's.
const now = new Date("2026-12-06T12:00:00+08:00");
const find = (text: string) => findPersonalData(text, { now });
const kinds = (text: string) => find(text).map((f) => f.kind);
const only = (text: string): Finding => {
  const found = find(text);
  expect(found, text).toHaveLength(1);
  return found[0];
};
/** The finding's text, cut by code points as its offsets count. */
const cut = (text: string, f: Finding) => [...text].slice(f.start, f.end).join("");

describe("each kind: found when its check holds, not when it fails", () => {
  const cases: Array<[FindingKind, string, string, string]> = [
    // kind, valid, same shape but failing its check, the valid one's mask
    ["mobile", "13812345678", "12812345678", "138****5678"],
    ["mobile", "+86 138-1234-5678", "+86 128-1234-5678", "+86 138-****-5678"],
    ["landline", "020-87654321", "020-17654321", "020-****4321"],
    ["landline", "0755 8765432", "010 8765432", "0755 ***5432"],
    ["id_card", "440106195001011237", "440106195001011234", "440106********1237"],
    ["id_card", "11010519491231002X", "11010519491231002Y", "110105********002X"],
    ["id_card", "110105491231002", "110105491331002", "110105*****1002"],
    ["bank_card", "6222021234567890128", "6222021234567890127", "622202*********0128"],
    ["bank_card", "6228 4800 1234 5671", "6228 4800 1234 5672", "6228 48** **** 5671"],
    ["imei", "IMEI 860123456789014", "IMEI 860123456789015", "860123*****9014"],
    ["imei", "35-209900-176148-1", "35-209900-176148-2", "35-2099**-***148-1"],
    ["iccid", "89860112345678901234", "89870112345678901234", "898601**********1234"],
    ["email", "wang.li@189.cn", "wang.li@189", "w***@189.cn"],
    ["plate", "粤B12345", "粤I12345", "粤B***45"],
    ["plate", "粤B·D12345", "粤B·X12345", "粤B·****45"],
  ];
  test.each(cases)("%s: %s is found, %s is not", (kind, valid, invalid, masked) => {
    const text = `客户的信息：${valid}。`;
    const f = only(text);
    expect(f.kind).toBe(kind);
    expect(f.masked).toBe(masked);
    expect(find(`客户的信息：${invalid}。`)).toEqual([]);
  });
});

describe("resident IDs (GB 11643-1999)", () => {
  test("the check character is ISO 7064 MOD 11-2, X for 10", () => {
    expect(idCheckCharacter("44010619500101123")).toBe("7");
    expect(idCheckCharacter("11010519491231002")).toBe("X");
    expect(isResidentId("11010519491231002x", 20261206)).toBe(true);
  });

  test("a region no province has, or a birth date that is not a day, is no ID", () => {
    expect(isResidentId("990106195001011230", 20261206)).toBe(false);
    // 1950-02-30 with a check digit that matches it
    const feb30 = "44010619500230123";
    expect(isResidentId(feb30 + idCheckCharacter(feb30), 20261206)).toBe(false);
    const leap = "33010620000229100";
    expect(isResidentId(leap + idCheckCharacter(leap), 20261206)).toBe(true);
  });

  test("a birth date after today is no ID; today's is", () => {
    const born = (date: string) => `440306${date}123`;
    const id = (date: string) => born(date) + idCheckCharacter(born(date));
    expect(kinds(id("20261206"))).toEqual(["id_card"]);
    expect(kinds(id("20261207"))).toEqual([]);
  });

  test("a 15-digit legacy ID needs a region and a real yymmdd", () => {
    expect(isLegacyResidentId("110105491231002")).toBe(true);
    expect(isLegacyResidentId("110105490231002")).toBe(false);
    expect(isLegacyResidentId("200105491231002")).toBe(false);
  });

  test("written 6-8-4 it is found whole", () => {
    expect(only("身份证 440106 19500101 1237").masked).toBe("440106 ******** 1237");
  });
});

describe("specificity: one finding per number, the most specific kind", () => {
  test("a valid ID that also passes Luhn is an ID, not a bank card", () => {
    // Some IDs pass Luhn too, as one number in ten does: take the first such.
    const ids = Array.from({ length: 1000 }, (_, i) => `44010619500101${String(i).padStart(3, "0")}`)
      .map((s) => s + idCheckCharacter(s))
      .filter((id) => /^\d{18}$/.test(id) && passesLuhn(id));
    expect(isResidentId(ids[0], 20261206)).toBe(true);
    expect(isBankCard(ids[0])).toBe(true);
    expect(kinds(ids[0])).toEqual(["id_card"]);
  });

  test("an ICCID that passes Luhn is an ICCID", () => {
    expect(passesLuhn("8986011234567890128")).toBe(true);
    expect(kinds("8986011234567890128")).toEqual(["iccid"]);
  });

  test("15 digits both IMEI and legacy ID: the ID, unless the words before name an IMEI", () => {
    const both = "350102490101000";
    const fixed = both.slice(0, 14) + [..."0123456789"].find((d) => passesLuhn(both.slice(0, 14) + d));
    expect(isImei(fixed)).toBe(true);
    expect(isLegacyResidentId(fixed)).toBe(true);
    expect(kinds(`证件号${fixed}`)).toEqual(["id_card"]);
    expect(kinds(`手机串号${fixed}`)).toEqual(["imei"]);
  });

  test("a mobile inside an email address is the email", () => {
    expect(find("13812345678@189.cn")).toEqual([{ kind: "email", start: 0, end: 18, masked: "1***@189.cn" }]);
  });
});

describe("formats people write", () => {
  test.each([
    ["13812345678", "138****5678"],
    ["138 1234 5678", "138 **** 5678"],
    ["138-1234-5678", "138-****-5678"],
    ["+8613812345678", "+86138****5678"],
    ["0086 13812345678", "0086 138****5678"],
    ["(+86) 138 1234 5678", "(+86) 138 **** 5678"],
    ["１３８１２３４５６７８", "１３８****５６７８"],
  ])("mobile %s → %s", (written, masked) => {
    const text = `回访了客户王女士（${written}），她很满意。`;
    const f = only(text);
    expect([f.kind, cut(text, f), f.masked]).toEqual(["mobile", written, masked]);
  });

  test.each([
    ["020-87654321", "020-****4321"],
    ["(020) 8765 4321", "(020) **** 4321"],
    ["（0755）8765432", "（0755）***5432"],
    ["02087654321", "020****4321"],
    ["+86 20 8765 4321", "+86 20 **** 4321"],
    ["0086-755-8765432", "0086-755-***5432"],
    ["020-87654321-8001", "020-****4321-8001"],
  ])("landline %s → %s", (written, masked) => {
    const text = `装维热线回拨到客户家里的座机${written}确认修复。`;
    const f = only(text);
    expect([f.kind, cut(text, f), f.masked]).toEqual(["landline", written, masked]);
  });

  test("emails: names with dots and plus, subdomains; the sentence's full stop is not the domain's", () => {
    expect(only("请发到 zhang.san+bill@gd.chinatelecom.cn。").masked).toBe("z***@gd.chinatelecom.cn");
    expect(cut("mail li@example.com. Thanks", only("mail li@example.com. Thanks"))).toBe("li@example.com");
  });

  test.each([
    ["a@189.cn", "*@189.cn"],
    ["li@189.cn", "l*@189.cn"],
    ["wli@189.cn", "w**@189.cn"],
    ["wang@189.cn", "w***@189.cn"],
    ["ｗ＠１８９.cn", "*＠１８９.cn"],
  ])("email %s → %s: no mask is longer than what it hides, so a text masked in place keeps within its limit", (written, masked) => {
    const text = `客户邮箱 ${written} 已核实`;
    const f = only(text);
    expect([f.kind, cut(text, f), f.masked]).toEqual(["email", written, masked]);
    expect(maskFindings(text, [f]).length).toBeLessThanOrEqual(text.length);
  });

  test("plates: ordinary, new-energy small and large, with 学", () => {
    expect(kinds("粤A12345 粤BD12345 粤B12345F 沪A1234学 京N·A2B34")).toEqual(["plate", "plate", "plate", "plate", "plate"]);
    expect(kinds("粤BABCDE 粤B123456 粤B1234")).toEqual([]);
  });
});

describe("look-alikes are not findings", () => {
  test.each([
    "工单量 12,345 件，接通率 97.53%，满意度 99.2%",
    "回访日期 2026-11-30，20261130，2026/11/30，2026年11月30日",
    "值班 09:00-18:00，0830-1730，8:30—17:30，13:00",
    "工号 GD000004、T00001、GD012345",
    "赔付金额 ¥12,345.00，￥3,000，12345.00元",
    "热线 10000、10086、10010、95598、96166、400-810-0000、4008100000、800-820-8820、12345、114",
    "客户拨打10000号反映宽带故障",
    "工单号 2026113014302251，订单 202611301234567，流水 20261130143022510001",
    "工单号 5318008123456780，不过 Luhn",
    "主叫号码 021-96888，95555 转人工",
    "平均处理时长 185 秒，0.13812345678 的比例",
    "一个更长的数字串 2013812345678901234567 不是手机号",
  ])("%s", (text) => {
    expect(find(text)).toEqual([]);
  });
});

describe("offsets in code points", () => {
  test("a name with 𠮷 before a mobile: the offsets count 𠮷 once", () => {
    const text = "吉𠮷祥回访了客户（13812345678）";
    const f = only(text);
    expect(f).toMatchObject({ start: 9, end: 20 });
    expect(cut(text, f)).toBe("13812345678");
    expect(maskFindings(text, [f])).toBe("吉𠮷祥回访了客户（138****5678）");
  });

  test("several findings around several astral characters mask in place", () => {
    const text = "𠮷𪚥 王女士 13812345678，𠮷 卡号 6222021234567890128，𪚥 邮箱 wang@189.cn";
    const found = find(text);
    expect(found.map((f) => cut(text, f))).toEqual(["13812345678", "6222021234567890128", "wang@189.cn"]);
    expect(maskFindings(text, found)).toBe("𠮷𪚥 王女士 138****5678，𠮷 卡号 622202*********0128，𪚥 邮箱 w***@189.cn");
  });

  test("maskFindings ignores overlapping findings and ones past the end", () => {
    const text = "电话13812345678";
    const f = only(text);
    expect(maskFindings(text, [f, { ...f, start: f.start + 1 }])).toBe("电话138****5678");
    expect(maskFindings(text, [{ ...f, end: 99 }])).toBe(text);
  });
});

describe("hostile input", () => {
  // Not a timing figure (bench:privacy measures those): a catastrophic
  // backtrack on 100,000 characters takes minutes, a linear scan milliseconds,
  // so this generous bound only catches the first.
  test.each([
    ["digits and dashes", "1-".repeat(50_000)],
    ["digits", "1".repeat(100_000)],
    ["digits and spaces", "6222 ".repeat(20_000)],
    ["an email-like run", `${"a.".repeat(50_000)}@`],
    ["at signs", "a@b.".repeat(25_000)],
    ["plates' beginnings", "粤B1".repeat(33_000)],
  ])("100,000 characters of %s finish quickly", (_, text) => {
    const t0 = performance.now();
    find(text);
    expect(performance.now() - t0).toBeLessThan(5_000);
  });
});
