import { describe, expect, test } from "vitest";
import { decodeCsv, detectDelimiter, parseCsv } from "../../app/domain/import/csv";

const bytes = (...parts: Array<string | number[]>) =>
  Buffer.concat(parts.map((p) => (typeof p === "string" ? Buffer.from(p, "utf8") : Buffer.from(p))));

// GB18030 (= GBK for these) bytes written out by hand: Node can decode GB18030 but not encode it.
const gb = {
  工号: [0xb9, 0xa4, 0xba, 0xc5],
  姓名: [0xd0, 0xd5, 0xc3, 0xfb],
  中文: [0xd6, 0xd0, 0xce, 0xc4],
};

function utf16le(text: string, bom = true): Buffer {
  const body = Buffer.from(text, "utf16le");
  return bom ? Buffer.concat([Buffer.from([0xff, 0xfe]), body]) : body;
}

const cells = (file: Uint8Array) => parseCsv(file).records.map((r) => r.cells);

describe("decoding", () => {
  test("UTF-8 with a BOM: the BOM is not part of the first header", () => {
    const parsed = parseCsv(bytes([0xef, 0xbb, 0xbf], "工号,姓名\r\nE1,张三\r\n"));
    expect(parsed.encoding).toBe("utf-8-bom");
    expect(parsed.records.map((r) => r.cells)).toEqual([
      ["工号", "姓名"],
      ["E1", "张三"],
    ]);
  });

  test("UTF-8 without a BOM", () => {
    expect(decodeCsv(bytes("工号,姓名\n"))).toEqual({ ok: true, text: "工号,姓名\n", encoding: "utf-8" });
  });

  test("GB18030 / GBK as Excel in China saves it", () => {
    const file = bytes(gb.工号, ",", gb.姓名, "\r\nE1,", gb.中文, "\r\n");
    const parsed = parseCsv(file);
    expect(parsed.encoding).toBe("gb18030");
    expect(parsed.records.map((r) => r.cells)).toEqual([
      ["工号", "姓名"],
      ["E1", "中文"],
    ]);
  });

  test("UTF-16 LE with a BOM, tab-separated (Excel's “Unicode text”)", () => {
    const parsed = parseCsv(utf16le("工号\t姓名\r\nE1\t张三, 李四\r\n"));
    expect(parsed.encoding).toBe("utf-16le");
    expect(parsed.delimiter).toBe("\t");
    expect(parsed.records.map((r) => r.cells)).toEqual([
      ["工号", "姓名"],
      ["E1", "张三, 李四"],
    ]);
  });

  test("UTF-16 BE with a BOM", () => {
    const le = Buffer.from("工号,姓名\n", "utf16le");
    const be = Buffer.from(le.map((_, i) => le[i ^ 1]));
    expect(decodeCsv(Buffer.concat([Buffer.from([0xfe, 0xff]), be]))).toMatchObject({ ok: true, text: "工号,姓名\n", encoding: "utf-16be" });
  });

  test("an Excel workbook, binary data and undecodable bytes are named as such", () => {
    expect(decodeCsv(bytes([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00]))).toEqual({ ok: false, code: "import.error.workbook" });
    expect(decodeCsv(bytes([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1]))).toEqual({ ok: false, code: "import.error.workbook" });
    expect(decodeCsv(utf16le("工号,姓名", false))).toEqual({ ok: false, code: "import.error.binary" });
    expect(decodeCsv(bytes("E1,", [0x81, 0x20]))).toEqual({ ok: false, code: "import.error.encoding" });
    expect(parseCsv(bytes([0x81, 0x20])).errors.items).toEqual([{ line: null, code: "import.error.encoding" }]);
  });
});

describe("splitting", () => {
  test("the delimiter is read from the header line", () => {
    expect(detectDelimiter("\r\n工号\t姓名\t备注,其他\n")).toBe("\t");
    expect(detectDelimiter("工号,姓名\tx\n")).toBe(",");
    expect(detectDelimiter("")).toBe(",");
  });

  test("a comma inside a tab-separated file stays in its cell", () => {
    expect(cells(bytes("a\tb\n1\tx, y\n"))).toEqual([
      ["a", "b"],
      ["1", "x, y"],
    ]);
  });

  test("each record knows the line it starts on, across quoted line breaks and blank lines", () => {
    for (const eol of ["\n", "\r\n", "\r"]) {
      const file = ["工号,岗位", 'E1,"话务员', '（夜班）"', "", "E2,值班长", 'E3,"a', "", 'b"', "E4,班长"].join(eol) + eol;
      const parsed = parseCsv(bytes(file));
      expect(
        parsed.records.map((r) => [r.line, r.cells[0]]),
        JSON.stringify(eol),
      ).toEqual([
        [1, "工号"],
        [2, "E1"],
        [5, "E2"],
        [6, "E3"],
        [9, "E4"],
      ]);
      expect(parsed.records[1].cells[1]).toBe(`话务员${eol}（夜班）`);
    }
  });

  test("a quote that is never closed is reported on the line its row starts, and reading stops there", () => {
    const parsed = parseCsv(bytes('工号,姓名\nE1,张三\nE2,"李四\nE3,王五\n'));
    expect(parsed.records.map((r) => r.cells[0])).toEqual(["工号", "E1"]);
    expect(parsed.errors.items).toEqual([{ line: 3, code: "import.error.quoteNotClosed" }]);
  });

  test("a stray quote in an unquoted cell is reported on its line", () => {
    const parsed = parseCsv(bytes('工号,姓名\r\nE1,张三\r\nE2,"李"四\r\nE3,王五\r\n'));
    expect(parsed.errors.items).toEqual([{ line: 3, code: "import.error.badQuote" }]);
  });
});
