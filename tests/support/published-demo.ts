/**
 * The demo's closed campaign taken to publication over HTTP, as its people
 * would: the committee ratifies every title as proposed (with a reason at a
 * tie), the publicity period is ended (a test cannot wait five days), and the
 * administrator publishes. For HTTP and browser tests against a test server.
 *
 *   const winners = await ratifyDemoCampaign(app.server);   // closed → ratified; returns the winners
 *   await publishDemoCampaign(app.server);                  // ends the publicity period, publishes
 *   await givePassword(app.server, winner.employeeNo, "…");  // a generated demo person can then sign in
 */
import pg from "pg";
import { createDb } from "../../db/client";
import { votingDemoCampaigns } from "../../db/seed/voting";
import { client, demoAccount, type Client, type TestServer } from "./server";

/**
 * The demo campaign that is closed and awaiting ratification. Another branch
 * renames it to "2026-10" (and makes "2026-q3" a published one): when that
 * lands, change this one line.
 */
export const closedDemoCampaign = "2026-q3";

/** Its names as the demo data gives them (so a rename there needs no change here). */
export function demoCampaignNames(slug = closedDemoCampaign): { nameZh: string; nameEn: string } {
  const found = votingDemoCampaigns.find((c) => c.input.slug === slug);
  if (!found) throw new Error(`db/seed/voting.ts has no demo campaign ${slug}`);
  return { nameZh: found.input.nameZh, nameEn: found.input.nameEn };
}

export interface DemoWinner {
  nominationId: number;
  titleSlug: string;
  employeeNo: string;
  name: string;
}

async function signedIn(server: Pick<TestServer, "url">, role: Parameters<typeof demoAccount>[0]): Promise<Client> {
  const c = client(server, { language: "en" });
  await c.signIn(demoAccount(role));
  return c;
}

/** The committee ratifies every title not yet ratified, as the results page proposes; returns every winner with their employee number. */
export async function ratifyDemoCampaign(server: Pick<TestServer, "url">, slug = closedDemoCampaign): Promise<DemoWinner[]> {
  const committee = await signedIn(server, "committee");
  const results = `/campaigns/${slug}/results`;
  const html = await (await committee.get(results)).text();
  for (const m of html.matchAll(/<form[^>]*id="ratify-([a-z0-9-]+)"/g)) {
    const form = html.slice(m.index, html.indexOf("</form>", m.index));
    const body = new URLSearchParams({ intent: "ratify", title: m[1], tieReason: "Equal votes: the committee chose by the evidence." });
    for (const x of form.matchAll(/<input(?=[^>]*checked)[^>]*type="checkbox"[^>]*value="(\d+)"/g)) body.append("nominationIds", x[1]);
    const r = await committee.post(results, body);
    if (r.status !== 302) throw new Error(`ratifying ${m[1]} in ${slug} answered ${r.status}`);
  }
  const after = await (await committee.get(results)).text();
  const winners: DemoWinner[] = [];
  const sections = [...after.matchAll(/<section[^>]*id="title-([a-z0-9-]+)"/g)];
  for (const [i, s] of sections.entries()) {
    const section = after.slice(s.index, sections[i + 1]?.index ?? after.length);
    const list = section.slice(section.indexOf("results__winner-list"));
    for (const n of new Set([...list.matchAll(/href="\/campaigns\/[^/"]+\/nominations\/(\d+)"/g)].map((x) => Number(x[1])))) {
      const page = await (await committee.get(`/campaigns/${slug}/nominations/${n}`)).text();
      const nominees = page.slice(page.indexOf('class="nominee-list"'), page.indexOf("</ul>", page.indexOf('class="nominee-list"')));
      for (const p of nominees.matchAll(/href="\/people\/([^"]+)"[^>]*>([^<]+)</g)) winners.push({ nominationId: n, titleSlug: s[1], employeeNo: p[1], name: p[2] });
    }
  }
  if (winners.length === 0) throw new Error(`no winners found in ${slug} after ratification`);
  return winners;
}

/**
 * Ends the campaign's publicity period now. On PostgreSQL straight in the
 * server's database; on PGlite (one process owns the folder) the server is
 * stopped, the folder opened and changed, and the server started again on
 * the same port and data (sessions survive: they live in the database).
 */
export async function endPublicity(server: TestServer, slug = closedDemoCampaign): Promise<void> {
  if (server.kind === "pg") {
    const c = new pg.Client({ connectionString: server.databaseUrl });
    await c.connect();
    try {
      await c.query("update campaigns set publicity_ends_at = now() - interval '1 minute' where slug = $1", [slug]);
    } finally {
      await c.end();
    }
    return;
  }
  await server.kill("SIGTERM");
  const handle = await createDb({ dataDir: server.dataDir! });
  try {
    await handle.db.updateTable("campaigns").set({ publicity_ends_at: new Date(Date.now() - 60_000) }).where("slug", "=", slug).execute();
  } finally {
    await handle.close();
  }
  await server.restart();
}

/** Ends the publicity period and publishes the ratified campaign as the administrator (default photo and metric choices). */
export async function publishDemoCampaign(server: TestServer, slug = closedDemoCampaign): Promise<void> {
  await endPublicity(server, slug);
  const admin = await signedIn(server, "admin");
  const r = await admin.post(`/admin/campaigns/${slug}`, { intent: "move", to: "published" });
  if (r.status !== 302) throw new Error(`publishing ${slug} answered ${r.status}`);
}

/** Gives a person (demo staff have no password) a password, through the administrator's one-time link. */
export async function givePassword(server: Pick<TestServer, "url">, employeeNo: string, password: string): Promise<void> {
  const admin = await signedIn(server, "admin");
  const issued = await (await admin.post(`/admin/people/${employeeNo}`, { intent: "password-link" })).text();
  const token = /\/password\/([A-Za-z0-9_-]+)/.exec(issued)?.[1];
  if (!token) throw new Error(`no password link issued for ${employeeNo}`);
  const set = await client(server).post(`/password/${token}`, { password, confirm: password });
  if (set.status !== 302) throw new Error(`setting the password of ${employeeNo} answered ${set.status}`);
}
