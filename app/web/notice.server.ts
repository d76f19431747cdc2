import { redirect } from "@remix-run/node";
import { type MessageKey, type Vars } from "~/i18n";
import { isMessageKey } from "~/i18n/all.server";
import { cookieOptions } from "./session.server";

/** A one-shot message shown after a redirect (Post/Redirect/Get). */
export interface Notice {
  key: MessageKey;
  vars?: Vars;
}

const name = "__notice";

export function redirectWithNotice(request: Request, to: string, key: MessageKey, vars?: Vars) {
  const value = encodeURIComponent(JSON.stringify({ key, vars }));
  const secure = cookieOptions(request).secure ? "; Secure" : "";
  return redirect(to, {
    headers: { "Set-Cookie": `${name}=${value}; Path=/; HttpOnly; SameSite=Lax; Max-Age=60${secure}` },
  });
}

/** Reads the notice (if any) and the header that clears it. */
export function readNotice(request: Request): { notice: Notice | null; clear: string | null } {
  const match = /(?:^|;\s*)__notice=([^;]+)/.exec(request.headers.get("cookie") ?? "");
  if (!match) return { notice: null, clear: null };
  const clear = `${name}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0`;
  try {
    const parsed = JSON.parse(decodeURIComponent(match[1])) as { key?: unknown; vars?: unknown };
    if (typeof parsed.key !== "string" || !isMessageKey(parsed.key)) return { notice: null, clear };
    const vars = parsed.vars && typeof parsed.vars === "object" ? (parsed.vars as Vars) : undefined;
    return { notice: { key: parsed.key, vars }, clear };
  } catch {
    return { notice: null, clear };
  }
}
