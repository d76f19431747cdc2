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
import { demoPeople } from "../../app/demo/people";
import { votingDemoCampaigns } from "../../app/demo/voting";
import { endPublicity, ratifyAllOverHttp } from "./publish";
import { client, signedInClient, type DemoRole, type TestServer } from "./server";

/** The demo campaign that is closed and awaiting ratification (app/demo/voting.ts). */
export const closedDemoCampaign = "2026-10";

/** Its names as the demo data gives them (so a rename there needs no change here). */
export function demoCampaignNames(slug = closedDemoCampaign): { nameZh: string; nameEn: string } {
  const found = votingDemoCampaigns.find((c) => c.input.slug === slug);
  if (!found) throw new Error(`app/demo/voting.ts has no demo campaign ${slug}`);
  return { nameZh: found.input.nameZh, nameEn: found.input.nameEn };
}

/**
 * The committee member who decides with the demo committee account (the seed's
 * choice: the first other active member of the committee by employee number).
 * Demo staff have no password: give them one (givePassword) to sign in.
 */
export function demoCommitteeColleague(): { employeeNo: string; name: string } {
  const p = demoPeople().find(
    (x) => x.employeeNo !== "GD000003" && x.leftAt === null && x.roles.some((r) => r.role === "committee" && r.unit === null),
  );
  if (!p) throw new Error("the demo data has no second committee member");
  return { employeeNo: p.employeeNo, name: p.name };
}

export interface DemoWinner {
  nominationId: number;
  titleSlug: string;
  employeeNo: string;
  name: string;
}

const signedIn = (server: Pick<TestServer, "url">, role: DemoRole) => signedInClient(server, role, "en");

/** The committee ratifies every title not yet ratified, as the results page proposes; returns every winner with their employee number. */
export async function ratifyDemoCampaign(server: Pick<TestServer, "url">, slug = closedDemoCampaign): Promise<DemoWinner[]> {
  const committee = await signedIn(server, "committee");
  const results = `/campaigns/${slug}/results`;
  const statuses = await ratifyAllOverHttp(committee, slug, "Equal votes: the committee chose by the evidence.");
  if (statuses.some((status) => status !== 302)) throw new Error(`ratifying ${slug} answered ${statuses.join(", ")}`);
  const after = await (await committee.get(results)).text();
  const winners: DemoWinner[] = [];
  const sections = [...after.matchAll(/<section[^>]*id="title-([a-z0-9-]+)"/g)];
  for (const [i, s] of sections.entries()) {
    const section = after.slice(s.index, sections[i + 1]?.index ?? after.length);
    const list = section.slice(section.indexOf("results__winner-list"));
    for (const n of new Set([...list.matchAll(/href="\/campaigns\/[^/"]+\/nominations\/(\d+)"/g)].map((x) => Number(x[1])))) {
      const page = await (await committee.get(`/campaigns/${slug}/nominations/${n}`)).text();
      const nominees = page.slice(page.indexOf('class="nominee-list"'), page.indexOf("</ul>", page.indexOf('class="nominee-list"')));
      for (const p of nominees.matchAll(/href="\/people\/([^"]+)"[^>]*>([^<]+)</g))
        winners.push({ nominationId: n, titleSlug: s[1], employeeNo: p[1], name: p[2] });
    }
  }
  if (winners.length === 0) throw new Error(`no winners found in ${slug} after ratification`);
  return winners;
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
