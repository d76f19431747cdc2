import { createElement, type ReactElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, test } from "vitest";
import { formatList, type Locale } from "../../app/i18n";
import { langOf } from "../../app/i18n/lang";
import { Lang, ListOf, LocaleProvider, useRichT } from "../../app/i18n/react";
import { allMessages } from "../../app/i18n/all.server";

// Chinese text on English pages is marked with its language (WCAG 3.1.2), and
// lists are joined as the page's language joins them (issue 14).

const render = (element: ReactElement, locale: Locale = "en") =>
  renderToStaticMarkup(createElement(LocaleProvider, { value: locale, messages: allMessages }, element));

function Sentence({ name }: { name: string }) {
  const rich = useRichT();
  return createElement("p", null, rich("nomination.history.by", { name }));
}

describe("language marks", () => {
  test("text with Han characters, of any plane, is Chinese; Latin text is not marked", () => {
    expect(langOf("梁晓岚")).toBe("zh-CN");
    expect(langOf("吉𠮷祥")).toBe("zh-CN");
    expect(langOf("𪚥")).toBe("zh-CN");
    expect(langOf("Guangzhou Desk 1")).toBeUndefined();
    expect(langOf("")).toBeUndefined();
    expect(langOf(null)).toBeUndefined();
  });

  test("a name inside an English sentence is marked, the sentence is not", () => {
    expect(render(createElement(Sentence, { name: "梁晓岚" }))).toBe('<p>by <span lang="zh-CN">梁晓岚</span></p>');
    expect(render(createElement(Sentence, { name: "Ann Lee" }))).toBe("<p>by Ann Lee</p>");
    expect(render(createElement(Lang, null, "话务员"))).toBe('<span lang="zh-CN">话务员</span>');
  });

  test("a team's members are joined in the page's language, each marked", () => {
    const names = ["谭伟业", "程嘉朗", "何嘉欣"];
    expect(render(createElement(ListOf, { items: names }))).toBe(
      '<span lang="zh-CN">谭伟业</span>, <span lang="zh-CN">程嘉朗</span>, and <span lang="zh-CN">何嘉欣</span>',
    );
    expect(render(createElement(ListOf, { items: names }), "zh-CN").replace(/<[^>]+>/g, "")).toBe("谭伟业、程嘉朗和何嘉欣");
    expect(formatList("en", ["Customer satisfaction", "Calls handled"])).toBe("Customer satisfaction and Calls handled");
  });
});
