import { hasMessage, type MessageKey, type T } from "~/i18n";
import { dictionaryOf } from "~/i18n/dictionary";
import { importMessages } from "~/i18n/messages/import";
import { metrics } from "~/i18n/messages/metrics";
import { shorten } from "../text";

// What an import tells the administrator about a bad row. Stored in
// imports.errors as data (a key and its values), translated only when shown,
// so the same job reads correctly in either language.

export interface ImportError {
  /** Line in the file where the row starts; null for the file as a whole. */
  line: number | null;
  /** Column of the cell at fault (1-based, as the file has it); absent for a whole row or header. */
  column?: number;
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

/**
 * Collects errors, counting them all and keeping the first few in reading
 * order: by line (the file as a whole first), then by column (the whole row
 * first), then as found. The checks run in passes (each row, then what needs
 * the whole file, such as duplicates and loops), so errors arrive out of
 * order; the list is what the administrator reads top to bottom.
 */
export class ErrorList {
  readonly items: ImportError[] = [];
  total = 0;

  constructor(private readonly limit = storedErrorLimit) {}

  add(line: number | null, code: MessageKey, vars?: ImportError["vars"], column?: number): void {
    this.total++;
    const error: ImportError = { line, ...(column === undefined ? {} : { column }), code, ...(vars ? { vars } : {}) };
    // After every error of the same place: errors found earlier stay first.
    let low = 0;
    let high = this.items.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (compare(this.items[mid], error) <= 0) low = mid + 1;
      else high = mid;
    }
    if (low >= this.limit) return;
    this.items.splice(low, 0, error);
    if (this.items.length > this.limit) this.items.pop();
  }
}

const compare = (a: ImportError, b: ImportError) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0);

/** Values echoed into messages are cut short: a runaway cell must not flood the page. */
export function shown(value: string, max = 60): string {
  return shorten(value, max);
}

// Every code and field label an import reports is in the import area's
// messages, or the metric values' checks (shared with the API), which the import pages carry.
const importWords = dictionaryOf([importMessages, metrics]);
const isMessageKey = (key: string): key is MessageKey => hasMessage(importWords, key);

/** One stored error in the reader's language; field ids become their labels. */
export function importErrorText(t: T, error: ImportError): string {
  const vars: Record<string, string | number> = { ...error.vars };
  if (typeof vars.field === "string") {
    const label = `import.field.${vars.field}`;
    vars.field = isMessageKey(label) ? t(label) : vars.field;
  }
  return isMessageKey(error.code) ? t(error.code, vars) : error.code;
}
