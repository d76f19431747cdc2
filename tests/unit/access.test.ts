import { describe, expect, test } from "vitest";
import { hasRole, managesUnitPath, type User } from "../../app/domain/auth/user";
import { safeRedirect } from "../../app/web/session.server";
import { nameKey } from "../../app/domain/people/name-key.server";

const user = (roles: User["roles"]): User => ({ id: 1, employeeNo: "E1", name: "测试", locale: null, orgUnitId: 1, roles });

describe("manager scope", () => {
  const manager = user([{ role: "manager", orgUnitId: 4, orgCode: "GZ", orgPath: "/1/4/" }]);
  test("covers the unit and everything below it, nothing beside it", () => {
    expect(managesUnitPath(manager, "/1/4/")).toBe(true);
    expect(managesUnitPath(manager, "/1/4/9/")).toBe(true);
    expect(managesUnitPath(manager, "/1/")).toBe(false);
    expect(managesUnitPath(manager, "/1/44/")).toBe(false);
  });
  test("staff manage nothing", () => {
    const staff = user([{ role: "staff", orgUnitId: null, orgCode: null, orgPath: null }]);
    expect(managesUnitPath(staff, "/1/4/")).toBe(false);
    expect(hasRole(staff, "admin")).toBe(false);
  });
});

describe("redirects after sign-in", () => {
  test.each([
    ["/people?q=1", "/people?q=1"],
    ["https://evil.example/", "/"],
    ["//evil.example/", "/"],
    ["/\\evil.example", "/"],
    [null, "/"],
  ])("%s → %s", (to, expected) => {
    expect(safeRedirect(to)).toBe(expected);
  });
});

describe("pinyin name keys", () => {
  test.each([
    ["邱俊廷", "qiu jun ting|qiujunting|qjt"],
    ["欧阳敏华", "ou yang min hua|ouyangminhua|oymh"],
    ["单雄", "shan xiong|shanxiong|sx"], // 单 as a surname is shan
    ["曾国藩", "zeng guo fan|zengguofan|zgf"],
    ["Zhang San", "zhang san|zhangsan|zs"],
  ])("%s → %s", (name, key) => {
    expect(nameKey(name)).toBe(key);
  });
});
