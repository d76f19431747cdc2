import { beforeAll, describe, expect, test } from "vitest";
import { allAreas } from "../../app/i18n/areas";
import { admin } from "../../app/i18n/messages/admin";
import { auth } from "../../app/i18n/messages/auth";
import { campaigns } from "../../app/i18n/messages/campaigns";
import { common } from "../../app/i18n/messages/common";
import { evidence } from "../../app/i18n/messages/evidence";
import { honorRoll } from "../../app/i18n/messages/honor-roll";
import { inbox } from "../../app/i18n/messages/inbox";
import { publish } from "../../app/i18n/messages/publish";
import { results } from "../../app/i18n/messages/results";
import { review } from "../../app/i18n/messages/review";
import { sharing } from "../../app/i18n/messages/sharing";
import { voting } from "../../app/i18n/messages/voting";
import { client, signedInClient, useServer, type Client } from "../support/server";

// What the browser downloads of the dictionaries: each page's scripts (the
// ones its HTML names) carry the common area and the areas its routes name
// in their handles, and no other (app/i18n/page.ts). Checked on the built
// app, by the keys each script holds.

const app = useServer();
let staff: Client;
let administrator: Client;

beforeAll(async () => {
  [staff, administrator] = await Promise.all([signedInClient(app.server, "staff"), signedInClient(app.server, "admin")]);
}, 120_000);

type Area = (typeof allAreas)[number];
/** Each area by its first key ("app.name" for common): unique, and readable in a failure. */
const names = new Map<Area, string>(allAreas.map((area) => [area, Object.keys(area.en)[0]]));

/** The areas whose messages the page's scripts hold: an area is there when any of its keys is (as a property name). */
async function areasInScripts(who: Client, pathname: string): Promise<string[]> {
  const page = await who.get(pathname);
  expect(page.status, pathname).toBe(200);
  const html = await page.text();
  const scripts = [...new Set([...html.matchAll(/(?:href|src)="(\/build\/[^"]+\.js)"/g)].map((m) => m[1]))];
  expect(scripts.length, `scripts of ${pathname}`).toBeGreaterThan(0);
  const code = (await Promise.all(scripts.map(async (src) => (await who.get(src)).text()))).join("\n");
  return allAreas
    .filter((area) => Object.keys(area.en).some((key) => code.includes(`"${key}":`)))
    .map((area) => names.get(area)!)
    .sort();
}

const expected = (...areas: Area[]) => [common, ...areas].map((area) => names.get(area)!).sort();

describe("a page's scripts carry only the dictionaries it uses", () => {
  test("the sign-in page: common and sign-in", async () => {
    expect(await areasInScripts(client(app.server), "/login")).toEqual(expected(auth));
  });

  test("the ballot: common, voting, the evidence on its cards and the receipts' words of results — no admin, import or publishing", async () => {
    expect(await areasInScripts(staff, "/campaigns/2026-11/vote")).toEqual(expected(voting, evidence, results));
  });

  test("the home page", async () => {
    expect(await areasInScripts(staff, "/")).toEqual(expected(campaigns, review, voting, results, publish, inbox));
  });

  test("the honour rolls' list", async () => {
    expect(await areasInScripts(staff, "/honor-roll")).toEqual(expected(honorRoll, sharing));
  });

  test("the audit log, for an administrator", async () => {
    expect(await areasInScripts(administrator, "/admin/audit")).toEqual(expected(admin));
  });
});
