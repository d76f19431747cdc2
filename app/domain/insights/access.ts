import { isAdmin, type User } from "../auth/user";

// Who sees the fairness view, and over which units (decision 0052):
// administrators and the committee over all of them, a committee member
// scoped to a unit and a manager over their own units; nobody else. Pure,
// so the navigation and the domain ask the same question.

export interface InsightsSight {
  /** Every unit. */
  all: boolean;
  /** Otherwise: the own paths ("/1/4/") of the units this person may look into, with everything below. */
  unitPaths: string[];
}

/** What this person may see of /insights, or null when nothing. */
export function insightsSight(user: User): InsightsSight | null {
  if (isAdmin(user) || user.roles.some((r) => r.role === "committee" && r.orgUnitId === null)) return { all: true, unitPaths: [] };
  const unitPaths = user.roles
    .filter((r) => (r.role === "manager" || r.role === "committee") && r.orgPath !== null)
    .map((r) => r.orgPath!)
    .sort((a, b) => a.length - b.length || a.localeCompare(b));
  // A unit inside another one already granted adds nothing.
  const outer = unitPaths.filter((p, i) => !unitPaths.slice(0, i).some((q) => p.startsWith(q)));
  return outer.length ? { all: false, unitPaths: outer } : null;
}

/** The sight covers the unit with this own path. */
export const sees = (sight: InsightsSight, ownPath: string) => sight.all || sight.unitPaths.some((p) => ownPath.startsWith(p));

/** The fewest eligible people one turnout figure on /insights may describe (decision 0052). */
export const insightsGroupMin = 5;

/** How many campaigns the trend covers by default, and at most. */
export const trendDefault = 4;
export const trendMax = 12;

/** "No nominee in the last four campaigns": the window is fixed, whatever the trend shows. */
export const quietWindow = 4;

/** A rate per 100 staff with one decimal; none for no staff. */
export const per100 = (count: number, staff: number): number | null => (staff === 0 ? null : Math.round((count / staff) * 1000) / 10);
