import { describe, expect, test } from "vitest";
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

describe("settings read at start", () => {
  const env = (vars: Record<string, string>) => ({ NODE_ENV: "production", ...vars }) as NodeJS.ProcessEnv;

  test("SIGNIN_IP_FAILURES and SESSION_MAX_DAYS default to 30 and 30", () => {
    expect(readConfig(env({})).auth).toEqual({ signInIpFailures: 30, sessionMaxDays: 30 });
    expect(readConfig(env({ SIGNIN_IP_FAILURES: "200", SESSION_MAX_DAYS: "7" })).auth).toEqual({ signInIpFailures: 200, sessionMaxDays: 7 });
  });

  test.each([["SIGNIN_IP_FAILURES", "0"], ["SIGNIN_IP_FAILURES", "lots"], ["SESSION_MAX_DAYS", "-1"], ["SESSION_MAX_DAYS", "2.5"]])(
    "%s=%s stops the start with a message naming it",
    (name, value) => {
      expect(() => readConfig(env({ [name]: value }))).toThrow(name);
    },
  );
});
