import SCIMMY from "scimmy";
import { sql } from "kysely";
import type { Db } from "../../../db/client";
import { audit } from "../audit/audit.server";
import { cutChars } from "../text";
import type { ScimClient } from "./tokens.server";

// SCIM Groups (decision 0047): every group the identity system provisions
// grants its members the committee role (unscoped). The identity team
// chooses which groups to push (Entra: groups assigned to the app; Okta:
// Push Groups), so "a group here" means "a committee group". A person keeps
// the role while they are in at least one such group; the role an
// administrator granted by hand (granted_by set) is never taken by SCIM.

const scimError = (status: number, scimType: string | null, detail: string) => new SCIMMY.Types.Error(status, scimType as string, detail);

export interface ScimGroupOut {
  id: string;
  displayName: string;
  externalId?: string;
  members: Array<{ value: string; display: string; type: "User" }>;
  meta: { created: Date; lastModified: Date };
}

interface ScimGroupIn {
  displayName?: string;
  externalId?: string;
  members?: Array<{ value?: string }>;
}

const groupIdOf = (id: string) => (/^\d{1,9}$/.test(id) ? Number(id) : null);

/** Every group with its members (groups are few; members of one group at most the staff). */
export async function listScimGroups(db: Db, onlyId?: number): Promise<ScimGroupOut[]> {
  const groups = await db
    .selectFrom("scim_groups")
    .selectAll()
    .$if(onlyId !== undefined, (q) => q.where("id", "=", onlyId!))
    .orderBy("id")
    .execute();
  if (groups.length === 0) return [];
  const members = await db
    .selectFrom("scim_group_members as m")
    .innerJoin("people as p", "p.id", "m.person_id")
    .select(["m.group_id", "p.id", "p.name"])
    .where(
      "m.group_id",
      "in",
      groups.map((g) => g.id),
    )
    .orderBy("p.id")
    .execute();
  return groups.map((g) => ({
    id: String(g.id),
    displayName: g.display_name,
    ...(g.external_id ? { externalId: g.external_id } : {}),
    members: members.filter((m) => m.group_id === g.id).map((m) => ({ value: String(m.id), display: m.name, type: "User" as const })),
    meta: { created: g.created_at, lastModified: g.updated_at },
  }));
}

export async function getScimGroup(db: Db, id: string): Promise<ScimGroupOut> {
  const groupId = groupIdOf(id);
  const [group] = groupId === null ? [] : await listScimGroups(db, groupId);
  if (!group) throw scimError(404, null, `Group ${id} not found`);
  return group;
}

async function fieldsOf(db: Db, g: ScimGroupIn, exceptId: number | null) {
  const displayName = cutChars(g.displayName?.trim() ?? "", 255);
  if (!displayName) throw scimError(400, "invalidValue", "displayName is required");
  const taken = await db
    .selectFrom("scim_groups")
    .select("id")
    .where(sql`lower(display_name)`, "=", displayName.toLowerCase())
    .$if(exceptId !== null, (q) => q.where("id", "<>", exceptId!))
    .executeTakeFirst();
  if (taken) throw scimError(409, "uniqueness", "Another group already has this displayName");
  const ids = [...new Set((g.members ?? []).map((m) => m.value ?? ""))];
  const personIds = ids.map((v) => (/^\d{1,9}$/.test(v) ? Number(v) : NaN));
  const known = personIds.some(Number.isNaN)
    ? []
    : personIds.length === 0
      ? []
      : await db.selectFrom("people").select(["id", "employee_no"]).where("id", "in", personIds).execute();
  if (known.length !== ids.length) throw scimError(400, "invalidValue", "Every member must be the id of a User provisioned here");
  return { displayName, externalId: g.externalId?.trim() ? cutChars(g.externalId.trim(), 255) : null, members: known };
}

export async function createScimGroup(db: Db, client: ScimClient, g: ScimGroupIn): Promise<ScimGroupOut> {
  const f = await fieldsOf(db, g, null);
  const row = await db
    .insertInto("scim_groups")
    .values({ display_name: f.displayName, external_id: f.externalId })
    .returning("id")
    .executeTakeFirstOrThrow();
  await audit(db, null, {
    action: "scim.group_created",
    subjectType: "scim_group",
    subjectId: row.id,
    after: { displayName: f.displayName, token: client.tokenName },
  });
  await setMembers(db, client, row.id, f.displayName, f.members);
  return getScimGroup(db, String(row.id));
}

