import { sql } from "kysely";
import { beforeAll, describe, expect, test } from "vitest";
import { type Locale } from "../../app/i18n/index";
import { translate } from "../../app/i18n/all.server";
import { givenNotice, personId } from "../support/notifications";
import { withServerDatabase } from "../support/server-database";
import { client, demoAccount, signedInClient, useServer, visibleText, type DemoRole } from "../support/server";

// The portal's notifications over HTTP, no script (issue 17, items 2 and 5):
// the bell's count in the header, /notifications newest first in the
// reader's language, opening a notice through /notifications/:id (marks it
// read, goes only where the notice points), mark one or all, the settings
// page and the organisation's defaults; the home page's unread notices.

const app = useServer();
const signedIn = (role: DemoRole, language: Locale) => signedInClient(app.server, role, language);
const t = (language: Locale, key: Parameters<typeof translate>[1], vars?: Parameters<typeof translate>[2]) => translate(language, key, vars);

const campaign = { "zh-CN": "通知测试活动", en: "Notice test campaign" };
const ids: Record<string, string> = {};

beforeAll(async () => {
  await withServerDatabase(app.server, async (db) => {
    // The demo's own notices (its campaigns walked through their phases) are cleared: these tests count what they write.
    await db.deleteFrom("notifications").execute();
    const staff = await personId(db, demoAccount("staff").employeeNo);
    const manager = await personId(db, demoAccount("manager").employeeNo);
    const committee = await personId(db, demoAccount("committee").employeeNo);
    await givenNotice(db, staff, {
      key: "http:roll",
      kind: "honor-roll-published",
      params: { campaign, winners: ["王芳", "李强"] },
      link: "/honor-roll",
    });
    await givenNotice(db, staff, { key: "http:vote", kind: "voting-opened", params: { campaign }, link: "/campaigns?from=notice" });
    // A link that would leave the site, as no use-case writes one: the table's own check lets it through.
    await sql`insert into notifications (event_key, kind, person_id, params, link)
      values ('http:away', 'congratulated', ${staff}, ${JSON.stringify({ from: "某人", title: "T", campaign: "C" })}::jsonb, '/\\evil.example/')`.execute(
      db,
    );
    await givenNotice(db, manager, { key: "http:manager", kind: "voting-opened", params: { campaign }, link: "/campaigns" });
    await givenNotice(db, committee, { key: "http:c1" });
    await givenNotice(db, committee, { key: "http:c2" });
    for (const row of await db.selectFrom("notifications").select(["id", "event_key"]).where("event_key", "like", "http:%").execute()) {
      ids[row.event_key.slice(5)] = String(row.id);
    }
  });
}, 240_000);

/** The bell as the header renders it: its accessible name and the count shown on it. */
function bellOf(html: string) {
  const a = /<a[^>]*class="bell[^"]*"[^>]*>[\s\S]*?<\/a>/.exec(html)?.[0];
  if (!a) return null;
  return { href: /href="([^"]*)"/.exec(a)?.[1], label: /aria-label="([^"]*)"/.exec(a)?.[1], shown: visibleText(a) };
}

describe("the bell", () => {
  test("a signed-in person sees their unread count, named for screen readers in their language; no bell when signed out", async () => {
    for (const language of ["en", "zh-CN"] as const) {
      const html = await (await (await signedIn("staff", language)).get("/people")).text();
      expect(bellOf(html)).toEqual({ href: "/notifications", label: t(language, "inbox.bell.unread", { count: 3 }), shown: "3" });
    }
    const admin = await (await (await signedIn("admin", "en")).get("/people")).text();
    expect(bellOf(admin)).toEqual({ href: "/notifications", label: "Notifications", shown: "" });
    expect(bellOf(await (await client(app.server).get("/login")).text())).toBeNull();
  });
});

