import { createElement, type ReactElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, test } from "vitest";
import { langOf } from "../../app/published/lang";
import { initialsOf } from "../../app/domain/initials";
import { VoteChart } from "../../app/components/vote-chart";
import { campaignSchema } from "../../app/domain/campaigns/schema";
import { nameKey } from "../../app/domain/people/name-key.server";
import { limits, nominationSchema, reviewSchema } from "../../app/domain/nominations/schema";
import { maxStoryLength, parseStory, storyProblem } from "../../app/domain/nominations/story";
import { publishSchema } from "../../app/domain/publishing/schema";
import { breakUnits, wrap, type Typeface } from "../../app/published/share-text";
import { charCount, cutChars, firstGrapheme, graphemes, lastGraphemes, shorten, withinChars } from "../../app/domain/text";
import { titleSchema } from "../../app/domain/titles/schema";
import { objectionSchema, ratifySchema } from "../../app/domain/results/schema";
import { fieldMessage } from "../../app/i18n";
import { LocaleProvider } from "../../app/i18n/react";
import { allMessages } from "../../app/i18n/all.server";

// 䶮 is Extension A (one UTF-16 unit); 𠮷 and 𪚥 are Extension B (two units
// each): one character to a reader and to PostgreSQL's length().
const B = "𠮷";
const B2 = "𪚥";
/** 𠮷 with an ideographic variation selector (U+E0100, itself two units): one grapheme, two code points. */
const withSelector = "𠮷\u{E0100}";
const hasLoneSurrogate = (s: string) => /\p{Surrogate}/u.test(s);

describe("counting and cutting text", () => {
  test("characters are counted as PostgreSQL counts them, not as UTF-16 units", () => {
    expect(B.length).toBe(2);
    expect(charCount(`吉${B}祥`)).toBe(3);
    expect(charCount("䶮")).toBe(1);
    expect(withinChars(200)(B.repeat(200))).toBe(true);
    expect(withinChars(200)(B.repeat(201))).toBe(false);
  });

  test("a cut never splits 𠮷, nor a character from its variation selector or accent", () => {
    expect(cutChars(`a${B.repeat(5)}`, 3)).toBe(`a${B}${B}`);
    expect(cutChars(`${B}${withSelector}${B2}`, 2)).toBe(B);
    expect(cutChars(`${B}${withSelector}${B2}`, 3)).toBe(`${B}${withSelector}`);
    expect(cutChars("cafe\u0301!", 4)).toBe("caf");
    expect(cutChars("吉祥", 10)).toBe("吉祥");
    for (let n = 0; n < 12; n++) expect(hasLoneSurrogate(cutChars(`x${B}${B2}䶮${withSelector}`.repeat(3), n))).toBe(false);
  });

  test("shortened text ends with an ellipsis only when something was left out", () => {
    expect(shorten(`a${B.repeat(70)}`, 60)).toBe(`a${B.repeat(59)}…`);
    expect(shorten(B.repeat(60), 60)).toBe(B.repeat(60));
  });

  test("graphemes, first and last", () => {
    expect(graphemes(`吉${withSelector}祥`)).toEqual(["吉", withSelector, "祥"]);
    expect(firstGrapheme(`${B}野家`)).toBe(B);
    expect(firstGrapheme(`${withSelector}家`)).toBe(withSelector);
    expect(firstGrapheme("e\u0301tude")).toBe("e\u0301");
    expect(firstGrapheme("\r\nx")).toBe("\r\n");
    expect(firstGrapheme("qiu")).toBe("q");
    expect(firstGrapheme("")).toBe("");
    expect(lastGraphemes(`吉${B}祥`, 2)).toBe(`${B}祥`);
    expect(lastGraphemes(B2, 2)).toBe(B2);
  });
});

