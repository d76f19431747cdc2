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
  const parent = opts.parent
    ? await db.selectFrom("org_units").select("id").where("code", "=", opts.parent).executeTakeFirstOrThrow()
    : null;
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
    const scope = role.unit
      ? await db.selectFrom("org_units").select("id").where("code", "=", role.unit).executeTakeFirstOrThrow()
      : null;
    await db.insertInto("person_roles").values({ person_id: person.id, role: role.role, org_unit_id: scope?.id ?? null }).execute();
  }
  const user = await loadUser(db, person.id);
  return { ...user!, password };
}
