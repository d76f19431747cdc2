import { Form } from "@remix-run/react";
import { useT } from "~/i18n/react";

/**
 * The receipt-code check: a plain GET form to the campaign's receipts page,
 * so it works without script and its answer has a URL. The same form on the
 * receipts page itself and in the results page's receipt card (styles in
 * app.css, .receipt-check).
 */
export function ReceiptCheck({ slug, code = "", className = "" }: { slug: string; code?: string; className?: string }) {
  const t = useT();
  return (
    <Form method="get" action={`/campaigns/${slug}/receipts`} className={`receipt-check ${className}`.trim()}>
      <div className="field">
        <label htmlFor="receipt-code">{t("receipts.check.label")}</label>
        <input
          id="receipt-code"
          name="code"
          type="text"
          defaultValue={code}
          maxLength={40}
          autoComplete="off"
          autoCapitalize="characters"
          spellCheck={false}
          aria-describedby="receipt-code-hint"
          className="receipt-check__input"
        />
        <p id="receipt-code-hint" className="hint">
          {t("receipts.check.hint")}
        </p>
      </div>
      <button type="submit" className="button primary">
        {t("receipts.check.submit")}
      </button>
    </Form>
  );
}
