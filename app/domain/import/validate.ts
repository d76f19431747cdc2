import { checkMetricValue, valueKey, type MetricLookups, type MetricValue, type MetricValueField } from "../metrics/validate";
import {
  columnsFor,
  headerKey,
  orgKindAliases,
  postKindAliases,
  type ImportField,
  type OrgKind,
  type ImportKind,
  type ImportMode,
  type PostKind,
} from "./columns";
import type { MessageKey } from "~/i18n";
import { withinChars } from "../text";
import type { CsvRecord, ParsedCsv } from "./csv";
import { shown, type ErrorList, type ImportError } from "./report";

// Pure checks of a parsed file against a snapshot of the database. Every rule
// the database enforces (check constraints, unique keys, foreign keys) is
// checked here first, so a file either passes completely or the administrator
// gets every bad row with its line, and nothing is written.

/** One person as staged in import_rows.data (column names as in people). */
export interface PersonData {
  employee_no: string;
  name: string;
  email: string | null;
  phone: string | null;
  unit: string;
  job_title: string | null;
  hire_date: string | null;
  /** Present only when the file has the post column (null: unknown); absent, the stored post stays. */
  post?: PostKind | null;
}

/** One org unit as staged in import_rows.data. */
export interface UnitData {
  code: string;
  name_zh: string;
  name_en: string | null;
  parent: string | null;
  kind: OrgKind;
}

export interface StagedRow<D> {
  line: number;
  data: D;
}

export interface Checked<D> {
  rows: StagedRow<D>[];
  /** Data rows found in the file (blank rows not counted). */
  total: number;
  errors: ErrorList;
  ignoredColumns: string[];
}

export interface PeopleSnapshot {
  unitCodes: ReadonlySet<string>;
  /** lower(email) → employee number of the person holding it. */
  emailOwners: ReadonlyMap<string, string>;
  /** The administrator running the import: a full import must not mark them as left. */
  importer: string;
}

export interface OrgSnapshot {
  /** Every existing unit's code → its parent's code (null for a root). */
  parents: ReadonlyMap<string, string | null>;
}

/** Far above any real organisation; keeps a mistaken upload from exhausting memory. */
export const maxImportRows = 200_000;

export const employeeNoPattern = /^[A-Za-z0-9_-]{1,32}$/;
const unitCodePattern = /^[A-Za-z0-9._-]{1,40}$/;
// The database's own rule; JS \s is wider than PostgreSQL's, so nothing passes here that it refuses.
export const emailPattern = /^[^@\s]+@[^@\s]+$/;
// Line breaks and tabs are folded into spaces before this test.
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const controlChars = /[\u0000-\u001f\u007f-\u009f]/;
// What Excel writes for a long number it displayed as 1.38E+10: the digits are gone.
const scientific = /^\d+(\.\d+)?E\+\d+$/i;

// ---- header ---------------------------------------------------------------

interface Layout {
  columns: Map<ImportField, number>;
  width: number;
  dataFrom: number;
  ignored: string[];
}

/**
 * Finds the header among the first rows (exports often start with a title
 * row such as "员工花名册") and maps its cells to fields.
 */
function readHeader(kind: ImportKind, records: CsvRecord[], errors: ErrorList): Layout | null {
  const specs = columnsFor(kind);
  const fieldOf = new Map<string, ImportField>();
  for (const spec of specs) for (const alias of spec.aliases) fieldOf.set(headerKey(alias), spec.field);
  const known = (cells: string[]) => cells.filter((c) => fieldOf.has(headerKey(c))).length;
  const candidates = records.slice(0, 10);
  const headerAt = Math.max(
    0,
    candidates.findIndex((r) => known(r.cells) >= 2),
  );
  const header = records[headerAt];
  if (!header) return null;

  const columns = new Map<ImportField, number>();
  const ignored: string[] = [];
  let ok = true;
  header.cells.forEach((cell, i) => {
    const field = fieldOf.get(headerKey(cell));
    if (!field) {
      if (cell.trim()) ignored.push(shown(cell.trim(), 40));
    } else if (columns.has(field)) {
      errors.add(header.line, "import.error.duplicateColumn", { field, header: shown(cell.trim(), 40) }, i + 1);
      ok = false;
    } else {
      columns.set(field, i);
    }
  });
  const found = header.cells
    .map((c) => c.trim())
    .filter(Boolean)
    .join(", ");
  for (const spec of specs) {
    if (spec.required && !columns.has(spec.field)) {
      errors.add(header.line, "import.error.missingColumn", { field: spec.field, found: shown(found, 200) });
      ok = false;
    }
  }
  return ok ? { columns, width: header.cells.length, dataFrom: headerAt + 1, ignored } : null;
}

