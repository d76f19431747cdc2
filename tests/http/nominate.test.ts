import { describe, expect, test } from "vitest";
import { bombPng, heic, htmlNamedJpg, hugeFile, phoneJpeg, svg, truncatedJpeg } from "../fixtures/media/images";
import { type MessageKey, type Vars } from "../../app/i18n";
import { translate } from "../../app/i18n/all.server";
import { client, demoPassword, useServer, visibleText, type Client } from "../support/server";

// The nomination form over HTTP, as a browser without JavaScript posts it.

const app = useServer();
const manager = "manager.hotline@demo.example";

async function signedIn(identifier: string): Promise<Client> {
  const c = client(app.server, { language: "en" });
  await c.signIn(identifier, demoPassword);
  return c;
}

/** A multipart post from our own page, like the form sends. */
function postMultipart(c: Client, path: string, form: FormData) {
  return c.request(path, { method: "POST", body: form, headers: { origin: app.server.url, "sec-fetch-site": "same-origin" } });
}

function nominationFields(extra: Record<string, string> = {}) {
  const form = new FormData();
  const fields = {
    title: "best-service-star",
    kind: "individual",
    "nominees[0]": "GD000004",
    citation: "Answers every call as if it were the only one.",
    "stories[0].heading": "A call at 2 a.m.",
    "stories[0].body": "An old man called about a cut line.\n\n- listened\n- sent a crew",
    intent: "save",
    ...extra,
  };
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  return form;
}

describe("the nomination form", () => {
  test("a manager gets the form; staff are refused", async () => {
    const c = await signedIn(manager);
    const page = await c.get("/campaigns/2026-q4/nominate");
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toMatch(/enctype="multipart\/form-data"/i);
    expect(html).toContain('name="newPhotos"');
    const staff = client(app.server, { language: "en" });
    await staff.signIn("GD000004", demoPassword);
    expect((await staff.get("/campaigns/2026-q4/nominate")).status).toBe(403);
  });

  test("the nominee search answers JSON within the manager's scope", async () => {
    const c = await signedIn(manager);
    const response = await c.get("/campaigns/2026-q4/nominees?q=GD000004");
    expect(response.headers.get("content-type")).toMatch(/json/);
    const body = (await response.json()) as { people: Array<{ employeeNo: string }> };
    expect(body.people.map((p) => p.employeeNo)).toEqual(["GD000004"]);
  });

  test("an SVG among the photos is refused by name, nothing is saved, and what was typed comes back with the good photo attached", async () => {
    const c = await signedIn(manager);
    const form = nominationFields();
    form.append("newPhotos", new File([new Uint8Array(await phoneJpeg())], "photo.jpg", { type: "image/jpeg" }));
    form.append("newPhotos", new File([new Uint8Array(svg())], "scan.svg", { type: "image/svg+xml" }));
    const response = await postMultipart(c, "/campaigns/2026-q4/nominate", form);
    expect(response.status).toBe(400);
    const html = await response.text();
    const text = visibleText(html);
    expect(text).toContain("scan.svg: SVG drawings are not accepted");
    expect(html).toContain("Answers every call as if it were the only one.");
    expect(html).toMatch(/name="photos\[0\]\.mediaId"[^>]*value="\d+"|value="\d+"[^>]*name="photos\[0\]\.mediaId"/);
    expect(html).toMatch(/<img[^>]+src="\/media\//);
  });

  test("a valid draft is saved and the manager is sent to the nomination with a notice", async () => {
    const c = await signedIn(manager);
    const form = nominationFields({ "nominees[0]": "GD000007" });
    form.append("newPhotos", new File([], "", { type: "application/octet-stream" }));
    const response = await postMultipart(c, "/campaigns/2026-q4/nominate", form);
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toMatch(/^\/campaigns\/2026-q4\/nominations\/\d+$/);
    const edit = await c.get(`${response.headers.get("location")}/edit`);
    expect(edit.status).toBe(200);
    expect(await edit.text()).toContain('value="GD000007"');
  });

  test("an unknown nominee is said next to the nominee field, and the form is kept", async () => {
    const c = await signedIn(manager);
    const response = await postMultipart(c, "/campaigns/2026-q4/nominate", nominationFields({ "nominees[0]": "Nobody Atall" }));
    expect(response.status).toBe(400);
    const text = visibleText(await response.text());
    expect(text).toContain("Nobody you can nominate is called or numbered “Nobody Atall”");
  });
});

// Each bad file of the issue, in the manager's language, on the nomination
// form: the file is named with its own reason, and the citation comes back.
describe.each([
  ["scan.svg", () => svg(), "media.upload.svg", undefined],
  ["invoice.jpg", () => htmlNamedJpg(), "media.upload.notImage", undefined],
  ["IMG_0001.heic", () => heic(), "media.upload.heic", undefined],
  ["bomb.png", () => bombPng(), "media.upload.tooManyPixels", { max: 40 }],
  ["cut-off.jpg", () => truncatedJpeg(), "media.upload.damaged", undefined],
  ["huge.jpg", () => hugeFile(), "media.upload.tooLarge", { max: 15 }],
] as Array<[string, () => Buffer | Promise<Buffer>, MessageKey, Vars | undefined]>)(
  "a bad photo on the nomination form: %s",
  (name, bytes, key, vars) => {
    test("is refused by name with its own reason in Chinese, and the text typed comes back", async () => {
      const c = client(app.server, { language: "zh-CN" });
      await c.signIn(manager, demoPassword);
      const form = nominationFields({ "nominees[0]": "GD000008", citation: "春节坚守话务台。" });
      form.append("newPhotos", new File([new Uint8Array(await bytes())], name, { type: "image/jpeg" }));
      const response = await postMultipart(c, "/campaigns/2026-q4/nominate", form);
      expect(response.status).toBe(400);
      const html = await response.text();
      expect(visibleText(html)).toContain(`${name}: ${translate("zh-CN", key, vars)}`);
      expect(html).toContain("春节坚守话务台。");
    });
  },
);
