// The columns each kind of import understands, with the header spellings HR
// systems and Excel templates use in China. Client-safe: the admin page lists
// these same aliases, so the page and the parser can never disagree.

export type ImportKind = "people" | "org";
export type ImportMode = "full" | "merge";

export const peopleFields = ["employeeNo", "name", "unit", "email", "phone", "jobTitle", "hireDate"] as const;
export const orgFields = ["code", "nameZh", "nameEn", "parent", "kind"] as const;
export type PeopleField = (typeof peopleFields)[number];
export type OrgField = (typeof orgFields)[number];
export type ImportField = PeopleField | OrgField;

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
];

export const orgColumns: readonly ColumnSpec<OrgField>[] = [
  { field: "code", required: true, aliases: ["code", "unit_code", "编码", "单元编码", "组织编码", "单位编码", "部门编码"] },
  { field: "nameZh", required: true, aliases: ["name", "name_zh", "chinese name", "名称", "中文名称", "单元名称", "组织名称", "部门名称"] },
  { field: "nameEn", required: false, aliases: ["name_en", "english name", "英文名称", "英文名"] },
  { field: "parent", required: false, aliases: ["parent", "parent_code", "上级编码", "上级单元编码", "上级组织编码", "上级部门编码"] },
  { field: "kind", required: true, aliases: ["kind", "type", "类型", "单元类型", "组织类型"] },
];

export function columnsFor(kind: ImportKind): readonly ColumnSpec[] {
  return kind === "people" ? peopleColumns : orgColumns;
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
