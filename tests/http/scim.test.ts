import { describe, expect, test } from "vitest";
import { client, signedInClient, startServer, useServer, type TestServer } from "../support/server";

// SCIM 2.0 provisioning over HTTP (issue 18 item 4, decision 0047): the
// identity system's view, with a token created on /admin/scim.

const app = useServer();
const onPostgres = Boolean(process.env.TEST_DATABASE_URL);
const enterprise = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
const userSchemas = ["urn:ietf:params:scim:schemas:core:2.0:User", enterprise];

async function newToken(server: TestServer, name = "Entra ID"): Promise<{ token: string; id: string }> {
  const admin = await signedInClient(server, "admin");
  const html = await (await admin.post("/admin/scim", { intent: "create", name })).text();
  const token = /data-testid="scim-token"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*data-testid="scim-token"/.exec(html);
  const value = token?.[1] ?? token?.[2];
  if (!value) throw new Error("no token shown on /admin/scim");
  const list = await (await admin.get("/admin/scim")).text();
  const id = [...list.matchAll(/name="id" value="(\d+)"/g)].map((m) => m[1])[0]; // newest first
  return { token: value, id: id! };
}

function scim(server: TestServer, token: string) {
  const call = async (method: string, path: string, body?: unknown) => {
    const r = await fetch(`${server.url}/scim/v2${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { "content-type": "application/scim+json" }) },
      body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
    });
    const text = await r.text();
    if (text && !r.headers.get("content-type")?.includes("scim+json"))
      throw new Error(`${method} ${path}: ${r.status} ${text.slice(0, 200)}\n${server.logs().slice(-3000)}`);
    return { status: r.status, type: r.headers.get("content-type") ?? "", body: text ? JSON.parse(text) : null };
  };
  return call;
}

const person = (employeeNo: string, unit: string, extra: Record<string, unknown> = {}) => ({
  schemas: userSchemas,
  userName: employeeNo,
  displayName: `测试${employeeNo}`,
  emails: [{ value: `${employeeNo.toLowerCase()}@example.com`, type: "work", primary: true }],
  title: "Agent",
  externalId: `ext-${employeeNo}`,
  [enterprise]: { employeeNumber: employeeNo, department: unit },
  ...extra,
});

describe("SCIM provisioning", () => {
  test("a user's life: created, moved to another unit, deactivated — their session ends and the record stays", async () => {
    const { token } = await newToken(app.server);
    const call = scim(app.server, token);
    const created = await call("POST", "/Users", person("SC0001", "GD.HR"));
    expect(created.status).toBe(201);
    expect(created.type).toContain("application/scim+json");
    expect(created.body[enterprise]).toEqual({ employeeNumber: "SC0001", department: "GD.HR" });
    const id = created.body.id as string;

    // Give them a password through the admin's one-time link, and sign in.
    const admin = await signedInClient(app.server, "admin");
    const issued = await (await admin.post("/admin/people/SC0001", { intent: "password-link" })).text();
    const link = /\/password\/([A-Za-z0-9_-]+)/.exec(issued)![0];
    const password = "a-long-scim-passphrase-42";
    expect((await client(app.server).post(link, { password, confirm: password })).status).toBe(302);
    const them = client(app.server);
    await them.signIn("SC0001", password);
    expect((await them.get("/people")).status).toBe(200);

    const moved = await call("PATCH", `/Users/${id}`, {
      schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
      Operations: [{ op: "replace", path: `${enterprise}:department`, value: "GD" }],
    });
    expect(moved.status).toBe(200);
    expect(moved.body[enterprise].department).toBe("GD");
    expect((await them.get("/people")).status).toBe(200);

    // Entra ID's way: a string "False".
    const off = await call("PATCH", `/Users/${id}`, {
      schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
      Operations: [{ op: "replace", path: "active", value: "False" }],
    });
    expect(off.status).toBe(200);
    expect(off.body.active).toBe(false);
    const after = await them.get("/people");
    expect(after.status).toBe(302);
    expect(after.headers.get("location")).toContain("/login");
    expect((await call("GET", `/Users/${id}`)).body.active).toBe(false);

    // DELETE deactivates too, and keeps the record.
    const other = await call("POST", "/Users", person("SC0002", "GD"));
    expect((await call("DELETE", `/Users/${other.body.id}`)).status).toBe(204);
    const kept = await call("GET", `/Users/${other.body.id}`);
    expect(kept.status).toBe(200);
    expect(kept.body.active).toBe(false);
  });

  test("a group grants the committee role to its members and takes it back when they leave the group", async () => {
    const { token } = await newToken(app.server);
    const call = scim(app.server, token);
    const u = await call("POST", "/Users", person("SC0101", "GD"));
    const g = await call("POST", "/Groups", {
      schemas: ["urn:ietf:params:scim:schemas:core:2.0:Group"],
      displayName: "Awards committee",
      members: [{ value: u.body.id }],
    });
    expect(g.status).toBe(201);
    expect(g.body.members.map((m: { value: string }) => m.value)).toEqual([u.body.id]);
    const admin = await signedInClient(app.server, "admin", "en");
    expect(await (await admin.get("/admin/people/SC0101")).text()).toMatch(/committee/i);

    const out = await call("PATCH", `/Groups/${g.body.id}`, {
      schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
      Operations: [{ op: "remove", path: `members[value eq "${u.body.id}"]` }],
    });
    expect(out.status).toBe(200);
    expect(out.body.members ?? []).toEqual([]);
    const found = await call("GET", `/Groups?filter=${encodeURIComponent('displayName eq "Awards committee"')}`);
    expect(found.body.totalResults).toBe(1);
    const audit = await (await admin.get("/admin/audit?subject=SC0101")).text();
    expect(audit).toContain("Removed a role");
    expect(audit).toContain("Granted a role");
  });

  test("filters by userName, externalId and email, and pages", async () => {
    const { token } = await newToken(app.server);
    const call = scim(app.server, token);
    for (const n of ["SC0201", "SC0202", "SC0203"]) expect((await call("POST", "/Users", person(n, "GD"))).status).toBe(201);
    const q = (filter: string) => call("GET", `/Users?filter=${encodeURIComponent(filter)}`);
    expect((await q('userName eq "sc0202"')).body.Resources.map((r: { userName: string }) => r.userName)).toEqual(["SC0202"]);
    expect((await q('externalId eq "ext-SC0203"')).body.Resources.map((r: { userName: string }) => r.userName)).toEqual(["SC0203"]);
    expect((await q('emails.value eq "SC0201@example.com"')).body.Resources.map((r: { userName: string }) => r.userName)).toEqual(["SC0201"]);
    expect((await q('userName eq "nobody"')).body).toMatchObject({ totalResults: 0, Resources: [] });

    const all = await call("GET", "/Users?startIndex=1&count=1000");
    const total = all.body.totalResults as number;
    expect(total).toBeGreaterThan(3);
    const page = await call("GET", "/Users?startIndex=2&count=2");
    expect(page.body).toMatchObject({ startIndex: 2, itemsPerPage: 2, totalResults: total });
    expect(page.body.Resources.map((r: { id: string }) => r.id)).toEqual(all.body.Resources.slice(1, 3).map((r: { id: string }) => r.id));
  });

  test("bad input answers SCIM errors and changes nothing", async () => {
    const { token } = await newToken(app.server);
    const call = scim(app.server, token);
    const bad = await call("GET", `/Users?filter=${encodeURIComponent("userName zz 1")}`);
    expect(bad.status).toBe(400);
    expect(bad.type).toContain("application/scim+json");
    expect(bad.body).toMatchObject({ schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"], scimType: "invalidFilter", status: "400" });

    expect((await call("POST", "/Users", person("SC0301", "GD"))).status).toBe(201);
    const twice = await call("POST", "/Users", person("SC0301", "GD", { emails: [], externalId: "other" }));
    expect(twice.status).toBe(409);
    expect(twice.body.scimType).toBe("uniqueness");

    const unknownUnit = await call("POST", "/Users", person("SC0302", "NO.SUCH.UNIT"));
    expect(unknownUnit.status).toBe(400);
    expect(unknownUnit.body.scimType).toBe("invalidValue");
    expect((await call("GET", `/Users?filter=${encodeURIComponent('userName eq "SC0302"')}`)).body.totalResults).toBe(0);

    expect((await call("POST", "/Users", "{not json")).body.scimType).toBe("invalidSyntax");
  });

  test("a body over the size limit is a SCIM error (413, application/scim+json), whether it says its size or streams it; nothing is created", async () => {
    const { token } = await newToken(app.server, "Big");
    const big = JSON.stringify(person("SC0501", "GD", { displayName: "大".repeat(1024 * 1024) }));
    const send = (body: BodyInit, extra: RequestInit = {}) =>
      fetch(`${app.server.url}/scim/v2/Users`, {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/scim+json" },
        body,
        ...extra,
      });
    const streamed = () =>
      new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(new TextEncoder().encode(big));
          controller.close();
        },
      });
    for (const [how, response] of [
      ["with Content-Length", await send(big)],
      ["chunked", await send(streamed(), { duplex: "half" } as RequestInit)],
    ] as const) {
      expect(response.status, how).toBe(413);
      expect(response.headers.get("content-type"), how).toContain("application/scim+json");
      expect(await response.json(), how).toMatchObject({ schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"], status: "413" });
    }
    expect((await scim(app.server, token)("GET", `/Users?filter=${encodeURIComponent('userName eq "SC0501"')}`)).body.totalResults).toBe(0);
    // What never reaches the route is answered the same way: a URL the server cannot decode.
    const broken = await fetch(`${app.server.url}/scim/v2/Users/%E0%A4%A`, { headers: { authorization: `Bearer ${token}` } });
    expect([broken.status, broken.headers.get("content-type")]).toEqual([400, "application/scim+json; charset=utf-8"]);
    expect(await broken.json()).toMatchObject({ schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"], status: "400" });
  });

  test("a token revoked mid-way is refused from the next request on; the discovery endpoints answer", async () => {
    const { token, id } = await newToken(app.server, "Okta");
    const call = scim(app.server, token);
    expect((await call("GET", "/ServiceProviderConfig")).body.patch.supported).toBe(true);
    expect((await call("GET", "/ResourceTypes")).status).toBe(200);
    expect((await call("GET", "/Schemas")).status).toBe(200);
    const admin = await signedInClient(app.server, "admin");
    expect((await admin.post("/admin/scim", { intent: "revoke", id })).status).toBe(302);
    const refused = await call("POST", "/Users", person("SC0401", "GD"));
    expect(refused.status).toBe(401);
    expect((await scim(app.server, "not-a-token-at-all-000000")("GET", "/Users")).status).toBe(401);
  });

  if (!onPostgres)
    process.stderr.write("\n[tests] SKIPPED: a SCIM deactivation seen by a second app instance needs TEST_DATABASE_URL (PGlite is one process).\n");
  test.skipIf(!onPostgres)(
    "two app instances on one PostgreSQL: a deactivation through one ends the person's session on the other",
    async () => {
      const b = await startServer({ shareDatabaseWith: app.server });
      try {
        const { token } = await newToken(app.server, "Okta");
        const call = scim(app.server, token);
        const created = await call("POST", "/Users", person("SC0901", "GD"));
        expect(created.status).toBe(201);
        const admin = await signedInClient(b, "admin");
        const link = /\/password\/([A-Za-z0-9_-]+)/.exec(await (await admin.post("/admin/people/SC0901", { intent: "password-link" })).text())![0];
        const password = "another-scim-passphrase-7";
        expect((await client(b).post(link, { password, confirm: password })).status).toBe(302);
        const onB = client(b);
        await onB.signIn("SC0901", password);
        expect((await onB.get("/people")).status).toBe(200);

        expect(
          (
            await call("PATCH", `/Users/${created.body.id}`, {
              schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
              Operations: [{ op: "replace", path: "active", value: false }],
            })
          ).status,
        ).toBe(200);
        const after = await onB.get("/people");
        expect(after.status).toBe(302);
        expect(after.headers.get("location")).toContain("/login");
      } finally {
        await b.stop();
      }
    },
    180_000,
  );
});
