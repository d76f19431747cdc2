import type { Db } from "../../../db/client";
import { audit } from "../audit/audit.server";
import { newToken, sha256 } from "../auth/auth.server";
import { bearerSecret } from "../auth/bearer";
import { noteTokenUse, revokeToken, tokenName } from "../auth/bearer-tokens.server";
import { hit } from "../auth/rate-limit.server";
import { isAdmin, type User } from "../auth/user";
import { err, ok, type Result } from "../result";

// SCIM bearer tokens (issue 18 item 4, decision 0047): an administrator
// creates one per identity system at /admin/scim; it is shown once and kept
// as its SHA-256, as sessions are. Revoked tokens stay listed (who made them,
// when they were last used) and answer 401 from the next request on.

export interface ScimTokenRow {
  id: number;
  name: string;
  createdBy: string | null;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

/** Who a SCIM request acts as: the token's name goes into every audit entry. */
export interface ScimClient {
  tokenId: number;
  tokenName: string;
}

/** Requests per token per minute: an initial Entra or Okta cycle of tens of thousands of people stays well within, a runaway loop does not. */
export const scimRequestsPerMinute = 1200;

export async function listScimTokens(db: Db, user: User): Promise<Result<ScimTokenRow[]>> {
  if (!isAdmin(user)) return err("common.forbidden", 403);
  const rows = await db
    .selectFrom("scim_tokens as t")
    .leftJoin("people as p", "p.id", "t.created_by")
    .select(["t.id", "t.name", "p.name as created_by", "t.created_at", "t.last_used_at", "t.revoked_at"])
    .orderBy("t.revoked_at", (ob) => ob.desc().nullsFirst())
    .orderBy("t.created_at", "desc")
    .execute();
  return ok(
    rows.map((r) => ({
      id: r.id,
      name: r.name,
      createdBy: r.created_by,
      createdAt: r.created_at,
      lastUsedAt: r.last_used_at,
      revokedAt: r.revoked_at,
    })),
  );
}

/** Creates a token; the secret is returned this once and never again. */
export async function createScimToken(db: Db, user: User, name: string): Promise<Result<{ id: number; name: string; token: string }>> {
  if (!isAdmin(user)) return err("common.forbidden", 403);
  const label = tokenName(name);
  if (!label) return err("bearerTokens.nameRequired");
  const token = newToken();
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto("scim_tokens")
      .values({ name: label, token_hash: sha256(token), created_by: user.id })
      .returning("id")
      .executeTakeFirstOrThrow();
    await audit(trx, user, { action: "scim.token_created", subjectType: "scim_token", subjectId: row.id, after: { name: label } });
    return ok({ id: row.id, name: label, token });
  });
}

export async function revokeScimToken(db: Db, user: User, id: number): Promise<Result<{ name: string }>> {
  if (!isAdmin(user)) return err("common.forbidden", 403);
  return db.transaction().execute(async (trx) => {
    const name = await revokeToken(trx, "scim_tokens", id);
    if (name === null) return err("bearerTokens.notFound", 404);
    await audit(trx, user, { action: "scim.token_revoked", subjectType: "scim_token", subjectId: id, after: { name } });
    return ok({ name });
  });
}

export type ScimAuth = { ok: true; client: ScimClient } | { ok: false; status: 401 | 429; retryAfter?: number };

/**
 * The client behind `Authorization: Bearer <token>`, if the token exists and
 * is not revoked, counted against its rate limit. Last use is written at
 * most once a minute per token, so a busy cycle does not rewrite the row on
 * every request.
 */
export async function authenticateScim(db: Db, authorization: string | null): Promise<ScimAuth> {
  const secret = bearerSecret(authorization);
  if (!secret) return { ok: false, status: 401 };
  const row = await db
    .selectFrom("scim_tokens")
    .select(["id", "name"])
    .where("token_hash", "=", sha256(secret))
    .where("revoked_at", "is", null)
    .executeTakeFirst();
  if (!row) return { ok: false, status: 401 };
  if (!(await hit(db, `scim:token:${row.id}`, { max: scimRequestsPerMinute, windowSeconds: 60 }))) return { ok: false, status: 429, retryAfter: 60 };
  await noteTokenUse(db, "scim_tokens", row.id);
  return { ok: true, client: { tokenId: row.id, tokenName: row.name } };
}
