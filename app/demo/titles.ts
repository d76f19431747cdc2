import type { TemplateInput } from "../domain/titles/schema";
import { templateValues } from "../domain/titles/titles.server";
import type { Db } from "../../db/client";

type DemoTemplate = Omit<TemplateInput, "id">;

export interface DemoTitle {
  slug: string;
  nameZh: string;
  nameEn: string;
  description: string;
  criteria: string;
  templates: DemoTemplate[];
}

const m = (
  nameZh: string,
  nameEn: string,
  [unit, unitEn]: [string, string],
  direction: "higher" | "lower",
  required: boolean,
  target: number | null = null,
): DemoTemplate => ({
  nameZh,
  nameEn,
  unit,
  unitEn,
  direction,
  required,
  target,
});

const satisfaction = (target: number) => m("客户满意度", "Customer satisfaction", ["%", ""], "higher", true, target);
const faultRate = m("故障申告率", "Fault-report rate", ["%", ""], "lower", true, 5);
const complaints = m("每百万用户投诉数", "Complaints per million users", ["件", "complaints"], "lower", false, 10);
const calls = m("话务量", "Calls handled", ["通", "calls"], "higher", false);
const nightShifts = m("节假日夜班数", "Holiday night shifts worked", ["个", "shifts"], "higher", false);

/** The four honours of the product brief, with the metrics a nomination for each should show. */
export const demoTitles: readonly DemoTitle[] = [
  {
    slug: "best-service-star",
    nameZh: "最佳服务明星",
    nameEn: "Best Service Star",
    description: "本年度一线服务中表现最突出的一位同事：客户记得住名字，同事愿意向其请教。",
    criteria: "满意度与故障申告率全年达标；至少一则客户主动表扬的服务事迹。",
    templates: [satisfaction(98), faultRate, complaints],
  },
  {
    slug: "outstanding-service-star",
    nameZh: "优秀服务明星",
    nameEn: "Outstanding Service Star",
    description: "持续稳定地为客户提供好服务的热线坐席、营业员与装维人员。",
    criteria: "满意度达标，业务量饱满，无有效投诉。",
    templates: [satisfaction(95), calls],
  },
  {
    slug: "service-model",
    nameZh: "服务标兵",
    nameEn: "Service Model",
    description: "把难题当成本分的线路维护与装维能手，带出了一支好班组。",
    criteria: "所辖线路故障申告率低于目标；节假日坚守岗位。",
    templates: [faultRate, nightShifts, complaints],
  },
  {
    slug: "fred-spirit-award",
    nameZh: "弗雷德精神奖",
    nameEn: "Fred Spirit Award",
    description: "像邮差弗雷德一样，把平凡的工作做出不平凡的价值：不花一分钱，也能为客户多做一步。",
    criteria: "事迹体现弗雷德四原则中的至少两条，并有客户或同事的证言。",
    templates: [nightShifts],
  },
];

/** Inserts the demo titles that are missing (by slug); returns every demo title's id. */
export async function seedTitles(db: Db): Promise<Map<string, number>> {
  for (const title of demoTitles) {
    const inserted = await db
      .insertInto("titles")
      .values({ slug: title.slug, name_zh: title.nameZh, name_en: title.nameEn, description: title.description, criteria: title.criteria })
      .onConflict((oc) => oc.column("slug").doNothing())
      .returning("id")
      .executeTakeFirst();
    if (inserted && title.templates.length) {
      await db
        .insertInto("title_metric_templates")
        .values(title.templates.map((t, position) => templateValues(inserted.id, t, position)))
        .execute();
    }
  }
  const rows = await db
    .selectFrom("titles")
    .select(["id", "slug"])
    .where(
      "slug",
      "in",
      demoTitles.map((t) => t.slug),
    )
    .execute();
  return new Map(rows.map((r) => [r.slug, r.id]));
}