/** Reads one row's cells by field, trimmed; reports structural problems. */
class RowReader {
  constructor(
    private readonly layout: Layout,
    private readonly record: CsvRecord,
    private readonly errors: ErrorList,
  ) {}

  get line() {
    return this.record.line;
  }

  get blank() {
    return this.record.cells.every((c) => !c.trim());
  }

  /** Reports a problem in this row, at the field's column (or the whole row, for null). */
  report(field: ImportField | null, code: MessageKey, vars?: ImportError["vars"]): void {
    const index = field === null ? undefined : this.layout.columns.get(field);
    this.errors.add(this.line, code, vars, index === undefined ? undefined : index + 1);
  }

  /** A cell beyond the header's width holding a value: a stray delimiter or quote. */
  checkWidth(): boolean {
    const extra = this.record.cells.slice(this.layout.width).some((c) => c.trim());
    if (extra) this.report(null, "import.error.extraCells", { count: this.record.cells.length, expected: this.layout.width });
    return !extra;
  }

  /** The trimmed value, or null when empty; problems are reported, then null. */
  text(field: ImportField, rules: { required?: boolean; max?: number } = {}): string | null | undefined {
    const index = this.layout.columns.get(field);
    // Alt+Enter in an Excel cell is layout, not content: one space instead.
    const value = index === undefined ? "" : (this.record.cells[index] ?? "").replace(/\s*[\r\n\t]+\s*/g, " ").trim();
    if (!value) {
      if (rules.required) {
        this.report(field, "import.error.required", { field });
        return undefined;
      }
      return null;
    }
    if (controlChars.test(value)) {
      this.report(field, "import.error.control", { field });
      return undefined;
    }
    // PostgreSQL's length() counts characters, not UTF-16 units.
    if (rules.max !== undefined && !withinChars(rules.max)(value)) {
      this.report(field, "import.error.tooLong", { field, max: rules.max });
      return undefined;
    }
    return value;
  }

  /** A code-like value: checked against its pattern, and for Excel's 1.2E+10. */
  code(field: ImportField, pattern: RegExp, invalid: "import.error.employeeNo" | "import.error.unitCode", required: boolean) {
    const value = this.text(field, { required });
    if (!value) return value;
    if (scientific.test(value)) {
      this.report(field, "import.error.scientific", { field, value: shown(value) });
      return undefined;
    }
    if (!pattern.test(value)) {
      this.report(field, invalid, { field, value: shown(value) });
      return undefined;
    }
    return value;
  }
}

/** Reports the second and later rows sharing a key, naming the first one's line. */
class FirstSeen {
  private readonly lines = new Map<string, number>();

  constructor(private readonly field: ImportField) {}

  claim(key: string, shownValue: string, row: RowReader): boolean {
    const first = this.lines.get(key);
    if (first === undefined) {
      this.lines.set(key, row.line);
      return true;
    }
    row.report(this.field, "import.error.duplicate", { field: this.field, value: shown(shownValue), firstLine: String(first) });
    return false;
  }

  has(key: string) {
    return this.lines.has(key);
  }
}

/** Header and non-blank data rows, with the file-level problems reported. */
function begin(kind: ImportKind, parsed: ParsedCsv) {
  const errors = parsed.errors;
  const none = { errors, layout: null, readers: [] as RowReader[], total: 0 };
  if (parsed.records.length === 0) {
    if (errors.total === 0) errors.add(null, "import.error.empty");
    return none;
  }
  const layout = readHeader(kind, parsed.records, errors);
  if (!layout) return none;
  const readers = parsed.records
    .slice(layout.dataFrom)
    .map((r) => new RowReader(layout, r, errors))
    .filter((r) => !r.blank);
  if (readers.length === 0 && errors.total === 0) errors.add(null, "import.error.noRows");
  if (readers.length > maxImportRows) {
    errors.add(null, "import.error.tooManyRows", { max: maxImportRows });
    return { ...none, layout, total: readers.length };
  }
  return { errors, layout, readers, total: readers.length };
}

