import { sql } from "kysely";
import { parse } from "csv-parse/sync";
import { describe, expect, test } from "vitest";
import { type Locale } from "../../app/i18n/index";
import { translate } from "../../app/i18n/all.server";
import { demoPeople } from "../../app/demo/people";
import { client, signedInClient, useServer, visibleText, withServerDatabase, type TestServer } from "../support/server";

// The administrators' pages over HTTP, no script, in both languages (issue 14,
// items 14 and 15): people by role, one-time password links for a unit as a
// CSV file, the audit log as people read it, and a broken chain said plainly.

const app = useServer();
const admin = (language: Locale) => signedInClient(app.server, "admin", language);
const committeeMembers = demoPeople().filter((p) => p.leftAt === null && p.roles.some((r) => r.role === "committee"));
const sq = demoPeople().filter((p) => p.unit === "GD.SQ" && p.leftAt === null);

describe("people by role", () => {
  test("the administrator lists the committee: every member, each row naming the roles (zh-CN, en)", async () => {
    for (const language of ["zh-CN", "en"] as const) {
      const html = await (await (await admin(language)).get("/admin/people?role=committee")).text();
      const rows = [...html.matchAll(/<tr[^>]*><td><a [^>]*href="\/admin\/people\/([^"]+)"[\s\S]*?<\/tr>/g)];
      expect(rows.map((r) => r[1]).sort()).toEqual(committeeMembers.map((p) => p.employeeNo).sort());
      expect(rows.every((r) => visibleText(r[0]).includes(translate(language, "role.committee")))).toBe(true);
      expect(visibleText(html)).toContain(translate(language, "admin.people.role"));
      expect(html).toMatch(/<option value="committee" selected/);
    }
  });
});

