import { expect, test } from "vitest";
import { preparedMark as dbMark } from "../../db/client";
import { preparedMark as appMark } from "../../app/domain/prepared.server";

// The app marks its hottest statements; the database client recognises the
// mark. The app bundle cannot import db/ at run time, so the literal lives in
// both places and this test keeps them the same.
test("the app's prepared-statement mark is the one the database client looks for", () => {
  expect(appMark).toBe(dbMark);
});