describe("/notifications", () => {
  test("lists the person's own notices newest first, in their language, unread said in words, each linking through its id", async () => {
    for (const language of ["en", "zh-CN"] as const) {
      const html = await (await (await signedIn("staff", language)).get("/notifications")).text();
      const items = [...html.matchAll(/<li class="notice-item[^"]*">([\s\S]*?)<\/li>/g)].map((m) => m[1]);
      expect(items.map((i) => /href="([^"]*)"/.exec(i)?.[1])).toEqual([ids.away, ids.vote, ids.roll].map((id) => `/notifications/${id}`));
      expect(visibleText(items[1])).toContain(t(language, "notify.voting-opened.title", { campaign: campaign[language] }));
      expect(visibleText(items[1])).toContain(t(language, "notify.voting-opened.body.noClose", { campaign: campaign[language] }));
      expect(visibleText(items[2])).toContain(language === "en" ? "王芳 and 李强" : "王芳和李强");
      expect(items.every((i) => visibleText(i).startsWith(t(language, "inbox.unread")))).toBe(true);
      expect(html).toContain('href="/settings/notifications"');
      expect(visibleText(html)).toContain(t(language, "inbox.unreadCount", { count: "3" }));
      expect(html).not.toContain(ids.manager ? `/notifications/${ids.manager}"` : "never");
    }
  });

  test("someone with none is told what will appear there", async () => {
    const html = await (await (await signedIn("admin", "zh-CN")).get("/notifications")).text();
    expect(visibleText(html)).toContain(t("zh-CN", "inbox.empty"));
    expect(html).not.toContain(t("zh-CN", "inbox.markAllRead"));
  });

  test("signed out, the list and a notice ask to sign in first and come back", async () => {
    const anonymous = client(app.server);
    const r = await anonymous.get(`/notifications/${ids.vote}`);
    expect(r.status).toBe(302);
    expect(r.headers.get("location")).toBe(`/login?redirectTo=${encodeURIComponent(`/notifications/${ids.vote}`)}`);
    expect((await anonymous.get("/notifications")).headers.get("location")).toBe("/login?redirectTo=%2Fnotifications");
  });
});

describe("opening a notice", () => {
  test("someone else's is a 404, as one that does not exist, and stays unread", async () => {
    const staff = await signedIn("staff", "en");
    for (const id of [ids.manager, "99999999999", "abc"]) expect((await staff.get(`/notifications/${id}`)).status).toBe(404);
    expect((await staff.post("/notifications?index", { intent: "read", id: ids.manager })).status).toBe(404);
    expect(bellOf(await (await (await signedIn("manager", "en")).get("/people")).text())?.shown).toBe("1");
  });

  test("goes to the page it is about and marks it read; the request cannot say where to go", async () => {
    const staff = await signedIn("staff", "en");
    const r = await staff.get(`/notifications/${ids.vote}?redirectTo=https://evil.example/`);
    expect(r.status).toBe(302);
    expect(r.headers.get("location")).toBe("/campaigns?from=notice");
    expect(r.headers.get("cache-control")).toContain("no-store");
    const html = await (await staff.get("/notifications")).text();
    expect(bellOf(html)?.shown).toBe("2");
    const vote = /<li class="(notice-item[^"]*)">(?:(?!<\/li>)[\s\S])*?href="\/notifications\/(\d+)"/g;
    const classes = Object.fromEntries([...html.matchAll(vote)].map((m) => [m[2], m[1]]));
    expect(classes[ids.vote]).toBe("notice-item");
    expect(classes[ids.roll]).toBe("notice-item notice-item--unread");
  });

  test("a stored link that would leave the site goes to /notifications instead", async () => {
    const staff = await signedIn("staff", "en");
    const r = await staff.get(`/notifications/${ids.away}`);
    expect(r.status).toBe(302);
    expect(r.headers.get("location")).toBe("/notifications");
  });
});

