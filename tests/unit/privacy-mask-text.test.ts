import { describe, expect, test } from "vitest";
import { maskPersonalData, maskPersonalDataIn } from "../../app/domain/privacy/mask-text";
import { changesOf } from "../../app/domain/audit/readable";
import { publishedSnapshot, type HonorRollSnapshot, type SnapshotWinner } from "../../app/domain/publishing/snapshot";
import { masks, personalData, plantedText } from "../support/privacy";

// Issue 19, item 4: the one function every output applies, and the snapshot
// as readers get it (decision 0044).

describe("maskPersonalData", () => {
  test("text without digits or @ is returned as it is; null and undefined pass through", () => {
    const plain = "回访客户王女士后问题当天解决。";
    expect(maskPersonalData(plain)).toBe(plain);
    expect(maskPersonalData(null)).toBeNull();
    expect(maskPersonalData(undefined)).toBeUndefined();
  });

  test("only the personal data is masked: metric values, employee numbers and hotlines stay", () => {
    expect(maskPersonalData(`接通率97.53%，工号GD000004，热线10000号；客户${personalData.mobile}`)).toBe(
      `接通率97.53%，工号GD000004，热线10000号；客户${masks.mobile}`,
    );
  });

  test("numbers grouped with spaces are masked with their spaces kept", () => {
    expect(maskPersonalData(plantedText.story)).toBe(
      "客户王女士来电，手机 138 **** 5678，身份证号 440106********1237，退费到银行卡 6222 02** **** ***0 128。\n\n当天办结，客户满意。",
    );
  });

  test("full-width digits and an email address are masked too", () => {
    expect(maskPersonalData("客户电话１３８１２３４５６７８，邮箱wang.li@example.com")).toBe("客户电话１３８****５６７８，邮箱w***@example.com");
  });
});

const winner = (over: Partial<SnapshotWinner> = {}): SnapshotWinner => ({
  nominationId: 7,
  kind: "individual",
  teamName: null,
  citation: plantedText.citation,
  nominees: [{ personId: 1, employeeNo: "GD13812345678", name: "梁晓岚", unitZh: "客服中心", unitEn: null, jobTitle: null }],
  photo: { mediaId: 3, caption: plantedText.caption } as SnapshotWinner["photo"],
  metrics: [],
  stories: [{ heading: "回访", body: plantedText.story, principles: [], quote: plantedText.quote, quoteBy: "王女士" }],
  principles: [],
  storiesCorrected: { version: 2, reason: plantedText.versionReason },
  ...over,
});

describe("publishedSnapshot", () => {
  test("masks the winners' free text and leaves names, employee numbers and the stored JSON alone", () => {
    const stored: HonorRollSnapshot = {
      format: 1,
      campaign: {
        id: 1,
        slug: "2026-q3",
        nameZh: "三季度",
        nameEn: "Q3",
        periodStart: "2026-07-01",
        periodEnd: "2026-09-30",
        unit: { code: "GD", nameZh: "广东", nameEn: null },
      },
      titles: [{ titleId: 1, slug: "star", nameZh: "服务之星", nameEn: "Star", badge: null, winners: [winner()] }],
    };
    const before = JSON.stringify(stored);
    const read = publishedSnapshot(JSON.parse(before));
    const w = read.titles[0].winners[0];
    expect(JSON.stringify(stored)).toBe(before);
    for (const text of [w.citation, w.photo!.caption, w.stories[0].body, w.stories[0].quote!, w.storiesCorrected!.reason]) {
      expect(text).not.toContain(personalData.mobile.slice(3, 7));
    }
    expect(w.citation).toContain(masks.mobile);
    expect(w.stories[0].body).toContain(masks.idCard);
    // Structured: an employee number is never masked, whatever its digits.
    expect(w.nominees[0]).toEqual(stored.titles[0].winners[0].nominees[0]);
    expect(w.stories[0].quoteBy).toBe("王女士");
  });
});

describe("audit entries, which cannot be rewritten", () => {
  test("a return comment recorded before the guard is shown and exported masked", () => {
    const after = { status: "returned", comment: `请删掉客户电话 ${personalData.mobile} 后再提交`, count: 2, at: "2026-11-30T08:00:00Z" };
    const before = JSON.stringify(after);
    const masked = maskPersonalDataIn(after) as typeof after;
    expect(JSON.stringify(after)).toBe(before);
    expect(masked).toEqual({ ...after, comment: `请删掉客户电话 ${masks.mobile} 后再提交` });
    const shown = JSON.stringify(changesOf(null, after));
    expect(shown).not.toContain(personalData.mobile);
    expect(shown).toContain(masks.mobile);
  });
});
