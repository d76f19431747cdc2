import express from "express";
import { afterEach, describe, expect, test, vi } from "vitest";
import { readConfig } from "../../server/config";

// TRUST_PROXY as Express's `trust proxy` reads it (docs/security.md, docs/deployment.md):
// which hop of X-Forwarded-For the app believes. Express takes a hop count only as a
// number; the string "1" would be an address (0.0.0.1), and the load balancer in front
// would never be believed.

const trustProxy = (value: string | undefined) =>
  readConfig({ NODE_ENV: "production", ...(value === undefined ? {} : { TRUST_PROXY: value }) }).trustProxy;

/** Whether the app believes the proxy at `from` (the connection's address) about the hop before it. */
function believes(value: string | undefined, from: string): boolean {
  const app = express();
  app.set("trust proxy", trustProxy(value));
  const trust = app.get("trust proxy fn") as (address: string, hop: number) => boolean;
  return trust(from, 0);
}

describe("TRUST_PROXY", () => {
  test.each([undefined, "", "false", "off", "OFF", "0"])("%j: no proxy is believed", (value) => {
    expect(believes(value, "127.0.0.1")).toBe(false);
    expect(believes(value, "10.0.0.5")).toBe(false);
  });

  test.each(["true", "on"])("%j: every proxy is believed", (value) => {
    expect(trustProxy(value)).toBe(true);
  });

  test("a whole number is a count of proxies in front, from any address", () => {
    expect(trustProxy("1")).toBe(1);
    expect(believes("1", "10.0.0.5")).toBe(true);
    expect(believes("2", "192.168.1.9")).toBe(true);
  });

  test("addresses and names: only those", () => {
    expect(believes("loopback", "127.0.0.1")).toBe(true);
    expect(believes("loopback", "10.0.0.5")).toBe(false);
    expect(believes("10.0.0.5, 10.0.0.6", "10.0.0.6")).toBe(true);
    expect(believes("10.0.0.0/8", "10.3.2.1")).toBe(true);
    expect(believes("10.0.0.5,10.0.0.6", "10.0.0.7")).toBe(false);
  });

  test.each(["yes", "10.0.0.300", "loopback,nonsense"])("%j stops the start, naming the setting", (value) => {
    expect(() => trustProxy(value)).toThrow(/TRUST_PROXY/);
  });
});

// server/node-env.ts, the server's first import: React and Express read NODE_ENV when they
// load, and an unset one would give a production server React's development build.
describe("NODE_ENV at the server's start", () => {
  // Typed loosely: the test sets values the app's types do not name.
  const env = process.env as Record<string, string | undefined>;
  const before = env.NODE_ENV;
  afterEach(() => {
    env.NODE_ENV = before;
    vi.resetModules();
  });

  test.each([undefined, ""])("%j becomes production", async (value) => {
    if (value === undefined) delete env.NODE_ENV;
    else env.NODE_ENV = value;
    vi.resetModules();
    await import("../../server/node-env");
    expect(env.NODE_ENV).toBe("production");
  });

  test("a value given is kept", async () => {
    env.NODE_ENV = "development";
    vi.resetModules();
    await import("../../server/node-env");
    expect(env.NODE_ENV).toBe("development");
  });
});
