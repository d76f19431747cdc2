import { sql } from "kysely";
import type { Db } from "../../../db/client";
import { audit } from "../audit/audit.server";
import { createPasswordTokens } from "../auth/auth.server";
import { isAdmin, type User } from "../auth/user";
import { escapeLike } from "../org/unit-path.server";
import { err, ok, type Result } from "../result";

// An administrator's one-time password links for a whole unit at once, for a
// rollout (issue 14, item 15): every active person in the unit and the units
// below it (by default only those without a password yet) gets a link, and
// the administrator downloads them as one file to hand out. Each link is
// audited as the single link is, and the batch once more, on the unit.

/** More than this at once is a company, not a unit: choose a smaller unit. */
export const passwordLinksMax = 2000;

export interface PasswordLinkRow {
  employeeNo: string;
  name: string;
  unitZh: string;
  unitEn: string | null;
  token: string;
}

export interface PasswordLinksInput {
  unitCode: string;
  /** Only people who have never set a password (the rollout); false: everyone, resetting theirs. */
  onlyWithoutPassword: boolean;
}

export async function issuePasswordLinksForUnit(
  db: Db,
  actor: User,
  input: PasswordLinksInput,
): Promise<Result<{ unit: { code: string; nameZh: string; nameEn: string | null }; expiresAt: Date; rows: PasswordLinkRow[] }>> {
  if (!isAdmin(actor)) return err("common.forbidden", 403);
  return db.transaction().execute(async (trx) => {
    const unit = await trx
      .selectFrom("org_units")
      .select(["id", "code", "path", "name_zh", "name_en"])
      .where("code", "=", input.unitCode)
      .executeTakeFirst();
    if (!unit) return err("admin.links.unknownUnit", 400);
    const below = `${unit.path}${unit.id}/`;
    const people = await trx
      .selectFrom("people as p")
      .innerJoin("org_units as u", "u.id", "p.org_unit_id")
      .select(["p.id", "p.employee_no", "p.name", "p.password_hash", "u.name_zh", "u.name_en"])
      .where("p.status", "=", "active")
      .where((eb) => eb.or([eb("u.id", "=", unit.id), eb("u.path", "like", `${escapeLike(below)}%`)]))
      .$if(input.onlyWithoutPassword, (q) => q.where("p.password_hash", "is", null))
      .orderBy(sql`p.name_pinyin collate "C"`)
      .orderBy("p.employee_no")
      // One more than allowed: enough to know the unit is too large.
      .limit(passwordLinksMax + 1)
      // The people whose links these are: a second batch at the same moment waits, so each person ends with one usable link.
      .forUpdate("p")
      .execute();
    if (people.length === 0) return err(input.onlyWithoutPassword ? "admin.links.noneWithout" : "admin.links.none", 409);
    if (people.length > passwordLinksMax) return err("admin.links.tooMany", 400, { max: passwordLinksMax });
    const { tokens, expiresAt } = await createPasswordTokens(
      trx,
      people.map((p) => p.id),
      actor.id,
    );
    for (const p of people) {
      await audit(trx, actor, {
        action: "password.link_issued",
        subjectType: "person",
        subjectId: p.employee_no,
        before: { hasPassword: p.password_hash !== null },
        after: { unit: unit.code },
      });
    }
    await audit(trx, actor, {
      action: "password.links_issued",
      subjectType: "unit",
      subjectId: unit.code,
      after: { count: people.length, onlyWithoutPassword: input.onlyWithoutPassword },
    });
    return ok({
      unit: { code: unit.code, nameZh: unit.name_zh, nameEn: unit.name_en },
      expiresAt,
      rows: people.map((p) => ({ employeeNo: p.employee_no, name: p.name, unitZh: p.name_zh, unitEn: p.name_en, token: tokens.get(p.id)! })),
    });
  });
}