describe("mark as read", () => {
  test("one, then all: each answers with a notice and the bell follows", async () => {
    const committee = await signedIn("committee", "zh-CN");
    expect(bellOf(await (await committee.get("/people")).text())?.shown).toBe("2");
    const one = await committee.post("/notifications?index", { intent: "read", id: ids.c1 });
    expect(one.status).toBe(302);
    expect(one.headers.get("location")).toBe("/notifications");
    let html = await (await committee.get("/notifications")).text();
    expect(visibleText(html)).toContain(t("zh-CN", "inbox.markedRead"));
    expect(bellOf(html)?.label).toBe(t("zh-CN", "inbox.bell.unread", { count: 1 }));
    const all = await committee.post("/notifications?index&page=2", { intent: "all" });
    expect(all.headers.get("location")).toBe("/notifications?page=2");
    html = await (await committee.get("/notifications")).text();
    expect(visibleText(html)).toContain(t("zh-CN", "inbox.markedAllRead"));
    expect(visibleText(html)).toContain(t("zh-CN", "inbox.allRead"));
    expect(bellOf(html)).toMatchObject({ label: t("zh-CN", "inbox.bell.none"), shown: "" });
    expect((await committee.post("/notifications?index", { intent: "everything" })).status).toBe(400);
  });
});

describe("the home page", () => {
  test("shows the newest unread notices, each opening through its id, and a link to them all", async () => {
    const html = await (await (await signedIn("staff", "en")).get("/")).text();
    const section = /<section aria-labelledby="notices-title"[\s\S]*?<\/section>/.exec(html)?.[0] ?? "";
    expect(visibleText(section)).toContain(t("en", "inbox.home.title"));
    // The one that would have left the site was opened above: only the roll's is unread.
    expect([...section.matchAll(/href="(\/notifications\/\d+)"/g)].map((m) => m[1])).toEqual([`/notifications/${ids.roll}`]);
    expect(visibleText(section)).toContain(t("en", "inbox.home.all", { count: "1" }));
    const committee = await (await (await signedIn("committee", "en")).get("/")).text();
    expect(committee).not.toContain('aria-labelledby="notices-title"');
  });
});

/** The page's inputs, each as its attributes. */
function inputsOf(html: string) {
  return [...html.matchAll(/<input([^>]*)>/g)].map((m) => {
    const attr = (name: string) => new RegExp(`\\s${name}="([^"]*)"`).exec(m[1])?.[1];
    return { name: attr("name"), type: attr("type"), value: attr("value"), checked: / checked=""/.test(m[1]), disabled: / disabled=""/.test(m[1]) };
  });
}

/** The settings form as a browser without script posts it: every row's kind, the ticked boxes, the chosen radio. */
function settingsForm(html: string, change: (fields: URLSearchParams) => void = () => {}) {
  const fields = new URLSearchParams();
  for (const input of inputsOf(html)) {
    if (!input.name || input.disabled) continue;
    if ((input.type === "checkbox" || input.type === "radio") && !input.checked) continue;
    fields.append(input.name, input.value ?? "on");
  }
  change(fields);
  return fields;
}

/** A row's field name ("kinds[3]") by its kind. */
const rowOf = (fields: URLSearchParams | ReturnType<typeof inputsOf>, kind: string) => {
  const entries = fields instanceof URLSearchParams ? [...fields.entries()] : fields.map((i) => [i.name ?? "", i.value ?? ""] as const);
  return entries.find(([k, v]) => k.endsWith(".kind") && v === kind)![0].replace(/\.kind$/, "");
};

const checked = (html: string, kind: string, box: "portal" | "email") => {
  const inputs = inputsOf(html);
  return inputs.some((i) => i.name === `${rowOf(inputs, kind)}.${box}` && i.checked);
};

