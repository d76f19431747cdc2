import type { FormEvent } from "react";
import { useErrorText } from "~/components/form";
import { isFindingMessage, maskChoice, privacyField, privacyThenField } from "~/domain/privacy/guard";
import { findPersonalData } from "~/domain/privacy/detect";
import { useT } from "~/i18n/react";

interface PrivacyChoiceProps {
  /** The form's errors by field (Conform's `form.allErrors`), from the server's answer or the browser's check. */
  errors: Record<string, string[] | null | undefined> | undefined;
  /**
   * For a form whose submit buttons carry the action (`intent=submit`): the
   * action it was sent with, so "Mask and continue" goes on with it.
   */
  then?: { name: string; value: string } | null;
  id?: string;
}

/**
 * What a writer sees when a form holds customers' personal data (issue 19):
 * every finding, named and in its sentence (already masked), and the two ways
 * on — "Mask and continue", a submit button the server answers by masking
 * the flagged fields and sending the form on, or editing the text. The same
 * without JavaScript; with it, the list follows the typing.
 */
export function PrivacyChoice({ errors, then, id = "privacy-choice" }: PrivacyChoiceProps) {
  const t = useT();
  const text = useErrorText();
  const found = Object.values(errors ?? {}).flatMap((messages) => (messages ?? []).filter(isFindingMessage));
  if (!found.length) return null;
  return (
    <section className="privacy-choice" aria-labelledby={`${id}-title`} id={id} tabIndex={-1}>
      <h2 id={`${id}-title`}>{t("privacy.choice.title")}</h2>
      <p>{t("privacy.choice.lede")}</p>
      <ul>
        {found.map((message, i) => (
          <li key={i}>{text(message)}</li>
        ))}
      </ul>
      {then ? <input type="hidden" name={privacyThenField} value={`${then.name}=${then.value}`} /> : null}
      <p>
        <button type="submit" name={privacyField} value={maskChoice} className="button primary" aria-describedby={`${id}-mask-hint`}>
          {t("privacy.choice.mask")}
        </button>
      </p>
      <p className="hint" id={`${id}-mask-hint`}>
        {t("privacy.choice.maskHint")}
      </p>
      <p className="hint">{t("privacy.choice.edit")}</p>
    </section>
  );
}

/**
 * The warning while one types: a text field that now holds a finding (or held
 * one) is checked at once, instead of when it is left, so its message and the
 * choice above appear and go as the person writes. `validate` is Conform's
 * `form.validate`.
 */
export function privacyOnInput(validate: (options: { name: string }) => void, errors: Record<string, string[] | null | undefined> | undefined) {
  return (event: FormEvent<HTMLFormElement>) => {
    const field = event.target as HTMLInputElement | HTMLTextAreaElement;
    if (!(field instanceof HTMLTextAreaElement || (field instanceof HTMLInputElement && field.type === "text")) || !field.name) return;
    const flagged = errors?.[field.name]?.some(isFindingMessage) ?? false;
    if (flagged || findPersonalData(field.value).length) validate({ name: field.name });
  };
}
