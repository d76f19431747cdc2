import type { Db } from "../../../db/client";
import { audit } from "../audit/audit.server";
import { newToken, sha256 } from "../auth/auth.server";
import { bearerSecret } from "../auth/bearer";
import { noteTokenUse, revokeToken, tokenName } from "../auth/bearer-tokens.server";
import { hit } from "../auth/rate-limit.server";
import { isAdmin, type User } from "../auth/user";
import { err, ok, type Result } from "../result";
import { apiTokenScopes } from "./schema";

// API tokens for POST /api/v1/metrics (decision 0049), made as SCIM's are
// (decision 0047): created by an administrator at /admin/api-tokens, shown
// once, kept as their SHA-256 (newToken and sha256, auth.server.ts), listed
// with their last use, revoked rather than deleted so a batch keeps naming
// the token that sent it.

export type ApiScope = (typeof apiTokenScopes)[number];
const isScope = (scope: string): scope is ApiScope => (apiTokenScopes as readonly string[]).includes(scope);

export interface ApiTokenRow {
  id: number;
  name: string;
  scopes: string[];
  createdBy: string | null;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

/** Who an API call acts as: batches and audit entries name the token. */
export interface ApiClient {
  tokenId: number;
  tokenName: string;
  /** The administrator who created the token: the batch's created_by. */
  createdBy: number | null;
}

/**
 * Calls per token per minute: a measuring system sends a month's figures in
 * a few calls of up to 10,000 values; a runaway retry loop is held back.
 */
export const apiCallsPerMinute = 120;

export async function listApiTokens(db: Db, user: User): Promise<Result<ApiTokenRow[]>> {
  if (!isAdmin(user)) return err("common.forbidden", 403);
  const rows = await db
    .selectFrom("api_tokens as t")
    .leftJoin("people as p", "p.id", "t.created_by")
    .select(["t.id", "t.name", "t.scopes", "p.name as created_by", "t.created_at", "t.last_used_at", "t.revoked_at"])
    .orderBy("t.revoked_at", (ob) => ob.desc().nullsFirst())
    .orderBy("t.created_at", "desc")
    .execute();
  return ok(
    rows.map((r) => ({
      id: r.id,
      name: r.name,
      scopes: r.scopes,
      createdBy: r.created_by,
      createdAt: r.created_at,
      lastUsedAt: r.last_used_at,
      revokedAt: r.revoked_at,
    })),
  );
}

/** Creates a token; the secret is returned this once and never again. */
export async function createApiToken(
  db: Db,
  user: User,
  input: { name: string; scope: string },
): Promise<Result<{ id: number; name: string; token: string }>> {
  if (!isAdmin(user)) return err("common.forbidden", 403);
  const name = tokenName(input.name);
  if (!name) return err("bearerTokens.nameRequired");
  if (!isScope(input.scope)) return err("tokens.scopeInvalid");
  const token = newToken();
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto("api_tokens")
      .values({ name, token_hash: sha256(token), scopes: [input.scope], created_by: user.id })
      .returning("id")
      .executeTakeFirstOrThrow();
    await audit(trx, user, { action: "metrics.token_created", subjectType: "api_token", subjectId: row.id, after: { name, scopes: [input.scope] } });
    return ok({ id: row.id, name, token });
  });
}

export async function revokeApiToken(db: Db, user: User, id: number): Promise<Result<{ name: string }>> {
  if (!isAdmin(user)) return err("common.forbidden", 403);
  return db.transaction().execute(async (trx) => {
    const name = await revokeToken(trx, "api_tokens", id);
    if (name === null) return err("bearerTokens.notFound", 404);
    await audit(trx, user, { action: "metrics.token_revoked", subjectType: "api_token", subjectId: id, after: { name } });
    return ok({ name });
  });
}

export type ApiAuth = { ok: true; client: ApiClient } | { ok: false; status: 401 | 403 | 429; retryAfter?: number };

/**
 * The client behind `Authorization: Bearer <token>`: 401 when the token is
 * missing, unknown or revoked; 403 when it lacks the scope; 429 past its
 * rate. Last use is written at most once a minute per token.
 */
export async function authenticateApi(db: Db, authorization: string | null, scope: ApiScope): Promise<ApiAuth> {
  const secret = bearerSecret(authorization);
  if (!secret) return { ok: false, status: 401 };
  const row = await db
    .selectFrom("api_tokens")
    .select(["id", "name", "scopes", "created_by"])
    .where("token_hash", "=", sha256(secret))
    .where("revoked_at", "is", null)
    .executeTakeFirst();
  if (!row) return { ok: false, status: 401 };
  if (!row.scopes.includes(scope)) return { ok: false, status: 403 };
  if (!(await hit(db, `api:token:${row.id}`, { max: apiCallsPerMinute, windowSeconds: 60 }))) return { ok: false, status: 429, retryAfter: 60 };
  await noteTokenUse(db, "api_tokens", row.id);
  return { ok: true, client: { tokenId: row.id, tokenName: row.name, createdBy: row.created_by } };
}
