/**
 * Honour rolls of any size for the poster's tests (docs/decisions/0027),
 * built as a published snapshot would be — so a 1- or 30-winner poster can be
 * printed without running 30 nominations through a campaign — and rendered
 * with the poster's own components.
 *
 *   const roll = givenRoll({ winners: 30, citation: "long", teams: 2 });
 *   const html = posterDocument(roll, { paper: "a4", pagePerTitle: false }, "en", stylesheetHrefs);
 */
import { createElement } from "react";
import { PrintPoster, winnerPageOf, type PrintOptions } from "../../app/published/print-poster";
import { qrCode } from "../../app/published/qr-code.server";
import type { HonorRoll } from "../../app/domain/publishing/read-roll.server";
import { winnersOf, type SnapshotMetric, type SnapshotTitle, type SnapshotWinner } from "../../app/domain/publishing/snapshot";
import type { Locale } from "../../app/i18n/index";
import { renderDocument } from "../../app/published/document";

const surnames = "区李陈黄张林梁何吴郑谢罗冯邓许叶苏卢";
const given = ["洁莹", "志明", "晓东", "美玲", "建华", "丽娟", "国强", "嘉欣", "伟", "芳", "海燕", "子豪", "慧敏", "俊杰", "𠮷祥"];

/** A citation of about `chars` characters, Chinese as the demo's are. */
export function citationOf(chars: number, seed: number): string {
  const base =
    "她把每一通来电都当作邻居的求助，夜班时为独居老人联系社区上门，连续三个月满意度全班第一；" +
    "遇到故障投诉，她先安抚再追踪，直到工程师修好线路才挂上回访电话，客户专门送来锦旗致谢。" +
    "她还把经验写成话术卡片分享给新同事，带出的徒弟两位已能独立值守。";
  const text = base.slice(seed % 17) + base;
  return text.slice(0, chars - 1) + "。";
}

function metric(id: number, i: number): SnapshotMetric {
  return i === 0
    ? {
        id,
        name: "客户满意度",
        nameEn: "Customer satisfaction",
        value: 98.6,
        unit: "%",
        period: "2026年9–11月",
        target: 95,
        baseline: null,
        direction: "higher",
        source: "质检系统",
        comparison: { met: true, better: null, delta: 3.6 },
      }
    : {
        id,
        name: "平均处理时长",
        nameEn: "Average handling time",
        value: 212,
        unit: "秒",
        unitEn: "s",
        period: "2026年9–11月",
        target: null,
        baseline: 260,
        direction: "lower",
        source: "话务系统",
        comparison: { met: null, better: true, delta: -48 },
      };
}

export interface RollShape {
  winners: number;
  /** "long": every citation 200 characters (the most a citation may have); default a mix of 40–90 (the demo's are 50–90). */
  citation?: "long" | "short";
  /** How many of the winners are teams (the first ones of the last title). */
  teams?: number;
}

/** A published roll of `winners` winners over three titles, with photos left out (initials) and two figures each. */
export function givenRoll({ winners, citation = "short", teams = 0 }: RollShape): HonorRoll {
  const titleNames: Array<[string, string, string]> = [
    ["best-service-star", "最佳服务明星", "Best Service Star"],
    ["outstanding-service-star", "优秀服务明星", "Outstanding Service Star"],
    ["fred-spirit-award", "弗雷德精神奖", "Fred Spirit Award"],
  ];
  const titles: SnapshotTitle[] = titleNames.map(([slug, nameZh, nameEn], i) => ({ titleId: i + 1, slug, nameZh, nameEn, badge: null, winners: [] }));
  for (let n = 0; n < winners; n++) {
    // The first title has a few winners, the others share the rest: like a real campaign.
    const title = titles[n < Math.max(1, Math.round(winners / 6)) ? 0 : n % 2 === 0 ? 1 : 2]!;
    const person = (k: number) => ({
      personId: 1000 + k,
      employeeNo: `GD9${String(k).padStart(5, "0")}`,
      name: surnames[k % surnames.length]! + given[k % given.length]!,
      unitZh: ["广州10000号客服中心", "深圳装维中心第三班组", "佛山政企服务部"][k % 3]!,
      unitEn: ["Guangzhou 10000 Hotline Centre", "Shenzhen Field Maintenance Team 3", "Foshan Enterprise Services"][k % 3]!,
      jobTitle: ["客服代表", "装维工程师", "客户经理"][k % 3]!,
    });
    const team = n >= winners - teams;
    const winner: SnapshotWinner = {
      nominationId: 5000 + n,
      kind: team ? "team" : "individual",
      teamName: team ? `夜间抢修突击队${n}` : null,
      citation: citationOf(citation === "long" ? 200 : 40 + ((n * 37) % 51), n),
      nominees: team ? [person(n), person(n + 40), person(n + 80)] : [person(n)],
      photo: null,
      metrics: [metric(9000 + 2 * n, 0), metric(9001 + 2 * n, 1)],
      stories: [],
      principles: [],
    };
    title.winners.push(winner);
  }
  return {
    id: 1,
    slug: "poster-test",
    version: 1,
    latestVersion: 1,
    publishedAt: new Date("2026-12-01T02:00:00Z"),
    reason: null,
    versions: [{ version: 1, publishedAt: new Date("2026-12-01T02:00:00Z"), reason: null }],
    snapshot: {
      format: 1,
      campaign: {
        id: 1,
        slug: "poster-test",
        nameZh: "2026 年第四季度服务明星",
        nameEn: "2026 Q4 Service Stars",
        periodStart: "2026-09-01",
        periodEnd: "2026-11-30",
        unit: { code: "GD", nameZh: "中国电信广东公司", nameEn: "China Telecom Guangdong" },
      },
      titles: titles.filter((x) => x.winners.length),
    },
  };
}

/** The poster of a roll as a whole HTML document, with QR codes as the print route draws them. */
export async function posterDocument(roll: HonorRoll, options: PrintOptions, locale: Locale, stylesheets: string[]): Promise<string> {
  const qr = new Map(
    await Promise.all(
      winnersOf(roll.snapshot).map(
        async ({ winner }) => [winner.nominationId, await qrCode(`http://127.0.0.1${winnerPageOf(roll.slug, winner)}`)] as const,
      ),
    ),
  );
  return renderDocument(
    { locale, title: "poster", stylesheets, here: "/poster-test", bare: true, bodyClass: `print-page print-page--${options.paper}` },
    createElement(PrintPoster, { roll, options, qr, here: "/poster-test" }),
  );
}
