import { describe, expect, test } from "vitest";
import { readConfig } from "../../server/config";

// RETENTION_NETWORK_DAYS and UPLOAD_ABANDONED_HOURS (docs/privacy.md): read at
// start; a value that is not a whole number in range stops the start with the
// setting's name.

const env = (vars: Record<string, string>): NodeJS.ProcessEnv => ({ NODE_ENV: "production", ...vars });

describe("retention settings", () => {
  test("unset: 90 days and 24 hours", () => {
    expect(readConfig(env({})).retention).toEqual({ networkDays: 90, uploadAbandonedHours: 24 });
  });

  test("set: each read as a whole number", () => {
    expect(readConfig(env({ RETENTION_NETWORK_DAYS: " 30 ", UPLOAD_ABANDONED_HOURS: "48" })).retention).toEqual({
      networkDays: 30,
      uploadAbandonedHours: 48,
    });
  });

  test.each([
    ["RETENTION_NETWORK_DAYS", "0"],
    ["RETENTION_NETWORK_DAYS", "90d"],
    ["RETENTION_NETWORK_DAYS", "-5"],
    ["RETENTION_NETWORK_DAYS", "3651"],
    ["UPLOAD_ABANDONED_HOURS", "0"],
    ["UPLOAD_ABANDONED_HOURS", "1.5"],
    ["UPLOAD_ABANDONED_HOURS", "8761"],
  ])("%s=%j stops the start, naming the setting", (name, value) => {
    expect(() => readConfig(env({ [name]: value }))).toThrow(new RegExp(`^${name} must be a whole number from 1 to`));
  });
});
