import type { AppLoadContext } from "@remix-run/node";
import { afterAll, beforeAll, beforeEach, expect, test } from "vitest";
import { unsubscribe, unsubscribeChoice, unsubscribeTokens } from "../../app/domain/notifications/unsubscribe.server";
import { action, loader } from "../../app/routes/unsubscribe.$token";
import { givenPerson, givenUnit } from "../support/builders";
import { createTestDb, type TestDb } from "../support/db";
import { clearNotifications, deliveriesOf, given, withJobQueues } from "../support/notifications";

// One-click unsubscribe (issue 17, RFC 8058): the signed link of an email's
// footer and List-Unsubscribe header, through its route as Remix calls it,
// without a session. Through the real server — a mail client's POST from
// another site, with no cookie — in tests/http/email-links.test.ts.

let t: TestDb;
let alice: { id: number };
let bob: { id: number };
let token: Awaited<ReturnType<typeof unsubscribeTokens>>;

beforeAll(async () => {
  t = await createTestDb();
  await withJobQueues(t);
  await givenUnit(t.db, "GD");
  alice = await givenPerson(t.db, { unit: "GD", password: null });
  bob = await givenPerson(t.db, { unit: "GD", password: null });
  token = await unsubscribeTokens(t.db);
}, 120_000);
afterAll(() => t?.close());
beforeEach(() => clearNotifications(t.db));

const context = () => ({ db: t.db }) as AppLoadContext;
const page = (tok: string) => loader({ request: new Request(`http://localhost/unsubscribe/${tok}`), params: { token: tok }, context: context() });
const post = (tok: string, body = "List-Unsubscribe=One-Click") =>
  action({
    request: new Request(`http://localhost/unsubscribe/${tok}`, {
      method: "POST",
      body,
      headers: { "content-type": "application/x-www-form-urlencoded" },
    }),
    params: { token: tok },
    context: context(),
  });
const choices = (personId: number) =>
  t.db.selectFrom("notification_preferences").selectAll().where("person_id", "=", personId).orderBy("kind").execute();

/** What a refused request threw: its status and message. */
async function refusal(promise: Promise<unknown>): Promise<{ status: number; message: unknown }> {
  try {
    await promise;
  } catch (thrown) {
    const d = thrown as { init?: { status?: number }; data?: { message?: unknown } };
    return { status: d.init?.status ?? 0, message: d.data?.message };
  }
  throw new Error("the request was not refused");
}

test("the page asks about the link's kinds; the POST turns their email off and keeps the portal as it was", async () => {
  // Alice chose the portal off for voting reminders before; nothing for the rest.
  await t.db.insertInto("notification_preferences").values({ person_id: alice.id, kind: "voting-reminder", portal: false, email: true }).execute();
  const link = token(alice.id, ["voting-reminder", "voting-opened"]);
  expect(await page(link)).toEqual({ kinds: ["voting-opened", "voting-reminder"], off: false });

  expect(await post(link)).toEqual({ done: true });
  expect(await choices(alice.id)).toEqual([
    { person_id: alice.id, kind: "voting-opened", portal: true, email: false },
    { person_id: alice.id, kind: "voting-reminder", portal: false, email: false },
  ]);
  expect(await page(link)).toEqual({ kinds: ["voting-opened", "voting-reminder"], off: true });
  // Twice is once.
  expect(await post(link, "")).toEqual({ done: true });
  expect(await choices(alice.id)).toHaveLength(2);
  expect(await choices(bob.id)).toEqual([]);
});

test("a kind the organisation keeps out of the portal by default stays out of it", async () => {
  await t.db.insertInto("notification_defaults").values({ kind: "import-finished", portal: false, email: true }).execute();
  expect((await unsubscribe(t.db, token(bob.id, ["import-finished"]))).ok).toBe(true);
  expect(await choices(bob.id)).toEqual([{ person_id: bob.id, kind: "import-finished", portal: false, email: false }]);
});

test("emails of those kinds still waiting, one by one or for the digest, are not sent; others are", async () => {
  await t.db.insertInto("notification_settings").values({ person_id: bob.id, email_digest: true }).execute();
  await given(t.db, "congratulated", [alice.id, bob.id]);
  await given(t.db, "voting-opened", [alice.id]);
  await post(token(alice.id, ["congratulated"]));
  const after = await deliveriesOf(t.db);
  expect(after.map((d) => [d.personId, d.kind, d.status])).toEqual([
    [alice.id, "congratulated", "cancelled"],
    [bob.id, "congratulated", "digest"],
    [alice.id, "voting-opened", "pending"],
  ]);
});

test.each([
  ["a forged key", () => `${alice.id}.congratulated.${"A".repeat(22)}`],
  ["another person's id on Alice's key", () => token(alice.id, ["congratulated"]).replace(`${alice.id}.`, `${bob.id}.`)],
  ["another kind on Alice's key", () => token(alice.id, ["congratulated"]).replace("congratulated", "job-failed")],
  ["more kinds than the key signs", () => token(alice.id, ["congratulated"]).replace("congratulated", "voting-opened~congratulated")],
  ["the outbox's withheld link", () => "withheld"],
  ["a person who does not exist", () => token(999_999, ["congratulated"])],
  ["an overlong token", () => `${alice.id}.${"voting-opened~".repeat(2_000)}.${"A".repeat(22)}`],
])("%s is refused with 400 and changes nothing, by GET or POST", async (_what, make) => {
  const tok = make();
  expect(await refusal(page(tok))).toEqual({ status: 400, message: "mail.unsubscribe.invalid" });
  expect(await refusal(post(tok))).toEqual({ status: 400, message: "mail.unsubscribe.invalid" });
  expect(await unsubscribeChoice(t.db, tok)).toEqual({ ok: false, error: "mail.unsubscribe.invalid", status: 400 });
  expect(await choices(alice.id)).toEqual([]);
  expect(await choices(bob.id)).toEqual([]);
});
