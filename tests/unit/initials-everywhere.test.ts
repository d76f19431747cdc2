import { readFileSync } from "node:fs";
import { createElement, type ReactElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, test } from "vitest";
import { LatestHonorRoll } from "../../app/components/home-roll";
import { WinnerPhoto } from "../../app/published/winner-card";
import { Initials } from "../../app/components/initials";
import { ProfileHero } from "../../app/components/profile/profile-hero";
import { initialsColours, initialsOf } from "../../app/domain/initials";
import { winnerCard, winnerScene } from "../../app/published/share-image";
import type { Typeface } from "../../app/published/share-text";
import type { HonorRollSnapshot, SnapshotWinner } from "../../app/domain/publishing/snapshot";
import { LocaleProvider } from "../../app/i18n/react";
import { allMessages } from "../../app/i18n/all.server";

// Issue 14, item 16: one placeholder for a missing photo. The home page
// showed the first character (吉), the roll and the profile the last two
// (𠮷祥), the share image the first again, each in its own colours; a team
// showed "小组". Now one function decides (initialsOf) and one component
// draws them on pages; the share image draws the same initials in the same
// two colours. Names with rare characters (𠮷 is two UTF-16 units) included.

const render = (element: ReactElement, locale: "zh-CN" | "en" = "en") =>
  renderToStaticMarkup(createElement(LocaleProvider, { value: locale, messages: allMessages }, element));

/** The text of the first element with class "initials" in some HTML. */
const initialsIn = (html: string) => {
  const m = /<span class="initials[^"]*"[^>]*>([^<]*)<\/span>/.exec(html);
  return m ? m[1]!.replace(/&amp;/g, "&") : null;
};

/** A font for the layout that carries each character's code point in its outline, so the drawing can be read back. */
const face: Typeface = {
  advance: (char) => (/[\u2e80-\uffef]|[\u{20000}-\u{3ffff}]/u.test(char) ? 1 : 0.6),
  kerning: () => 0,
  outline: (char, _weight, x, y) => `M${Math.round(x)} ${Math.round(y)}m${char.codePointAt(0)} 0`,
};

/** What the share image draws inside the photo's frame (x < 456), left to right. */
function drawnInFrame(svg: string): string {
  return [...svg.matchAll(/M(-?\d+) (-?\d+)m(\d+) 0/g)]
    .map((m) => ({ x: Number(m[1]), char: String.fromCodePoint(Number(m[3])) }))
    .filter((g) => g.x < 456)
    .sort((a, b) => a.x - b.x)
    .map((g) => g.char)
    .join("");
}

const people = ["吉𠮷祥", "𠮷", "李明", "欧阳敏华", "邱俊廷", "䶮𪚥", "John Smith", "Alice", "阿依古丽·买买提"];

function winner(name: string, team: boolean): SnapshotWinner {
  return {
    nominationId: 1,
    kind: team ? "team" : "individual",
    teamName: team ? name : null,
    citation: "坚持“问题没解决，回访不结单”。",
    nominees: team
      ? [
          { personId: 1, employeeNo: "GD1", name: "李明", unitZh: "禅城", unitEn: null, jobTitle: null },
          { personId: 2, employeeNo: "GD2", name: "王芳", unitZh: "禅城", unitEn: null, jobTitle: null },
        ]
      : [{ personId: 1, employeeNo: "GD1", name, unitZh: "广州一台", unitEn: null, jobTitle: null }],
    photo: null,
    metrics: [],
    stories: [],
    principles: [],
  };
}

function snapshotWith(w: SnapshotWinner): HonorRollSnapshot {
  return {
    format: 1,
    campaign: {
      id: 1,
      slug: "s",
      nameZh: "2026年第三季度 服务之星",
      nameEn: "Service Stars, Q3 2026",
      periodStart: "2026-07-01",
      periodEnd: "2026-09-30",
      unit: { code: "HL", nameZh: "热线", nameEn: null },
    },
    titles: [{ titleId: 1, slug: "star", nameZh: "最佳服务明星", nameEn: "Best Service Star", badge: null, winners: [w] }],
  };
}