// ---- people ---------------------------------------------------------------

export function checkPeople(parsed: ParsedCsv, mode: ImportMode, db: PeopleSnapshot): Checked<PersonData> {
  const { errors, layout, readers, total } = begin("people", parsed);
  const rows: StagedRow<PersonData>[] = [];
  const numbers = new FirstSeen("employeeNo");
  const emails = new FirstSeen("email");
  const emailUses: Array<{ row: RowReader; email: string; employeeNo: string }> = [];
  for (const row of readers) {
    const before = errors.total;
    row.checkWidth();
    const employeeNo = row.code("employeeNo", employeeNoPattern, "import.error.employeeNo", true);
    const name = row.text("name", { required: true, max: 100 });
    const unit = row.text("unit", { required: true, max: 40 });
    const email = row.text("email", { max: 254 });
    const phone = row.text("phone", { max: 40 });
    const jobTitle = row.text("jobTitle", { max: 100 });
    const hireText = row.text("hireDate");
    const postText = row.text("post");
    const post = postText ? postKindAliases.get(postText.toLowerCase()) : null;
    if (postText && !post) row.report("post", "import.error.post", { value: shown(postText) });
    if (phone && scientific.test(phone)) row.report("phone", "import.error.scientific", { field: "phone", value: shown(phone) });
    if (unit && !db.unitCodes.has(unit)) row.report("unit", "import.error.unknownUnit", { value: shown(unit) });
    if (email && !emailPattern.test(email)) row.report("email", "import.error.email", { value: shown(email) });
    else if (email) emails.claim(email.toLowerCase(), email, row);
    const hireDate = hireText ? isoDate(hireText) : null;
    if (hireText && !hireDate) row.report("hireDate", "import.error.date", { value: shown(hireText) });
    if (employeeNo) numbers.claim(employeeNo, employeeNo, row);
    if (employeeNo && email && emailPattern.test(email)) emailUses.push({ row, email, employeeNo });
    if (errors.total > before || !employeeNo || !name || !unit) continue;
    rows.push({
      line: row.line,
      data: {
        employee_no: employeeNo,
        name,
        email: email ?? null,
        phone: phone ?? null,
        unit,
        job_title: jobTitle ?? null,
        hire_date: hireDate,
        ...(layout?.columns.has("post") ? { post: post ?? null } : {}),
      },
    });
  }
  // An address held by someone the file does not mention stays theirs; one held
  // by someone in the file is being moved, and the apply step frees it first.
  for (const { row, email, employeeNo } of emailUses) {
    const owner = db.emailOwners.get(email.toLowerCase());
    if (owner !== undefined && owner !== employeeNo && !numbers.has(owner)) {
      row.report("email", "import.error.emailTaken", { value: shown(email), owner });
    }
  }
  if (layout && mode === "full" && total > 0 && !numbers.has(db.importer)) {
    errors.add(null, "import.error.selfMissing", { employeeNo: db.importer });
  }
  return { rows: errors.total ? [] : rows, total, errors, ignoredColumns: layout?.ignored ?? [] };
}

