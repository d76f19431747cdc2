import { data, type LoaderFunctionArgs } from "@remix-run/node";
import { findNominees } from "~/domain/nominations/form.server";
import { requireUser } from "~/web/session.server";

// The nominee picker's search-as-you-type: people this manager may nominate
// in the campaign whose name, pinyin or 工号 matches ?q= (at most 8).
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const q = new URL(request.url).searchParams.get("q") ?? "";
  const result = await findNominees(context.db, user, params.slug ?? "", q);
  const headers = { "Cache-Control": "private, no-store" };
  if (!result.ok) return data({ people: [] }, { status: result.status, headers });
  return data({ people: result.value }, { headers });
}
