import SCIMMY from "scimmy";
import { sql } from "kysely";
import type { Db } from "../../../db/client";
import { audit } from "../audit/audit.server";
import { employeeNoPattern, emailPattern } from "../import/validate";
import { markLeft } from "../people/leaving.server";
import { nameKey } from "../people/name-key.server";
import { cutChars } from "../text";
import type { ScimClient } from "./tokens.server";

// SCIM Users over the directory (decision 0047). userName is the employee
// number; the enterprise extension's employeeNumber must agree with it, and
// its department is the org unit code. Records are kept: deactivating
// (active: false, or DELETE) marks the person as left with the same function
// a full CSV import uses, which ends their sessions at once.
//
// Every function runs in the request's one transaction and refuses bad input
// by throwing a SCIM error, which rolls the whole request back.

export const enterprise = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

const scimError = (status: number, scimType: string | null, detail: string) => new SCIMMY.Types.Error(status, scimType as string, detail);

/** What SCIM shows of a person. */
export interface ScimUserOut {
  id: string;
  externalId?: string;
  userName: string;
  displayName: string;
  name: { formatted: string };
  title?: string;
  active: boolean;
  emails: Array<{ value: string; type: "work"; primary: true }>;
  [enterprise]: { employeeNumber: string; department: string };
  meta: { created: Date; lastModified: Date };
}

function usersQuery(db: Db) {
  return db
    .selectFrom("people as p")
    .innerJoin("org_units as u", "u.id", "p.org_unit_id")
    .select([
      "p.id",
      "p.employee_no",
      "p.name",
      "p.email",
      "p.job_title",
      "p.status",
      "p.scim_external_id",
      "p.created_at",
      "p.updated_at",
      "u.code as unit",
    ]);
}

type UserRow = Awaited<ReturnType<ReturnType<typeof usersQuery>["executeTakeFirstOrThrow"]>>;

function toScim(r: UserRow): ScimUserOut {
  return {
    id: String(r.id),
    ...(r.scim_external_id ? { externalId: r.scim_external_id } : {}),
    userName: r.employee_no,
    displayName: r.name,
    name: { formatted: r.name },
    ...(r.job_title ? { title: r.job_title } : {}),
    active: r.status === "active",
    emails: r.email ? [{ value: r.email, type: "work", primary: true }] : [],
    [enterprise]: { employeeNumber: r.employee_no, department: r.unit },
    meta: { created: r.created_at, lastModified: r.updated_at },
  };
}

/** The filters identity systems send when matching (RFC 7644 §3.4.2.2): one attribute, `eq`. */
export type UserFilter = { attribute: "userName" | "externalId" | "email"; value: string };

/**
 * Reads the three supported filters out of a parsed SCIM filter; anything
 * else is refused as invalidFilter rather than answered wrongly.
 */
export function userFilterOf(filter: SCIMMY.Types.Filter | undefined): UserFilter | null {
  if (!filter) return null;
  const one = filter.length === 1 ? (filter[0] as Record<string, unknown>) : null;
  const keys = one ? Object.keys(one) : [];
  const single = (v: unknown) => (Array.isArray(v) && v.length === 2 && v[0] === "eq" && typeof v[1] === "string" ? v[1] : null);
  if (keys.length === 1) {
    const key = keys[0].toLowerCase();
    const v = one![keys[0]];
    if (key === "username" && single(v) !== null) return { attribute: "userName", value: single(v)! };
    if (key === "externalid" && single(v) !== null) return { attribute: "externalId", value: single(v)! };
    if (key === "emails" && v && typeof v === "object" && !Array.isArray(v)) {
      const sub = Object.entries(v as Record<string, unknown>);
      if (sub.length === 1 && sub[0][0].toLowerCase() === "value" && single(sub[0][1]) !== null)
        return { attribute: "email", value: single(sub[0][1])! };
    }
  }
  throw scimError(400, "invalidFilter", 'Supported filters: userName eq "…", externalId eq "…", emails.value eq "…"');
}

export const maxPageSize = 200;

