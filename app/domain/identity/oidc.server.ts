import * as client from "openid-client";
import { createRemoteJWKSet, jwtVerify, type JWTVerifyGetKey } from "jose";
import { log } from "../../log.server";
import { err, ok, type Result } from "../result";
import type { ProvenIdentity } from "./sso.server";
import type { OidcSettings } from "./settings";

// OpenID Connect as a relying party (issue 18, decision 0045). openid-client
// speaks the protocol and validates what the provider sends — the ID token's
// signature, issuer, audience, expiry and nonce, the state, PKCE — and this
// module only reads the claims it vouched for. No token is checked by hand.

/** The provider's metadata is asked again after this long (a rotated endpoint is picked up without a restart). */
const discoveryMaxAgeMs = 60 * 60 * 1000;
const requestTimeoutSeconds = 10;

const configurations = new Map<string, { at: number; config: Promise<client.Configuration> }>();

/** The provider's configuration from its discovery document, fetched once an hour per issuer and client; a failed fetch is not kept. */
export function oidcConfiguration(settings: OidcSettings): Promise<client.Configuration> {
  const key = `${settings.issuer}\n${settings.clientId}`;
  const cached = configurations.get(key);
  if (cached && Date.now() - cached.at < discoveryMaxAgeMs) return cached.config;
  const config = client.discovery(
    new URL(settings.issuer),
    settings.clientId,
    settings.clientSecret,
    client.ClientSecretBasic(settings.clientSecret),
    {
      timeout: requestTimeoutSeconds,
      execute: [
        // ID tokens from the token endpoint are signature-checked too, not only trusted for arriving over TLS.
        client.enableNonRepudiationChecks,
        // Plain HTTP only for an issuer on a loopback IP literal (settings.ts refuses any other).
        ...(settings.insecureLoopback ? [client.allowInsecureRequests] : []),
      ],
    },
  );
  configurations.set(key, { at: Date.now(), config });
  config.catch(() => {
    if (configurations.get(key)?.config === config) configurations.delete(key);
  });
  return config;
}

/** The configuration, or the refusal to show while the provider cannot be reached (503, never a 500). */
async function reachable(settings: OidcSettings): Promise<Result<client.Configuration>> {
  try {
    return ok(await oidcConfiguration(settings));
  } catch (error) {
    log("warn", "oidc: discovery failed", { issuer: settings.issuer, error: String(error) });
    return err("auth.sso.unreachable", 503);
  }
}

/** What the callback needs to check the answer belongs to this browser's request: kept by the web layer in a signed cookie. */
export interface OidcFlow {
  state: string;
  nonce: string;
  verifier: string;
  /** Where to go after signing in: a path on this site (safeRedirect). */
  redirectTo: string;
}

/** The provider's authorization URL for a new sign-in, and the flow to keep until its callback; a refusal when the provider cannot be reached. */
export async function beginOidc(settings: OidcSettings, redirectTo: string): Promise<Result<{ url: string; flow: OidcFlow }>> {
  const found = await reachable(settings);
  if (!found.ok) return found;
  const config = found.value;
  const flow: OidcFlow = { state: client.randomState(), nonce: client.randomNonce(), verifier: client.randomPKCECodeVerifier(), redirectTo };
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: settings.redirectUri,
    scope: "openid profile email",
    code_challenge: await client.calculatePKCECodeChallenge(flow.verifier),
    code_challenge_method: "S256",
    state: flow.state,
    nonce: flow.nonce,
  });
  return ok({ url: url.href, flow });
}

const text = (value: unknown): string | null =>
  typeof value === "string" && value.trim() ? value.trim() : typeof value === "number" ? String(value) : null;

/** Who the validated claims say this is: the first employee claim present, and the email only when the provider verified it. */
export function identityFromClaims(
  settings: Pick<OidcSettings, "employeeClaims">,
  claims: Record<string, unknown>,
): Omit<ProvenIdentity, "method" | "userAgent"> {
  const employeeNo = settings.employeeClaims.map((name) => text(claims[name])).find(Boolean) ?? null;
  return {
    employeeNo,
    email: claims.email_verified === true ? text(claims.email) : null,
    subject: String(claims.sub),
    providerSession: text(claims.sid),
  };
}

