import { describe, expect, test, vi } from "vitest";
import { err, ok, type Result } from "../../app/domain/result";
import { readFormWithImages, readFormWithFile } from "../../app/web/form.server";

// The nomination form's reader: several photos in one field, each stored as
// it streams, every refusal a message next to the kept text fields.

const max = 1000;

function post(parts: Array<[string, string | File]>): Request {
  const form = new FormData();
  for (const [name, value] of parts) form.append(name, value);
  return new Request("http://localhost/campaigns/x/nominate", { method: "POST", body: form });
}

const file = (name: string, size: number, fill = 7) => new File([new Uint8Array(size).fill(fill)], name, { type: "image/jpeg" });
/** What an <input type=file> with nothing chosen posts. */
const noFile = () => new File([], "", { type: "application/octet-stream" });

function storeSizes() {
  const seen: number[] = [];
  const store = vi.fn(async (bytes: Uint8Array): Promise<Result<{ size: number }>> => {
    seen.push(bytes.byteLength);
    return bytes[0] === 9 ? err("media.upload.notImage") : ok({ size: bytes.byteLength });
  });
  return { store, seen };
}

describe("readFormWithImages", () => {
  test("stores each file in order, and keeps the text fields", async () => {
    const { store, seen } = storeSizes();
    const { form, images } = await readFormWithImages(
      post([
        ["title", "best-star"],
        ["newPhotos", file("a.jpg", 10)],
        ["citation", "耐心细致"],
        ["newPhotos", file("b.jpg", max)],
        ["stories[0].body", "一段事迹"],
      ]),
      { field: "newPhotos", maxFiles: 6, maxFileBytes: max, store },
    );
    expect(store).toHaveBeenCalledTimes(2);
    expect(seen).toEqual([10, max]);
    expect(images).toEqual([
      { fileName: "a.jpg", result: ok({ size: 10 }) },
      { fileName: "b.jpg", result: ok({ size: max }) },
    ]);
    expect(Object.fromEntries(form)).toEqual({ title: "best-star", citation: "耐心细致", "stories[0].body": "一段事迹" });
  });

  test("an oversized file is drained and refused as too large, not stored, and the files after it still arrive", async () => {
    const { store } = storeSizes();
    const { form, images } = await readFormWithImages(
      post([
        ["newPhotos", file("huge.jpg", max * 5)],
        ["newPhotos", file("ok.jpg", 20)],
        ["citation", "kept"],
      ]),
      { field: "newPhotos", maxFiles: 6, maxFileBytes: max, store },
    );
    expect(images[0]).toMatchObject({ fileName: "huge.jpg", result: { ok: false, error: "media.upload.tooLarge" } });
    expect(images[1]).toEqual({ fileName: "ok.jpg", result: ok({ size: 20 }) });
    expect(store).toHaveBeenCalledTimes(1);
    expect(form.get("citation")).toBe("kept");
  });

  test("files beyond maxFiles are refused, each with a message, and never stored", async () => {
    const { store } = storeSizes();
    const { images } = await readFormWithImages(
      post([
        ["newPhotos", file("1.jpg", 5)],
        ["newPhotos", file("2.jpg", 5)],
        ["newPhotos", file("3.jpg", 5)],
        ["newPhotos", file("4.jpg", 5)],
      ]),
      { field: "newPhotos", maxFiles: 2, maxFileBytes: max, store },
    );
    expect(store).toHaveBeenCalledTimes(2);
    expect(images.map((i) => [i.fileName, i.result.ok ? "stored" : i.result.error])).toEqual([
      ["1.jpg", "stored"],
      ["2.jpg", "stored"],
      ["3.jpg", "nominations.photos.tooMany"],
      ["4.jpg", "nominations.photos.tooMany"],
    ]);
  });

  test("an empty file input (nothing chosen) is ignored", async () => {
    const { store } = storeSizes();
    const { form, images } = await readFormWithImages(
      post([
        ["newPhotos", noFile()],
        ["title", "t"],
      ]),
      { field: "newPhotos", maxFiles: 6, maxFileBytes: max, store },
    );
    expect(images).toEqual([]);
    expect(store).not.toHaveBeenCalled();
    expect([...form.keys()]).toEqual(["title"]);
  });

  test("a refusal of the store is reported with the file's name", async () => {
    const { store } = storeSizes();
    const { images } = await readFormWithImages(post([["newPhotos", file("scan.svg", 30, 9)]]), {
      field: "newPhotos",
      maxFiles: 6,
      maxFileBytes: max,
      store,
    });
    expect(images).toEqual([{ fileName: "scan.svg", result: err("media.upload.notImage") }]);
  });

  test("a store that throws (a bug) is not turned into a 400", async () => {
    const store = async (): Promise<Result<true>> => {
      throw new Error("database down");
    };
    await expect(
      readFormWithImages(post([["newPhotos", file("a.jpg", 5)]]), { field: "newPhotos", maxFiles: 6, maxFileBytes: max, store }),
    ).rejects.toThrow("database down");
  });

  test("a urlencoded post is read as a plain form", async () => {
    const { store } = storeSizes();
    const request = new Request("http://localhost/x", { method: "POST", body: new URLSearchParams({ title: "t" }) });
    const { form, images } = await readFormWithImages(request, { field: "newPhotos", maxFiles: 6, maxFileBytes: max, store });
    expect(form.get("title")).toBe("t");
    expect(images).toEqual([]);
  });

  test("readFormWithFile still keeps one file, cut one byte past the limit", async () => {
    const form = await readFormWithFile(
      post([
        ["badge", file("b.png", max * 3)],
        ["x", "y"],
      ]),
      "badge",
      max,
    );
    expect((form.get("badge") as File).size).toBe(max + 1);
    expect(form.get("x")).toBe("y");
  });
});
