import { describe, expect, test } from "vitest";
import { passwordRules } from "../../app/domain/auth/password-rules";
import { translate } from "../../app/i18n/all.server";
import { client, signedInClient, useServer, visibleText } from "../support/server";

const app = useServer();

/** A featured demo person without an account (app/demo gives passwords to the demo accounts only). */
const newcomer = "GD000005";

async function passwordLink(): Promise<string> {
  const admin = await signedInClient(app.server, "admin");
  const issued = await (await admin.post(`/admin/people/${newcomer}`, { intent: "password-link" })).text();
  const token = /\/password\/([A-Za-z0-9_-]+)/.exec(issued)?.[1];
  if (!token) throw new Error(`no password link issued for ${newcomer}`);
  return `/password/${token}`;
}

/** The error shown under the field whose input has this name, if any. */
function fieldError(html: string, name: string): string | null {
  const input = new RegExp(`<input[^>]*name="${name}"[^>]*aria-describedby="([^"]+)"`).exec(html);
  if (!input) return null;
  const ids = input[1].split(/\s+/);
  for (const id of ids) {
    const error = new RegExp(`<p class="field-error" id="${id}">([^<]*)</p>`).exec(html);
    if (error) return error[1];
  }
  return null;
}

describe("choosing a password on the one-time link's page", () => {
  test.each([
    ["zh-CN", "password12", "auth.setPassword.common"],
    ["en", "woaini1314", "auth.setPassword.common"],
    ["en", `my-${newcomer.toLowerCase()}-pass`, "auth.setPassword.employeeNo"],
  ] as const)("in %s, %s is refused with the reason next to the password field; nothing typed comes back", async (language, password, reason) => {
    const page = await passwordLink();
    const response = await client(app.server, { language }).post(page, { password, confirm: password });
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(fieldError(html, "password")).toBe(translate(language, reason));
    expect(html).not.toContain(password);
    // The link was not used up: the page still shows the form.
    const again = await client(app.server, { language }).get(page);
    expect(visibleText(await again.text())).not.toContain(translate(language, "auth.linkInvalid"));
  });

  test.each(["zh-CN", "en"] as const)("in %s, a too-short password is refused with the minimum written out, not a raw {min}", async (language) => {
    const page = await passwordLink();
    const response = await client(app.server, { language }).post(page, { password: "short", confirm: "short" });
    expect(response.status).toBe(400);
    const error = fieldError(await response.text(), "password");
    expect(error).toBe(translate(language, "auth.setPassword.tooShort", { min: passwordRules.min }));
    expect(error).not.toContain("{");
  });

  test("the list of common passwords never reaches the browser", async () => {
    const page = await passwordLink();
    const html = await (await client(app.server).get(page)).text();
    const scripts = [...html.matchAll(/(?:src|href)="(\/build\/[^"]+\.js)"/g)].map((m) => m[1]);
    expect(scripts.length).toBeGreaterThan(0);
    for (const script of new Set(scripts)) {
      const js = await (await client(app.server).get(script)).text();
      expect(js, script).not.toContain("woaini1314");
      expect(js, script).not.toContain("qwertyuiop");
    }
  });

  test("a good password is saved and signs in", async () => {
    const page = await passwordLink();
    const set = await client(app.server).post(page, { password: "plum kettle orbit 7", confirm: "plum kettle orbit 7" });
    expect(set.status).toBe(302);
    const person = client(app.server);
    expect((await person.signIn(newcomer, "plum kettle orbit 7")).status).toBe(302);
  });
});