/** The initials each place shows for one winner without a photo. */
function everywhere(name: string, team: boolean) {
  const w = winner(name, team);
  const home = render(
    createElement(LatestHonorRoll, {
      roll: {
        slug: "s",
        version: 1,
        nameZh: "2026年第三季度 服务之星",
        nameEn: "Service Stars, Q3 2026",
        periodStart: "2026-07-01",
        periodEnd: "2026-09-30",
        publishedAt: new Date(),
        winners: [
          {
            nominationId: 1,
            titleZh: "最佳服务明星",
            titleEn: "Best Service Star",
            kind: w.kind,
            teamName: w.teamName,
            names: w.nominees.map((p) => p.name),
            photo: null,
          },
        ],
      },
    }),
  );
  const roll = render(createElement(WinnerPhoto, { winner: w, sizes: "20rem" }));
  const places: Record<string, string | null> = { home: initialsIn(home), roll: initialsIn(roll) };
  if (!team) {
    const person = { employeeNo: "GD1", name, jobTitle: null, yearsOfService: null, status: "active" as const, unitPath: [] };
    places.profile = initialsIn(render(createElement(ProfileHero, { person, photo: null, honours: [] })));
  }
  for (const locale of ["zh-CN", "en"] as const)
    places[`share image (${locale})`] = drawnInFrame(winnerScene(face, winnerCard(snapshotWith(w), 1, locale)!).svg);
  return places;
}

describe("one placeholder for a missing photo", () => {
  test("initialsOf: a Chinese person by the last two characters, a team by its first two, a Latin name by its first letters — whole characters always", () => {
    expect(initialsOf("吉𠮷祥")).toBe("𠮷祥");
    expect(initialsOf("𠮷")).toBe("𠮷");
    expect(initialsOf("李明")).toBe("李明");
    expect(initialsOf("欧阳敏华")).toBe("敏华");
    expect(initialsOf("阿依古丽·买买提")).toBe("买提");
    expect(initialsOf("John Smith")).toBe("JS");
    expect(initialsOf("mary jane watson")).toBe("MW");
    expect(initialsOf("Alice")).toBe("A");
    expect(initialsOf("禅城线路抢修小组", "team")).toBe("禅城");
    expect(initialsOf("  ")).toBe("★");
  });

  test.each(people)("the home page, the roll, the profile and the share image show the same initials for %s", (name) => {
    const places = everywhere(name, false);
    expect(places).toEqual(Object.fromEntries(Object.keys(places).map((k) => [k, initialsOf(name)])));
  });

  test("a team shows its own first characters everywhere, never 小组", () => {
    const places = everywhere("禅城线路抢修小组", true);
    expect(places).toEqual({ home: "禅城", roll: "禅城", "share image (zh-CN)": "禅城", "share image (en)": "禅城" });
  });

  test("drawn in the same two colours: the component's class carries them in CSS, the share image paints them", () => {
    const html = render(createElement(Initials, { name: "吉𠮷祥", label: "Photo of 吉𠮷祥" }));
    expect(html).toBe('<span class="initials" role="img" aria-label="Photo of 吉𠮷祥" lang="zh-CN">𠮷祥</span>');
    const svg = winnerScene(face, winnerCard(snapshotWith(winner("吉𠮷祥", false)), 1, "en")!).svg;
    expect(svg).toContain(`fill="${initialsColours.background}"`);
    expect(svg).toContain(`fill="${initialsColours.ink}"`);
    const css = readFileSync("app/styles/app.css", "utf8");
    expect(css).toContain(`--initials-bg: ${initialsColours.background};`);
    expect(css).toContain(`--initials-ink: ${initialsColours.ink};`);
  });
});
