import type { Submission } from "@conform-to/react";
import { data, unstable_parseMultipartFormData, type UploadHandlerPart } from "@remix-run/node";
import type { $ZodType, input, output } from "zod/v4/core";
import type { MessageKey } from "~/i18n";
import { err, type Result } from "~/domain/result";
import { bodyTooLarge, isBodyTooLarge } from "./body-limit";
import { parseWithPrivacy } from "./parse-form";
import { readRequestLimits } from "./request-limits";

/**
 * What one form post may carry, checked as it is read and before anything
 * builds objects from it. Conform turns names such as `metrics[3].value`
 * into nested objects at a cost that grows faster than the number of fields:
 * 48,000 repeated fields froze an instance for 83 s, and a list index of
 * 999,999,999 for good (issue 13). So the number of fields, each name's
 * length, depth and list indexes are bounded first, in one linear pass.
 */
export interface FormLimits {
  /** Fields (text and files) in one post. */
  fields: number;
  /** Bytes of the whole body; with files, of its text parts together. */
  bytes: number;
}

const limits = readRequestLimits();

/** Every form but the nomination's and the roll correction's (FORM_MAX_FIELDS, FORM_MAX_BYTES): the largest has under 150 fields. */
export const ordinaryForm: FormLimits = { fields: limits.formFields, bytes: limits.formBytes };

/** The nomination form (NOMINATION_FORM_MAX_FIELDS, FORM_MAX_BYTES for its text). */
export const nominationForm: FormLimits = { fields: limits.nominationFields, bytes: limits.formBytes };

/**
 * The correction form of an honour roll: per winner its photo, metrics,
 * citation and each published story's heading, text and withdrawal box — a
 * roll of 30 winners with two stories each is about 400 fields and, with
 * Chinese stories of 800 characters (9 bytes a hanzi once URL-encoded),
 * about 0.5 MB, within FORM_MAX_BYTES.
 */
export const publishForm: FormLimits = { fields: Math.max(1000, limits.formFields), bytes: limits.formBytes };

/** Rules for every field name, whatever the form. */
export const fieldNames = {
  /** The longest name a page of ours renders is under 40 characters. */
  maxLength: 100,
  /** `metrics[19].value` is three segments deep; the publish form's `winners[0].stories[1].body` five. */
  maxDepth: 5,
  /** Lists hold at most 20 rows (metrics). */
  maxIndex: 99,
} as const;

// Conform's reserved fields carry JSON: an intent names a field and perhaps rows; state a few keys.
const maxReservedLength = 4 * 1024;

/** Thrown from a loader or action: the ErrorBoundary shows the message in the reader's language. */
function refuse(status: 400 | 413, message: MessageKey, vars?: Record<string, number>): never {
  throw data({ message, vars }, { status });
}

/** A Response or data() thrown on purpose (a refusal), as opposed to a failure. */
const isAnswer = (x: unknown) => x instanceof Response || (x as { type?: unknown } | null)?.type === "DataWithResponseInit";

// Conform's path syntax (@conform-to/dom's parsePath): names and [indexes], a single "." between them.
const pathToken = /([^.[\]]+)|\[(\d*)\]/g;

/**
 * Why a field name cannot be read, or null: too long, too deep, a list index
 * past any list of ours, or what Conform itself would throw on (bad syntax,
 * `__proto__`). Linear in the name's length.
 */
export function fieldNameProblem(name: string): "tooLong" | "tooDeep" | "index" | "syntax" | null {
  if (name.length > fieldNames.maxLength) return "tooLong";
  let depth = 0;
  let end = 0;
  for (const m of name.matchAll(pathToken)) {
    if (m.index !== end && !(m.index === end + 1 && name[end] === ".")) return "syntax";
    if (++depth > fieldNames.maxDepth) return "tooDeep";
    if (m[1] === "__proto__" || m[1] === "constructor") return "syntax";
    if (m[2] && (m[2].length > 2 || Number(m[2]) > fieldNames.maxIndex)) return "index";
    end = m.index + m[0].length;
  }
  return end === name.length ? null : "syntax";
}

/** A Conform intent names a field and may name rows: the same rules hold for them. */
function badIntent(value: string): boolean {
  let intent: unknown;
  try {
    intent = JSON.parse(value);
  } catch {
    return false; // Conform reads a string that is not JSON as no intent at all
  }
  const payload = (intent as { payload?: unknown } | null)?.payload;
  if (!payload || typeof payload !== "object") return false;
  const { name, index, from, to } = payload as Record<string, unknown>;
  if (name !== undefined && (typeof name !== "string" || fieldNameProblem(name) !== null)) return true;
  return [index, from, to].some((n) => n !== undefined && !(Number.isInteger(n) && (n as number) >= 0 && (n as number) <= fieldNames.maxIndex));
}

