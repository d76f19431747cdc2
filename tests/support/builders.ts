import type { Db } from "../../db/client";
import type { Role } from "../../db/schema";
import { loadUser } from "../../app/domain/auth/auth.server";
import { hashPassword } from "../../app/domain/auth/password.server";
import { rebuildUnitPaths } from "../../app/domain/org/org.server";
import { nameKey } from "../../app/domain/people/name-key.server";
import type { User } from "../../app/domain/auth/user";

let counter = 0;
const next = () => ++counter;

/** An org unit (and optionally its parent by code); paths kept up to date. */
export async function givenUnit(
  db: Db,
  code: string,
  opts: { parent?: string; nameZh?: string; nameEn?: string; kind?: "company" | "branch" | "centre" | "team" } = {},
) {
  const parent = opts.parent ? await db.selectFrom("org_units").select("id").where("code", "=", opts.parent).executeTakeFirstOrThrow() : null;
  const unit = await db
    .insertInto("org_units")
    .values({
      code,
      name_zh: opts.nameZh ?? `单位${code}`,
      name_en: opts.nameEn ?? `Unit ${code}`,
      parent_id: parent?.id ?? null,
      kind: opts.kind ?? (parent ? "team" : "company"),
    })
    .returning(["id", "code"])
    .executeTakeFirstOrThrow();
  await rebuildUnitPaths(db);
  return unit;
}

const passwordCache = new Map<string, Promise<string>>();

/** A person with roles; the password is hashed for real (Argon2id). */
export async function givenPerson(
  db: Db,
  opts: {
    employeeNo?: string;
    name?: string;
    email?: string | null;
    unit: string;
    roles?: Array<Role | { role: Role; unit: string }>;
    password?: string | null;
    status?: "active" | "left";
    hireDate?: string;
    jobTitle?: string;
  },
): Promise<User & { password: string | null }> {
  const n = next();
  const employeeNo = opts.employeeNo ?? `T${String(n).padStart(5, "0")}`;
  const name = opts.name ?? `测试${n}`;
  const password = opts.password === undefined ? "correct horse battery" : opts.password;
  let hash: string | null = null;
  if (password) {
    if (!passwordCache.has(password)) passwordCache.set(password, hashPassword(password));
    hash = await passwordCache.get(password)!;
  }
  const unit = await db.selectFrom("org_units").select("id").where("code", "=", opts.unit).executeTakeFirstOrThrow();
  const person = await db
    .insertInto("people")
    .values({
      employee_no: employeeNo,
      name,
      name_pinyin: nameKey(name),
      email: opts.email === undefined ? `${employeeNo.toLowerCase()}@example.com` : opts.email,
      org_unit_id: unit.id,
      password_hash: hash,
      status: opts.status ?? "active",
      left_at: opts.status === "left" ? new Date() : null,
      hire_date: opts.hireDate ?? "2015-06-01",
      job_title: opts.jobTitle ?? null,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  for (const r of opts.roles ?? ["staff"]) {
    const role = typeof r === "string" ? { role: r, unit: null } : r;
    const scope = role.unit ? await db.selectFrom("org_units").select("id").where("code", "=", role.unit).executeTakeFirstOrThrow() : null;
    await db
      .insertInto("person_roles")
      .values({ person_id: person.id, role: role.role, org_unit_id: scope?.id ?? null })
      .execute();
  }
  const user = await loadUser(db, person.id);
  return { ...user!, password };
}

/**
 * Many active staff members in one unit who all share one password, hashed
 * once (Argon2id costs ~20 ms a hash): for tests that sign in hundreds of
 * people. Employee numbers are `${prefix}0001`, `${prefix}0002`, …
 */
export async function givenPeopleWithPassword(db: Db, opts: { unit: string; count: number; prefix: string; password: string }) {
  if (!passwordCache.has(opts.password)) passwordCache.set(opts.password, hashPassword(opts.password));
  const hash = await passwordCache.get(opts.password)!;
  const unit = await db.selectFrom("org_units").select("id").where("code", "=", opts.unit).executeTakeFirstOrThrow();
  const values = Array.from({ length: opts.count }, (_, i) => {
    const employeeNo = `${opts.prefix}${String(i + 1).padStart(4, "0")}`;
    const name = `坐席${employeeNo}`;
    return {
      employee_no: employeeNo,
      name,
      name_pinyin: nameKey(name),
      email: null,
      org_unit_id: unit.id,
      password_hash: hash,
      hire_date: "2020-01-01",
    };
  });
  const people = await db.insertInto("people").values(values).returning(["id", "employee_no"]).execute();
  await db
    .insertInto("person_roles")
    .values(people.map((p) => ({ person_id: p.id, role: "staff" as const, org_unit_id: null })))
    .execute();
  return people.map((p) => ({ id: p.id, employeeNo: p.employee_no, password: opts.password }));
}
