import { describe, expect, test } from "vitest";
import { whyWeakPassword } from "../../app/domain/auth/password-strength.server";
import { delayAfter, freeFailures, maxDelaySeconds } from "../../app/domain/auth/rate-limit.server";
import { readConfig } from "../../server/config";

describe("the wait after wrong passwords", () => {
  test("none for the first four, then 1 s, 2 s, 4 s … doubling up to five minutes, never more", () => {
    expect(freeFailures).toBe(5);
    expect([1, 2, 3, 4].map(delayAfter)).toEqual([0, 0, 0, 0]);
    expect([5, 6, 7, 8, 9, 10].map(delayAfter)).toEqual([1, 2, 4, 8, 16, 32]);
    expect(delayAfter(13)).toBe(256);
    expect([14, 15, 50, 10_000].map(delayAfter)).toEqual([300, 300, 300, 300]);
    expect(maxDelaySeconds).toBe(300);
  });
});

describe("judging a new password", () => {
  const owner = { employeeNo: "GD000123", email: "chen.xiaoming@example.com", name: "陈晓明" };

  test.each([
    ["zxcvbnm,./", "auth.setPassword.common"],
    ["ponmlkjihgf", "auth.setPassword.pattern"],
    ["9876543210", "auth.setPassword.common"],
    ["abcdefghijk", "auth.setPassword.pattern"],
    ["ababababab", "auth.setPassword.pattern"],
    ["1q2w3e4r5t", "auth.setPassword.common"],
    ["iloveyou2026", "auth.setPassword.common"],
    ["2026iloveyou!", "auth.setPassword.common"],
    ["Zhimakaimen88", "auth.setPassword.common"],
    ["my number is 000123", "auth.setPassword.employeeNo"],
    ["gd000123!!", "auth.setPassword.employeeNo"],
    ["chen-xiaoming", "auth.setPassword.email"],
    ["xiaoming2000!", "auth.setPassword.email"],
    ["陈晓明2026年新密码", "auth.setPassword.name"],
  ] as const)("%s is refused: %s", (password, reason) => {
    expect(whyWeakPassword(password, owner)).toBe(reason);
  });

  test("the name in pinyin counts when the email does not give it away", () => {
    const wang = { employeeNo: "E42", email: "w42@example.com", name: "王小红" };
    expect(whyWeakPassword("wangxiaohong1", wang)).toBe("auth.setPassword.name");
    expect(whyWeakPassword("xiaohongwang!", wang)).toBe("auth.setPassword.name");
    expect(whyWeakPassword("xiaohong-2026", wang)).toBe("auth.setPassword.name");
    const alice = { employeeNo: "E43", email: null, name: "Alice Smith" };
    expect(whyWeakPassword("smith family 1999", alice)).toBe("auth.setPassword.name");
  });

  test.each(["correct horse battery staple", "plum kettle orbit 7", "三只小猪去赶集了吗", "Tz8#qLm2!vR", "GD-east-hotline-night-shift"])(
    "%s is accepted",
    (password) => {
      expect(whyWeakPassword(password, owner)).toBeNull();
    },
  );
});

describe("settings read at start", () => {
  const env = (vars: Record<string, string>) => ({ NODE_ENV: "production", ...vars }) as NodeJS.ProcessEnv;

  test("SIGNIN_IP_FAILURES, SIGNIN_IP_STARTS and SESSION_MAX_DAYS default to 30, 600 and 30, PASSWORD_SIGN_IN to on", () => {
    expect(readConfig(env({})).auth).toEqual({ signInIpFailures: 30, signInIpStarts: 600, sessionMaxDays: 30, passwordSignIn: "on" });
    expect(readConfig(env({ SIGNIN_IP_FAILURES: "200", SIGNIN_IP_STARTS: "2000", SESSION_MAX_DAYS: "7" })).auth).toEqual({
      signInIpFailures: 200,
      signInIpStarts: 2000,
      sessionMaxDays: 7,
      passwordSignIn: "on",
    });
  });

  test.each([
    ["SIGNIN_IP_FAILURES", "0"],
    ["SIGNIN_IP_FAILURES", "lots"],
    ["SIGNIN_IP_STARTS", "0"],
    ["SIGNIN_IP_STARTS", "1.5"],
    ["SESSION_MAX_DAYS", "-1"],
    ["SESSION_MAX_DAYS", "2.5"],
  ])("%s=%s stops the start with a message naming it", (name, value) => {
    expect(() => readConfig(env({ [name]: value }))).toThrow(name);
  });
});