describe("password links for a unit", () => {
  test("a CSV for Excel: UTF-8 with a BOM, a row per active person without a password in the unit, each link usable (zh-CN)", async () => {
    const c = await admin("zh-CN");
    const r = await c.post("/admin/people/password-links.csv", { unitCode: "GD.SQ", onlyWithoutPassword: "on" });
    expect(r.status).toBe(200);
    expect(r.headers.get("content-type")).toContain("text/csv");
    expect(r.headers.get("content-disposition")).toBe('attachment; filename="GD.SQ-password-links.csv"');
    expect(r.headers.get("cache-control")).toContain("no-store");
    const bytes = new Uint8Array(await r.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = parse(new TextDecoder().decode(bytes)) as string[][];
    expect(rows[0]).toEqual(["工号", "姓名", "单位", "一次性密码设置链接", "失效时间"]);
    // The demo committee account has a password; its colleagues in the department do not yet.
    expect(
      rows
        .slice(1)
        .map((x) => x[0])
        .sort(),
    ).toEqual(
      sq
        .filter((p) => !p.account)
        .map((p) => p.employeeNo)
        .sort(),
    );
    expect(rows.slice(1).every((x) => x[2] === "服务质量管理部")).toBe(true);
    const link = new URL(rows[1][3]);
    expect(link.origin).toBe(new URL(app.server.url).origin);
    expect((await client(app.server).get(link.pathname)).status).toBe(200);
  });

  test("in English the file's headers and unit names are English", async () => {
    const r = await (await admin("en")).post("/admin/people/password-links.csv", { unitCode: "GD.SQ", onlyWithoutPassword: "on" });
    // fetch's text() drops the byte-order mark, as Excel's reader does.
    const rows = parse(await r.text()) as string[][];
    expect(rows[0]).toEqual(["Employee no.", "Name", "Unit", "One-time password link", "Expires"]);
    expect(rows[1][2]).toBe("Service Quality Management");
  });

  test("without a unit the administrator is sent back with the reason, in their language", async () => {
    for (const language of ["zh-CN", "en"] as const) {
      const c = await admin(language);
      const r = await c.post("/admin/people/password-links.csv", { unitCode: "", onlyWithoutPassword: "on" });
      expect(r.status).toBe(302);
      const back = r.headers.get("location")!;
      expect(back).toMatch(/^\/admin\/people\?linksUnit=&linksAll=#password-links$/);
      expect(visibleText(await (await c.get(back)).text())).toContain(translate(language, "admin.links.unitRequired"));
    }
  });

  test("staff and managers are refused, and no link is made", async () => {
    for (const role of ["staff", "manager"] as const) {
      const r = await (
        await signedInClient(app.server, role, "en")
      ).post("/admin/people/password-links.csv", { unitCode: "GD.SQ", onlyWithoutPassword: "on" });
      expect(r.status).toBe(403);
      expect(r.headers.get("content-type") ?? "").not.toContain("text/csv");
    }
  });
});

describe("the audit log as people read it", () => {
  test("a batch of links: the action by name, the unit named and linked, the change as a field and its value (zh-CN, en)", async () => {
    for (const language of ["zh-CN", "en"] as const) {
      const html = await (await (await admin(language)).get("/admin/audit?action=password.links_issued")).text();
      // visibleText puts a space at every tag: "数量 : 4" is "数量: 4" on the page.
      const text = visibleText(html).replace(/ :/g, ":");
      expect(text).toContain(translate(language, "admin.audit.action.password.links_issued"));
      expect(html).toContain(`href="/admin/people?unit=GD.SQ"`);
      expect(text).toContain(language === "en" ? "Service Quality Management" : "服务质量管理部");
      expect(text).toContain(`${translate(language, "admin.audit.field.count")}: ${sq.filter((p) => !p.account).length}`);
      expect(html).toMatch(/<option value="password.links_issued" selected[^>]*>[^<]*<\/option>/);
      expect(html).not.toContain("<pre>");
    }
  });

  test("a person's link names the person and links to their page; who did it, too", async () => {
    const first = sq.find((p) => !p.account)!;
    const html = await (await (await admin("en")).get(`/admin/audit?action=password.link_issued&subject=${first.employeeNo}`)).text();
    expect(html).toContain(`href="/admin/people/${first.employeeNo}"`);
    expect(visibleText(html)).toContain(first.name);
    expect(html).toContain('href="/admin/people/ADMIN01"');
    // A fact recorded about the state before: its value, marked as before, not struck through.
    expect(visibleText(html).replace(/ :/g, ":").replace(/\( /g, "(").replace(/ \)/g, ")")).toContain(
      `${translate("en", "admin.audit.field.hasPassword")} (${translate("en", "admin.audit.before")}): ${translate("en", "common.no")}`,
    );
    expect(html).not.toMatch(/<del[^>]*>[\s\S]{0,200}<\/del>[\s\S]{0,200}admin.audit.value.none/);
  });
});

/** Changes an audit entry behind the app's back, as the table's owner with its triggers off; the entry's id. */
async function tamper(server: TestServer): Promise<number> {
  return withServerDatabase(server, async (db) => {
    await sql`select audit_seal()`.execute(db);
    return await db.transaction().execute(async (trx) => {
      await sql`alter table audit_log disable trigger user`.execute(trx);
      const { rows } = await sql<{ id: number }>`
        update audit_log set action = 'auth.signed_out'
        where id = (select id from audit_log order by seq limit 1 offset 1) returning id`.execute(trx);
      await sql`alter table audit_log enable trigger user`.execute(trx);
      return Number(rows[0].id);
    });
  });
}

describe("a broken chain", () => {
  test("is said plainly, with the entry to look at linked, and no hash to note (en, zh-CN)", async () => {
    const id = await tamper(app.server);
    for (const language of ["en", "zh-CN"] as const) {
      const html = await (await (await admin(language)).get("/admin/audit/verify")).text();
      const text = visibleText(html);
      expect(html).toMatch(/<p[^>]*role="alert"[^>]*id="audit-chain-result"/);
      expect(text).toContain(translate(language, "admin.audit.verify.brokenNext", { id: String(id) }));
      expect(html).toContain(`href="/admin/audit?entry=${id}"`);
      expect(html).not.toContain('id="audit-chain-head"');
      expect(text).not.toContain(translate(language, "admin.audit.verify.anchor"));
    }
    const entry = await (await admin("en")).get(`/admin/audit?entry=${id}`);
    const html = await entry.text();
    expect(visibleText(html)).toContain(translate("en", "admin.audit.entry.only", { id: String(id) }));
    expect([...html.matchAll(/<tr id="entry-(\d+)"/g)].map((m) => Number(m[1]))).toEqual([id]);
  });
});
