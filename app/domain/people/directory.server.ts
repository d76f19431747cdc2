import type { Db } from "../../../db/client";
import { allRoles, isAdmin, type User } from "../auth/user";
import { err, ok } from "../result";
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

/**
 * The same directory for administrators, who may include people who left and
 * list the holders of one role; each row with the person's roles.
 */
export async function browseDirectoryAsAdmin(db: Db, user: User, query: DirectoryQuery) {
  if (!isAdmin(user)) return err("common.forbidden", 403);
  const page = await browseDirectory(db, user, query);
  const numbers = page.result.rows.map((r) => r.employeeNo);
  const held = numbers.length
    ? await db
        .selectFrom("person_roles as r")
        .innerJoin("people as p", "p.id", "r.person_id")
        .select(["p.employee_no", "r.role"])
        .distinct()
        .where("p.employee_no", "in", numbers)
        .execute()
    : [];
  const rolesOf = (no: string) => allRoles.filter((role) => held.some((h) => h.employee_no === no && h.role === role));
  return ok({
    ...page,
    result: { ...page.result, rows: page.result.rows.map((r) => ({ ...r, roles: rolesOf(r.employeeNo) })) },
    query: { ...page.query, includeLeft: Boolean(query.includeLeft), role: query.role && allRoles.includes(query.role) ? query.role : null },
  });
}

/** One person's administration page: roles, password state, and the unit choices. */
export async function personAdminPage(db: Db, user: User, employeeNo: string) {
  const person = await getPersonForAdmin(db, user, employeeNo);
  if (!person.ok) return person;
  return ok({ person: person.value, units: await unitChoices(db) });
}
