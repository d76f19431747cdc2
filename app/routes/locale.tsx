import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { setLocale } from "~/domain/auth/auth.server";
import { isLocale } from "~/i18n";
import { getUser, localeCookie, safeRedirect } from "~/web/session.server";
import { readFormData } from "~/web/form.server";

export async function loader() {
  return redirect("/");
}

/** Language switch: remembered on the person (if signed in) and in a cookie. */
export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readFormData(request);
  const locale = form.get("locale");
  const back = safeRedirect(form.get("redirectTo"));
  if (!isLocale(locale)) return redirect(back);
  const user = await getUser(request, context);
  if (user) await setLocale(context.db, user, locale);
  return redirect(back, { headers: { "Set-Cookie": localeCookie(request, locale) } });
}