describe("limits agree with the database's", () => {
  const nomination = (over: Record<string, unknown>) => nominationSchema.safeParse({ title: "star", nominees: ["E1"], ...over });
  const issues = (r: { success: boolean; error?: { issues: Array<{ message: string }> } }) =>
    r.success ? [] : r.error!.issues.map((i) => i.message);

  test("a 200-character citation of 𠮷 is a whole citation; 201 is refused with the same message the domain gives", () => {
    expect(issues(nomination({ citation: B.repeat(limits.citation) }))).toEqual([]);
    expect(issues(nomination({ citation: B2.repeat(limits.citation + 1) }))).toEqual(["nominations.citation.tooLong"]);
  });

  test("a team name, a caption, a story and a quote count characters", () => {
    expect(issues(nomination({ kind: "team", teamName: B.repeat(limits.teamName), nominees: ["E1", "E2"] }))).toEqual([]);
    expect(issues(nomination({ kind: "team", teamName: B.repeat(limits.teamName + 1), nominees: ["E1", "E2"] }))).toEqual([
      "nominations.team.name.tooLong",
    ]);
    expect(
      issues(nomination({ stories: [{ body: B.repeat(maxStoryLength), quote: B2.repeat(limits.quote), quoteBy: B.repeat(limits.quoteBy) }] })),
    ).toEqual([]);
    expect(issues(nomination({ stories: [{ body: B.repeat(maxStoryLength + 1) }] }))).toEqual([
      fieldMessage("evidence.story.tooLong", { max: maxStoryLength }),
    ]);
    expect(storyProblem(B.repeat(maxStoryLength))).toBeNull();
    expect(storyProblem(B.repeat(maxStoryLength + 1))).toBe("evidence.story.tooLong");
    expect(parseStory(`${"字".repeat(maxStoryLength - 1)}${B}${B}`)).toEqual([{ kind: "paragraph", text: `${"字".repeat(maxStoryLength - 1)}${B}` }]);
    expect(issues(reviewSchema.safeParse({ decision: "return", comment: B.repeat(limits.comment) }))).toEqual([]);
  });

  test("an objection of five 𠮷 is too short, as the database's check of ten characters says", () => {
    expect(issues(objectionSchema.safeParse({ nominationId: 1, reason: B.repeat(5) }))).toEqual(["results.reason.short"]);
    expect(issues(objectionSchema.safeParse({ nominationId: 1, reason: B.repeat(10) }))).toEqual([]);
    expect(issues(objectionSchema.safeParse({ nominationId: 1, reason: B.repeat(1001) }))).toEqual(["results.reason.tooLong"]);
    expect(issues(ratifySchema.safeParse({ title: "star", tieReason: B.repeat(1000) }))).toEqual([]);
  });

  test("titles, campaigns and corrections count characters too", () => {
    const title = {
      slug: "rare",
      nameZh: B.repeat(60),
      nameEn: "Rare",
      templates: [{ nameZh: B2.repeat(60), nameEn: "x", unit: B.repeat(20), direction: "higher" }],
    };
    expect(issues(titleSchema.safeParse(title))).toEqual([]);
    expect(issues(titleSchema.safeParse({ ...title, nameZh: B.repeat(61) }))).toEqual(["titles.name.tooLong"]);
    const campaign = campaignSchema.safeParse({
      slug: "rare",
      nameZh: B.repeat(60),
      nameEn: "Rare",
      periodStart: "2026-01-01",
      periodEnd: "2026-03-31",
      unitCode: "GD",
      committeeQuorum: 2,
      publicityDays: 0,
    });
    expect(issues(campaign)).toEqual([]);
    const correction = (citation: string, reason = B.repeat(5)) =>
      publishSchema.safeParse({ intent: "correct", reason, winners: [{ nominationId: 1, photo: "none", citation }] });
    expect(issues(correction(B.repeat(limits.citation)))).toEqual([]);
    expect(issues(correction(B.repeat(limits.citation + 1)))).toEqual(["publishing.choice.citation"]);
    expect(issues(correction("好", B.repeat(500)))).toEqual([]);
    expect(issues(correction("好", B.repeat(501)))).toEqual(["publish.reason.invalid"]);
  });
});

describe("names with rare characters where people see them", () => {
  const render = (element: ReactElement) => renderToStaticMarkup(createElement(LocaleProvider, { value: "en", messages: allMessages }, element));

  test("initials never show half a character", () => {
    expect(initialsOf(`吉${B}祥`)).toBe(`${B}祥`);
    expect(initialsOf(`John ${B}`)).toBe(`J${B}`);
    expect(initialsOf(`王${withSelector}`)).toBe(`王${withSelector}`);
  });

  test("a chart label is cut between characters", () => {
    const html = render(
      createElement(VoteChart, { title: "t", bars: [{ id: 1, label: `一二三四五六七${B}八九`, votes: 3, highlight: false, tied: false }] }),
    );
    expect(html).toContain(`一二三四五六七${B}…`);
    expect(hasLoneSurrogate(html)).toBe(false);
  });

  test("a name written only in Extension B characters is marked as Chinese", () => {
    expect(langOf(B2)).toBe("zh-CN");
    expect(langOf(`${B}${B2}`)).toBe("zh-CN");
    expect(langOf("Li Ming")).toBeUndefined();
  });

  test("the pinyin key keeps a character pinyin-pro does not know whole, initials included", () => {
    expect(nameKey(`吉${B}祥`)).toBe(`ji ${B} xiang|ji${B}xiang|j${B}x`);
    expect(nameKey("刘䶮")).toBe("liu yan|liuyan|ly");
    expect(hasLoneSurrogate(nameKey(`${B2}${B}`))).toBe(false);
  });

  test("share-image lines break between whole characters, a variation selector kept with its hanzi", () => {
    expect(breakUnits(`吉${withSelector}祥`)).toEqual(["吉", withSelector, "祥"]);
    // A face where every character is one em wide and 𠮷 has no glyph: a box, never a crash.
    const face: Typeface = {
      advance: (char) => {
        expect(hasLoneSurrogate(char)).toBe(false);
        return char === B ? null : 1;
      },
      kerning: () => 0,
      outline: () => "",
    };
    const wrapped = wrap(face, `${B}${withSelector}`.repeat(20), { size: 10, weight: "regular", fill: "#000" }, 45, 2);
    expect(wrapped.truncated).toBe(true);
    for (const line of wrapped.lines) {
      expect(hasLoneSurrogate(line)).toBe(false);
      expect(line.codePointAt(0)).toBe(B.codePointAt(0));
    }
  });
});