/** One page of people, by id for a stable order, and how many match in all. */
export async function listScimUsers(
  db: Db,
  query: { filter: UserFilter | null; startIndex: number; count: number },
): Promise<{ resources: ScimUserOut[]; total: number }> {
  let q = usersQuery(db);
  const f = query.filter;
  // userName and emails are case-insensitive in SCIM (caseExact false); externalId is exact.
  if (f?.attribute === "userName") q = q.where(sql`lower(p.employee_no)`, "=", f.value.toLowerCase());
  if (f?.attribute === "email") q = q.where(sql`lower(p.email)`, "=", f.value.toLowerCase());
  if (f?.attribute === "externalId") q = q.where("p.scim_external_id", "=", f.value);
  const [{ total }] = await q
    .clearSelect()
    .select((eb) => eb.fn.countAll<number>().as("total"))
    .execute();
  const rows =
    query.count === 0
      ? []
      : await q
          .orderBy("p.id")
          .offset(query.startIndex - 1)
          .limit(Math.min(query.count, maxPageSize))
          .execute();
  return { resources: rows.map(toScim), total: Number(total) };
}

const personIdOf = (id: string) => (/^\d{1,9}$/.test(id) ? Number(id) : null);

export async function getScimUser(db: Db, id: string): Promise<ScimUserOut> {
  const personId = personIdOf(id);
  const row = personId === null ? undefined : await usersQuery(db).where("p.id", "=", personId).executeTakeFirst();
  if (!row) throw scimError(404, null, `User ${id} not found`);
  return toScim(row);
}

/** A User as SCIMMY parsed it (SCIMMY.Schemas.User, "in"). */
interface ScimUserIn {
  userName?: string;
  externalId?: string;
  displayName?: string;
  name?: { formatted?: string; givenName?: string; familyName?: string };
  title?: string;
  active?: boolean;
  emails?: Array<{ value?: string; primary?: boolean }>;
  [enterprise]?: { employeeNumber?: string; department?: string };
}

const cjk = /\p{Script=Han}/u;

/** displayName first, then name.formatted; else given and family names, family first for Chinese names. */
function nameOf(u: ScimUserIn): string | null {
  const given = u.name?.givenName?.trim() ?? "";
  const family = u.name?.familyName?.trim() ?? "";
  const composed = cjk.test(given + family) ? `${family}${given}` : [given, family].filter(Boolean).join(" ");
  const name = (u.displayName?.trim() || u.name?.formatted?.trim() || composed).replace(/\s+/g, " ");
  return name ? cutChars(name, 100) : null;
}

interface PersonFields {
  employee_no: string;
  name: string;
  email: string | null;
  job_title: string | null;
  org_unit_id: number | null;
  unit: string | null;
  scim_external_id: string | null;
  active: boolean;
}

async function fieldsOf(db: Db, u: ScimUserIn): Promise<PersonFields> {
  const employeeNo = u.userName?.trim() ?? "";
  if (!employeeNoPattern.test(employeeNo)) throw scimError(400, "invalidValue", "userName must be the employee number: 1–32 letters, digits, - or _");
  const ext = u[enterprise];
  if (ext?.employeeNumber !== undefined && ext.employeeNumber.trim() !== employeeNo)
    throw scimError(400, "invalidValue", "employeeNumber must equal userName (both are the employee number)");
  const name = nameOf(u);
  if (!name) throw scimError(400, "invalidValue", "displayName (or name.formatted) is required");
  const primary = u.emails?.find((e) => e.primary) ?? u.emails?.[0];
  const email = primary?.value?.trim() || null;
  if (email && (email.length > 254 || !emailPattern.test(email)))
    throw scimError(400, "invalidValue", `Not an email address: ${cutChars(email, 60)}`);
  let orgUnitId: number | null = null;
  const unit = ext?.department?.trim() || null;
  if (unit) {
    const found = await db.selectFrom("org_units").select("id").where("code", "=", unit).executeTakeFirst();
    if (!found) throw scimError(400, "invalidValue", `Unknown department (org unit code): ${cutChars(unit, 60)}`);
    orgUnitId = found.id;
  }
  return {
    employee_no: employeeNo,
    name,
    email,
    job_title: u.title?.trim() ? cutChars(u.title.trim(), 100) : null,
    org_unit_id: orgUnitId,
    unit,
    scim_external_id: u.externalId?.trim() ? cutChars(u.externalId.trim(), 255) : null,
    active: u.active !== false,
  };
}

async function refuseTaken(db: Db, fields: PersonFields, exceptId: number | null) {
  const clash = await db
    .selectFrom("people")
    .select(["employee_no", "email", "scim_external_id"])
    .where((eb) =>
      eb.or([
        eb("employee_no", "=", fields.employee_no),
        ...(fields.email ? [eb(sql`lower(email)`, "=", fields.email.toLowerCase())] : []),
        ...(fields.scim_external_id ? [eb("scim_external_id", "=", fields.scim_external_id)] : []),
      ]),
    )
    .$if(exceptId !== null, (q) => q.where("id", "<>", exceptId!))
    .executeTakeFirst();
  if (!clash) return;
  const what =
    clash.employee_no === fields.employee_no
      ? "userName"
      : clash.scim_external_id === fields.scim_external_id && fields.scim_external_id
        ? "externalId"
        : "email";
  throw scimError(409, "uniqueness", `Another user already has this ${what}`);
}

