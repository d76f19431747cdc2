import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { signIn } from "../../app/domain/auth/auth.server";
import { defaultAuthSettings } from "../../app/domain/auth/settings";
import { givenPerson, givenUnit } from "../support/builders";
import { createTestDb, type TestDb } from "../support/db";

// PASSWORD_SIGN_IN (issue 18): with a company sign-in, passwords may be kept
// for administrators only (break-glass) or turned off — decided by the
// server, whatever page the form was posted from. No session is opened.

let t: TestDb;
const password = "a long enough test password";
beforeAll(async () => {
  t = await createTestDb();
  await givenUnit(t.db, "PWP");
});
afterAll(() => t.close());

const sessions = async (personId: number) => (await t.db.selectFrom("sessions").select("id").where("person_id", "=", personId).execute()).length;
const attempt = (identifier: string, passwordSignIn: "on" | "admins" | "off", pw = password) =>
  signIn(t.db, { identifier, password: pw, ip: `10.9.0.${passwordSignIn.length}` }, { ...defaultAuthSettings, passwordSignIn });

describe("password sign-in as a choice", () => {
  test("admins: an administrator still signs in with a password", async () => {
    const admin = await givenPerson(t.db, { unit: "PWP", employeeNo: "PWP001", roles: ["admin"], password });
    expect(await attempt("PWP001", "admins")).toMatchObject({ ok: true });
    expect(await sessions(admin.id)).toBe(1);
  });

  test("admins: anyone else is refused with a clear message, even with the right password, and gets no session", async () => {
    const staff = await givenPerson(t.db, { unit: "PWP", employeeNo: "PWP002", password });
    expect(await attempt("PWP002", "admins")).toEqual({ ok: false, error: "auth.password.adminsOnly", status: 403 });
    expect(await sessions(staff.id)).toBe(0);
  });

  test("admins: a wrong password is the usual refusal (it says nothing about the account)", async () => {
    await givenPerson(t.db, { unit: "PWP", employeeNo: "PWP003", password });
    expect(await attempt("PWP003", "admins", "not the password")).toMatchObject({ ok: false, error: "auth.invalid" });
  });

  test("off: nobody signs in with a password, administrators included", async () => {
    const admin = await givenPerson(t.db, { unit: "PWP", employeeNo: "PWP004", roles: ["admin"], password });
    expect(await attempt("PWP004", "off")).toEqual({ ok: false, error: "auth.password.off", status: 403 });
    expect(await sessions(admin.id)).toBe(0);
  });

  test("on (the default): everyone as before", async () => {
    const staff = await givenPerson(t.db, { unit: "PWP", employeeNo: "PWP005", password });
    expect(await attempt("PWP005", "on")).toMatchObject({ ok: true });
    expect(await sessions(staff.id)).toBe(1);
  });
});
