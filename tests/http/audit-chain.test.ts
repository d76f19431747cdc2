import pg from "pg";
import { describe, expect, test } from "vitest";
import { type Locale, type MessageKey } from "../../app/i18n/index";
import { translate } from "../../app/i18n/all.server";
import { client, demoAccount, useServer, visibleText } from "../support/server";

// The administrator's "Check the chain" over HTTP, no script: the button on the
// audit log, the result page in both languages, and (on PostgreSQL, where the
// test can reach the server's database) a pending entry sealed by the check and
// a tampered entry named in the alert.

const app = useServer();

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
/** A message as a pattern: each {placeholder} matches what `fill` says. */
const pattern = (locale: Locale, key: MessageKey, fill: Record<string, string>) =>
  new RegExp(escape(translate(locale, key)).replace(/\\\{(\w+)\\\}/g, (_, name: string) => fill[name] ?? ".+?"));

async function admin(language: Locale) {
  const c = client(app.server, { language });
  await c.signIn(demoAccount("admin"));
  return c;
}

describe("checking the audit chain", () => {
  test("the audit log offers the check as a plain GET form", async () => {
    const html = await (await (await admin("en")).get("/admin/audit")).text();
    expect(html).toMatch(/<form method="get" action="\/admin\/audit\/verify"/);
    expect(visibleText(html)).toContain(translate("en", "admin.audit.verify.button"));
  });

  for (const locale of ["en", "zh-CN"] as const) {
    test(`the demo's chain verifies, in ${locale}`, async () => {
      const response = await (await admin(locale)).get("/admin/audit/verify");
      expect(response.status).toBe(200);
      const html = await response.text();
      const text = visibleText(html);
      expect(text).toMatch(pattern(locale, "admin.audit.verify.ok", { count: "[\\d,]+", head: "[0-9a-f]{8}" }));
      expect(html).toMatch(/<p[^>]*role="status"[^>]*id="audit-chain-result"/);
      expect(html).not.toContain('role="alert"');
    });
  }

  test("staff may not run it", async () => {
    const staff = client(app.server, { language: "en" });
    await staff.signIn(demoAccount("staff"));
    expect((await staff.get("/admin/audit/verify")).status).toBe(403);
  });

  test.skipIf(!process.env.TEST_DATABASE_URL)("the check seals the entries written since the last seal before walking the chain", async () => {
    const db = new pg.Client({ connectionString: app.server.databaseUrl });
    await db.connect();
    try {
      const { rows } = await db.query<{ id: string; seq: string | null }>(`insert into audit_log (action) values ('test.pending') returning id, seq`);
      expect(rows[0].seq).toBeNull();
      const html = await (await (await admin("en")).get("/admin/audit/verify")).text();
      expect(visibleText(html)).toMatch(pattern("en", "admin.audit.verify.ok", { count: "[\\d,]+", head: "[0-9a-f]{8}" }));
      const after = await db.query<{ seq: string | null; unsealed: string | number }>(
        `select seq, (select count(*) from audit_log where seq is null) as unsealed from audit_log where id = $1`,
        [rows[0].id],
      );
      expect(after.rows[0].seq).not.toBeNull();
      expect(Number(after.rows[0].unsealed)).toBe(0);
    } finally {
      await db.end();
    }
  });

  test.skipIf(!process.env.TEST_DATABASE_URL)("an entry changed behind the app's back is named in an alert", async () => {
    const db = new pg.Client({ connectionString: app.server.databaseUrl });
    await db.connect();
    try {
      await db.query("select audit_seal()");
      await db.query("begin");
      await db.query("alter table audit_log disable trigger user");
      const { rows } = await db.query<{ id: string }>(
        `update audit_log set action = 'auth.signed_out' where id = (select id from audit_log order by seq limit 1 offset 1) returning id`,
      );
      await db.query("alter table audit_log enable trigger user");
      await db.query("commit");
      const html = await (await (await admin("en")).get("/admin/audit/verify")).text();
      expect(html).toMatch(/<p[^>]*role="alert"[^>]*id="audit-chain-result"/);
      expect(visibleText(html)).toMatch(
        pattern("en", "admin.audit.verify.broken", { id: rows[0].id, reason: escape(translate("en", "admin.audit.verify.reason.altered")) }),
      );
    } finally {
      await db.end();
    }
  });
});
