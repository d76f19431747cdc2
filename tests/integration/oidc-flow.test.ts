import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { beginOidc, completeOidc, verifyLogoutToken, type OidcFlow } from "../../app/domain/identity/oidc.server";
import { readIdentitySettings, type OidcSettings } from "../../app/domain/identity/settings";
import { signInWithCompanyAccount } from "../../app/domain/identity/sso.server";
import { givenPerson, givenUnit } from "../support/builders";
import { createTestDb, type TestDb } from "../support/db";
import { startOidcProvider, type TestOidcProvider } from "../support/oidc-provider";
import { closedPort } from "../support/ports";
import { value } from "../support/result";

// OpenID Connect against a real provider (oidc-provider on a free port): the
// authorization code flow with PKCE, state and nonce through openid-client,
// and what it refuses when the provider's answer is spoiled on the way.

const appUrl = "http://127.0.0.1:9"; // the callback is never fetched: the test carries the provider's redirect itself
let idp: TestOidcProvider;
let settings: OidcSettings;
let t: TestDb;

beforeAll(async () => {
  idp = await startOidcProvider({ appUrl });
  settings = readIdentitySettings({ ...idp.env, PUBLIC_URL: appUrl }).oidc!;
  idp.people.set("sub-olga", { employee_number: "OIDC001", name: "Olga", email: "olga@corp.example", email_verified: true });
  idp.people.set("sub-pat", { preferred_username: "pat", email: "pat@corp.example", email_verified: false });
  t = await createTestDb();
  await givenUnit(t.db, "OID");
});
afterAll(async () => {
  await idp?.stop();
  await t?.close();
});

/** A browser at the provider: follows its redirects with its cookies until it is sent to the portal's callback; returns the callback's query. */
async function throughProvider(url: string): Promise<URLSearchParams> {
  const jar = new Map<string, string>();
  let at = url;
  for (let hop = 0; hop < 12; hop++) {
    if (at.startsWith(`${appUrl}/`)) return new URL(at).searchParams;
    const response = await fetch(at, { redirect: "manual", headers: { cookie: [...jar].map(([k, v]) => `${k}=${v}`).join("; ") } });
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(";");
      const eq = pair.indexOf("=");
      jar.set(pair.slice(0, eq), pair.slice(eq + 1));
    }
    const location = response.headers.get("location");
    if (!location) throw new Error(`the provider answered ${response.status} at ${at} without a redirect: ${await response.text()}`);
    at = new URL(location, at).href;
  }
  throw new Error("too many redirects at the provider");
}

async function signInAtProvider(subject: string | null): Promise<{ flow: OidcFlow; callback: URLSearchParams }> {
  idp.signInAs(subject);
  const { url, flow } = value(await beginOidc(settings, "/campaigns/x/vote"));
  return { flow, callback: await throughProvider(url) };
}

describe("the authorization code flow", () => {
  test("asks with PKCE (S256), state and nonce, and comes back with who the provider vouches for", async () => {
    idp.signInAs("sub-olga");
    const { url, flow } = value(await beginOidc(settings, "/campaigns/x/vote"));
    const asked = new URL(url).searchParams;
    expect(Object.fromEntries(asked)).toMatchObject({
      response_type: "code",
      client_id: idp.clientId,
      redirect_uri: `${appUrl}/auth/oidc/callback`,
      code_challenge_method: "S256",
      state: flow.state,
      nonce: flow.nonce,
    });
    expect(asked.get("code_challenge")).toMatch(/^[\w-]{43}$/);
    const identity = value(await completeOidc(settings, await throughProvider(url), flow));
    expect(identity).toEqual({ employeeNo: "OIDC001", email: "olga@corp.example", subject: "sub-olga", providerSession: expect.any(String) });
  });

  test("an unverified email is not used; preferred_username stands in for the employee number", async () => {
    const { flow, callback } = await signInAtProvider("sub-pat");
    expect(value(await completeOidc(settings, callback, flow))).toMatchObject({ employeeNo: "pat", email: null });
  });

  test("OIDC_EMPLOYEE_CLAIM names the claim to use", async () => {
    const byName = readIdentitySettings({ ...idp.env, PUBLIC_URL: appUrl, OIDC_EMPLOYEE_CLAIM: "name" }).oidc!;
    idp.signInAs("sub-olga");
    const { url, flow } = value(await beginOidc(byName, "/"));
    expect(value(await completeOidc(byName, await throughProvider(url), flow))).toMatchObject({ employeeNo: "Olga" });
  });

  test("then the directory decides: a session with method oidc and the provider's subject and session", async () => {
    const olga = await givenPerson(t.db, { unit: "OID", employeeNo: "OIDC001", password: null });
    const { flow, callback } = await signInAtProvider("sub-olga");
    const identity = value(await completeOidc(settings, callback, flow));
    value(await signInWithCompanyAccount(t.db, { ...identity, method: "oidc" }));
    const sessions = await t.db.selectFrom("sessions").selectAll().where("person_id", "=", olga.id).execute();
    expect(sessions).toEqual([expect.objectContaining({ method: "oidc", provider_subject: "sub-olga", provider_session: identity.providerSession })]);
  });
});

