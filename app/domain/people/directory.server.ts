import type { Db } from "../../../db/client";
import type { User } from "../auth/user";
import { listUnits } from "../org/org.server";
import { searchDirectory, type DirectoryQuery } from "./people.server";

/** The directory page's one read: matching people plus the unit filter's choices. */
export async function browseDirectory(db: Db, user: User, query: DirectoryQuery) {
  const [result, units] = await Promise.all([searchDirectory(db, user, query), listUnits(db)]);
  return {
    result,
    units: units.map(({ code, nameZh, nameEn, depth }) => ({ code, nameZh, nameEn, depth })),
    query: { q: query.q ?? null, unit: query.unit ?? null },
  };
}