const tokenOf = (client: ScimClient) => ({ token: client.tokenName });

export async function createScimUser(db: Db, client: ScimClient, u: ScimUserIn): Promise<ScimUserOut> {
  const f = await fieldsOf(db, u);
  if (f.org_unit_id === null) throw scimError(400, "invalidValue", `${enterprise}:department (the org unit code) is required`);
  await refuseTaken(db, f, null);
  const row = await db
    .insertInto("people")
    .values({
      employee_no: f.employee_no,
      name: f.name,
      name_pinyin: nameKey(f.name),
      email: f.email,
      job_title: f.job_title,
      org_unit_id: f.org_unit_id,
      scim_external_id: f.scim_external_id,
      ...(f.active ? {} : { status: "left", left_at: sql<Date>`now()` }),
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await db
    .insertInto("person_roles")
    .values({ person_id: row.id, role: "staff" })
    .onConflict((oc) => oc.doNothing())
    .execute();
  await audit(db, null, {
    action: "scim.user_created",
    subjectType: "person",
    subjectId: f.employee_no,
    after: { name: f.name, email: f.email, unit: f.unit, jobTitle: f.job_title, active: f.active, ...tokenOf(client) },
  });
  return getScimUser(db, String(row.id));
}

/** PUT, and PATCH after SCIMMY applied its operations to the current resource. */
export async function replaceScimUser(db: Db, client: ScimClient, id: string, u: ScimUserIn): Promise<ScimUserOut> {
  const personId = personIdOf(id);
  const current = personId === null ? undefined : await usersQuery(db).where("p.id", "=", personId).forUpdate(["p"]).executeTakeFirst();
  if (!current) throw scimError(404, null, `User ${id} not found`);
  const f = await fieldsOf(db, u);
  await refuseTaken(db, f, current.id);
  const before = {
    employeeNo: current.employee_no,
    name: current.name,
    email: current.email,
    unit: current.unit,
    jobTitle: current.job_title,
    externalId: current.scim_external_id,
  };
  // A person always belongs to a unit: a replace without department keeps theirs.
  const after = {
    employeeNo: f.employee_no,
    name: f.name,
    email: f.email,
    unit: f.unit ?? current.unit,
    jobTitle: f.job_title,
    externalId: f.scim_external_id,
  };
  const changed = (Object.keys(before) as Array<keyof typeof before>).filter((k) => before[k] !== after[k]);
  if (changed.length > 0) {
    await db
      .updateTable("people")
      .set({
        employee_no: f.employee_no,
        name: f.name,
        name_pinyin: nameKey(f.name),
        email: f.email,
        job_title: f.job_title,
        scim_external_id: f.scim_external_id,
        ...(f.org_unit_id === null ? {} : { org_unit_id: f.org_unit_id }),
        updated_at: sql<Date>`now()`,
      })
      .where("id", "=", current.id)
      .execute();
    await audit(db, null, {
      action: "scim.user_updated",
      subjectType: "person",
      subjectId: f.employee_no,
      before: Object.fromEntries(changed.map((k) => [k, before[k]])),
      after: { ...Object.fromEntries(changed.map((k) => [k, after[k]])), ...tokenOf(client) },
    });
  }
  const wasActive = current.status === "active";
  if (wasActive && !f.active) await deactivate(db, client, current.id, f.employee_no);
  if (!wasActive && f.active) {
    await db
      .updateTable("people")
      .set({ status: "active", left_at: null, updated_at: sql<Date>`now()` })
      .where("id", "=", current.id)
      .execute();
    await audit(db, null, { action: "scim.user_reactivated", subjectType: "person", subjectId: f.employee_no, after: tokenOf(client) });
  }
  return getScimUser(db, id);
}

async function deactivate(db: Db, client: ScimClient, personId: number, employeeNo: string) {
  if ((await markLeft(db, [personId])).length > 0) {
    await audit(db, null, { action: "scim.user_deactivated", subjectType: "person", subjectId: employeeNo, after: tokenOf(client) });
  }
}

/** DELETE: records are kept, so deleting deactivates (the person is left; the resource still reads, active: false). */
export async function deleteScimUser(db: Db, client: ScimClient, id: string): Promise<void> {
  const user = await getScimUser(db, id);
  await deactivate(db, client, Number(user.id), user.userName);
}
