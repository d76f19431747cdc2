import { data, type AppLoadContext } from "@remix-run/node";
import type { User } from "~/domain/auth/user";
import type { Refusal, Result } from "~/domain/result";
import { throwRefusal } from "./forbidden.server";
import { readFormData } from "./form.server";
import { refusalText, serverT } from "./i18n.server";
import { redirectWithNotice } from "./notice.server";
import { requireUser } from "./session.server";

// The action of a page that makes bearer tokens (/admin/scim, /admin/api-tokens;
// app/components/bearer-tokens.tsx draws both): Revoke, or Create. A new token
// is answered in the page itself, never redirected to, so its secret sits in
// no URL and no notice cookie, and is not cached; a refusal keeps the name
// that was typed. Who may do either is the domain's to say.

export interface TokenPage {
  /** The page's path, where a revocation lands with its notice. */
  path: string;
  revoke(user: User, id: number): Promise<Result<{ name: string }>>;
  /** Reads what the page's form asks besides the name (a scope), and creates the token. */
  create(user: User, form: FormData): Promise<Result<{ name: string; token: string }>>;
}

export async function tokenPageAction(request: Request, context: AppLoadContext, page: TokenPage) {
  const user = await requireUser(request, context);
  const form = await readFormData(request);
  const t = await serverT(request, context);
  const typedName = String(form.get("name") ?? "");
  const refused = (refusal: Refusal) => {
    if (refusal.status === 403) throwRefusal(refusal);
    return data({ error: refusalText(t, refusal), created: null, typedName }, refusal.status);
  };
  if (form.get("intent") === "revoke") {
    const revoked = await page.revoke(user, Number(form.get("id")));
    if (!revoked.ok) return refused(revoked);
    return redirectWithNotice(request, page.path, "bearerTokens.revoked", { name: revoked.value.name });
  }
  const created = await page.create(user, form);
  if (!created.ok) return refused(created);
  const { name, token } = created.value;
  return data({ error: null, created: { name, token }, typedName: "" }, { headers: { "cache-control": "no-store" } });
}
