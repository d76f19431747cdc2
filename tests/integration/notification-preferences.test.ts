import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { User } from "../../app/domain/auth/user";
import { kindGroups, notificationKinds, type NotificationKind } from "../../app/domain/notifications/kinds";
import type { KindChoice } from "../../app/domain/notifications/preferences";
import {
  notificationSettings,
  organisationDefaults,
  saveNotificationSettings,
  saveOrganisationDefaults,
  type KindInput,
} from "../../app/domain/notifications/preferences.server";
import { err } from "../../app/domain/result";
import { givenPerson, givenUnit } from "../support/builders";
import { createTestDb, type TestDb } from "../support/db";
import { givenNotice, withJobQueues } from "../support/notifications";
import { value } from "../support/result";

// Each person decides (issue 17, item 5): per kind, portal and email; a kind
// that asks to act stays in the portal whatever is posted; a kind without
// the person's own choice follows the organisation's default, else on;
// email one by one or as a daily digest, quiet hours. Administrators alone
// set the defaults, audited. Every refusal leaves nothing stored.

let t: TestDb;
let admin: User;
let n = 0;
beforeAll(async () => {
  t = await createTestDb();
  await withJobQueues(t);
  await givenUnit(t.db, "NP");
  admin = await givenPerson(t.db, { unit: "NP", roles: ["admin"], password: null });
});
afterAll(() => t.close());

const givenStaff = (opts: { email?: string | null } = {}) => givenPerson(t.db, { unit: "NP", employeeNo: `NP${++n}`, password: null, ...opts });

const choiceOf = (groups: { kinds: KindChoice[] }[], kind: NotificationKind) => groups.flatMap((g) => g.kinds).find((k) => k.kind === kind);
const ownRows = (person: User) =>
  t.db.selectFrom("notification_preferences").select(["kind", "portal", "email"]).where("person_id", "=", person.id).orderBy("kind").execute();
const defaultRows = () => t.db.selectFrom("notification_defaults").select(["kind", "portal", "email"]).orderBy("kind").execute();
const settingsOf = (person: User) => t.db.selectFrom("notification_settings").selectAll().where("person_id", "=", person.id).executeTakeFirst();
const emailsOf = (person: User) =>
  t.db
    .selectFrom("notification_deliveries as d")
    .innerJoin("notifications as x", "x.id", "d.notification_id")
    .select(["x.kind", "d.status"])
    .where("x.person_id", "=", person.id)
    .execute();
const noticesOf = (person: User) => t.db.selectFrom("notifications").select(["kind", "in_portal"]).where("person_id", "=", person.id).execute();

/** Resets the organisation's defaults between tests that set them. */
const clearDefaults = () => t.db.deleteFrom("notification_defaults").execute();

const save = (person: User, kinds: KindInput[], more: { emailDigest?: boolean; quietHours?: boolean } = {}) =>
  saveNotificationSettings(t.db, person, { kinds, emailDigest: more.emailDigest ?? false, quietHours: more.quietHours ?? true });

