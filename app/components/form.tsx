import type { FieldMetadata } from "@conform-to/react";
import { isMessageKey } from "~/i18n";
import { useT } from "~/i18n/react";

/** Field errors carry i18n keys (from the Zod schema) or ready text (from the server). */
export function useErrorText() {
  const t = useT();
  return (message: string) => (isMessageKey(message) ? t(message) : message);
}

export function FieldErrors({ field }: { field: Pick<FieldMetadata<unknown>, "errorId" | "errors"> }) {
  const text = useErrorText();
  if (!field.errors?.length) return null;
  return (
    <p className="field-error" id={field.errorId}>
      {field.errors.map(text).join(" ")}
    </p>
  );
}

export function FormErrors({ errors, id }: { errors?: string[]; id: string }) {
  const text = useErrorText();
  if (!errors?.length) return null;
  return (
    <div className="form-error" id={id} role="alert">
      {errors.map((e) => (
        <p key={e}>{text(e)}</p>
      ))}
    </div>
  );
}
