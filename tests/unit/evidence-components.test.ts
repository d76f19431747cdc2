import { createElement, type ReactElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, test } from "vitest";
import { MetricCard } from "../../app/components/metric-card";
import { MetricChart } from "../../app/components/metric-chart";
import { FredTags, Story } from "../../app/components/story";
import { parseStory } from "../../app/domain/nominations/story";
import type { Locale } from "../../app/i18n";
import { LocaleProvider } from "../../app/i18n/react";
import { allMessages } from "../../app/i18n/all.server";

// Test files are .ts here: createElement, not JSX. The components read the
// page's language from the context the root layout provides.
async function render(element: ReactElement, locale: Locale = "en"): Promise<string> {
  return renderToStaticMarkup(createElement(LocaleProvider, { value: locale, messages: allMessages }, element));
}

describe("Story", () => {
  test("paragraphs, lists and a customer's words as plain elements", async () => {
    const html = await render(
      createElement(Story, { blocks: parseStory("He came at night.\nIn the rain.\n\n- fixed it\n- called back\n\n1. one\n\n> Thank you!") }),
    );
    expect(html).toBe(
      '<div class="story">' +
        "<p>He came at night.<br/>In the rain.</p>" +
        "<ul><li>fixed it</li><li>called back</li></ul>" +
        "<ol><li>one</li></ol>" +
        '<figure class="story__quote"><blockquote><p>Thank you!</p></blockquote><figcaption>In the customer&#x27;s words</figcaption></figure>' +
        "</div>",
    );
  });

  test("XSS: markup and javascript: links in a story render as escaped text only", async () => {
    const text = [
      "<img src=x onerror=alert(1)>",
      "",
      "- <script>alert('x')</script>",
      "- javascript:alert(document.cookie)",
      "",
      '> <a href="javascript:alert(1)">click me</a>',
      "",
      "[link](javascript:alert(1))",
    ].join("\n");
    const html = await render(createElement(Story, { blocks: parseStory(text) }));
    expect(html).not.toMatch(/<img/i);
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<a[\s>]/i);
    // Escaped text holds no "<", so every "<" opens a real tag: only these
    // elements, and no attribute but class (no href, no on… handler at all).
    const tags = [...html.matchAll(/<\/?([a-z]+)([^>]*)>/g)];
    expect(new Set(tags.map((m) => m[1]))).toEqual(new Set(["div", "p", "ul", "li", "figure", "blockquote", "figcaption"]));
    for (const [, , attributes] of tags) expect(attributes.replace(/\s*class="[^"]*"/, "")).toBe("");
    expect(html).toContain("&lt;img src=x onerror=alert(1)&gt;");
    expect(html).toContain("&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;");
    expect(html).toContain("&lt;a href=&quot;javascript:alert(1)&quot;&gt;click me&lt;/a&gt;");
    expect(html).toContain("<li>javascript:alert(document.cookie)</li>");
  });

  test("Fred principle tags are named in the reader's language", async () => {
    const en = await render(createElement(FredTags, { principles: ["difference", "value"] }));
    expect(en).toContain('<li class="fred-tag fred-tag--difference">Everyone makes a difference</li>');
    const zh = await render(createElement(FredTags, { principles: ["reinvent"] }), "zh-CN");
    expect(zh).toContain("不断重塑自我");
    expect(await render(createElement(FredTags, { principles: [] }))).toBe("");
  });
});