/**
 * The provider's answer at the callback (`search`: its query string),
 * exchanged for tokens and validated by openid-client against the flow this
 * browser started. Any failure — the person declined, a state that is not
 * ours, a token whose signature, issuer, audience, expiry or nonce is wrong —
 * is one refusal (400); the reason goes to the log for the identity team.
 */
export async function completeOidc(
  settings: OidcSettings,
  search: URLSearchParams,
  flow: OidcFlow,
): Promise<Result<Omit<ProvenIdentity, "method" | "userAgent">>> {
  const found = await reachable(settings);
  if (!found.ok) return found;
  const config = found.value;
  // The redirect URI as registered (PUBLIC_URL), not as a proxy may have rewritten the request's own URL.
  const current = new URL(settings.redirectUri);
  current.search = search.toString();
  try {
    const tokens = await client.authorizationCodeGrant(config, current, {
      pkceCodeVerifier: flow.verifier,
      expectedState: flow.state,
      expectedNonce: flow.nonce,
      idTokenExpected: true,
    });
    const claims = tokens.claims();
    if (!claims) return err("auth.sso.failed", 400);
    const fromToken = identityFromClaims(settings, claims);
    // A provider that keeps profile claims out of the ID token (OpenID Core §5.4, the default of some) gives them at its userinfo endpoint, for the same subject.
    if (fromToken.employeeNo || !config.serverMetadata().userinfo_endpoint) return ok(fromToken);
    const info = await client.fetchUserInfo(config, tokens.access_token, claims.sub);
    return ok(identityFromClaims(settings, { ...info, ...claims }));
  } catch (error) {
    const e = error as { name?: string; code?: string; error?: string; message?: string };
    log("warn", "oidc: sign-in refused", { issuer: settings.issuer, reason: e.error ?? e.code ?? e.name, detail: e.message });
    return err("auth.sso.failed", 400);
  }
}

/** Where to send someone who signs out, to end their session at the provider too (RP-initiated logout); null when the provider offers none. */
export async function endSessionUrl(settings: OidcSettings): Promise<string | null> {
  try {
    const config = await oidcConfiguration(settings);
    if (!config.serverMetadata().end_session_endpoint) return null;
    // client_id with the registered post-logout URI instead of an id_token_hint: the portal keeps no ID tokens (decision 0045).
    return client.buildEndSessionUrl(config, { client_id: settings.clientId, post_logout_redirect_uri: settings.postLogoutRedirectUri }).href;
  } catch (error) {
    log("warn", "oidc: no end-session URL", { issuer: settings.issuer, error: String(error) });
    return null;
  }
}

const backchannelLogoutEvent = "http://schemas.openid.net/event/backchannel-logout";
const keySets = new Map<string, JWTVerifyGetKey>();

/**
 * A back-channel logout token (OpenID Connect Back-Channel Logout 1.0 §2.6),
 * verified by jose against the provider's published keys: signature, issuer,
 * audience (our client id), issued recently; then the rules of the spec — the
 * logout event, a `sub` or a `sid`, and no `nonce` (so an ID token cannot
 * pass for one).
 */
export async function verifyLogoutToken(
  settings: OidcSettings,
  token: string,
): Promise<Result<{ subject: string | null; providerSession: string | null }>> {
  const found = await reachable(settings);
  if (!found.ok) return found;
  const metadata = found.value.serverMetadata();
  if (!metadata.jwks_uri) return err("auth.sso.failed", 400);
  let keys = keySets.get(metadata.jwks_uri);
  if (!keys) keySets.set(metadata.jwks_uri, (keys = createRemoteJWKSet(new URL(metadata.jwks_uri))));
  try {
    const { payload } = await jwtVerify(token, keys, {
      issuer: metadata.issuer,
      audience: settings.clientId,
      maxTokenAge: "10 minutes",
      requiredClaims: ["iat", "jti", "events"],
      algorithms: ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA"],
    });
    const events = payload.events as Record<string, unknown> | undefined;
    const subject = text(payload.sub);
    const providerSession = text(payload.sid);
    if (!events || typeof events !== "object" || !(backchannelLogoutEvent in events) || "nonce" in payload || (!subject && !providerSession)) {
      log("warn", "oidc: logout token refused", { reason: "not a logout token" });
      return err("auth.sso.failed", 400);
    }
    return ok({ subject, providerSession });
  } catch (error) {
    log("warn", "oidc: logout token refused", { reason: (error as { code?: string }).code ?? String(error) });
    return err("auth.sso.failed", 400);
  }
}
