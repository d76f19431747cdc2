import { getInputProps, getSelectProps, type FieldMetadata } from "@conform-to/react";
import type { ReactNode } from "react";
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

/** A labelled one-line text field with its hint (described by it) and its errors. */
export function TextField({ field, label, hint }: { field: FieldMetadata<string | undefined>; label: string; hint?: string }) {
  return (
    <div className="field">
      <label htmlFor={field.id}>{label}</label>
      <input {...getInputProps(field, { type: "text", ariaDescribedBy: hint ? field.descriptionId : undefined })} />
      <FieldHint field={field} hint={hint} />
      <FieldErrors field={field} />
    </div>
  );
}

/** A labelled select with its options as children, its hint and its errors. */
export function SelectField({
  field,
  label,
  hint,
  children,
}: {
  field: FieldMetadata<string | number | undefined>;
  label: string;
  hint?: string;
  children: ReactNode;
}) {
  return (
    <div className="field">
      <label htmlFor={field.id}>{label}</label>
      <select {...getSelectProps(field, { ariaDescribedBy: hint ? field.descriptionId : undefined })}>{children}</select>
      <FieldHint field={field} hint={hint} />
      <FieldErrors field={field} />
    </div>
  );
}

function FieldHint({ field, hint }: { field: Pick<FieldMetadata<unknown>, "descriptionId">; hint?: string }) {
  if (!hint) return null;
  return (
    <p className="hint" id={field.descriptionId}>
      {hint}
    </p>
  );
}
