import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, test, vi } from "vitest";
import { signIn, userFromSession, signOut } from "../../app/domain/auth/auth.server";
import { pruneRateLimits } from "../../app/domain/auth/rate-limit.server";
import { defaultAuthSettings } from "../../app/domain/auth/settings";
import { createTestDb, type TestDb } from "../support/db";
import { givenPerson, givenUnit } from "../support/builders";

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
  await givenUnit(t.db, "GD");
});
afterAll(() => t.close());

describe("signing in", () => {
  test("with employee number or email opens a session that sign-out revokes", async () => {
    const alice = await givenPerson(t.db, { unit: "GD", employeeNo: "E1001", email: "Alice@Example.com" });
    const byNo = await signIn(t.db, { identifier: "E1001", password: alice.password!, ip: "10.0.0.1" });
    const byEmail = await signIn(t.db, { identifier: "alice@example.com", password: alice.password!, ip: "10.0.0.1" });
    expect(byNo.ok && byEmail.ok).toBe(true);
    if (!byNo.ok || !byEmail.ok) return;
    expect(byNo.value.token).not.toBe(byEmail.value.token);
    expect((await userFromSession(t.db, byNo.value.token))?.employeeNo).toBe("E1001");
    expect(await signOut(t.db, byNo.value.token)).toEqual({ method: "password" });
    expect(await userFromSession(t.db, byNo.value.token)).toBeNull();
    expect(await signOut(t.db, byNo.value.token)).toBeNull();
    expect(await userFromSession(t.db, byEmail.value.token)).not.toBeNull();
  });

  test("an unknown user and a wrong password get the same answer", async () => {
    await givenPerson(t.db, { unit: "GD", employeeNo: "E1002" });
    const unknown = await signIn(t.db, { identifier: "NOBODY", password: "whatever123", ip: "10.0.0.2" });
    const wrong = await signIn(t.db, { identifier: "E1002", password: "whatever123", ip: "10.0.0.2" });
    expect(unknown).toEqual(wrong);
    expect(unknown).toMatchObject({ ok: false, error: "auth.invalid", status: 401 });
  });

  test("people who left cannot sign in", async () => {
    const gone = await givenPerson(t.db, { unit: "GD", employeeNo: "E1003", status: "left" });
    const r = await signIn(t.db, { identifier: "E1003", password: gone.password!, ip: "10.0.0.3" });
    expect(r).toMatchObject({ ok: false, error: "auth.invalid" });
  });
});

describe("the session behind each request", () => {
  test("requests arriving together share one statement; each finds its own person, and a signed-out or departed one nobody", async () => {
    const people = await Promise.all(["E1101", "E1102", "E1103", "E1104"].map((employeeNo) => givenPerson(t.db, { unit: "GD", employeeNo })));
    const tokens = [];
    for (const p of people) {
      const r = await signIn(t.db, { identifier: p.employeeNo, password: p.password!, ip: "10.9.0.1" });
      if (!r.ok) throw new Error("sign-in failed");
      tokens.push(r.value.token);
    }
    await signOut(t.db, tokens[2]);
    await t.db.updateTable("people").set({ status: "left", left_at: new Date() }).where("id", "=", people[3].id).execute();
    const statements = vi.spyOn(t.db, "executeQuery");
    try {
      const found = await Promise.all([...tokens, tokens[0], "not-a-session-token-at-all"].map((token) => userFromSession(t.db, token)));
      expect(found.map((u) => u?.employeeNo ?? null)).toEqual(["E1101", "E1102", null, null, "E1101", null]);
      expect(found[0]).not.toBe(found[4]);
      expect(statements).toHaveBeenCalledTimes(1);
    } finally {
      statements.mockRestore();
    }
  });

  test("sessions unseen for over an hour are extended together, in the same turn as they are read", async () => {
    const people = await Promise.all(["E1111", "E1112"].map((employeeNo) => givenPerson(t.db, { unit: "GD", employeeNo })));
    const tokens = [];
    for (const p of people) {
      const r = await signIn(t.db, { identifier: p.employeeNo, password: p.password!, ip: "10.9.0.2" });
      if (!r.ok) throw new Error("sign-in failed");
      tokens.push(r.value.token);
    }
    const ids = people.map((p) => p.id);
    const old = new Date(Date.now() - 2 * 3_600_000);
    await t.db
      .updateTable("sessions")
      .set({ last_seen_at: old, expires_at: new Date(Date.now() + 86_400_000) })
      .where("person_id", "in", ids)
      .execute();
    expect((await Promise.all(tokens.map((token) => userFromSession(t.db, token)))).every(Boolean)).toBe(true);
    const rows = await t.db.selectFrom("sessions").select(["last_seen_at", "expires_at"]).where("person_id", "in", ids).execute();
    expect(rows).toHaveLength(2);
    for (const row of rows) {
      expect(new Date(row.last_seen_at).getTime()).toBeGreaterThan(old.getTime() + 3_000_000);
      expect(new Date(row.expires_at).getTime()).toBeGreaterThan(Date.now() + 13 * 86_400_000);
    }
  });
});

