import { describe, expect, test } from "vitest";
import { findingExcerpt, findingMessages } from "../../app/domain/privacy/guard";
import { maskPersonalData } from "../../app/domain/privacy/mask-text";
import { findPersonalData } from "../../app/domain/privacy/detect";
import { nominationSchema, reviewSchema } from "../../app/domain/nominations/schema";
import { parseWithPrivacy } from "../../app/web/parse-form";
import { messageText } from "../../app/i18n/all.server";

// The privacy guard on forms (issue 19, item 2): a story that names a
// customer's mobile, ID and bank card is refused with each finding named in
// its sentence, masked; "Mask and continue" stores the masks and goes on.

const story = "回访了客户王女士（13812345678），核对身份证440106195001011237和银行卡6222021234567890128后办结。";

function nominationForm(extra: Record<string, string> = {}) {
  const form = new FormData();
  form.set("title", "best-service-star");
  form.set("nominees[0]", "GD000004");
  form.set("citation", "节后逐一回访报障客户。");
  form.set("stories[0].body", story);
  form.set("intent", "submit");
  for (const [k, v] of Object.entries(extra)) form.set(k, v);
  return form;
}

describe("the privacy guard on a form", () => {
  test("a story with a mobile, an ID and a bank card is refused, each finding named in its sentence and masked", () => {
    const result = parseWithPrivacy(nominationForm(), nominationSchema);
    expect(result.status).toBe("error");
    const messages = result.status === "error" ? (result.error?.["stories[0].body"] ?? []) : [];
    expect(messages.map((m) => m.split(" ")[0])).toEqual(["privacy.found.mobile", "privacy.found.id_card", "privacy.found.bank_card"]);
    const text = messages.join("\n");
    // The message never repeats the number it warns about.
    for (const raw of ["13812345678", "440106195001011237", "6222021234567890128"]) expect(text).not.toContain(raw);
    expect(text).toContain("138****5678");
  });

  test("the messages read in both languages", () => {
    const [message] = findingMessages("请回电13812345678。");
    expect(messageText("zh-CN", message)).toBe("手机号码：“请回电138****5678。”");
    expect(messageText("en", message)).toBe("A mobile number: “请回电138****5678。”");
  });

  test("Mask and continue stores the masks and goes on with the action first pressed", () => {
    const form = nominationForm({ privacy: "mask", privacyThen: "intent=submit" });
    form.delete("intent");
    const result = parseWithPrivacy(form, nominationSchema);
    expect(result.status).toBe("success");
    if (result.status !== "success") return;
    expect(result.value.intent).toBe("submit");
    expect(result.value.stories?.[0].body).toBe("回访了客户王女士（138****5678），核对身份证440106********1237和银行卡622202*********0128后办结。");
    expect(findPersonalData(result.value.stories?.[0].body ?? "")).toEqual([]);
    // Untouched fields stay as typed.
    expect(result.value.citation).toBe("节后逐一回访报障客户。");
  });

  test("a button pressed with the mask choice wins over the remembered action", () => {
    const form = nominationForm({ privacy: "mask", privacyThen: "intent=submit", intent: "save" });
    const result = parseWithPrivacy(form, nominationSchema);
    expect(result.status === "success" && result.value.intent).toBe("save");
  });

  test("look-alikes from the domain are not findings: a metric, a date, an employee number, a hotline", () => {
    const result = parseWithPrivacy(
      nominationForm({ "stories[0].body": "2026-11-30 接通率 97.53%，工号 GD000004，拨打 10000 号、95105888 和 400-820-8820 都找得到他。" }),
      nominationSchema,
    );
    expect(result.status).toBe("success");
  });

  test("a review comment is guarded too", () => {
    const form = new FormData();
    form.set("decision", "return");
    form.set("comment", "请删去客户手机 139 1234 5678 再提交。");
    const result = parseWithPrivacy(form, reviewSchema);
    expect(result.status === "error" && result.error?.comment?.[0]).toMatch(/^privacy\.found\.mobile /);
  });

  test("an excerpt keeps to the finding's sentence and marks where it was cut", () => {
    const text = "第一句不相关。这一句很长很长很长很长很长很长很长很长很长很长很长很长很长：客户电话13812345678，已回访。后面一句。";
    expect(findingExcerpt(text, findPersonalData(text), 0)).toBe("…长很长很长很长很长很长很长很长很长很长：客户电话138****5678，已回访。");
    expect(maskPersonalData("无号码的句子")).toBe("无号码的句子");
  });
});
