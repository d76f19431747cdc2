import type { Locale } from "~/i18n";
import type { Role } from "../../../db/schema";

export type { Role };

export interface RoleGrant {
  role: Role;
  /** The unit a manager (or a scoped committee member) acts for. */
  orgUnitId: number | null;
  orgCode: string | null;
  /** That unit's own path, ancestors and itself ("/1/4/" for unit 4 under 1), so scope checks need no query. */
  orgPath: string | null;
}

/** The signed-in person as every use-case sees them. */
export interface User {
  id: number;
  employeeNo: string;
  name: string;
  locale: Locale | null;
  orgUnitId: number;
  roles: RoleGrant[];
}

export const allRoles = ["admin", "manager", "committee", "staff", "data_owner"] as const satisfies readonly Role[];

export function hasRole(user: User, role: Role): boolean {
  return user.roles.some((r) => r.role === role);
}

export const isAdmin = (user: User) => hasRole(user, "admin");

/**
 * A manager acts for their unit and every unit below it. `unitPath` is the
 * unit's own path, ancestors and itself: `${org_units.path}${id}/`.
 */
export function managesUnitPath(user: User, unitPath: string): boolean {
  return user.roles.some((r) => r.role === "manager" && r.orgPath !== null && unitPath.startsWith(r.orgPath));
}
