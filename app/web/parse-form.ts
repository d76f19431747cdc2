import { parseWithZod } from "@conform-to/zod/v4";
import type { $ZodType } from "zod/v4/core";
import { maskFlaggedFields, maskRequested } from "~/domain/privacy/guard";

/**
 * A form read through its schema, the same on the server (form.server.ts
 * parseForm) and in the browser (a form's onValidate). When the person chose
 * "Mask and continue", the fields the privacy guard flagged are masked first
 * and the form is read again, so the choice never depends on JavaScript.
 */
export function parseWithPrivacy<Schema extends $ZodType>(form: FormData, schema: Schema) {
  if (maskRequested(form)) {
    const first = parseWithZod(form, { schema });
    maskFlaggedFields(form, first.status === "error" ? (first.error ?? undefined) : undefined);
  }
  return parseWithZod(form, { schema });
}