describe("a provider that cannot be reached", () => {
  test("is a 503 refusal to show, not an error, and is asked again next time", async () => {
    const away = readIdentitySettings({ ...idp.env, OIDC_ISSUER: `http://127.0.0.1:${await closedPort()}`, PUBLIC_URL: appUrl }).oidc!;
    expect(await beginOidc(away, "/")).toEqual({ ok: false, error: "auth.sso.unreachable", status: 503 });
    expect(await beginOidc(away, "/")).toEqual({ ok: false, error: "auth.sso.unreachable", status: 503 });
  });
});

describe("refused answers (400, never a session)", () => {
  test("the person declines at the provider (access_denied)", async () => {
    const { flow, callback } = await signInAtProvider(null);
    expect(callback.get("error")).toBe("access_denied");
    expect(await completeOidc(settings, callback, flow)).toMatchObject({ ok: false, error: "auth.sso.failed", status: 400 });
  });

  test("an answer to another browser's request (a state that is not ours)", async () => {
    const { callback } = await signInAtProvider("sub-olga");
    const other = value(await beginOidc(settings, "/")).flow;
    expect(await completeOidc(settings, callback, other)).toMatchObject({ ok: false, error: "auth.sso.failed" });
  });

  test("the right state with another PKCE verifier (a stolen code)", async () => {
    const { flow, callback } = await signInAtProvider("sub-olga");
    const stolen = { ...flow, verifier: value(await beginOidc(settings, "/")).flow.verifier };
    expect(await completeOidc(settings, callback, stolen)).toMatchObject({ ok: false, error: "auth.sso.failed" });
  });

  for (const how of ["tampered", "wrong-nonce", "expired"] as const) {
    test(`an ID token ${how === "tampered" ? "whose claims were changed after signing" : how === "wrong-nonce" ? "with another nonce" : "that has expired"}`, async () => {
      const { flow, callback } = await signInAtProvider("sub-olga");
      idp.misbehave(how);
      try {
        expect(await completeOidc(settings, callback, flow)).toMatchObject({ ok: false, error: "auth.sso.failed", status: 400 });
      } finally {
        idp.misbehave(null);
      }
    });
  }
});

describe("logout tokens", () => {
  test("an ID token is not a logout token (it has a nonce and no logout event)", async () => {
    // The provider's real ID token, read off the token endpoint by spoiling nothing: the one completeOidc just validated is not kept, so ask for one through the tampering hook's way in.
    const { flow, callback } = await signInAtProvider("sub-olga");
    const response = await fetch(`${idp.issuer}/token`, {
      method: "POST",
      headers: {
        authorization: `Basic ${Buffer.from(`${idp.clientId}:${idp.clientSecret}`).toString("base64")}`,
        "content-type": "application/x-www-form-urlencoded",
      },
      body: new URLSearchParams({
        grant_type: "authorization_code",
        code: callback.get("code")!,
        redirect_uri: settings.redirectUri,
        code_verifier: flow.verifier,
      }),
    });
    const { id_token } = (await response.json()) as { id_token: string };
    expect(id_token).toBeTruthy();
    expect(await verifyLogoutToken(settings, id_token)).toMatchObject({ ok: false, status: 400 });
  });

  test("a token that is not a JWT, or one signed with another key", async () => {
    expect(await verifyLogoutToken(settings, "not-a-jwt")).toMatchObject({ ok: false, status: 400 });
    const { SignJWT, generateKeyPair } = await import("jose");
    const { privateKey } = await generateKeyPair("RS256");
    const forged = await new SignJWT({ sub: "sub-olga", events: { "http://schemas.openid.net/event/backchannel-logout": {} }, jti: "x" })
      .setProtectedHeader({ alg: "RS256", kid: "test-key-1" })
      .setIssuer(idp.issuer)
      .setAudience(idp.clientId)
      .setIssuedAt()
      .sign(privateKey);
    expect(await verifyLogoutToken(settings, forged)).toMatchObject({ ok: false, status: 400 });
  });
});