describe("MetricCard", () => {
  test("lower is better, target met and better than the baseline: said in words, with icons", async () => {
    const html = await render(
      createElement(MetricCard, {
        name: "Fault-report rate",
        value: 3.2,
        unit: "%",
        direction: "lower",
        target: 5,
        baseline: 4.1,
        period: "2025",
        source: "IT fault system",
      }),
    );
    expect(html).toContain('class="metric-card metric-card--good"');
    expect(html).toContain('<p class="metric-card__value">3.2%</p>');
    expect(html).toContain("Target: at most 5%");
    expect(html).toContain("Baseline: 4.1%");
    expect(html).toContain("Lower is better");
    expect(html).toContain("Source: IT fault system");
    expect(html).toContain(
      '<li class="metric-verdict metric-verdict--good"><span class="metric-verdict__icon" aria-hidden="true">✓</span> Target met</li>',
    );
    expect(html).toContain("Better than the baseline");
    expect(html).not.toContain("style=");
  });

  test("higher is better, target missed and worse; numbers per locale", async () => {
    const html = await render(
      createElement(MetricCard, { name: "接听量", value: 11500, unit: "通", direction: "higher", target: 12000, baseline: 12500 }),
      "zh-CN",
    );
    expect(html).toContain("metric-card--bad");
    const text = html.replace(/<[^>]+>/g, "");
    expect(text).toContain("11,500 通");
    expect(text).toContain("目标：不低于 12,000 通");
    // A unit with no English form is marked as Chinese wherever it shows.
    expect(html).toContain('11,500 <span lang="zh-CN">通</span>');
    expect(html).toContain("未达到目标");
    expect(html).toContain("差于基准");
  });

  test("equal to the target and the baseline: met, and the same as before", async () => {
    const html = await render(
      createElement(MetricCard, { name: "Complaints per million users", value: 5, direction: "lower", target: 5, baseline: 5 }),
    );
    expect(html).toContain("metric-card--good");
    expect(html).toContain("Target met");
    expect(html).toContain("Same as the baseline");
  });

  test("no target and no baseline: says there is nothing to compare with", async () => {
    const html = await render(createElement(MetricCard, { name: "Holiday night shifts", value: 12, direction: "higher" }));
    expect(html).toContain("metric-card--neutral");
    expect(html).toContain("No target or baseline to compare with");
    expect(html).not.toContain("Target met");
  });
});

describe("MetricChart", () => {
  const points = [
    { period: "2025 Q1", value: 4.8 },
    { period: "2025 Q2", value: 4.1 },
    { period: "2025 Q3", value: 3.2 },
  ];

  test("an accessible SVG: role img, a summary label and title, one point per period, a target line", async () => {
    const html = await render(createElement(MetricChart, { points, target: 5, direction: "lower", unit: "%", title: "Fault-report rate" }));
    const label = "Fault-report rate: 2025 Q1 4.8%, 2025 Q2 4.1%, 2025 Q3 3.2%; target 5%";
    expect(html).toMatch(/^<svg [^>]*role="img"/);
    expect(html).toContain(`aria-label="${label}"`);
    expect(html).toContain(`<title>${label}</title>`);
    expect(html.match(/class="metric-chart__point"/g)).toHaveLength(3);
    expect(html).toContain('class="metric-chart__target"');
    expect(html).toContain("Target 5%");
    expect(html).toContain(">Period</text>");
    expect(html).toContain(">Value (%)</text>");
    for (const p of points) expect(html).toContain(`>${p.period}</text>`);
    expect(html).not.toContain("style=");
    expect(html).not.toContain("<script");
  });

  test("deterministic, localised, and without a target line when none is given", async () => {
    const props = { points, direction: "lower" as const, unit: "%", title: "故障申告率" };
    const once = await render(createElement(MetricChart, props), "zh-CN");
    expect(await render(createElement(MetricChart, props), "zh-CN")).toBe(once);
    expect(once).toContain('aria-label="故障申告率：2025 Q1 4.8%, 2025 Q2 4.1%, 2025 Q3 3.2%"');
    expect(once).not.toContain("metric-chart__target");
    expect(once).toContain(">数值（%）</text>");
  });

  test("one point, and no points", async () => {
    const one = await render(createElement(MetricChart, { points: [{ period: "2025", value: 7 }], direction: "higher", title: "Calls" }));
    expect(one.match(/class="metric-chart__point"/g)).toHaveLength(1);
    expect(one).not.toContain("metric-chart__line");
    const none = await render(createElement(MetricChart, { points: [], direction: "higher", title: "Calls" }));
    expect(none).toContain('aria-label="Calls: no figures yet"');
    expect(none).not.toContain("metric-chart__point");
  });
});
