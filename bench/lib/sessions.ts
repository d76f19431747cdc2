// Signed-in people for the benchmarks, without signing in: their sessions are
// inserted as rows, as sign-in writes them (`sessions.id` = SHA-256 of the
// token; the cookie carries the token signed with the SESSION_SECRET the app
// server is given). Signing in thousands through POST /login would take
// Argon2 time each (about 20 ms of a core per sign-in), and sign-in is
// not what the benchmarks measure.
import { createHash, randomBytes } from "node:crypto";
import { createCookie } from "@remix-run/node";
import type { Db } from "../../db/client";
import { sessionDays } from "../../app/domain/auth/auth.server";

/** A `__session=…` cookie for each person, in the order given. */
export async function sessionCookiesFor(db: Db, personIds: number[], sessionSecret: string): Promise<string[]> {
  const cookie = createCookie("__session", { httpOnly: true, sameSite: "lax", path: "/", secrets: [sessionSecret] });
  const cookies: string[] = [];
  const sessions: Array<{ id: string; person_id: number; expires_at: Date; user_agent: string }> = [];
  for (const personId of personIds) {
    const token = randomBytes(32).toString("base64url");
    sessions.push({
      id: createHash("sha256").update(token).digest("hex"),
      person_id: personId,
      expires_at: new Date(Date.now() + sessionDays * 86_400_000),
      user_agent: "bench",
    });
    cookies.push((await cookie.serialize(token)).split(";")[0]);
  }
  for (let i = 0; i < sessions.length; i += 1_000)
    await db
      .insertInto("sessions")
      .values(sessions.slice(i, i + 1_000))
      .execute();
  return cookies;
}
