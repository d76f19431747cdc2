import type { OrgKind } from "../../db/schema";

export interface DemoUnit {
  code: string;
  nameZh: string;
  nameEn: string;
  /** Code of the parent unit; null for the company at the root. */
  parent: string | null;
  kind: OrgKind;
}

const unit = (code: string, nameZh: string, nameEn: string, parent: string | null, kind: OrgKind): DemoUnit => ({
  code,
  nameZh,
  nameEn,
  parent,
  kind,
});

/**
 * The demo organisation, parents before children: a provincial operator with
 * its 10000-hotline centre (regional centres split into desks, a complaints
 * team and an advocacy team that plays "the pickiest customer"), five city
 * branches with their field line-maintenance teams, and the two head-office
 * departments where the HR administrator and the committee sit.
 * Desk names carry the city because the directory shows a unit's own name only.
 */
export const demoUnits: readonly DemoUnit[] = [
  unit("GD", "广东电信（演示）", "Guangdong Telecom (demo)", null, "company"),
  unit("GD.HR", "人力资源部", "Human Resources", "GD", "team"),
  unit("GD.SQ", "服务质量管理部", "Service Quality Management", "GD", "team"),

  unit("GD.10000", "10000号客服中心", "10000 Hotline Customer Service Centre", "GD", "centre"),
  unit("GD.10000.GZ", "广州区域中心", "Guangzhou Regional Centre", "GD.10000", "centre"),
  unit("GD.10000.GZ.D1", "广州一台", "Guangzhou Desk 1", "GD.10000.GZ", "team"),
  unit("GD.10000.GZ.D2", "广州二台", "Guangzhou Desk 2", "GD.10000.GZ", "team"),
  unit("GD.10000.GZ.D3", "广州三台", "Guangzhou Desk 3", "GD.10000.GZ", "team"),
  unit("GD.10000.GZ.CPL", "投诉处理组", "Complaints Handling Team", "GD.10000.GZ", "team"),
  unit("GD.10000.GZ.ADV", "客户维权团队", "Customer Advocacy Team", "GD.10000.GZ", "team"),
  unit("GD.10000.SZ", "深圳区域中心", "Shenzhen Regional Centre", "GD.10000", "centre"),
  unit("GD.10000.SZ.D1", "深圳一台", "Shenzhen Desk 1", "GD.10000.SZ", "team"),
  unit("GD.10000.SZ.D2", "深圳二台", "Shenzhen Desk 2", "GD.10000.SZ", "team"),

  unit("GD.GZ", "广州分公司", "Guangzhou Branch", "GD", "branch"),
  unit("GD.GZ.TH", "天河线路维护班", "Tianhe Line Maintenance Team", "GD.GZ", "team"),
  unit("GD.GZ.YX", "越秀装维班", "Yuexiu Installation & Maintenance Team", "GD.GZ", "team"),
  unit("GD.GZ.HALL", "天河营业厅", "Tianhe Service Hall", "GD.GZ", "team"),
  unit("GD.SZ", "深圳分公司", "Shenzhen Branch", "GD", "branch"),
  unit("GD.SZ.NS", "南山线路维护班", "Nanshan Line Maintenance Team", "GD.SZ", "team"),
  unit("GD.SZ.HALL", "福田营业厅", "Futian Service Hall", "GD.SZ", "team"),
  unit("GD.FS", "佛山分公司", "Foshan Branch", "GD", "branch"),
  unit("GD.FS.CC", "禅城线路维护班", "Chancheng Line Maintenance Team", "GD.FS", "team"),
  unit("GD.DG", "东莞分公司", "Dongguan Branch", "GD", "branch"),
  unit("GD.DG.NC", "南城线路维护班", "Nancheng Line Maintenance Team", "GD.DG", "team"),
  unit("GD.ZS", "中山分公司", "Zhongshan Branch", "GD", "branch"),
  unit("GD.ZS.SQ", "石岐装维班", "Shiqi Installation & Maintenance Team", "GD.ZS", "team"),
];

/** Depth of each demo unit (root 0), for inserting one tree level at a time. */
export function demoUnitDepths(): Map<string, number> {
  const byCode = new Map(demoUnits.map((u) => [u.code, u]));
  const depths = new Map<string, number>();
  for (const u of demoUnits) {
    let depth = 0;
    for (let p = u.parent; p !== null; p = byCode.get(p)?.parent ?? null) depth++;
    depths.set(u.code, depth);
  }
  return depths;
}
