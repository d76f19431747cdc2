/**
 * A real OpenID provider for tests: panva's oidc-provider (OpenID-certified)
 * on a free port of 127.0.0.1, with one client for the portal.
 *
 *   const idp = await startOidcProvider({ appUrl });       // appUrl: the portal's PUBLIC_URL
 *   idp.people.set("staff-1", { employee_number: "E1001" }); // the claims of an account at the provider
 *   idp.signInAs("staff-1");                                // who the next login at the provider is (null: the person declines)
 *   idp.misbehave("wrong-nonce");                           // the next ID token from /token is spoiled
 *   idp.env                                                 // OIDC_* for the portal's server
 *   await idp.stop();
 *
 * The provider's own login and consent pages are replaced by an automatic
 * answer (signInAs): the protocol around them — authorization, PKCE, tokens,
 * userinfo, end-session and back-channel logout — is the provider's own.
 *
 * misbehave() spoils the token endpoint's answer on its way out, as a
 * compromised network or provider would: "tampered" changes the ID token's
 * claims and keeps the old signature; "wrong-nonce" and "expired" re-sign
 * it with the provider's real key, so only the nonce or the expiry is wrong.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import Provider from "oidc-provider";
import { decodeJwt, decodeProtectedHeader, exportJWK, generateKeyPair, importJWK, SignJWT, type JWK } from "jose";
import { freePort } from "./ports";

export type Misbehaviour = "tampered" | "wrong-nonce" | "expired";

export interface TestOidcProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** OIDC_ISSUER, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET for the portal. */
  env: Record<string, string>;
  /** Accounts at the provider: subject → claims (employee_number, preferred_username, email, email_verified, name). */
  people: Map<string, Record<string, unknown>>;
  /** Who signs in at the provider's next login prompt; null: the person declines (access_denied). */
  signInAs(subject: string | null): void;
  /** Spoil the ID token of the next token response(s), until misbehave(null). */
  misbehave(how: Misbehaviour | null): void;
  /** Back-channel logout notifications the provider sent, and how the portal answered (status). */
  backchannel: Array<{ ok: boolean; error?: string }>;
  stop(): Promise<void>;
}

