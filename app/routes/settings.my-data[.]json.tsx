import type { LoaderFunctionArgs } from "@remix-run/node";
import { exportMyData, myDataRate } from "~/domain/people/my-data.server";
import { makeT } from "~/i18n/all.server";
import { refusalText } from "~/web/i18n.server";
import { getLocale, requireUser } from "~/web/session.server";

// /settings/my-data.json: everything the portal holds about the signed-in
// person, as a file to save (a resource route; the page /settings/my-data
// links here). Never cached anywhere: it holds their sign-in history. A
// refusal (too many downloads in an hour) is { error: { code, message } }
// with its status.

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const result = await exportMyData(context.db, user);
  const headers: Record<string, string> = { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store" };
  if (!result.ok) {
    const t = makeT(await getLocale(request, context));
    if (result.status === 429) headers["Retry-After"] = String(myDataRate.windowSeconds);
    return new Response(JSON.stringify({ error: { code: result.error, message: refusalText(t, result) } }, null, 2), {
      status: result.status,
      headers,
    });
  }
  const day = result.value.about.generatedAt.toISOString().slice(0, 10);
  // The employee number is the account's ASCII name: a file name any system can keep.
  const name = `my-data-${user.employeeNo.replace(/[^A-Za-z0-9._-]+/g, "-")}-${day}.json`;
  return new Response(`${JSON.stringify(result.value, null, 2)}\n`, {
    headers: { ...headers, "Content-Disposition": `attachment; filename="${name}"` },
  });
}