/** Counts the fields of one post as they arrive and refuses it at the first one too many or unreadable. */
function fieldChecks(limits: FormLimits) {
  let fields = 0;
  return {
    name(name: string) {
      fields += 1;
      if (fields > limits.fields) refuse(413, "form.tooManyFields", { max: limits.fields });
      if (fieldNameProblem(name)) refuse(400, "form.badFieldName");
    },
    value(name: string, value: string) {
      if (name !== "__intent__" && name !== "__state__") return;
      if (value.length > maxReservedLength || (name === "__intent__" && badIntent(value))) refuse(400, "form.badFieldName");
    },
  };
}

/** The body's bytes, refused with a 413 once they pass `limit` (a chunked body as much as any). */
async function bodyBytes(request: Request, limit: number): Promise<Buffer> {
  if (!request.body) return Buffer.alloc(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > limit) throw bodyTooLarge(limit);
      chunks.push(value);
    }
  } catch (error) {
    void reader.cancel().catch(() => {});
    if (isBodyTooLarge(error)) refuse(413, "error.tooLarge");
    refuse(400, "error.badRequest");
  }
  return Buffer.concat(chunks, size);
}

/** The same request with a body that fails at `limit` bytes, for the multipart parser. */
function limitedRequest(request: Request, limit: number): Request {
  let size = 0;
  const body = request.body?.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        size += chunk.byteLength;
        if (size > limit) controller.error(bodyTooLarge(limit));
        else controller.enqueue(chunk);
      },
    }),
  );
  return new Request(request.url, { method: request.method, headers: request.headers, body, duplex: "half" } as RequestInit);
}

const contentType = (request: Request) => request.headers.get("content-type")?.toLowerCase() ?? "";
const isMultipart = (request: Request) => contentType(request).startsWith("multipart/form-data");

/** As URLSearchParams decodes: `+` is a space; a broken escape is decoded as far as it can be. */
function decodeFormComponent(s: string): string {
  const spaced = s.replaceAll("+", " ");
  if (!spaced.includes("%")) return spaced;
  try {
    return decodeURIComponent(spaced);
  } catch {
    return new URLSearchParams(`x=${s}`).get("x") ?? spaced;
  }
}

/**
 * The posted form. Forms without a file post it urlencoded; anything else
 * (JSON, multipart to a form that takes no file) is refused. Within `limits`,
 * or a 400/413 page in the person's language before anything is parsed;
 * linear in the body's size.
 */
export async function readFormData(request: Request, limits: FormLimits = ordinaryForm): Promise<FormData> {
  const type = contentType(request);
  if (type && !type.startsWith("application/x-www-form-urlencoded")) {
    void request.body?.cancel().catch(() => {});
    refuse(400, "error.badRequest");
  }
  const text = (await bodyBytes(request, limits.bytes)).toString("utf8");
  const check = fieldChecks(limits);
  const form = new FormData();
  // Field by field, without splitting the whole body first: the count and the
  // name are checked before the next field is even looked at.
  for (let start = 0; start <= text.length;) {
    let end = text.indexOf("&", start);
    if (end < 0) end = text.length;
    const pair = text.slice(start, end);
    start = end + 1;
    if (!pair) continue;
    const at = pair.indexOf("=");
    const name = decodeFormComponent(at < 0 ? pair : pair.slice(0, at));
    check.name(name);
    const value = at < 0 ? "" : decodeFormComponent(pair.slice(at + 1));
    check.value(name, value);
    form.append(name, value);
  }
  return form;
}

/**
 * A posted form read through its schema, on the server. Conform throws on
 * what no page of ours sends (an intent or state that is not its JSON, a
 * list operation on a field that is no list): that is a 400 page, never a 500.
 * "Mask and continue" masks the privacy guard's findings first (parse-form.ts).
 */
export function parseForm<Schema extends $ZodType>(form: FormData, schema: Schema): Submission<input<Schema>, string[], output<Schema>> {
  try {
    return parseWithPrivacy(form, schema);
  } catch {
    refuse(400, "error.badRequest");
  }
}

interface MultipartLimits extends FormLimits {
  /** Bytes of one text part (a story is up to 5,000 characters, three bytes each in UTF-8). */
  textPartBytes: number;
  /** Bytes of the whole body, files included. */
  totalBytes: number;
}

/**
 * A multipart form within `limits`: every part is counted and its name
 * checked as it arrives; text parts are kept within their limits; a file
 * part goes to `onFile`, which reads or drains it and returns what the form
 * keeps (undefined: nothing).
 */
