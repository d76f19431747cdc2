import type { Db } from "../../../db/client";
import { isAdmin, type User } from "../auth/user";
import { err, type Result } from "../result";
import { resultsFor, type ResultsPage } from "./results.server";

// The results as an administrator downloads them (CSV, JSON: app/web/csv-export.server.ts and the routes).

/** The results for an administrator's download (CSV, JSON): the page's data, after close, administrators only. */
export async function resultsExport(db: Db, user: User, slug: string): Promise<Result<ResultsPage>> {
  if (!isAdmin(user)) return err("common.forbidden", 403);
  const r = await resultsFor(db, user, slug);
  if (!r.ok) return r;
  if (!r.value.may.export) return err("results.export.notYet", 409);
  return r;
}
