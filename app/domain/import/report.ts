import { isMessageKey, type MessageKey, type T } from "~/i18n";

// What an import tells the administrator about a bad row. Stored in
// imports.errors as data (a key and its values), translated only when shown,
// so the same job reads correctly in either language.

export interface ImportError {
  /** Line in the file where the row starts; null for the file as a whole. */
  line: number | null;
  code: MessageKey;
  vars?: Record<string, string | number>;
}

export interface ImportSummary {
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  /** People marked as left by a full import. */
  left: number;
  /** Org units in the database but not in a full org file (kept as they are). */
  absent: number;
  ignoredColumns: string[];
}

/** How many errors a job keeps: enough to fix a file, small enough to show. */
export const storedErrorLimit = 200;

/** Collects errors, keeping the first few and counting them all. */
export class ErrorList {
  readonly items: ImportError[] = [];
  total = 0;

  constructor(private readonly limit = storedErrorLimit) {}

  add(line: number | null, code: MessageKey, vars?: ImportError["vars"]): void {
    this.total++;
    if (this.items.length < this.limit) this.items.push(vars ? { line, code, vars } : { line, code });
  }
}

/** Values echoed into messages are cut short: a runaway cell must not flood the page. */
export function shown(value: string, max = 60): string {
  return value.length > max ? `${value.slice(0, max)}…` : value;
}

/** One stored error in the reader's language; field ids become their labels. */
export function importErrorText(t: T, error: ImportError): string {
  const vars: Record<string, string | number> = { ...error.vars };
  if (typeof vars.field === "string") {
    const label = `import.field.${vars.field}`;
    vars.field = isMessageKey(label) ? t(label) : vars.field;
  }
  return isMessageKey(error.code) ? t(error.code, vars) : error.code;
}
