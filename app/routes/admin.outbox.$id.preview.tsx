import type { LoaderFunctionArgs } from "@remix-run/node";
import { outboxHtml } from "~/domain/notifications/outbox.server";
import { throwRefusal } from "~/web/forbidden.server";
import { requireUser } from "~/web/session.server";

// The HTML part of one kept email, alone, for the outbox page's frame. The
// server gives this path a policy of its own (server/security.ts,
// emailPreviewHeaders): the email's inline styles are allowed, scripts,
// forms and every fetch are not, the document is sandboxed, and only our own
// pages may frame it.
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const result = await outboxHtml(context.db, user, params.id ?? "");
  if (!result.ok) throwRefusal(result);
  return new Response(result.value, {
    headers: { "content-type": "text/html; charset=utf-8", "cache-control": "private, no-store" },
  });
}
