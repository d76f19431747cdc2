import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { signIn, userFromSession, signOut } from "../../app/domain/auth/auth.server";
import { pruneRateLimits } from "../../app/domain/auth/rate-limit.server";
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
    await signOut(t.db, byNo.value.token);
    expect(await userFromSession(t.db, byNo.value.token)).toBeNull();
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

  test("five wrong passwords lock the account for the window, even with the right one", async () => {
    const bob = await givenPerson(t.db, { unit: "GD", employeeNo: "E1004" });
    for (let i = 0; i < 5; i++) {
      await signIn(t.db, { identifier: "E1004", password: "wrong-password", ip: `10.1.0.${i}` });
    }
    const r = await signIn(t.db, { identifier: "E1004", password: bob.password!, ip: "10.1.0.99" });
    expect(r).toMatchObject({ ok: false, error: "auth.rateLimited", status: 429 });
    const sessions = await t.db.selectFrom("sessions").select("id").where("person_id", "=", bob.id).execute();
    expect(sessions).toHaveLength(0);
  });
});

describe("the sign-in allowance", () => {
  test("is one per person, whether they type the employee number or the email", async () => {
    const carol = await givenPerson(t.db, { unit: "GD", employeeNo: "E1005", email: "carol@example.com" });
    for (let i = 0; i < 3; i++) await signIn(t.db, { identifier: "E1005", password: "wrong-password", ip: `10.2.0.${i}` });
    for (let i = 0; i < 2; i++) await signIn(t.db, { identifier: "carol@example.com", password: "wrong-password", ip: `10.2.1.${i}` });
    const r = await signIn(t.db, { identifier: "carol@example.com", password: carol.password!, ip: "10.2.2.1" });
    expect(r).toMatchObject({ ok: false, error: "auth.rateLimited" });
  });

  test("thirty attempts from one address are enough, whoever they are for", async () => {
    const dan = await givenPerson(t.db, { unit: "GD", employeeNo: "E1006" });
    for (let i = 0; i < 30; i++) await signIn(t.db, { identifier: `NOBODY${i}`, password: "x", ip: "10.3.0.1" });
    expect(await signIn(t.db, { identifier: "E1006", password: dan.password!, ip: "10.3.0.1" })).toMatchObject({ ok: false, error: "auth.rateLimited" });
    expect((await signIn(t.db, { identifier: "E1006", password: dan.password!, ip: "10.3.0.2" })).ok).toBe(true);
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
});
