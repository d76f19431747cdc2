import { describe, expect, test } from "vitest";
import { translate } from "../../app/i18n/all.server";
import { signedInClient, useServer, visibleText, type Client, type DemoRole } from "../support/server";

// The nomination pages over HTTP on the demo data: who reads what, and the
// committee's decision as a plain form post (no script).

const app = useServer();
const queue = "/campaigns/3-15-stars/review";

const signedIn = (role: DemoRole, language = "en") => signedInClient(app.server, role, language);

/** The nominations the queue offers to decide on, as page addresses. */
async function waitingNominations(committee: Client): Promise<string[]> {
  const html = await (await committee.get(queue)).text();
  return [...html.matchAll(/href="(\/campaigns\/3-15-stars\/nominations\/\d+)#decide"/g)].map((m) => m[1]);
}

describe("the committee queue", () => {
  test("lists the waiting nominations for the committee, each with a link to decide", async () => {
    const committee = await signedIn("committee");
    const response = await committee.get(queue);
    expect(response.status).toBe(200);
    const text = visibleText(await response.text());
    expect(text).toContain(translate("en", "review.title", { campaign: "3·15 Service Stars" }));
    expect((await waitingNominations(committee)).length).toBeGreaterThan(0);
  });

  test("is refused to a staff member, in their language", async () => {
    const staff = await signedIn("staff", "zh-CN");
    const response = await staff.get(queue);
    expect(response.status).toBe(403);
    expect(await response.text()).not.toContain("/nominations/");
  });
});

/** Where the decision form posts: the nomination page is an index route. */
const decisionAction = (page: string) => `${page}?index`;

describe("a nomination under review", () => {
  test("is a 404 for a staff member, and its decision form is not theirs to post", async () => {
    const committee = await signedIn("committee");
    const [page] = await waitingNominations(committee);
    const staff = await signedIn("staff");
    expect((await staff.get(page)).status).toBe(404);
    expect((await staff.post(decisionAction(page), { decision: "approve" })).status).toBe(404);
    // Still waiting: the staff member's post changed nothing.
    expect(await waitingNominations(committee)).toContain(page);
  });

  test("shows the committee its evidence and the decision form", async () => {
    const committee = await signedIn("committee");
    const [page] = await waitingNominations(committee);
    const html = await (await committee.get(page)).text();
    expect(html).toContain('id="decide"');
    expect(html).toContain(`action="${decisionAction(page)}"`);
    expect(html).toMatch(/<input[^>]*type="radio"[^>]*value="return"/);
    expect(visibleText(html)).toContain(translate("en", "nomination.citation"));
    expect(visibleText(html)).toContain(translate("en", "nomination.history.title"));
  });

  test("returning without a comment keeps the choice and says what is missing; with one it is returned", async () => {
    const committee = await signedIn("committee");
    const [page] = await waitingNominations(committee);
    const refused = await committee.post(decisionAction(page), { decision: "return", comment: "" });
    expect(refused.status).toBe(400);
    const html = await refused.text();
    expect(visibleText(html)).toContain(translate("en", "nominations.review.comment.returnRequired"));
    const returnRadio = html.match(/<input[^>]*value="return"[^>]*>/)?.[0];
    expect(returnRadio).toMatch(/\schecked/);

    const done = await committee.post(decisionAction(page), { decision: "return", comment: "Please add the October call-back figures." });
    expect(done.status).toBe(302);
    expect(done.headers.get("location")).toBe(page);
    const after = visibleText(await (await committee.get(page)).text());
    expect(after).toContain(translate("en", "review.decided.returned"));
    expect(after).toContain("Please add the October call-back figures.");
    expect(await waitingNominations(committee)).not.toContain(page);
  });
});

describe("the campaign and home pages", () => {
  test("the committee sees how many wait, on the campaign page and at home", async () => {
    const committee = await signedIn("committee");
    const campaign = await (await committee.get("/campaigns/3-15-stars")).text();
    expect(campaign).toContain(`href="${queue}"`);
    const home = await (await committee.get("/")).text();
    expect(home).toContain(`href="${queue}"`);
  });

  test("a staff member sees no nominations of a campaign under review", async () => {
    const staff = await signedIn("staff");
    const html = await (await staff.get("/campaigns/3-15-stars")).text();
    expect(html).not.toMatch(/\/campaigns\/3-15-stars\/nominations\/\d+/);
    expect(visibleText(html)).toContain(translate("en", "review.campaign.listed.empty"));
  });
});
