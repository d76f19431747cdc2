import { describe, expect, test } from "vitest";
import { atomFeed, escapeXml } from "../../app/published/feed";
import { breakUnits, fit, fitList, measure, textPath, wrap, type TextStyle, type Typeface } from "../../app/published/share-text";
import { formatPeriod, rollCard, rollScene, winnerCard, winnerScene } from "../../app/published/share-image";
import type { HonorRollSnapshot, SnapshotWinner } from "../../app/domain/publishing/snapshot";
import { sharing } from "../../app/i18n/messages/sharing";
import { atom, parseXml } from "../support/xml";

// A font for the layout's sake: every hanzi and full-width sign 1 em, every
// other character ½ em, a space ¼ em, and no glyph for 𠀀 (outside the
// subset). At size 10 a hanzi is 10 px wide.
const face: Typeface = {
  advance: (char) => (char === "𠀀" ? null : char === " " ? 0.25 : /[\u2e80-\uffef]/u.test(char) ? 1 : 0.5),
  kerning: () => 0,
  outline: (char, _weight, x, y) => `M${x} ${y}h1`,
};
const style: TextStyle = { size: 10, weight: "regular", fill: "#000" };
const width = (text: string) => measure(face, text, style);

describe("where a line may break", () => {
  test("between any two hanzi, at spaces in Latin text, never inside a Latin word", () => {
    expect(breakUnits("服务之星")).toEqual(["服", "务", "之", "星"]);
    expect(breakUnits("Service  Stars\nQ3")).toEqual(["Service", " ", "Stars", " ", "Q3"]);
    expect(breakUnits("10000号热线")).toEqual(["10000", "号", "热", "线"]);
  });

  test("closing punctuation stays with what it closes, opening punctuation with what it opens", () => {
    expect(breakUnits("坚持“问题没解决，回访不结单”。")).toEqual(["坚", "持", "“问", "题", "没", "解", "决，", "回", "访", "不", "结", "单”。"]);
    expect(breakUnits("（一）Hello, world.")).toEqual(["（一）", "Hello,", " ", "world."]);
  });
});

describe("wrapping", () => {
  test("Chinese fills each line and breaks between hanzi", () => {
    const r = wrap(face, "一二三四五六七八九十", style, 40, 5);
    expect(r).toEqual({ lines: ["一二三四", "五六七八", "九十"], truncated: false });
  });

  test("Latin breaks at spaces; a word longer than the line is cut between its letters", () => {
    expect(wrap(face, "aaaa bbbb cc", style, 40, 5).lines).toEqual(["aaaa", "bbbb cc"]);
    expect(wrap(face, "abcdefghij", style, 20, 5).lines).toEqual(["abcd", "efgh", "ij"]);
  });

  test("a line never starts with a comma or a full stop", () => {
    const r = wrap(face, "一二三，四五六。七八", style, 30, 5);
    for (const line of r.lines) expect(line).not.toMatch(/^[，。]/);
    expect(r.lines.join("")).toBe("一二三，四五六。七八");
  });

  test("mixed Chinese and English keeps the English words whole", () => {
    const r = wrap(face, "服务之星 Service Stars 光荣榜", style, 60, 5);
    expect(r.lines).toEqual(["服务之星", "Service", "Stars 光荣榜"]);
    for (const line of r.lines) expect(width(line)).toBeLessThanOrEqual(60);
  });

  test("too long: the last line ends with an ellipsis and still fits, no dangling comma before it", () => {
    const r = wrap(face, "一二三，四五六七八九十甲乙丙丁", style, 40, 2);
    expect(r.truncated).toBe(true);
    expect(r.lines).toHaveLength(2);
    expect(r.lines[1].endsWith("…")).toBe(true);
    expect(r.lines[1]).not.toMatch(/[，、]…$/);
    for (const line of r.lines) expect(width(line)).toBeLessThanOrEqual(40);
  });

  test("fit takes the largest size at which the text fits whole, else the smallest shortened", () => {
    expect(fit(face, "一二三四五六", style, [20, 15, 10], 60, 1).style.size).toBe(10);
    expect(fit(face, "一二三", style, [20, 15, 10], 60, 1)).toMatchObject({ lines: ["一二三"], truncated: false, style: { size: 20 } });
    const long = fit(face, "一二三四五六七八", style, [20, 10], 60, 1);
    expect(long).toMatchObject({ truncated: true, style: { size: 10 } });
    // More lines fit at a smaller size when the room is given in px.
    expect(fit(face, "一二三四五六七八", style, [20, 10], 60, (size) => Math.floor(40 / size)).lines).toEqual(["一二三四五六", "七八"]);
  });

  test("a list of names never splits a name, and says how many there are when some are left out", () => {
    const names = ["区洁莹", "潘家豪", "欧阳敏华", "程嘉朗", "梁晓岚"];
    const r = fitList(face, names, "、", (total) => `等${total}位`, style, 100, 1);
    expect(r.truncated).toBe(false);
    expect(r.lines).toEqual(["区洁莹、潘家豪 等5位"]);
    expect(fitList(face, names.slice(0, 2), "、", () => "x", style, 100, 1).lines).toEqual(["区洁莹、潘家豪"]);
    expect(fitList(face, [], "、", (total) => `等${total}位`, style, 100, 1).lines).toEqual([]);
  });
});

