import { Form, useRouteLoaderData } from "@remix-run/react";
import type { loader as rootLoader } from "~/root";
import { useLocale, useT } from "~/i18n/react";

/** A plain form: works without JavaScript, remembered per user and by cookie. */
export function LanguageSwitcher() {
  const root = useRouteLoaderData<typeof rootLoader>("root");
  const locale = useLocale();
  const t = useT();
  const other = locale === "zh-CN" ? "en" : "zh-CN";
  return (
    // Named, as every form on a page with several: the sign-in page has this one and the sign-in form (IBM Equal Access: aria_form_label_unique).
    <Form method="post" action="/locale" className="language-switcher" aria-label={t("nav.language.form")}>
      <input type="hidden" name="redirectTo" value={root?.here ?? "/"} />
      <input type="hidden" name="locale" value={other} />
      <button type="submit" lang={other} aria-label={t("nav.language.switch")}>
        {other === "en" ? "English" : "中文"}
      </button>
    </Form>
  );
}