describe("how long a session lasts", () => {
  const day = 86_400_000;
  /** Signs a person in, then moves the session's times as if it had been opened `createdDaysAgo` and last used `seenDaysAgo`. */
  async function sessionOpened(employeeNo: string, createdDaysAgo: number, seenDaysAgo: number) {
    const p = await givenPerson(t.db, { unit: "GD", employeeNo });
    const r = await signIn(t.db, { identifier: employeeNo, password: p.password!, ip: "10.9.1.1" });
    if (!r.ok) throw new Error("sign-in failed");
    const now = Date.now();
    // created_at is written once, by the database: the schema type allows no update, so plain SQL.
    await sql`
      update sessions
      set created_at = ${new Date(now - createdDaysAgo * day)}, last_seen_at = ${new Date(now - seenDaysAgo * day)}, expires_at = ${new Date(now + (14 - seenDaysAgo) * day)}
      where person_id = ${p.id}`.execute(t.db);
    return { token: r.value.token, personId: p.id };
  }
  const expiryOf = async (personId: number) =>
    new Date(
      (await t.db.selectFrom("sessions").select("expires_at").where("person_id", "=", personId).executeTakeFirstOrThrow()).expires_at,
    ).getTime();

  test("a session signed in 200 days ago is refused, even though it was used yesterday", async () => {
    const { token, personId } = await sessionOpened("E1201", 200, 1);
    expect(await userFromSession(t.db, token)).toBeNull();
    // Nor was it extended once more.
    expect(await expiryOf(personId)).toBeLessThan(Date.now() + 13.5 * day);
  });

  test("a session signed in 29 days ago still works, and its extension stops at 30 days after sign-in", async () => {
    const { token, personId } = await sessionOpened("E1202", 29, 0.1);
    expect((await userFromSession(t.db, token))?.employeeNo).toBe("E1202");
    const expiry = await expiryOf(personId);
    expect(expiry).toBeLessThanOrEqual(Date.now() + 1 * day + 60_000);
    expect(expiry).toBeGreaterThan(Date.now() + 1 * day - 60_000);
  });

  test("the absolute lifetime is a setting (SESSION_MAX_DAYS)", async () => {
    const { token } = await sessionOpened("E1203", 10, 0);
    expect(await userFromSession(t.db, token, { ...defaultAuthSettings, sessionMaxDays: 7 })).toBeNull();
    expect((await userFromSession(t.db, token, { ...defaultAuthSettings, sessionMaxDays: 11 }))?.employeeNo).toBe("E1203");
  });

  test("a new session never expires later than the absolute lifetime allows", async () => {
    const p = await givenPerson(t.db, { unit: "GD", employeeNo: "E1204" });
    const r = await signIn(t.db, { identifier: "E1204", password: p.password!, ip: "10.9.1.2" }, { ...defaultAuthSettings, sessionMaxDays: 3 });
    expect(r.ok).toBe(true);
    expect(await expiryOf(p.id)).toBeLessThanOrEqual(Date.now() + 3 * day + 60_000);
  });
});

describe("old sign-in counters", () => {
  test("are pruned after a day; current windows stay", async () => {
    await t.db
      .insertInto("rate_limits")
      .values([
        { key: "signin:ip:old", window_start: new Date(Date.now() - 2 * 86_400_000), hits: 3 },
        { key: "signin:ip:new", window_start: new Date(), hits: 1 },
      ])
      .execute();
    await pruneRateLimits(t.db);
    const keys = (await t.db.selectFrom("rate_limits").select("key").where("key", "like", "signin:ip:%").execute()).map((r) => r.key);
    expect(keys).toContain("signin:ip:new");
    expect(keys).not.toContain("signin:ip:old");
  });

  test("the failures of an account at an address are forgotten a day after the last one", async () => {
    await t.db
      .insertInto("sign_in_delays")
      .values([
        { key: "person:1|10.0.0.1", failures: 9, last_attempt_at: new Date(Date.now() - 25 * 3_600_000) },
        { key: "person:1|10.0.0.2", failures: 9, last_attempt_at: new Date(Date.now() - 3_600_000) },
      ])
      .execute();
    await pruneRateLimits(t.db);
    const keys = (await t.db.selectFrom("sign_in_delays").select("key").where("key", "like", "person:1|%").execute()).map((r) => r.key);
    expect(keys).toEqual(["person:1|10.0.0.2"]);
  });
});
