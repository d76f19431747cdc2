import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { passwordLinkFor, setPasswordWithToken, signIn } from "../../app/domain/auth/auth.server";
import { issuePasswordLink } from "../../app/domain/people/people.server";
import { translate } from "../../app/i18n/all.server";
import { givenPerson, givenUnit } from "../support/builders";
import { createTestDb, type TestDb } from "../support/db";

let t: TestDb;
let linkFor: (employeeNo: string) => Promise<string>;
beforeAll(async () => {
  t = await createTestDb();
  await givenUnit(t.db, "GD");
  const admin = await givenPerson(t.db, { unit: "GD", roles: ["admin"] });
  linkFor = async (employeeNo) => {
    const link = await issuePasswordLink(t.db, admin, employeeNo);
    if (!link.ok) throw new Error(`no link for ${employeeNo}`);
    return link.value.token;
  };
});
afterAll(() => t.close());

const storedHash = async (employeeNo: string) =>
  (await t.db.selectFrom("people").select("password_hash").where("employee_no", "=", employeeNo).executeTakeFirstOrThrow()).password_hash;

describe("choosing a password through a one-time link (ASVS 6.2.4, 6.2.11)", () => {
  test.each([
    ["ten times the same letter", "aaaaaaaaaa", "auth.setPassword.pattern"],
    ["the digits in a row", "1234567890", "auth.setPassword.common"],
    ["a common word with digits", "password12", "auth.setPassword.common"],
    ["a keyboard row", "qwertyuiop", "auth.setPassword.common"],
    ["the pinyin favourite 我爱你一生一世", "woaini1314", "auth.setPassword.common"],
    ["a letter before the digits in a row", "a123456789", "auth.setPassword.common"],
    ["a common word in capitals and symbols", "P@ssw0rd2026!", "auth.setPassword.common"],
    ["a common word repeated", "dragondragon", "auth.setPassword.pattern"],
    ["one's own employee number", "mine-p7001-ok", "auth.setPassword.employeeNo"],
    ["the name part of one's email", "hotline-rocks-2026", "auth.setPassword.email"],
    ["one's name in pinyin", "Zhang Wei 19900101", "auth.setPassword.name"],
    ["one's name in pinyin, given name first", "weizhang@home-2026", "auth.setPassword.name"],
    ["one's name in Chinese characters", "张伟的密码就是这个呀", "auth.setPassword.name"],
  ])("%s (%s) is refused with a reason, and the link still works", async (_, password, reason) => {
    const employeeNo = "P7001";
    const existing = await t.db.selectFrom("people").select("id").where("employee_no", "=", employeeNo).executeTakeFirst();
    if (!existing) await givenPerson(t.db, { unit: "GD", employeeNo, name: "张伟", email: "wz.hotline@example.com", password: null });
    const token = await linkFor(employeeNo);
    expect(await setPasswordWithToken(t.db, token, password)).toEqual({ ok: false, error: reason, status: 400 });
    expect(await storedHash(employeeNo)).toBeNull();
    expect(await passwordLinkFor(t.db, token)).not.toBeNull();
  });

  test("every reason reads as a sentence in Chinese and in English", () => {
    for (const key of [
      "auth.setPassword.common",
      "auth.setPassword.pattern",
      "auth.setPassword.employeeNo",
      "auth.setPassword.email",
      "auth.setPassword.name",
    ] as const) {
      expect(translate("en", key)).toMatch(/^[A-Z].+\.$/);
      expect(translate("zh-CN", key)).toMatch(/[\u4e00-\u9fff].+。$/);
    }
  });

  test("a password that is none of these is accepted and signs in", async () => {
    await givenPerson(t.db, { unit: "GD", employeeNo: "P7002", name: "李娜", email: "li.na@example.com", password: null });
    const token = await linkFor("P7002");
    expect(await setPasswordWithToken(t.db, token, "plum kettle orbit 7")).toEqual({ ok: true, value: { employeeNo: "P7002" } });
    expect((await signIn(t.db, { identifier: "P7002", password: "plum kettle orbit 7", ip: "10.8.0.1" })).ok).toBe(true);
  });

  test("a name is looked for whole, not syllable by syllable", async () => {
    await givenPerson(t.db, { unit: "GD", employeeNo: "P7003", name: "吴一", email: "w1@example.com", password: null });
    const token = await linkFor("P7003");
    expect(await setPasswordWithToken(t.db, token, "the wuyi mountains tea")).toMatchObject({ ok: false, error: "auth.setPassword.name" });
    expect(await setPasswordWithToken(t.db, token, "wuthering heights yi")).toMatchObject({ ok: true });
  });

  test("a used or unknown link is refused before the password is judged", async () => {
    expect(await setPasswordWithToken(t.db, "no-such-link-token-at-all", "aaaaaaaaaa")).toEqual({
      ok: false,
      error: "auth.linkInvalid",
      status: 410,
    });
  });
});
