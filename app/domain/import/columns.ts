// The columns each kind of import understands, with the header spellings HR
// systems and Excel templates use in China. Client-safe: the admin page lists
// these same aliases, so the page and the parser can never disagree.

export type ImportKind = "people" | "org" | "metrics";
export type ImportMode = "full" | "merge";

export const peopleFields = ["employeeNo", "name", "unit", "email", "phone", "jobTitle", "hireDate", "post"] as const;
export const orgFields = ["code", "nameZh", "nameEn", "parent", "kind"] as const;
export const metricFields = ["employeeNo", "unit", "metric", "period", "value", "source"] as const;
export type PeopleField = (typeof peopleFields)[number];
export type OrgField = (typeof orgFields)[number];
export type MetricField = (typeof metricFields)[number];
export type ImportField = PeopleField | OrgField | MetricField;

export interface ColumnSpec<F extends ImportField = ImportField> {
  field: F;
  required: boolean;
  /** Header spellings accepted, as written in templates (matched loosely). */
  aliases: readonly string[];
}

export const peopleColumns: readonly ColumnSpec<PeopleField>[] = [
  {
    field: "employeeNo",
    required: true,
    aliases: ["employee_no", "employee number", "staff no", "工号", "员工编号", "员工号", "职工号", "人员编号"],
  },
  { field: "name", required: true, aliases: ["name", "full name", "姓名", "员工姓名"] },
  {
    field: "unit",
    required: true,
    aliases: ["unit", "unit_code", "org unit", "department code", "部门编码", "组织编码", "单位编码", "部门代码", "组织代码"],
  },
  { field: "email", required: false, aliases: ["email", "e-mail", "邮箱", "电子邮箱", "电子邮件", "邮件地址"] },
  { field: "phone", required: false, aliases: ["phone", "mobile", "手机", "手机号", "手机号码", "联系电话"] },
  { field: "jobTitle", required: false, aliases: ["job_title", "title", "position", "岗位", "职位", "职务"] },
  { field: "hireDate", required: false, aliases: ["hire_date", "start date", "入职日期", "入职时间"] },
  // The post kind the fairness view and the campaign caps count (decision 0052).
  { field: "post", required: false, aliases: ["post", "post kind", "post_kind", "岗位类别", "岗位类型", "人员类别"] },
];

export const orgColumns: readonly ColumnSpec<OrgField>[] = [
  { field: "code", required: true, aliases: ["code", "unit_code", "编码", "单元编码", "组织编码", "单位编码", "部门编码"] },
  { field: "nameZh", required: true, aliases: ["name", "name_zh", "chinese name", "名称", "中文名称", "单元名称", "组织名称", "部门名称"] },
  { field: "nameEn", required: false, aliases: ["name_en", "english name", "英文名称", "英文名"] },
  { field: "parent", required: false, aliases: ["parent", "parent_code", "上级编码", "上级单元编码", "上级组织编码", "上级部门编码"] },
  { field: "kind", required: true, aliases: ["kind", "type", "类型", "单元类型", "组织类型"] },
];

/**
 * Metric values (decision 0049): a person's employee number or a unit's code
 * (each row one of the two, so neither column is required on its own), the
 * metric's code, the period, the value and the system that measured it.
 */
export const metricColumns: readonly ColumnSpec<MetricField>[] = [
  {
    field: "employeeNo",
    required: false,
    aliases: ["employee_no", "employee number", "employeeNo", "staff no", "工号", "员工编号", "员工号", "职工号", "人员编号"],
  },
  { field: "unit", required: false, aliases: ["unit", "unit_code", "unitCode", "org unit", "单位编码", "组织编码", "部门编码", "单元编码"] },
  { field: "metric", required: true, aliases: ["metric", "metric_code", "metric code", "指标编码", "指标代码", "指标"] },
  { field: "period", required: true, aliases: ["period", "周期", "统计周期", "期间", "账期"] },
  { field: "value", required: true, aliases: ["value", "数值", "指标值", "值"] },
  { field: "source", required: true, aliases: ["source", "source_system", "source system", "来源系统", "数据来源", "来源"] },
];

export function columnsFor(kind: ImportKind): readonly ColumnSpec[] {
  return kind === "people" ? peopleColumns : kind === "org" ? orgColumns : metricColumns;
}

/**
 * Loose header matching: "Employee No.", "employee_no", "员工编号*" and the
 * full-width "（工号）" all reduce to the same key.
 */
export function headerKey(header: string): string {
  return header
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[\s_\-.:()*\u200b\ufeff]/g, "");
}

/** Post kinds as written in files (Chinese or English) → stored value; an empty cell is "unknown". */
export type PostKind = "frontline" | "management" | "support";

export const postKindAliases: ReadonlyMap<string, PostKind> = new Map([
  ["frontline", "frontline"],
  ["front-line", "frontline"],
  ["front line", "frontline"],
  ["一线", "frontline"],
  ["一线员工", "frontline"],
  ["management", "management"],
  ["管理", "management"],
  ["管理人员", "management"],
  ["干部", "management"],
  ["support", "support"],
  ["支撑", "support"],
  ["支撑人员", "support"],
]);

/** Org unit kinds as written in files (Chinese or English) → stored value. */
export type OrgKind = "company" | "branch" | "centre" | "team";

export const orgKindAliases: ReadonlyMap<string, OrgKind> = new Map([
  ["company", "company"],
  ["公司", "company"],
  ["branch", "branch"],
  ["分公司", "branch"],
  ["centre", "centre"],
  ["center", "centre"],
  ["中心", "centre"],
  ["team", "team"],
  ["班组", "team"],
]);