describe("characters the font lacks", () => {
  test("are measured as a box and drawn as an empty box, never a crash", () => {
    expect(width("陈𠀀")).toBe(10 + 9);
    const drawn = textPath(face, "陈𠀀", style, 0, 20);
    expect(drawn).toContain("M0 20h1");
    // The box: an outer and an inner rectangle, even-odd filled.
    expect(drawn.match(/h[\d.]+v[\d.]+h-[\d.]+Z/g)).toHaveLength(2);
    expect(drawn).toContain('fill-rule="evenodd"');
  });

  test("joiners and variation selectors take no room and draw nothing", () => {
    expect(width("星\u200d\ufe0f")).toBe(10);
    expect(textPath(face, "\u200d", style, 0, 0)).toBe("");
  });

  test("centred and right-aligned runs are placed by their width", () => {
    expect(textPath(face, "一二", style, 100, 0, "middle")).toContain("M90 0h1");
    expect(textPath(face, "一二", style, 100, 0, "end")).toContain("M80 0h1");
  });
});

const winner = (over: Partial<SnapshotWinner>): SnapshotWinner => ({
  nominationId: 1,
  kind: "individual",
  teamName: null,
  citation: "坚持“问题没解决，回访不结单”。",
  nominees: [{ personId: 1, employeeNo: "GD1", name: "区洁莹", unitZh: "广州一台", unitEn: "Guangzhou Desk 1", jobTitle: null }],
  photo: null,
  metrics: [],
  stories: [],
  principles: [],
  ...over,
});
const snapshot: HonorRollSnapshot = {
  format: 1,
  campaign: {
    id: 1,
    slug: "2026-q3",
    nameZh: "2026年第三季度 服务之星",
    nameEn: "Service Stars, Q3 2026",
    periodStart: "2026-07-01",
    periodEnd: "2026-09-30",
    unit: { code: "HL", nameZh: "10000号客户服务中心", nameEn: "10000 Hotline Centre" },
  },
  titles: [
    { titleId: 1, slug: "star", nameZh: "最佳服务明星", nameEn: "Best Service Star", badge: null, winners: [winner({})] },
    {
      titleId: 2,
      slug: "model",
      nameZh: "服务标兵",
      nameEn: "Service Model",
      badge: null,
      winners: [
        winner({
          nominationId: 2,
          kind: "team",
          teamName: "石岐装维班",
          citation: "台风夜\n抢修光缆。",
          nominees: [
            { personId: 2, employeeNo: "GD2", name: "麦永健", unitZh: "石岐装维班", unitEn: null, jobTitle: null },
            { personId: 3, employeeNo: "GD3", name: "梁晓岚", unitZh: "石岐装维班", unitEn: null, jobTitle: null },
          ],
        }),
        winner({ nominationId: 3, nominees: [{ personId: 4, employeeNo: "GD4", name: "程嘉朗", unitZh: "广州一台", unitEn: null, jobTitle: null }] }),
      ],
    },
    { titleId: 3, slug: "fred", nameZh: "弗雷德精神奖", nameEn: "Fred Spirit Award", badge: null, winners: [] },
  ],
};

