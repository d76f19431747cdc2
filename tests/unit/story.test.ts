import { describe, expect, test } from "vitest";
import {
  fredPrincipleLabel,
  fredPrinciples,
  isFredPrinciple,
  maxListItems,
  maxStoryBlocks,
  maxStoryLength,
  parseStory,
  storyProblem,
} from "../../app/domain/nominations/story";
import { translate } from "../../app/i18n/all.server";

describe("parseStory", () => {
  test("blank lines separate paragraphs; single line breaks stay inside one", () => {
    expect(parseStory("台风夜里，他守在机房。\n直到天亮。\n\n第二天又去了客户家。")).toEqual([
      { kind: "paragraph", text: "台风夜里，他守在机房。\n直到天亮。" },
      { kind: "paragraph", text: "第二天又去了客户家。" },
    ]);
  });

  test('"- " and "• " lines form a bulleted list, "1. " lines a numbered one', () => {
    expect(parseStory("What she did:\n- called back\n• fixed the line\n\n1. first\n2. second")).toEqual([
      { kind: "paragraph", text: "What she did:" },
      { kind: "list", ordered: false, items: ["called back", "fixed the line"] },
      { kind: "list", ordered: true, items: ["first", "second"] },
    ]);
  });

  test("a change of list kind starts a new list", () => {
    expect(parseStory("- a\n1. b")).toEqual([
      { kind: "list", ordered: false, items: ["a"] },
      { kind: "list", ordered: true, items: ["b"] },
    ]);
  });

  test('"> " lines are a quoted customer, joined into one quote', () => {
    expect(parseStory("> 师傅冒雨上门，\n> 太感谢了。\n\nAfter that…")).toEqual([
      { kind: "quote", text: "师傅冒雨上门，\n太感谢了。" },
      { kind: "paragraph", text: "After that…" },
    ]);
  });

  test("Windows line ends, surrounding spaces and empty input", () => {
    expect(parseStory("  one  \r\n\r\n  two ")).toEqual([
      { kind: "paragraph", text: "one" },
      { kind: "paragraph", text: "two" },
    ]);
    expect(parseStory("")).toEqual([]);
    expect(parseStory(" \n\n \n")).toEqual([]);
  });

  test("a hyphen without a space, a year or a decimal is ordinary text", () => {
    expect(parseStory("-5 degrees\n2025 was busy\n3.2% of calls")).toEqual([{ kind: "paragraph", text: "-5 degrees\n2025 was busy\n3.2% of calls" }]);
  });

  test('Chinese numbering "1、" also makes a numbered list', () => {
    expect(parseStory("1、上门\n2、回访")).toEqual([{ kind: "list", ordered: true, items: ["上门", "回访"] }]);
  });

  test("HTML is kept as plain text, never read", () => {
    const text = '<img src=x onerror=alert(1)>\n- <script>alert(1)</script>\n> <a href="javascript:alert(1)">x</a>';
    expect(parseStory(text)).toEqual([
      { kind: "paragraph", text: "<img src=x onerror=alert(1)>" },
      { kind: "list", ordered: false, items: ["<script>alert(1)</script>"] },
      { kind: "quote", text: '<a href="javascript:alert(1)">x</a>' },
    ]);
  });

  test("limits: length, blocks and list items are capped", () => {
    expect(parseStory("x".repeat(maxStoryLength + 100))[0]).toEqual({ kind: "paragraph", text: "x".repeat(maxStoryLength) });
    const many = Array.from({ length: maxStoryBlocks + 5 }, (_, i) => `p${i}`).join("\n\n");
    expect(parseStory(many)).toHaveLength(maxStoryBlocks);
    const longList = Array.from({ length: maxListItems + 5 }, (_, i) => `- ${i}`).join("\n");
    const [list] = parseStory(longList);
    expect(list.kind === "list" && list.items.length).toBe(maxListItems);
  });
});

describe("storyProblem", () => {
  test("says what is wrong, as an i18n key", () => {
    expect(storyProblem("   ")).toBe("evidence.story.empty");
    expect(storyProblem("x".repeat(maxStoryLength + 1))).toBe("evidence.story.tooLong");
    expect(storyProblem(Array.from({ length: maxStoryBlocks + 1 }, (_, i) => `p${i}`).join("\n\n"))).toBe("evidence.story.tooManyBlocks");
    expect(storyProblem(Array.from({ length: maxStoryBlocks }, (_, i) => `p${i}`).join("\n\n"))).toBeNull();
    expect(storyProblem("A good story.")).toBeNull();
  });
});

describe("Fred principles", () => {
  test("four keys, each named in both languages", () => {
    expect([...fredPrinciples]).toEqual(["difference", "relationships", "value", "reinvent"]);
    for (const p of fredPrinciples) {
      expect(translate("en", fredPrincipleLabel[p])).not.toBe(fredPrincipleLabel[p]);
      expect(translate("zh-CN", fredPrincipleLabel[p])).not.toBe(translate("en", fredPrincipleLabel[p]));
    }
    expect(isFredPrinciple("value")).toBe(true);
    expect(isFredPrinciple("toString")).toBe(false);
    expect(isFredPrinciple(3)).toBe(false);
  });
});
