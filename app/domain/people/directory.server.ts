import type { Db } from "../../../db/client";
import { isAdmin, type User } from "../auth/user";
import { err, ok, type Result } from "../result";
import { unitChoices } from "../org/org.server";
import { getPersonForAdmin, searchDirectory, type DirectoryQuery } from "./people.server";

/** The directory page's one read: matching people plus the unit filter's choices. */
export async function browseDirectory(db: Db, user: User, query: DirectoryQuery) {
  const [result, units] = await Promise.all([searchDirectory(db, user, query), unitChoices(db)]);
  return {
    result,
    units,
    query: { q: query.q ?? null, unit: query.unit ?? null },
  };
}

/** The same directory for administrators, who may include people who left. */
export async function browseDirectoryAsAdmin(
  db: Db,
  user: User,
  query: DirectoryQuery,
): Promise<Result<Awaited<ReturnType<typeof browseDirectory>> & { query: { includeLeft: boolean } }>> {
  if (!isAdmin(user)) return err("common.forbidden", 403);
  const page = await browseDirectory(db, user, query);
  return ok({ ...page, query: { ...page.query, includeLeft: Boolean(query.includeLeft) } });
}

/** One person's administration page: roles, password state, and the unit choices. */
export async function personAdminPage(db: Db, user: User, employeeNo: string) {
  const person = await getPersonForAdmin(db, user, employeeNo);
  if (!person.ok) return person;
  return ok({ person: person.value, units: await unitChoices(db) });
}