describe("what the cards say", () => {
  test("the roll: name, period and unit, titles with winners and their counts, every winner's name, in the reader's language", () => {
    const zh = rollCard(snapshot, "zh-CN");
    expect(zh).toMatchObject({ kicker: "光荣榜", name: "2026年第三季度 服务之星", period: "2026年7月1日至9月30日", unit: "10000号客户服务中心" });
    expect(zh.titles).toEqual([
      { name: "最佳服务明星", count: "1 位" },
      { name: "服务标兵", count: "2 位" },
    ]);
    expect(zh.names).toEqual(["区洁莹", "石岐装维班", "程嘉朗"]);
    expect(zh.more(12)).toBe("等 12 位获奖者");
    const en = rollCard(snapshot, "en");
    expect(en).toMatchObject({ kicker: "Honour Roll", name: "Service Stars, Q3 2026", unit: "10000 Hotline Centre" });
    // ICU puts thin spaces around the dash.
    expect(en.period).toMatch(/^July 1\s–\sSeptember 30, 2026$/u);
    expect(en.titles.map((t) => t.count)).toEqual(["1 winner", "2 winners"]);
  });

  test("a winner: a team by its name with its members; the unit in English where it has one; the citation on one line", () => {
    const team = winnerCard(snapshot, 2, "en")!;
    expect(team).toMatchObject({
      title: "Service Model",
      name: "石岐装维班",
      members: ["麦永健", "梁晓岚"],
      unit: "石岐装维班",
      citation: "台风夜 抢修光缆。",
      initials: "石岐",
    });
    expect(winnerCard(snapshot, 1, "en")).toMatchObject({ name: "区洁莹", members: [], unit: "Guangzhou Desk 1", hasPhoto: false });
    expect(winnerCard(snapshot, 1, "zh-CN")).toMatchObject({ title: "最佳服务明星", unit: "广州一台" });
  });

  test("a nomination that is not on the roll has no card", () => {
    expect(winnerCard(snapshot, 99, "zh-CN")).toBeNull();
  });

  test("a period across two years names both years", () => {
    expect(formatPeriod("zh-CN", "2026-12-01", "2027-01-31")).toBe("2026年12月1日至2027年1月31日");
  });
});

describe("the scenes", () => {
  test("are 1200×630 SVGs of outlines only: no <text>, so no system font is ever asked for", () => {
    for (const scene of [rollScene(face, rollCard(snapshot, "zh-CN")), winnerScene(face, winnerCard(snapshot, 1, "zh-CN")!)]) {
      expect(scene.svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" width="1200" height="630"/);
      expect(scene.svg).not.toMatch(/<text|font-family/);
      expect(parseXml(scene.svg, "image/svg+xml").documentElement?.nodeName).toBe("svg");
    }
  });

  test("a winner with a photo leaves its frame to the photo; without one, the initial is drawn", () => {
    const card = winnerCard(snapshot, 1, "zh-CN")!;
    const withPhoto = winnerScene(face, { ...card, hasPhoto: true });
    expect(withPhoto.photo).toEqual({ left: 84, top: 96, width: 372, height: 438 });
    expect(withPhoto.overlay).toContain("<svg");
    const without = winnerScene(face, card);
    expect(without.photo).toBeNull();
    expect(without.svg.length).toBeGreaterThan(withPhoto.svg.length);
  });
});

describe("the feed's XML", () => {
  test("escapes markup and drops characters XML cannot carry", () => {
    expect(escapeXml(`<b>"A" & 'B'</b>`)).toBe("&lt;b&gt;&quot;A&quot; &amp; &apos;B&apos;&lt;/b&gt;");
    expect(escapeXml("a\u0000b\u0008c\u001fd\ud800e")).toBe("abcde");
    expect(escapeXml("服务之星 😀\n")).toBe("服务之星 😀\n");
  });

  test("is an Atom document a parser reads back, entries and all", () => {
    const xml = atomFeed({
      id: "http://x/honor-roll/feed.atom",
      lang: "zh-CN",
      title: "服务之星 · 光荣榜",
      subtitle: "s",
      updated: new Date("2026-12-02T01:00:00Z"),
      self: "http://x/honor-roll/feed.atom?lang=zh-CN",
      alternate: "http://x/honor-roll",
      author: "服务之星 · Service Stars",
      entries: [
        {
          id: "http://x/honor-roll/a?v=1",
          title: "光荣榜：<A & B>",
          updated: new Date("2026-12-01T00:00:00Z"),
          link: "http://x/honor-roll/a",
          image: { href: "http://x/honor-roll/a/share.png?v=1&lang=zh-CN&key=k", title: "分享图片" },
          summary: "最佳服务明星：区洁莹",
        },
      ],
    });
    const doc = parseXml(xml);
    expect(doc.documentElement?.namespaceURI).toBe(atom);
    const entry = doc.getElementsByTagNameNS(atom, "entry")[0];
    expect(entry.getElementsByTagNameNS(atom, "title")[0].textContent).toBe("光荣榜：<A & B>");
    expect(entry.getElementsByTagNameNS(atom, "updated")[0].textContent).toBe("2026-12-01T00:00:00.000Z");
    const enclosure = [...entry.getElementsByTagNameNS(atom, "link")].find((l) => l.getAttribute("rel") === "enclosure");
    expect(enclosure?.getAttribute("href")).toBe("http://x/honor-roll/a/share.png?v=1&lang=zh-CN&key=k");
  });
});

test("the sharing messages exist in both languages with the same placeholders", () => {
  const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
  const en = sharing.en as Record<string, string>;
  const zh = sharing["zh-CN"] as Record<string, string>;
  expect(Object.keys(zh).sort()).toEqual(Object.keys(en).sort());
  for (const key of Object.keys(en)) expect(placeholders(zh[key]), key).toEqual(placeholders(en[key]));
});
