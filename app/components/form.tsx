import type { FieldMetadata } from "@conform-to/react";
import { useMessageText } from "~/i18n/react";

/** Field errors carry i18n keys (from the Zod schema, with their variables: fieldMessage) or ready text (from the server). */
export const useErrorText = useMessageText;

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