export async function startOidcProvider({ appUrl }: { appUrl: string }): Promise<TestOidcProvider> {
  const port = await freePort();
  const issuer = `http://127.0.0.1:${port}`;
  const clientId = "service-stars";
  const clientSecret = "a-test-client-secret-of-enough-length";
  const people = new Map<string, Record<string, unknown>>();
  let next: string | null = null;
  let misbehaviour: Misbehaviour | null = null;
  const backchannel: TestOidcProvider["backchannel"] = [];

  const { privateKey } = await generateKeyPair("RS256", { extractable: true });
  const signingKey: JWK = { ...(await exportJWK(privateKey)), kid: "test-key-1", alg: "RS256", use: "sig" };

  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: [`${appUrl}/auth/oidc/callback`],
        post_logout_redirect_uris: [`${appUrl}/login`],
        backchannel_logout_uri: `${appUrl}/auth/oidc/backchannel-logout`,
        backchannel_logout_session_required: true,
        grant_types: ["authorization_code"],
        response_types: ["code"],
        token_endpoint_auth_method: "client_secret_basic",
      },
    ],
    jwks: { keys: [signingKey] },
    cookies: { keys: ["a-test-cookie-key-of-enough-length"] },
    claims: {
      openid: ["sub"],
      profile: ["name", "preferred_username", "employee_number"],
      email: ["email", "email_verified"],
    },
    features: {
      devInteractions: { enabled: false },
      backchannelLogout: { enabled: true },
      rpInitiatedLogout: { enabled: true },
    },
    // The provider refuses to post to special-use addresses (its SSRF guard); the portal under test is on 127.0.0.1.
    fetch: (url: string, options: RequestInit & { dispatcher?: unknown }) => {
      delete options.dispatcher;
      return fetch(url, options);
    },
    interactions: { url: (_ctx: unknown, interaction: { uid: string }) => `/interaction/${interaction.uid}` },
    async findAccount(_ctx: unknown, sub: string) {
      const claims = people.get(sub);
      if (!claims) return undefined;
      return { accountId: sub, claims: async () => ({ sub, ...claims }) };
    },
  });
  provider.on("backchannel.success", () => backchannel.push({ ok: true }));
  provider.on("backchannel.error", (_ctx, error) => backchannel.push({ ok: false, error: String(error) }));
  const handle = provider.callback();

  async function interaction(req: IncomingMessage, res: ServerResponse) {
    const details = await provider.interactionDetails(req, res);
    if (details.prompt.name === "login") {
      if (!next)
        return provider.interactionFinished(
          req,
          res,
          { error: "access_denied", error_description: "the person declined" },
          { mergeWithLastSubmission: false },
        );
      return provider.interactionFinished(req, res, { login: { accountId: next } }, { mergeWithLastSubmission: false });
    }
    // Consent: granted for what the portal asked.
    const grant = details.grantId
      ? (await provider.Grant.find(details.grantId))!
      : new provider.Grant({ accountId: details.session!.accountId, clientId: details.params.client_id });
    const missing = details.prompt.details;
    if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(" "));
    if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
    for (const [indicator, scopes] of Object.entries(missing.missingResourceScopes ?? {})) grant.addResourceScope(indicator, scopes.join(" "));
    return provider.interactionFinished(req, res, { consent: { grantId: await grant.save() } }, { mergeWithLastSubmission: true });
  }

  async function spoil(idToken: string, how: Misbehaviour): Promise<string> {
    const [header, payload, signature] = idToken.split(".");
    const claims = decodeJwt(idToken);
    if (how === "tampered") {
      const forged = Buffer.from(JSON.stringify({ ...claims, sub: "someone-else", employee_number: "E0001" })).toString("base64url");
      return `${header}.${forged}.${signature}`;
    }
    const now = Math.floor(Date.now() / 1000);
    const changed = how === "wrong-nonce" ? { ...claims, nonce: "not-the-nonce-the-portal-sent" } : { ...claims, iat: now - 7200, exp: now - 3600 };
    void payload;
    return new SignJWT(changed).setProtectedHeader(decodeProtectedHeader(idToken) as { alg: string }).sign(await importJWK(signingKey, "RS256"));
  }

  function spoilTokenResponse(res: ServerResponse, how: Misbehaviour) {
    const end = res.end.bind(res) as (chunk?: unknown) => ServerResponse;
    res.end = ((chunk?: unknown) => {
      void (async () => {
        let body = chunk;
        try {
          const json = JSON.parse(String(chunk)) as { id_token?: string };
          if (json.id_token) {
            json.id_token = await spoil(json.id_token, how);
            body = JSON.stringify(json);
            res.setHeader("content-length", Buffer.byteLength(String(body)));
          }
        } catch {
          // Not JSON (an error answer): sent as it was.
        }
        end(body);
      })();
      return res;
    }) as ServerResponse["end"];
  }

  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? "/", issuer).pathname;
    if (req.method === "GET" && path.startsWith("/interaction/")) {
      interaction(req, res).catch((error: unknown) => {
        res.statusCode = 500;
        res.end(String(error));
      });
      return;
    }
    if (req.method === "POST" && path === "/token" && misbehaviour) spoilTokenResponse(res, misbehaviour);
    handle(req, res);
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));

  return {
    issuer,
    clientId,
    clientSecret,
    env: { OIDC_ISSUER: issuer, OIDC_CLIENT_ID: clientId, OIDC_CLIENT_SECRET: clientSecret },
    people,
    signInAs: (subject) => void (next = subject),
    misbehave: (how) => void (misbehaviour = how),
    backchannel,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
