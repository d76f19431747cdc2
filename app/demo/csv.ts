import type { OrgKind } from "../../db/schema";
import { demoUnits } from "./org";
import { demoPeople } from "./people";

export const orgCsvHeader = ["编码", "名称", "英文名称", "上级编码", "类型"] as const;
export const staffCsvHeader = ["工号", "姓名", "邮箱", "手机", "部门编码", "岗位", "入职日期"] as const;

// 类型 as a Chinese HR export writes it; the importer maps these to the stored kinds.
const kindLabels: Record<OrgKind, string> = { company: "公司", branch: "分公司", centre: "中心", team: "班组" };

const quote = (field: string) => (/[",\r\n]/.test(field) ? `"${field.replace(/"/g, '""')}"` : field);

// What Excel and most HR systems write: a BOM so Excel reads it as UTF-8, CRLF.
const toCsv = (rows: ReadonlyArray<ReadonlyArray<string>>) => "\uFEFF" + rows.map((r) => r.map(quote).join(",")).join("\r\n") + "\r\n";

/**
 * The demo organisation as the two files an HR department would export:
 * units (parents first) and current staff (people who have left are not in an
 * export of current staff). The committed docs/samples files are this output.
 */
export function demoCsv(): { org: string; staff: string } {
  const org = toCsv([orgCsvHeader, ...demoUnits.map((u) => [u.code, u.nameZh, u.nameEn, u.parent ?? "", kindLabels[u.kind]])]);
  const staff = toCsv([
    staffCsvHeader,
    ...demoPeople()
      .filter((p) => p.leftAt === null)
      .map((p) => [p.employeeNo, p.name, p.email, p.phone ?? "", p.unit, p.jobTitle, p.hireDate]),
  ]);
  return { org, staff };
}
