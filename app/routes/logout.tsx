import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { redirectWithNotice } from "~/web/notice.server";
import { endSession } from "~/web/session.server";
import { providerSignOutUrl } from "~/web/sso.server";

export async function loader() {
  return redirect("/");
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { clear, ended } = await endSession(request, context);
  // Signed in with the company account: signed out there too, when the provider offers it; it sends the person back to /login.
  const atProvider = await providerSignOutUrl(context, ended);
  const response = redirectWithNotice(request, atProvider ?? "/login", "auth.signedOut");
  response.headers.append("Set-Cookie", clear);
  return response;
}