async function readMultipart(
  request: Request,
  limits: MultipartLimits,
  onFile: (part: UploadHandlerPart & { filename: string }) => Promise<File | string | undefined>,
): Promise<FormData> {
  const check = fieldChecks(limits);
  let textBytes = 0;
  // What a handler threw: a refusal of ours, or a failing store (a bug, not a bad body: a 500).
  let refusal: unknown;
  let storeFailure: unknown;
  try {
    return await unstable_parseMultipartFormData(limitedRequest(request, limits.totalBytes), async (part) => {
      try {
        check.name(part.name ?? "");
      } catch (error) {
        throw (refusal = error);
      }
      if (part.filename !== undefined) {
        try {
          return await onFile(part as UploadHandlerPart & { filename: string });
        } catch (error) {
          if (isBodyTooLarge(error) || isAnswer(error)) throw (refusal = error);
          throw (storeFailure = error);
        }
      }
      const chunks: Uint8Array[] = [];
      let size = 0;
      for await (const chunk of part.data) {
        size += chunk.byteLength;
        textBytes += chunk.byteLength;
        if (size > limits.textPartBytes || textBytes > limits.bytes) throw (refusal = bodyTooLarge(limits.bytes));
        chunks.push(chunk);
      }
      const value = Buffer.concat(chunks, size).toString("utf8");
      try {
        check.value(part.name, value);
      } catch (error) {
        throw (refusal = error);
      }
      return value;
    });
  } catch (error) {
    if (storeFailure !== undefined) throw storeFailure;
    const cause = refusal ?? error;
    if (isAnswer(cause)) throw cause;
    if (isBodyTooLarge(cause)) refuse(413, "error.tooLarge");
    refuse(400, "error.badRequest");
  }
}

/** The first `max + 1` bytes of a file part, the rest drained: enough to tell "too large" from fine. */
async function keepUpTo(chunks: AsyncIterable<Uint8Array>, max: number): Promise<{ kept: Uint8Array[]; size: number }> {
  const kept: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of chunks) {
    const room = max + 1 - size;
    if (room <= 0) continue;
    const part = chunk.byteLength > room ? chunk.subarray(0, room) : chunk;
    kept.push(part);
    size += part.byteLength;
  }
  return { kept, size };
}

/**
 * A posted form that may carry one file. In multipart, the file field keeps
 * at most one byte past `maxFileBytes` and drains the rest, so an oversized
 * file becomes a "too large" message next to the other fields the person
 * chose, instead of an aborted request that loses them. Other fields are
 * small text; a second file, or a file in another field, is drained.
 */
export async function readFormWithFile(request: Request, fileField: string, maxFileBytes: number): Promise<FormData> {
  if (!isMultipart(request)) return readFormData(request);
  let taken = false;
  return readMultipart(
    request,
    { ...ordinaryForm, textPartBytes: 10_000, totalBytes: multipartBodyBytes },
    async ({ name, filename, contentType, data: chunks }) => {
      const wanted = name === fileField && !taken;
      const { kept } = await keepUpTo(chunks, wanted ? maxFileBytes : -1);
      if (!wanted) return undefined;
      taken = true;
      return new File(kept as BlobPart[], filename, { type: contentType });
    },
  );
}

/** The most a multipart body may carry (UPLOAD_MAX_BYTES; server/security.ts refuses more by its length). */
export const multipartBodyBytes = limits.uploadBytes;

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
  /** The form's own bounds (fields, bytes of text); ordinaryForm unless given. */
  limits?: FormLimits;
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
  { field, maxFiles, maxFileBytes, store, limits = ordinaryForm }: ImageUploadOptions<T>,
): Promise<{ form: FormData; images: Array<UploadedImage<T>> }> {
  const images: Array<UploadedImage<T>> = [];
  if (!isMultipart(request)) return { form: await readFormData(request, limits), images };
  const tooLarge = err("media.upload.tooLarge", 413, { max: Math.floor(maxFileBytes / (1024 * 1024)) });
  const tooMany = err("nominations.photos.tooMany", 400, { max: maxFiles });
  let files = 0;
  const form = await readMultipart(
    request,
    { ...limits, textPartBytes: 64 * 1024, totalBytes: multipartBodyBytes },
    async ({ name, filename, data: chunks }) => {
      const wanted = name === field && Boolean(filename) && files < maxFiles;
      const { kept, size } = await keepUpTo(chunks, wanted ? maxFileBytes : -1);
      if (name !== field || !filename) return undefined; // another file field, or no file chosen
      files += 1;
      if (files > maxFiles) images.push({ fileName: filename, result: tooMany });
      else if (size > maxFileBytes) images.push({ fileName: filename, result: tooLarge });
      else images.push({ fileName: filename, result: await store(concat(kept, size)) });
      return undefined; // the file itself never enters the form
    },
  );
  // An <input type=file> with nothing chosen may arrive as an empty text part.
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
