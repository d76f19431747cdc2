import {
  unstable_composeUploadHandlers,
  unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData,
  type UploadHandler,
} from "@remix-run/node";
import { err, type Result } from "~/domain/result";

/** The posted form, or a 400 page when the body is not a readable form. */
export async function readFormData(request: Request): Promise<FormData> {
  try {
    return await request.formData();
  } catch {
    throw new Response(null, { status: 400 });
  }
}

/**
 * A posted form that may carry one file. In multipart, the file field keeps at
 * most one byte past `maxFileBytes` and drains the rest, so an oversized file
 * becomes a "too large" message next to the other fields the person chose,
 * instead of an aborted request that loses them. Other fields are small text.
 */
export async function readFormWithFile(request: Request, fileField: string, maxFileBytes: number): Promise<FormData> {
  if (!request.headers.get("content-type")?.startsWith("multipart/form-data")) return readFormData(request);
  const fileHandler: UploadHandler = async ({ name, filename, contentType, data: chunks }) => {
    if (name !== fileField || filename === undefined) return undefined;
    const kept: Uint8Array[] = [];
    let size = 0;
    for await (const chunk of chunks) {
      const room = maxFileBytes + 1 - size;
      if (room <= 0) continue;
      const part = chunk.byteLength > room ? chunk.subarray(0, room) : chunk;
      kept.push(part);
      size += part.byteLength;
    }
    return new File(kept as BlobPart[], filename, { type: contentType });
  };
  const fields = unstable_createMemoryUploadHandler({ maxPartSize: 10_000 });
  try {
    return await unstable_parseMultipartFormData(request, unstable_composeUploadHandlers(fileHandler, fields));
  } catch {
    throw new Response(null, { status: 400 });
  }
}

export interface UploadedImage<T> {
  /** The name the person's device gave the file, for the message next to it. */
  fileName: string;
  result: Result<T>;
}

export interface ImageUploadOptions<T> {
  /** The file input's name (`<input type=file multiple name=…>`). */
  field: string;
  /** Files past this many are drained and refused, not stored. */
  maxFiles: number;
  /** Larger files are drained and refused as too large, not stored. */
  maxFileBytes: number;
  /** Checks and stores one file's bytes; called once per accepted file, in order, as the body streams. */
  store: (bytes: Uint8Array) => Promise<Result<T>>;
}

/**
 * A multipart form with several images in one file field (the nomination
 * form's photos). Each file is stored as it arrives, so a request holds one
 * file in memory at a time however many it carries; an oversized file keeps
 * one byte past the limit and drains the rest, so it becomes a message next
 * to the form (which keeps everything typed) instead of an aborted request.
 * An empty file input (nothing chosen) posts a part without a file name: it
 * is ignored. `form` holds the text fields only.
 */
export async function readFormWithImages<T>(
  request: Request,
  { field, maxFiles, maxFileBytes, store }: ImageUploadOptions<T>,
): Promise<{ form: FormData; images: Array<UploadedImage<T>> }> {
  const images: Array<UploadedImage<T>> = [];
  if (!request.headers.get("content-type")?.startsWith("multipart/form-data")) return { form: await readFormData(request), images };
  const tooLarge = err("media.upload.tooLarge", 413, { max: Math.floor(maxFileBytes / (1024 * 1024)) });
  const tooMany = err("nominations.photos.tooMany", 400, { max: maxFiles });
  let files = 0;
  // A failing store is a bug, not a bad body: it must not turn into a 400.
  let storeFailure: unknown;
  const fileHandler: UploadHandler = async ({ name, filename, data: chunks }) => {
    if (name !== field) return undefined;
    const kept: Uint8Array[] = [];
    let size = 0;
    const wanted = Boolean(filename) && files < maxFiles;
    for await (const chunk of chunks) {
      if (!wanted) continue;
      const room = maxFileBytes + 1 - size;
      if (room <= 0) continue;
      const part = chunk.byteLength > room ? chunk.subarray(0, room) : chunk;
      kept.push(part);
      size += part.byteLength;
    }
    if (!filename) return ""; // no file chosen
    files += 1;
    if (files > maxFiles) images.push({ fileName: filename, result: tooMany });
    else if (size > maxFileBytes) images.push({ fileName: filename, result: tooLarge });
    else {
      try {
        images.push({ fileName: filename, result: await store(concat(kept, size)) });
      } catch (e) {
        storeFailure = e;
        throw e;
      }
    }
    // A placeholder, removed below: the file itself never enters the form.
    return "";
  };
  // A story is up to 5000 characters, three bytes each in UTF-8.
  const fields = unstable_createMemoryUploadHandler({ maxPartSize: 64 * 1024 });
  let form: FormData;
  try {
    form = await unstable_parseMultipartFormData(request, unstable_composeUploadHandlers(fileHandler, fields));
  } catch {
    if (storeFailure !== undefined) throw storeFailure;
    throw new Response(null, { status: 400 });
  }
  form.delete(field);
  return { form, images };
}

function concat(parts: readonly Uint8Array[], size: number): Uint8Array {
  if (parts.length === 1) return parts[0];
  const out = new Uint8Array(size);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.byteLength;
  }
  return out;
}
