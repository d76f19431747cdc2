import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { issuePasswordLinksForUnit } from "~/domain/people/password-links.server";
import { passwordLinksSchema } from "~/domain/people/schema";
import { makeT } from "~/i18n/all.server";
import { downloadName, passwordLinksCsv } from "~/web/csv-export.server";
import { throwRefusal } from "~/web/forbidden.server";
import { parseForm, readFormData } from "~/web/form.server";
import { redirectWithNotice } from "~/web/notice.server";
import { getLocale, requireUser } from "~/web/session.server";

// POST /admin/people/password-links.csv: one-time password links for every
// active person in a unit, as a file for Excel (a resource route: the form on
// /admin/people posts here as a plain document request, so the browser saves
// the answer). A refusal goes back to the people page with the reason and
// the unit still chosen.

export const loader = () => redirect("/admin/people");

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(request, context);
  const submission = parseForm(await readFormData(request), passwordLinksSchema);
  const chosen = String(submission.payload.unitCode ?? "");
  const back = `/admin/people?${new URLSearchParams({ linksUnit: chosen, linksAll: submission.payload.onlyWithoutPassword ? "" : "1" })}#password-links`;
  if (submission.status !== "success") return redirectWithNotice(request, back, "admin.links.unitRequired");
  const result = await issuePasswordLinksForUnit(context.db, user, {
    unitCode: submission.value.unitCode,
    onlyWithoutPassword: submission.value.onlyWithoutPassword ?? false,
  });
  if (!result.ok) {
    if (result.status === 403) throwRefusal(result);
    return redirectWithNotice(request, back, result.error, result.vars);
  }
  const locale = await getLocale(request, context);
  const { unit, expiresAt, rows } = result.value;
  return new Response(passwordLinksCsv(rows, new URL(request.url).origin, expiresAt, makeT(locale), locale), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${downloadName(unit.code, "password-links.csv")}"`,
      "Cache-Control": "private, no-store",
    },
  });
}
