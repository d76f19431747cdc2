import { getTextareaProps, type FieldMetadata } from "@conform-to/react";
import { FieldErrors } from "~/components/form";
import type { ExceptionView } from "~/domain/eligibility/exceptions.server";
import { reasonSentence, ruleSentence } from "~/domain/eligibility/sentences";
import { useLocale, useT } from "~/i18n/react";

// A nomination submitted as an exception to its title's rules (issue 20,
// decision 0050): the field the nominator writes the justification in, and
// the note the committee reads. Pages that use them name the `eligibility`
// messages in their handle.

/**
 * The justification field: shown when the server asked for it (the nominee
 * does not meet the rules and the title allows an exception, said with the
 * reasons) or when one was already written, so a form without JavaScript
 * shows it exactly when needed.
 */
export function ExceptionField({ field }: { field: FieldMetadata<string | undefined> }) {
  const t = useT();
  if (!field.errors?.length && !field.value && !field.initialValue) return null;
  const hintId = `${field.id}-hint`;
  return (
    <div className="card field exception-field">
      <label htmlFor={field.id}>{t("eligibility.exception.field")}</label>
      <FieldErrors field={field} />
      <textarea {...getTextareaProps(field, { ariaDescribedBy: hintId })} rows={4} />
      <p className="hint" id={hintId}>
        {t("eligibility.exception.field.hint")}
      </p>
    </div>
  );
}

/** What the committee reads of an exception, marked as one: the rules not met and the nominator's justification. */
export function ExceptionNote({ exception, headingLevel = 2 }: { exception: ExceptionView; headingLevel?: 2 | 3 }) {
  const t = useT();
  const locale = useLocale();
  const Heading = headingLevel === 2 ? "h2" : "h3";
  return (
    <section className="exception-note stack" aria-label={t("eligibility.exception.title")}>
      <Heading>
        <span className="badge">{t("eligibility.exception.badge")}</span> {t("eligibility.exception.title")}
      </Heading>
      <p>{t("eligibility.exception.failed")}</p>
      <ul>
        {exception.nominees.flatMap((n) =>
          n.failed.map((o, i) => (
            <li key={`${n.employeeNo}-${i}`}>
              {exception.nominees.length > 1 ? `${n.name}: ` : null}
              {ruleSentence(t, locale, o)} — {reasonSentence(t, locale, o)}
            </li>
          )),
        )}
      </ul>
      <p>
        <strong>{t("eligibility.exception.why")}</strong>
      </p>
      <blockquote>
        <p>{exception.reason}</p>
      </blockquote>
    </section>
  );
}
