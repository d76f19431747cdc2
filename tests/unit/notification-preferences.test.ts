import { parseWithZod } from "@conform-to/zod/v4";
import { describe, expect, test } from "vitest";
import type { User } from "../../app/domain/auth/user";
import { actionKinds, kindGroups, notificationKinds } from "../../app/domain/notifications/kinds";
import { choicesOf, defaultsSchema, preferencesSchema } from "../../app/domain/notifications/inbox-schema";
import { allOn, effectiveChoice, groupsFor, kindsOf } from "../../app/domain/notifications/preferences";
import { shownCount } from "../../app/domain/notifications/unread";

// The rules of a person's notification choices, without a database (issue 17, item 5).

const person = (roles: User["roles"][number]["role"][]): User => ({
  id: 1,
  employeeNo: "T1",
  name: "测试",
  locale: null,
  orgUnitId: 1,
  roles: roles.map((role) => ({ role, orgUnitId: null, orgCode: null, orgPath: null })),
});

describe("the choice that applies", () => {
  test("the person's own, else the organisation's default, else on", () => {
    const off = { portal: false, email: false };
    const emailOff = { portal: true, email: false };
    expect(effectiveChoice("voting-opened", off, emailOff)).toEqual(off);
    expect(effectiveChoice("voting-opened", undefined, emailOff)).toEqual(emailOff);
    expect(effectiveChoice("voting-opened", undefined, undefined)).toEqual(allOn);
  });

  test("a kind that asks to act is in the portal whatever was chosen", () => {
    for (const kind of actionKinds) expect(effectiveChoice(kind, { portal: false, email: false }, undefined)).toEqual({ portal: true, email: false });
  });

  test("every kind is in exactly one group; staff are not offered the administrators' group", () => {
    expect(kindsOf(kindGroups).sort()).toEqual([...notificationKinds].sort());
    expect(groupsFor(person(["staff", "manager", "committee"])).map((g) => g.id)).not.toContain("admin");
    expect(groupsFor(person(["admin"])).map((g) => g.id)).toContain("admin");
  });
});

describe("the forms", () => {
  const form = (entries: [string, string][]) => {
    const data = new FormData();
    for (const [k, v] of entries) data.append(k, v);
    return data;
  };

  test("an unticked box reads as off; a ticked one as on", () => {
    const r = parseWithZod(
      form([
        ["kinds[0].kind", "voting-opened"],
        ["kinds[0].email", "on"],
        ["kinds[1].kind", "congratulated"],
      ]),
      { schema: defaultsSchema },
    );
    expect(r.status).toBe("success");
    if (r.status === "success")
      expect(choicesOf(r.value)).toEqual([
        { kind: "voting-opened", portal: false, email: true },
        { kind: "congratulated", portal: false, email: false },
      ]);
  });

  const errorsOf = (r: { status?: string; error?: Record<string, string[] | null> | null }) => (r.status === "error" ? r.error : undefined);

  test("an unknown kind, the same kind twice, or no choice of how email arrives is refused with a message key", () => {
    const unknown = parseWithZod(
      form([
        ["kinds[0].kind", "ballot-cast"],
        ["delivery", "each"],
      ]),
      { schema: preferencesSchema },
    );
    expect(unknown.status).toBe("error");
    expect(JSON.stringify(errorsOf(unknown))).toContain("inbox.settings.invalid");
    const twice = parseWithZod(
      form([
        ["kinds[0].kind", "voting-opened"],
        ["kinds[1].kind", "voting-opened"],
        ["delivery", "each"],
      ]),
      {
        schema: preferencesSchema,
      },
    );
    expect(JSON.stringify(errorsOf(twice))).toContain("inbox.settings.invalid");
    const noDelivery = parseWithZod(form([["kinds[0].kind", "voting-opened"]]), { schema: preferencesSchema });
    expect(errorsOf(noDelivery)?.delivery).toEqual(["inbox.settings.delivery.required"]);
  });
});

test("the bell's count says 99+ past 99", () => {
  expect([shownCount(1), shownCount(99), shownCount(100)]).toEqual(["1", "99", "99+"]);
});
