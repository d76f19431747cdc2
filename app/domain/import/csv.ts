import { parse, type CsvError } from "csv-parse/sync";
import type { MessageKey } from "~/i18n";
import { ErrorList } from "./report";

export type Encoding = "utf-8-bom" | "utf-8" | "utf-16le" | "utf-16be" | "gb18030";
export type Delimiter = "," | "\t";

export interface CsvRecord {
  /** Line in the file where the record starts (1-based, blank lines counted). */
  line: number;
  cells: string[];
}

export interface ParsedCsv {
  encoding: Encoding | null;
  delimiter: Delimiter;
  records: CsvRecord[];
  errors: ErrorList;
}

type Decoded = { ok: true; text: string; encoding: Encoding } | { ok: false; code: MessageKey };

const startsWith = (bytes: Uint8Array, prefix: number[]) => prefix.every((b, i) => bytes[i] === b);

/**
 * Byte order mark first; else strict UTF-8; else GB18030 (a superset of GBK
 * and GB2312, what Excel in China writes). Strict UTF-8 almost never accepts
 * GBK text by accident, so the order is safe.
 */
export function decodeCsv(bytes: Uint8Array): Decoded {
  // An .xlsx (zip) or legacy .xls (OLE) workbook uploaded as is.
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04]) || startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0])) {
    return { ok: false, code: "import.error.workbook" };
  }
  let text: string;
  let encoding: Encoding;
  try {
    if (startsWith(bytes, [0xef, 0xbb, 0xbf])) {
      text = new TextDecoder("utf-8", { fatal: true }).decode(bytes.subarray(3));
      encoding = "utf-8-bom";
    } else if (startsWith(bytes, [0xff, 0xfe])) {
      text = new TextDecoder("utf-16le", { fatal: true }).decode(bytes);
      encoding = "utf-16le";
    } else if (startsWith(bytes, [0xfe, 0xff])) {
      text = new TextDecoder("utf-16be", { fatal: true }).decode(bytes);
      encoding = "utf-16be";
    } else {
      try {
        text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
        encoding = "utf-8";
      } catch {
        text = new TextDecoder("gb18030", { fatal: true }).decode(bytes);
        encoding = "gb18030";
      }
    }
  } catch {
    return { ok: false, code: "import.error.encoding" };
  }
  // Text files have no NUL characters; binaries (and UTF-16 without a BOM) do.
  if (text.includes("\u0000")) return { ok: false, code: "import.error.binary" };
  return { ok: true, text: text.replace(/^\ufeff/, ""), encoding };
}

/** Tab when the header line has more tabs than commas (Excel's "Unicode text"). */
export function detectDelimiter(text: string): Delimiter {
  const firstLine = /^[\r\n]*([^\r\n]*)/.exec(text)?.[1] ?? "";
  let tabs = 0;
  let commas = 0;
  for (const c of firstLine) {
    if (c === "\t") tabs++;
    else if (c === ",") commas++;
  }
  return tabs > commas ? "\t" : ",";
}

const csvErrorCodes: Record<string, MessageKey> = {
  CSV_QUOTE_NOT_CLOSED: "import.error.quoteNotClosed",
  CSV_INVALID_CLOSING_QUOTE: "import.error.badQuote",
  CSV_MAX_RECORD_SIZE: "import.error.recordTooLong",
};

/** Guards memory against a wrong delimiter or a runaway quoted field. */
const maxRecordChars = 64_000;

/**
 * Decodes and splits a file into records with the line each starts on.
 * Never throws: a malformed quote is reported on the line its row starts.
 */
export function parseCsv(bytes: Uint8Array): ParsedCsv {
  const errors = new ErrorList();
  const decoded = decodeCsv(bytes);
  if (!decoded.ok) {
    errors.add(null, decoded.code);
    return { encoding: null, delimiter: ",", records: [], errors };
  }
  const delimiter = detectDelimiter(decoded.text);
  // csv-parse reports byte offsets into what it was given; counting lines
  // from those offsets ourselves stays right for CRLF files with multi-line
  // quoted cells, where its own line counter drifts.
  const buf = Buffer.from(decoded.text, "utf8");
  const lines = new LineCounter(buf);
  let lastEnd = 0;
  const startLine = () => lines.at(skipLineBreaks(buf, lastEnd));

  const records: CsvRecord[] = [];
  // After a broken quote nobody (csv-parse included) knows where the next
  // row starts, so later rows would be reported on made-up lines: stop there.
  let broken = false;
  const stop = (code: MessageKey) => {
    if (!broken) errors.add(startLine(), code);
    broken = true;
  };
  try {
    parse(buf, {
      delimiter,
      relax_column_count: true,
      skip_empty_lines: true,
      skip_records_with_error: true,
      max_record_size: maxRecordChars,
      on_record: (record, context) => {
        if (!broken) {
          records.push({ line: startLine(), cells: record });
          lastEnd = context.bytes;
        }
        return null;
      },
      on_skip: (error: CsvError | undefined) => {
        stop(csvErrorCodes[error?.code ?? ""] ?? "import.error.csv");
        return undefined;
      },
    });
  } catch {
    stop("import.error.csv");
  }
  return { encoding: decoded.encoding, delimiter, records, errors };
}

function skipLineBreaks(buf: Uint8Array, from: number): number {
  let i = from;
  while (i < buf.length && (buf[i] === 0x0a || buf[i] === 0x0d)) i++;
  return i;
}

/** Line number of a byte offset; offsets must be asked in increasing order. */
class LineCounter {
  private pos = 0;
  private line = 1;

  constructor(private readonly buf: Uint8Array) {}

  at(offset: number): number {
    const b = this.buf;
    const end = Math.min(offset, b.length);
    for (let i = this.pos; i < end; i++) {
      // LF, CRLF and a lone CR each end one line.
      if (b[i] === 0x0a || (b[i] === 0x0d && b[i + 1] !== 0x0a)) this.line++;
    }
    this.pos = Math.max(this.pos, end);
    return this.line;
  }
}
