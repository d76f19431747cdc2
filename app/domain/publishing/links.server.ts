import { createHmac, timingSafeEqual } from "node:crypto";
import type { Db } from "../../../db/client";
import { appSecret } from "../auth/auth.server";
import { isAdmin, type User } from "../auth/user";

// Signed links: a few published resources are read by machines without an
// account — the intranet portal's server fetching the Atom feed, an office
// TV showing the screen page, a share image pasted into a chat. Their link
// carries ?key=, an HMAC of the path under a secret kept in the database
// (app_secrets, name "links"), so every app instance signs and checks alike.
//
// Anyone with the link can read that one resource (any version or language
// of it), nothing else. To revoke every link at once, delete the secret:
//   delete from app_secrets where name = 'links';
// the next link made creates a new one (docs/decisions/0015).

const secretName = "links";
/** 16 bytes of the HMAC: 128 bits, 22 characters of base64url. */
const keyBytes = 16;

function sign(secret: string, path: string): Buffer {
  return createHmac("sha256", secret).update(path, "utf8").digest().subarray(0, keyBytes);
}

/**
 * A signer for many paths with one read of the secret (the feed signs a
 * share image per entry). Creates the secret the first time.
 */
export async function linkSigner(db: Db): Promise<(path: string) => string> {
  const secret = (await storedSecret(db)) ?? (await appSecret(db, secretName));
  return (path) => sign(secret, path).toString("base64url");
}

/** The secret if it exists: a read, no write (the feed and the screen are read often, by anyone with a link). */
async function storedSecret(db: Db): Promise<string | null> {
  const row = await db.selectFrom("app_secrets").select("value").where("name", "=", secretName).executeTakeFirst();
  return row?.value ?? null;
}

/** The key of one path, e.g. "/honor-roll/feed.atom" or "/honor-roll/<slug>/screen" (no query string). */
export async function linkKey(db: Db, path: string): Promise<string> {
  return (await linkSigner(db))(path);
}

/** The path with its key: what an administrator copies. */
export async function signedPath(db: Db, path: string): Promise<string> {
  return `${path}?key=${await linkKey(db, path)}`;
}

/**
 * A signed link for an administrator to hand out — the feed's to the
 * intranet, a screen page's to an office TV — or null for anyone else:
 * whoever holds it reads without an account.
 */
export async function signedPathFor(db: Db, user: User, path: string): Promise<string | null> {
  return isAdmin(user) ? signedPath(db, path) : null;
}

/** Whether `key` is the key of `path`. Reads only: a wrong key never creates the secret. */
export async function isLinkKey(db: Db, path: string, key: string): Promise<boolean> {
  if (!/^[A-Za-z0-9_-]{22}$/.test(key)) return false;
  const secret = await storedSecret(db);
  if (secret === null) return false;
  // Compared as text: two spellings of the same bytes (base64url's last
  // character carries spare bits) are not both accepted.
  return timingSafeEqual(Buffer.from(sign(secret, path).toString("base64url")), Buffer.from(key));
}
