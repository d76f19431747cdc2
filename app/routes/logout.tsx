import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { redirectWithNotice } from "~/web/notice.server";
import { endSession } from "~/web/session.server";

export async function loader() {
  return redirect("/");
}

export async function action({ request, context }: ActionFunctionArgs) {
  const clearSession = await endSession(request, context);
  const response = redirectWithNotice(request, "/login", "auth.signedOut");
  response.headers.append("Set-Cookie", clearSession);
  return response;
}