describe("/settings/notifications", () => {
  test("shows every kind with its boxes; an action kind's portal box is ticked, disabled and explained", async () => {
    const staff = await signedIn("staff", "en");
    const html = await (await staff.get("/settings/notifications")).text();
    expect(visibleText(html)).toContain(t("en", "inbox.kind.nomination-returned"));
    expect(visibleText(html)).not.toContain(t("en", "inbox.kind.import-failed"));
    expect(html).toMatch(/<input type="checkbox" id="[^"]*" disabled="" aria-describedby="nomination-returned-fixed" checked=""/);
    expect(visibleText(html)).toContain(t("en", "inbox.settings.portalFixed"));
    expect(html).not.toContain('href="/admin/notifications"');
  });

  test("saves what was ticked; a posted 'off' for an action kind's portal is kept on", async () => {
    const staff = await signedIn("staff", "en");
    const before = await (await staff.get("/settings/notifications")).text();
    const form = settingsForm(before, (f) => {
      f.delete(`${rowOf(f, "congratulated")}.email`);
      f.delete(`${rowOf(f, "nomination-returned")}.email`);
      f.set("delivery", "digest");
      f.delete("quietHours");
    });
    const r = await staff.post("/settings/notifications", form);
    expect(r.status).toBe(302);
    const after = await (await staff.get("/settings/notifications")).text();
    expect(visibleText(after)).toContain(t("en", "inbox.settings.saved"));
    expect(checked(after, "congratulated", "email")).toBe(false);
    expect(checked(after, "congratulated", "portal")).toBe(true);
    expect(checked(after, "voting-opened", "email")).toBe(true);
    expect(inputsOf(after).find((i) => i.type === "radio" && i.checked)?.value).toBe("digest");
    expect(inputsOf(after).find((i) => i.name === "quietHours")?.checked).toBe(false);
    const rows = await withServerDatabase(app.server, async (db) =>
      db
        .selectFrom("notification_preferences")
        .select(["kind", "portal", "email"])
        .where("person_id", "=", await personId(db, demoAccount("staff").employeeNo))
        .orderBy("kind")
        .execute(),
    );
    expect(rows).toEqual([
      { kind: "congratulated", portal: true, email: false },
      { kind: "nomination-returned", portal: true, email: false },
    ]);
  });

  test("a form without how email arrives is refused in the reader's language, keeping what was ticked", async () => {
    const staff = await signedIn("staff", "zh-CN");
    const form = settingsForm(await (await staff.get("/settings/notifications")).text(), (f) => {
      f.delete("delivery");
      f.delete(`${rowOf(f, "voting-opened")}.portal`);
    });
    const r = await staff.post("/settings/notifications", form);
    expect(r.status).toBe(400);
    const html = await r.text();
    expect(visibleText(html)).toContain(t("zh-CN", "inbox.settings.delivery.required"));
    expect(checked(html, "voting-opened", "portal")).toBe(false);
    expect(checked(html, "publicity-started", "portal")).toBe(true);
  });
});

describe("/admin/notifications", () => {
  test("staff are refused reading or saving the organisation's defaults", async () => {
    const staff = await signedIn("staff", "en");
    expect((await staff.get("/admin/notifications")).status).toBe(403);
    expect((await staff.post("/admin/notifications", { "kinds[0].kind": "voting-opened" })).status).toBe(403);
  });

  test("an administrator finds them from the admin page and their settings, saves, and reads it in the audit log", async () => {
    const admin = await signedIn("admin", "en");
    expect(await (await admin.get("/admin")).text()).toContain('href="/admin/notifications"');
    expect(await (await admin.get("/settings/notifications")).text()).toContain('href="/admin/notifications"');
    const page = await (await admin.get("/admin/notifications")).text();
    expect(visibleText(page)).toContain(t("en", "inbox.kind.import-failed"));
    const form = settingsForm(page, (f) => f.delete(`${rowOf(f, "honor-roll-corrected")}.email`));
    const r = await admin.post("/admin/notifications", form);
    expect(r.status).toBe(302);
    const after = await (await admin.get("/admin/notifications")).text();
    expect(visibleText(after)).toContain(t("en", "inbox.defaults.saved"));
    expect(checked(after, "honor-roll-corrected", "email")).toBe(false);
    const audit = await (await admin.get("/admin/audit?action=notification.defaults_saved")).text();
    expect(visibleText(audit)).toContain(t("en", "admin.audit.action.notification.defaults_saved"));
  });
});