describe("a person's settings", () => {
  test("with no choice anywhere: every kind on in the portal and by email, single emails, quiet hours kept", async () => {
    const staff = await givenStaff();
    const view = await notificationSettings(t.db, staff);
    expect(view.groups.flatMap((g) => g.kinds).every((k) => k.portal && k.email)).toBe(true);
    expect(view).toMatchObject({ delivery: "each", quietHours: true, hasEmail: true, isAdmin: false });
  });

  test("staff are offered every group but the administrators'; administrators all of them", async () => {
    const staff = await givenStaff();
    expect((await notificationSettings(t.db, staff)).groups.map((g) => g.id)).toEqual(["campaigns", "nominations", "results"]);
    expect((await notificationSettings(t.db, admin)).groups.map((g) => g.id)).toEqual(kindGroups.map((g) => g.id));
  });

  test("a kind without the person's own choice follows the organisation's default; their own choice wins", async () => {
    await clearDefaults();
    const [follows, chose] = [await givenStaff(), await givenStaff()];
    value(await saveOrganisationDefaults(t.db, admin, [{ kind: "voting-opened", portal: true, email: false }]));
    value(await save(chose, [{ kind: "voting-opened", portal: true, email: true }]));

    expect(choiceOf((await notificationSettings(t.db, follows)).groups, "voting-opened")).toMatchObject({ portal: true, email: false });
    expect(choiceOf((await notificationSettings(t.db, chose)).groups, "voting-opened")).toMatchObject({ portal: true, email: true });
    // And announce() writes by the same rule: no email for the one who follows the default.
    for (const p of [follows, chose])
      await givenNotice(t.db, p.id, { kind: "voting-opened", params: { campaign: "Q3" }, link: "/campaigns/q3/vote" });
    expect(await emailsOf(follows)).toEqual([]);
    expect(await emailsOf(chose)).toEqual([{ kind: "voting-opened", status: "pending" }]);
    await clearDefaults();
  });

  test("a choice equal to the organisation's default is kept as no choice, so a later default reaches the person", async () => {
    await clearDefaults();
    const staff = await givenStaff();
    value(
      await save(staff, [
        { kind: "publicity-started", portal: true, email: true },
        { kind: "congratulated", portal: false, email: true },
      ]),
    );
    expect(await ownRows(staff)).toEqual([{ kind: "congratulated", portal: false, email: true }]);
    value(await saveOrganisationDefaults(t.db, admin, [{ kind: "publicity-started", portal: true, email: false }]));
    expect(choiceOf((await notificationSettings(t.db, staff)).groups, "publicity-started")).toMatchObject({ email: false });
    // Saving again what the default now says stores nothing; turning it back on is the person's own.
    value(await save(staff, [{ kind: "publicity-started", portal: true, email: false }]));
    expect(await ownRows(staff)).toEqual([{ kind: "congratulated", portal: false, email: true }]);
    value(await save(staff, [{ kind: "publicity-started", portal: true, email: true }]));
    expect(await ownRows(staff)).toEqual([
      { kind: "congratulated", portal: false, email: true },
      { kind: "publicity-started", portal: true, email: true },
    ]);
    await clearDefaults();
  });

  test("a kind that asks to act cannot be turned off in the portal: the server keeps it on, and its notices stay listed", async () => {
    const staff = await givenStaff();
    value(await save(staff, [{ kind: "nomination-returned", portal: false, email: false }]));
    expect(await ownRows(staff)).toEqual([{ kind: "nomination-returned", portal: true, email: false }]);
    const returned = choiceOf((await notificationSettings(t.db, staff)).groups, "nomination-returned");
    expect(returned).toEqual({ kind: "nomination-returned", portal: true, email: false, portalFixed: true });
    // Even a row written behind the page's back does not hide it.
    await t.db.updateTable("notification_preferences").set({ portal: false }).where("person_id", "=", staff.id).execute();
    await givenNotice(t.db, staff.id, {
      kind: "nomination-returned",
      params: { nominee: "张伟", title: "Star", campaign: "Q3", comment: "more numbers" },
      link: "/campaigns/q3/nominations/1/edit",
    });
    expect(await noticesOf(staff)).toEqual([{ kind: "nomination-returned", in_portal: true }]);
    expect(await emailsOf(staff)).toEqual([]);
  });

  test("email as a daily digest and quiet hours off are kept, and the digest is how announce() queues the email", async () => {
    const staff = await givenStaff();
    value(await save(staff, [], { emailDigest: true, quietHours: false }));
    expect(await settingsOf(staff)).toEqual({ person_id: staff.id, email_digest: true, quiet_hours: false });
    expect(await notificationSettings(t.db, staff)).toMatchObject({ delivery: "digest", quietHours: false });
    await givenNotice(t.db, staff.id);
    expect(await emailsOf(staff)).toEqual([{ kind: "congratulated", status: "digest" }]);
    value(await save(staff, [], { emailDigest: false, quietHours: true }));
    expect(await settingsOf(staff)).toEqual({ person_id: staff.id, email_digest: false, quiet_hours: true });
  });

  test("a double submit: two saves at once both succeed, and one of them is what is kept", async () => {
    const staff = await givenStaff();
    const off = { kind: "voting-opened" as const, portal: false, email: false };
    const emailOnly = { kind: "voting-opened" as const, portal: false, email: true };
    for (let round = 0; round < 5; round++) {
      const results = await Promise.all([save(staff, [off]), save(staff, [emailOnly])]);
      expect(results.every((r) => r.ok)).toBe(true);
      const rows = await ownRows(staff);
      expect(rows).toHaveLength(1);
      expect([off, emailOnly]).toContainEqual(rows[0]);
    }
  });

  test("a person without an email address is told so; their choices are still kept", async () => {
    const staff = await givenStaff({ email: null });
    expect((await notificationSettings(t.db, staff)).hasEmail).toBe(false);
    value(await save(staff, [{ kind: "voting-opened", portal: true, email: false }]));
    expect(await ownRows(staff)).toEqual([{ kind: "voting-opened", portal: true, email: false }]);
  });

  test("staff cannot save the administrators' kinds: refused, nothing stored", async () => {
    const staff = await givenStaff();
    const r = await save(
      staff,
      [
        { kind: "voting-opened", portal: false, email: false },
        { kind: "import-failed", portal: true, email: false },
      ],
      {
        emailDigest: true,
      },
    );
    expect(r).toEqual(err("inbox.settings.invalid", 400));
    expect(await ownRows(staff)).toEqual([]);
    expect(await settingsOf(staff)).toBeUndefined();
  });
});

