import { readPublicUrl } from "../../mail/settings";
import type { PasswordSignIn } from "../auth/settings";

/**
 * Company sign-in (issue 18): which methods are on and how to reach the
 * identity provider, read once from the environment by server/config.ts and
 * handed to every request through the load context (`context.identity`).
 * A bad value stops the start with the setting's name (never with a secret).
 */
export interface OidcSettings {
  /** OIDC_ISSUER: https://…, or http:// on a loopback IP literal only (tests, trials). */
  issuer: string;
  /** Whether openid-client may use plain HTTP: only for a loopback issuer. */
  insecureLoopback: boolean;
  clientId: string;
  clientSecret: string;
  /** OIDC_EMPLOYEE_CLAIM when set; otherwise employee_number, then preferred_username. A verified email is always the last resort. */
  employeeClaims: string[];
  /** ${PUBLIC_URL}/auth/oidc/callback: what the identity team registers. */
  redirectUri: string;
  /** ${PUBLIC_URL}/login: where the provider sends people after RP-initiated logout. */
  postLogoutRedirectUri: string;
  /** ${PUBLIC_URL}/auth/oidc/backchannel-logout. */
  backchannelLogoutUri: string;
}

export interface SignInLabels {
  "zh-CN": string;
  en: string;
}

export interface IdentitySettings {
  oidc: (OidcSettings & { labels: SignInLabels }) | null;
  /** SAML_IDP_METADATA is set: another module answers /auth/saml/*; the sign-in page shows its button. */
  saml: { labels: SignInLabels } | null;
}

export const noIdentityProviders: IdentitySettings = { oidc: null, saml: null };

export const defaultSignInLabels: SignInLabels = { "zh-CN": "使用公司账号登录", en: "Sign in with your company account" };

type Env = Readonly<Record<string, string | undefined>>;

/**
 * A loopback address written as an IP literal: 127.0.0.0/8 or ::1. Not the
 * name `localhost`: a name is resolved (hosts file, DNS) and may lead
 * elsewhere, so an issuer on it must use https (RFC 8252 §8.3 prefers the
 * literal for the same reason).
 */
export function isLoopbackLiteral(hostname: string): boolean {
  if (/^127(\.\d{1,3}){3}$/.test(hostname)) return hostname.split(".").every((part) => Number(part) <= 255);
  return hostname === "[::1]";
}

/** OIDC_ISSUER: an https:// URL (http:// only on a loopback IP literal), without query, fragment or credentials. */
export function readIssuer(raw: string): { issuer: string; insecureLoopback: boolean } {
  const url = URL.canParse(raw) ? new URL(raw) : undefined;
  if (!url || !["http:", "https:"].includes(url.protocol) || url.username || url.password || url.search || url.hash) {
    throw new Error(`OIDC_ISSUER must be the identity provider's issuer URL, such as https://login.example.com/realms/staff, not "${raw}"`);
  }
  const insecureLoopback = url.protocol === "http:";
  if (insecureLoopback && !isLoopbackLiteral(url.hostname)) {
    throw new Error(`OIDC_ISSUER must use https:// (http:// is allowed only on 127.0.0.1 or [::1], for tests and trials), not "${raw}"`);
  }
  // The issuer is compared byte for byte with the discovery document's: keep it as given, without a trailing slash we did not see.
  return { issuer: raw, insecureLoopback };
}

const passwordSignInValues = ["on", "admins", "off"] as const;

/** PASSWORD_SIGN_IN: on (default) | admins | off; admins and off only when a company sign-in is configured, or nobody could sign in. */
export function readPasswordSignIn(env: Env, ssoConfigured: boolean): PasswordSignIn {
  const raw = env.PASSWORD_SIGN_IN?.trim().toLowerCase() || "on";
  if (!(passwordSignInValues as readonly string[]).includes(raw)) {
    throw new Error(`PASSWORD_SIGN_IN must be on, admins or off, not "${env.PASSWORD_SIGN_IN}"`);
  }
  if (raw !== "on" && !ssoConfigured) {
    throw new Error(
      `PASSWORD_SIGN_IN=${raw} needs a company sign-in (OIDC_ISSUER or SAML_IDP_METADATA): without one nobody${raw === "admins" ? " but administrators" : ""} could sign in`,
    );
  }
  return raw as PasswordSignIn;
}

function labels(env: Env, prefix: string): SignInLabels {
  return {
    "zh-CN": env[`${prefix}_LABEL_ZH`]?.trim() || defaultSignInLabels["zh-CN"],
    en: env[`${prefix}_LABEL_EN`]?.trim() || defaultSignInLabels.en,
  };
}

export function readIdentitySettings(env: Env = process.env): IdentitySettings & { passwordSignIn: PasswordSignIn } {
  const issuerRaw = env.OIDC_ISSUER?.trim();
  let oidc: IdentitySettings["oidc"] = null;
  if (issuerRaw) {
    const clientId = env.OIDC_CLIENT_ID?.trim();
    const clientSecret = env.OIDC_CLIENT_SECRET?.trim();
    if (!clientId) throw new Error("OIDC_CLIENT_ID must be set with OIDC_ISSUER: the client id the identity provider gave the portal");
    // Never repeated: it is a secret.
    if (!clientSecret) throw new Error("OIDC_CLIENT_SECRET must be set with OIDC_ISSUER: the client secret the identity provider gave the portal");
    const claim = env.OIDC_EMPLOYEE_CLAIM?.trim();
    if (claim !== undefined && claim !== "" && !/^[\w.:-]{1,100}$/.test(claim)) {
      throw new Error(`OIDC_EMPLOYEE_CLAIM must be a claim name such as employee_number, not "${claim}"`);
    }
    const { publicUrl } = readPublicUrl(env);
    oidc = {
      ...readIssuer(issuerRaw),
      clientId,
      clientSecret,
      employeeClaims: claim ? [claim] : ["employee_number", "preferred_username"],
      redirectUri: `${publicUrl}/auth/oidc/callback`,
      postLogoutRedirectUri: `${publicUrl}/login`,
      backchannelLogoutUri: `${publicUrl}/auth/oidc/backchannel-logout`,
      labels: labels(env, "OIDC"),
    };
  } else if (env.OIDC_CLIENT_ID?.trim() || env.OIDC_CLIENT_SECRET?.trim()) {
    throw new Error("OIDC_CLIENT_ID and OIDC_CLIENT_SECRET need OIDC_ISSUER: the identity provider's issuer URL");
  }
  const saml = env.SAML_IDP_METADATA?.trim() ? { labels: labels(env, "SAML") } : null;
  return { oidc, saml, passwordSignIn: readPasswordSignIn(env, Boolean(oidc || saml)) };
}
