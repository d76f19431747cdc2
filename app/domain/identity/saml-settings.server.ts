import { createPrivateKey, X509Certificate } from "node:crypto";
import { readFileSync } from "node:fs";
import { readPublicUrl } from "../../mail/settings";

/**
 * Sign-in with the company account over SAML 2.0 (issue 18, decision 0046):
 * the settings an operator gives (README's Configuration table), read from
 * the environment once at start by server/config.ts. A bad value stops the
 * start with the setting's name; unset SAML_IDP_METADATA means SAML is off.
 */
export interface SamlSettings {
  /** SAML_IDP_METADATA: where the identity provider's metadata is — an https:// URL (http:// on loopback only), fetched at start and refreshed; or a file. */
  idpMetadata: { url: string } | { file: string };
  /** SAML_SP_ENTITY_ID: this portal's entity ID at the IdP (default `${PUBLIC_URL}/auth/saml/metadata`). */
  spEntityId: string;
  /** `${PUBLIC_URL}/auth/saml/acs`: where the IdP posts its response (the assertion's Recipient and the response's Destination). */
  acsUrl: string;
  /** `${PUBLIC_URL}/auth/saml/slo`: where the IdP's single logout reaches the portal (HTTP-Redirect). */
  sloUrl: string;
  /** `${PUBLIC_URL}/auth/saml/metadata`: this portal's SP metadata, for the identity team. */
  metadataUrl: string;
  /** SAML_EMPLOYEE_ATTRIBUTE: the attribute carrying the employee number (default employeeNumber). */
  employeeAttribute: string;
  /** SAML_EMAIL_ATTRIBUTE: the attribute carrying the work email (default: `mail`, `email` or urn:oid:0.9.2342.19200300.100.1.3, whichever comes). */
  emailAttribute: string | null;
  /** SAML_SP_KEY and SAML_SP_CERT (PEM files, both or neither): AuthnRequests are signed with the key, and the certificate is published in the SP metadata. */
  signing: { key: string; cert: string } | null;
  /**
   * Whether a response must answer the AuthnRequest of the browser posting
   * it (login CSRF, decision 0046): its ID travels in a `SameSite=None;
   * Secure` cookie, which a browser keeps only from an https:// or loopback
   * origin. True when PUBLIC_URL is one; false on a plain-HTTP trial
   * elsewhere, where the binding cannot work (warned at start, shown on
   * /admin/identity). From PUBLIC_URL, never from a request: a request over
   * http:// to an https portal must not switch it off.
   */
  bindsToBrowser: boolean;
}

/** How often the IdP's metadata is fetched again (a rotated signing certificate reaches every instance within this). */
export const idpMetadataRefreshMs = 6 * 3_600_000;

const loopback = (host: string) => /^127(\.\d{1,3}){3}$/.test(host) || host === "[::1]" || host === "localhost";

export function readSamlSettings(env: Readonly<Record<string, string | undefined>> = process.env): SamlSettings | undefined {
  const raw = env.SAML_IDP_METADATA?.trim();
  if (!raw) return undefined;
  const { publicUrl, publicUrlSet } = readPublicUrl(env);
  // The IdP sends people back to the address in our metadata: a guessed localhost would strand every sign-in.
  if (!publicUrlSet)
    throw new Error(
      "SAML_IDP_METADATA needs PUBLIC_URL, the portal's address as people reach it: the IdP sends them back to ${PUBLIC_URL}/auth/saml/acs",
    );
  let idpMetadata: SamlSettings["idpMetadata"];
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(raw)) {
    let url: URL | undefined;
    try {
      url = new URL(raw);
    } catch {
      url = undefined;
    }
    if (!url || !(url.protocol === "https:" || (url.protocol === "http:" && loopback(url.hostname)))) {
      throw new Error(`SAML_IDP_METADATA must be an https:// URL (http:// only on 127.0.0.0/8 or ::1, for tests) or a file, not "${raw}"`);
    }
    idpMetadata = { url: url.toString() };
  } else {
    try {
      readFileSync(raw, "utf8");
    } catch {
      throw new Error(`SAML_IDP_METADATA names a file that cannot be read: "${raw}" (or give an https:// URL)`);
    }
    idpMetadata = { file: raw };
  }
  const metadataUrl = `${publicUrl}/auth/saml/metadata`;
  const portal = new URL(publicUrl);
  const bindsToBrowser = portal.protocol === "https:" || loopback(portal.hostname);
  const spEntityId = env.SAML_SP_ENTITY_ID?.trim() || metadataUrl;
  if (spEntityId.length > 1024 || /\s/.test(spEntityId)) throw new Error(`SAML_SP_ENTITY_ID must be a URI without spaces, not "${spEntityId}"`);
  const employeeAttribute = env.SAML_EMPLOYEE_ATTRIBUTE?.trim() || "employeeNumber";
  const emailAttribute = env.SAML_EMAIL_ATTRIBUTE?.trim() || null;
  return {
    idpMetadata,
    spEntityId,
    acsUrl: `${publicUrl}/auth/saml/acs`,
    sloUrl: `${publicUrl}/auth/saml/slo`,
    metadataUrl,
    employeeAttribute,
    emailAttribute,
    signing: readSigning(env),
    bindsToBrowser,
  };
}

function readSigning(env: Readonly<Record<string, string | undefined>>): SamlSettings["signing"] {
  const keyFile = env.SAML_SP_KEY?.trim();
  const certFile = env.SAML_SP_CERT?.trim();
  if (!keyFile && !certFile) return null;
  if (!keyFile || !certFile) throw new Error("SAML_SP_KEY and SAML_SP_CERT go together: a PEM private key and its certificate, or neither");
  const read = (name: string, file: string) => {
    try {
      return readFileSync(file, "utf8");
    } catch {
      throw new Error(`${name} names a file that cannot be read: "${file}"`);
    }
  };
  const key = read("SAML_SP_KEY", keyFile);
  const cert = read("SAML_SP_CERT", certFile);
  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(cert);
  } catch {
    throw new Error(`SAML_SP_CERT must be a PEM certificate ("${certFile}" is not)`);
  }
  let matches: boolean;
  try {
    matches = certificate.checkPrivateKey(createPrivateKey(key));
  } catch {
    throw new Error(`SAML_SP_KEY must be an unencrypted PEM private key ("${keyFile}" is not; its content is not repeated here)`);
  }
  if (!matches) throw new Error("SAML_SP_KEY is not the private key of SAML_SP_CERT's certificate");
  return { key, cert };
}