describe("the organisation's defaults", () => {
  test("only administrators read or save them; a refusal stores and audits nothing", async () => {
    await clearDefaults();
    const staff = await givenStaff();
    const before = await t.db.selectFrom("audit_log").select("id").where("action", "=", "notification.defaults_saved").execute();
    expect(await organisationDefaults(t.db, staff)).toEqual(err("common.forbidden", 403));
    expect(await saveOrganisationDefaults(t.db, staff, [{ kind: "voting-opened", portal: false, email: false }])).toEqual(
      err("common.forbidden", 403),
    );
    expect(await defaultRows()).toEqual([]);
    expect(await t.db.selectFrom("audit_log").select("id").where("action", "=", "notification.defaults_saved").execute()).toEqual(before);
  });

  test("every kind is offered; saving keeps what differs from all-on, keeps action kinds in the portal, and audits what changed", async () => {
    await clearDefaults();
    const view = value(await organisationDefaults(t.db, admin));
    expect(view.groups.flatMap((g) => g.kinds.map((k) => k.kind)).sort()).toEqual([...notificationKinds].sort());
    const saved = value(
      await saveOrganisationDefaults(t.db, admin, [
        { kind: "voting-opened", portal: true, email: false },
        { kind: "objection-filed", portal: false, email: false },
        { kind: "congratulated", portal: true, email: true },
      ]),
    );
    expect(saved).toEqual({ changed: 2 });
    expect(await defaultRows()).toEqual([
      { kind: "objection-filed", portal: true, email: false },
      { kind: "voting-opened", portal: true, email: false },
    ]);
    const entry = await t.db
      .selectFrom("audit_log")
      .select(["actor_id", "before", "after"])
      .where("action", "=", "notification.defaults_saved")
      .orderBy("id", "desc")
      .executeTakeFirstOrThrow();
    expect(entry).toEqual({
      actor_id: admin.id,
      before: { "voting-opened": { portal: true, email: true }, "objection-filed": { portal: true, email: true } },
      after: { "voting-opened": { portal: true, email: false }, "objection-filed": { portal: true, email: false } },
    });
    // All on again needs no row; saving nothing new writes no audit entry.
    expect(value(await saveOrganisationDefaults(t.db, admin, [{ kind: "voting-opened", portal: true, email: true }]))).toEqual({ changed: 1 });
    expect(await defaultRows()).toEqual([{ kind: "objection-filed", portal: true, email: false }]);
    const entries = async () =>
      (await t.db.selectFrom("audit_log").select("id").where("action", "=", "notification.defaults_saved").execute()).length;
    const count = await entries();
    expect(value(await saveOrganisationDefaults(t.db, admin, [{ kind: "objection-filed", portal: true, email: false }]))).toEqual({ changed: 0 });
    expect(await entries()).toBe(count);
    await clearDefaults();
  });
});
