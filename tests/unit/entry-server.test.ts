import { Readable } from "node:stream";
import { buffer } from "node:stream/consumers";
import { expect, test } from "vitest";
import { withoutTrailingNuls } from "../../app/entry.server";

// React 18's streaming renderer flushes its whole 2 KB buffer even where a
// multi-byte character did not fit, leaving up to three NUL bytes (react#24985).

const through = (chunks: Buffer[]) => buffer(Readable.from(chunks).pipe(withoutTrailingNuls()));

test("the zero bytes React leaves at a chunk's end are dropped; the characters either side survive", async () => {
  const head = Buffer.from("<p>服务之", "utf8");
  const leak = Buffer.concat([head, Buffer.alloc(2)]);
  const out = await through([leak, Buffer.from("星</p>", "utf8")]);
  expect(out.toString("utf8")).toBe("<p>服务之星</p>");
});

test("at most three: a longer run of zeros is not React's, and is not touched beyond that", async () => {
  const out = await through([Buffer.concat([Buffer.from("ab"), Buffer.alloc(5)])]);
  expect(out).toEqual(Buffer.concat([Buffer.from("ab"), Buffer.alloc(2)]));
});

test("a chunk without zeros passes as it is", async () => {
  const html = Buffer.from('<html lang="zh-CN">光荣榜</html>', "utf8");
  expect(await through([html])).toEqual(html);
});