/** PUT, and PATCH after SCIMMY applied its operations (members added or removed) to the current group. */
export async function replaceScimGroup(db: Db, client: ScimClient, id: string, g: ScimGroupIn): Promise<ScimGroupOut> {
  const groupId = groupIdOf(id);
  const current =
    groupId === null ? undefined : await db.selectFrom("scim_groups").selectAll().where("id", "=", groupId).forUpdate().executeTakeFirst();
  if (!current) throw scimError(404, null, `Group ${id} not found`);
  const f = await fieldsOf(db, g, current.id);
  if (f.displayName !== current.display_name || f.externalId !== current.external_id) {
    await db
      .updateTable("scim_groups")
      .set({ display_name: f.displayName, external_id: f.externalId, updated_at: sql<Date>`now()` })
      .where("id", "=", current.id)
      .execute();
    await audit(db, null, {
      action: "scim.group_updated",
      subjectType: "scim_group",
      subjectId: current.id,
      before: { displayName: current.display_name },
      after: { displayName: f.displayName, token: client.tokenName },
    });
  }
  await setMembers(db, client, current.id, f.displayName, f.members);
  return getScimGroup(db, id);
}

/** Groups are the identity system's own: deleting one removes it, and the committee role it gave. */
export async function deleteScimGroup(db: Db, client: ScimClient, id: string): Promise<void> {
  const group = await getScimGroup(db, id);
  await setMembers(db, client, Number(group.id), group.displayName, []);
  await db.deleteFrom("scim_groups").where("id", "=", Number(group.id)).execute();
  await audit(db, null, {
    action: "scim.group_deleted",
    subjectType: "scim_group",
    subjectId: group.id,
    before: { displayName: group.displayName },
    after: { token: client.tokenName },
  });
}

/** Makes the group's members exactly these people, granting and revoking the committee role to match, each change audited. */
async function setMembers(db: Db, client: ScimClient, groupId: number, group: string, members: Array<{ id: number; employee_no: string }>) {
  const current = await db
    .selectFrom("scim_group_members as m")
    .innerJoin("people as p", "p.id", "m.person_id")
    .select(["p.id", "p.employee_no"])
    .where("m.group_id", "=", groupId)
    .execute();
  const wanted = new Set(members.map((m) => m.id));
  const had = new Set(current.map((m) => m.id));
  const added = members.filter((m) => !had.has(m.id));
  const removed = current.filter((m) => !wanted.has(m.id));
  if (added.length > 0)
    await db
      .insertInto("scim_group_members")
      .values(added.map((m) => ({ group_id: groupId, person_id: m.id })))
      .execute();
  if (removed.length > 0)
    await db
      .deleteFrom("scim_group_members")
      .where("group_id", "=", groupId)
      .where(
        "person_id",
        "in",
        removed.map((m) => m.id),
      )
      .execute();
  for (const m of added) {
    const granted = await db
      .insertInto("person_roles")
      .values({ person_id: m.id, role: "committee", org_unit_id: null, granted_by: null })
      .onConflict((oc) => oc.columns(["person_id", "role", "org_unit_id"]).doNothing())
      .returning("id")
      .executeTakeFirst();
    if (granted)
      await audit(db, null, {
        action: "role.granted",
        subjectType: "person",
        subjectId: m.employee_no,
        after: { role: "committee", group, token: client.tokenName },
      });
  }
  for (const m of removed) {
    // Only the role SCIM gave (granted_by null), and only when no other SCIM group still gives it.
    const revoked = await db
      .deleteFrom("person_roles")
      .where("person_id", "=", m.id)
      .where("role", "=", "committee")
      .where("org_unit_id", "is", null)
      .where("granted_by", "is", null)
      .where(({ not, exists, selectFrom }) => not(exists(selectFrom("scim_group_members").select("group_id").where("person_id", "=", m.id))))
      .executeTakeFirst();
    if (Number(revoked.numDeletedRows) > 0)
      await audit(db, null, {
        action: "role.revoked",
        subjectType: "person",
        subjectId: m.employee_no,
        before: { role: "committee" },
        after: { group, token: client.tokenName },
      });
  }
}
