import {
  unstable_composeUploadHandlers,
  unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData,
  type UploadHandler,
} from "@remix-run/node";

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
