import { loadUser } from "../../app/domain/auth/auth.server";
import type { User } from "../../app/domain/auth/user";
import type { Db } from "../../db/client";
import { demoAccounts } from "../../app/demo/index";

/** The demo account that demonstrates a role, as the use-cases see it (the database must be seeded). */
export async function demoUser(db: Db, role: string): Promise<User> {
  const account = demoAccounts.find((a) => a.role === role)!;
  const p = await db.selectFrom("people").select("id").where("employee_no", "=", account.employeeNo).executeTakeFirstOrThrow();
  return (await loadUser(db, p.id))!;
}
