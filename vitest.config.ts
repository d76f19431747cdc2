import path from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { alias: { "~": path.resolve("app") } },
  test: {
    include: ["tests/**/*.test.ts"],
    environment: "node",
    globals: true,
    pool: "forks",
    // Two cores here: one PGlite (or one PostgreSQL database) per test file.
    maxWorkers: 2,
    // A browser journey (sign in, several forms, both languages) takes 15–30 s
    // here while the other worker runs too: room for twice that.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    globalSetup: ["tests/support/global-setup.ts"],
  },
});