/** 2015-06-01, 2015/6/1, 2015.6.1, 2015年6月1日, 20150601; Excel may add " 0:00". */
export function isoDate(text: string): string | null {
  const m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$/.exec(text) ?? /^(\d{4})(\d{2})(\d{2})$/.exec(text);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (y < 1900 || y > 2100) return null;
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return null;
  return `${m[1]}-${String(mo).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
}

// ---- org units ------------------------------------------------------------

/** Both modes check alike: an import never removes units. */
export function checkOrg(parsed: ParsedCsv, db: OrgSnapshot): Checked<UnitData> {
  const { errors, layout, readers, total } = begin("org", parsed);
  const rows: StagedRow<UnitData>[] = [];
  const codes = new FirstSeen("code");
  const pending: Array<{ row: RowReader; data: UnitData; ok: boolean }> = [];
  for (const row of readers) {
    const before = errors.total;
    row.checkWidth();
    const code = row.code("code", unitCodePattern, "import.error.unitCode", true);
    const nameZh = row.text("nameZh", { required: true, max: 100 });
    const nameEn = row.text("nameEn", { max: 150 });
    const parent = row.text("parent", { max: 40 });
    const kindText = row.text("kind", { required: true });
    const kind = kindText ? orgKindAliases.get(kindText.toLowerCase()) : undefined;
    if (kindText && !kind) row.report("kind", "import.error.kind", { value: shown(kindText) });
    if (code) codes.claim(code, code, row);
    if (code && parent === code) row.report("parent", "import.error.selfParent", { value: code });
    const ok = errors.total === before && !!nameZh && !!kind;
    if (code) pending.push({ row, ok, data: { code, name_zh: nameZh ?? "", name_en: nameEn ?? null, parent: parent ?? null, kind: kind ?? "team" } });
  }
  // Parents resolve within the file first, then in the database.
  const parents = new Map(db.parents);
  for (const { data } of pending) parents.set(data.code, data.parent);
  for (const { row, data, ok } of pending) {
    if (data.parent && !parents.has(data.parent)) {
      row.report("parent", "import.error.unknownParent", { value: shown(data.parent) });
    } else if (ok) {
      rows.push({ line: row.line, data });
    }
  }
  for (const { row, data } of pending) {
    if (data.parent === data.code) continue; // already reported as its own parent
    const cycle = cycleThrough(data.code, parents);
    if (cycle) row.report("parent", "import.error.cycle", { chain: shown(cycle.join(" → "), 200) });
  }
  return { rows: errors.total ? [] : rows, total, errors, ignoredColumns: layout?.ignored ?? [] };
}

/** The loop through `code` when following parents leads back to it, else null. */
export function cycleThrough(code: string, parents: ReadonlyMap<string, string | null>): string[] | null {
  const chain = [code];
  const seen = new Set(chain);
  let at = parents.get(code) ?? null;
  while (at !== null) {
    chain.push(at);
    if (at === code) return chain;
    // A loop above us, not through us: its own rows report it.
    if (seen.has(at)) return null;
    seen.add(at);
    at = parents.get(at) ?? null;
  }
  return null;
}

// ---- metric values --------------------------------------------------------

/** A metric value's field as the file's column (a missing subject is the row's). */
const metricColumnOf: Record<MetricValueField, ImportField | null> = {
  subject: null,
  employeeNo: "employeeNo",
  unitCode: "unit",
  metric: "metric",
  period: "period",
  value: "value",
  source: "source",
};

/** Every row checked as the API checks a value (app/domain/metrics/validate.ts); one value per metric, subject and period. */
export function checkMetrics(parsed: ParsedCsv, lookups: MetricLookups): Checked<MetricValue> {
  const { errors, layout, readers, total } = begin("metrics", parsed);
  const rows: StagedRow<MetricValue>[] = [];
  const firstLine = new Map<string, number>();
  for (const row of readers) {
    if (!row.checkWidth()) continue;
    const cell = (field: ImportField) => row.text(field) ?? null;
    const [employeeNo, unitCode, metric, period, value, source] = [
      cell("employeeNo"),
      cell("unit"),
      cell("metric"),
      cell("period"),
      cell("value"),
      cell("source"),
    ];
    if (value && scientific.test(value)) {
      row.report("value", "import.error.scientific", { field: "value", value: shown(value) });
      continue;
    }
    const checked = checkMetricValue({ employeeNo, unitCode, metric, period, value, source }, lookups);
    if (!checked.ok) {
      for (const e of checked.errors) row.report(metricColumnOf[e.field], e.code, e.vars);
      continue;
    }
    const key = valueKey(checked.value);
    const first = firstLine.get(key);
    if (first !== undefined) {
      row.report(null, "metrics.value.duplicate", { firstLine: first });
      continue;
    }
    firstLine.set(key, row.line);
    rows.push({ line: row.line, data: checked.value });
  }
  return { rows: errors.total ? [] : rows, total, errors, ignoredColumns: layout?.ignored ?? [] };
}
