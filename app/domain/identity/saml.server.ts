import { randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import { inflateRawSync } from "node:zlib";
import { SAML, ValidateInResponseTo, type CacheProvider, type Profile } from "@node-saml/node-saml";
import { DOMParser, type Element } from "@xmldom/xmldom";
import { sql } from "kysely";
import type { Db } from "../../../db/client";
import { log } from "../../log.server";
import { defaultAuthSettings, type AuthSettings } from "../auth/settings";
import type { User } from "../auth/user";
import { err, ok, type Result } from "../result";
import { idpMetadataRefreshMs, type SamlSettings } from "./saml-settings.server";
import { endProviderSessions, signInWithCompanyAccount } from "./sso.server";

// SAML 2.0 sign-in as a service provider (issue 18, decision 0046). Every
// check of a response is node-saml's (signature, issuer, audience, time,
// InResponseTo), except two it leaves to its caller: the Recipient and
// Destination are this portal's ACS URL, and an assertion is accepted once.
// What every instance must agree on — the requests sent, the assertions
// accepted — lives in the database.

/** What the portal needs of the identity provider's metadata. */
export interface IdpMetadata {
  entityId: string;
  /** The HTTP-Redirect SingleSignOnService: where AuthnRequests go. */
  ssoUrl: string;
  /** The HTTP-Redirect SingleLogoutService, if it has one: where our LogoutResponses go. */
  sloUrl: string | null;
  /** The certificates it signs with (PEM bodies, base64). */
  certs: string[];
}

/** SAML as configured on this instance: the settings, and the IdP's metadata as last fetched. */
export interface SamlProvider {
  settings: SamlSettings;
  idp(): IdpMetadata;
  /** Stops refreshing the metadata (at shutdown). */
  stop(): void;
}

const md = "urn:oasis:names:tc:SAML:2.0:metadata";
const ds = "http://www.w3.org/2000/09/xmldsig#";
const redirectBinding = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect";

/** The IdP's entity ID, SSO address and signing certificates from its metadata, or an error saying what is missing. */
export function parseIdpMetadata(xml: string): IdpMetadata {
  const problems: string[] = [];
  const doc = new DOMParser({ onError: (level, message) => void (level !== "warning" && problems.push(message)) }).parseFromString(xml, "text/xml");
  if (problems.length || !doc.documentElement) throw new Error("the IdP metadata is not XML");
  const entities = Array.from(doc.getElementsByTagNameNS(md, "EntityDescriptor")).filter(
    (e) => e.getElementsByTagNameNS(md, "IDPSSODescriptor").length > 0,
  );
  if (entities.length !== 1) throw new Error(`the IdP metadata must describe one identity provider, not ${entities.length}`);
  const entity = entities[0];
  const entityId = entity.getAttribute("entityID")?.trim();
  if (!entityId) throw new Error("the IdP metadata has no entityID");
  const idpDescriptor = entity.getElementsByTagNameNS(md, "IDPSSODescriptor")[0];
  const sso = Array.from(idpDescriptor.getElementsByTagNameNS(md, "SingleSignOnService")).find((e) => e.getAttribute("Binding") === redirectBinding);
  const ssoUrl = sso?.getAttribute("Location")?.trim();
  if (!ssoUrl || !/^https?:\/\//.test(ssoUrl)) throw new Error("the IdP metadata has no SingleSignOnService with the HTTP-Redirect binding");
  const slo = Array.from(idpDescriptor.getElementsByTagNameNS(md, "SingleLogoutService")).find((e) => e.getAttribute("Binding") === redirectBinding);
  const sloUrl = slo?.getAttribute("Location")?.trim() || null;
  const certs = Array.from(idpDescriptor.getElementsByTagNameNS(md, "KeyDescriptor"))
    .filter((k: Element) => !k.getAttribute("use") || k.getAttribute("use") === "signing")
    .flatMap((k: Element) => Array.from(k.getElementsByTagNameNS(ds, "X509Certificate")))
    .map((c) => (c.textContent ?? "").replace(/\s+/g, ""))
    .filter(Boolean);
  if (!certs.length) throw new Error("the IdP metadata has no signing certificate");
  return { entityId, ssoUrl, sloUrl: sloUrl && /^https?:\/\//.test(sloUrl) ? sloUrl : null, certs: [...new Set(certs)] };
}

async function fetchIdpMetadata(source: SamlSettings["idpMetadata"]): Promise<IdpMetadata> {
  if ("file" in source) return parseIdpMetadata(await readFile(source.file, "utf8"));
  const response = await fetch(source.url, { signal: AbortSignal.timeout(10_000), redirect: "error" });
  if (!response.ok) throw new Error(`the IdP metadata answered ${response.status}`);
  return parseIdpMetadata(await response.text());
}

/**
 * Reads the IdP's metadata now — a failure stops the start, naming
 * SAML_IDP_METADATA — and again every few hours; a failed refresh keeps the
 * metadata last read (and is logged), so an IdP outage does not end sign-in.
 */
export async function startSamlProvider(settings: SamlSettings): Promise<SamlProvider> {
  let current: IdpMetadata;
  try {
    current = await fetchIdpMetadata(settings.idpMetadata);
  } catch (error) {
    const where = "url" in settings.idpMetadata ? settings.idpMetadata.url : settings.idpMetadata.file;
    throw new Error(`SAML_IDP_METADATA (${where}): ${error instanceof Error ? error.message : String(error)}`);
  }
  const timer = setInterval(() => {
    fetchIdpMetadata(settings.idpMetadata).then(
      (fresh) => void (current = fresh),
      (error: unknown) => log("warn", "saml: refreshing the IdP metadata failed; keeping the last", { error: String(error) }),
    );
  }, idpMetadataRefreshMs);
  timer.unref();
  if (!settings.bindsToBrowser) {
    log(
      "warn",
      "saml: PUBLIC_URL is plain http:// on a host that is not loopback, so a browser cannot keep the SameSite=None; Secure cookie that binds a SAML response to the browser that asked for it: login CSRF is not prevented (use https://)",
      {
        acs: settings.acsUrl,
      },
    );
  }
  return { settings, idp: () => current, stop: () => clearInterval(timer) };
}

/** How long a sent AuthnRequest may be answered: time to sign in at the IdP, with its second factor. */
const requestLifetimeMs = 3_600_000;

/**
 * node-saml's memory of the AuthnRequests it sent (for InResponseTo), in
 * the database so that the instance that receives the response need not be
 * the one that sent the request.
 */
function requestCache(db: Db): CacheProvider {
  return {
    async saveAsync(key, value) {
      const row = await db
        .insertInto("saml_requests")
        .values({ id: key })
        .onConflict((oc) => oc.doNothing())
        .returning("created_at")
        .executeTakeFirst();
      return row ? { value, createdAt: new Date(row.created_at).getTime() } : null;
    },
    async getAsync(key) {
      const row = await db
        .selectFrom("saml_requests")
        .select("created_at")
        .where("id", "=", key)
        .where("created_at", ">", sql<Date>`now() - make_interval(secs => ${requestLifetimeMs / 1000})`)
        .executeTakeFirst();
      return row ? new Date(row.created_at).toISOString() : null;
    },
    async removeAsync(key) {
      if (!key) return null;
      const row = await db.deleteFrom("saml_requests").where("id", "=", key).returning("id").executeTakeFirst();
      return row?.id ?? null;
    },
  };
}

/**
 * The IDs of the portal's LogoutRequests start with this: a LogoutResponse
 * must answer one of them, never an AuthnRequest, though both are kept in
 * saml_requests (node-saml's one cache).
 */
const logoutRequestPrefix = "_slo_";

function samlOf(db: Db, provider: SamlProvider, purpose: "sign-in" | "logout" = "sign-in"): SAML {
  const { settings } = provider;
  const idp = provider.idp();
  return new SAML({
    ...(purpose === "logout" ? { generateUniqueId: () => `${logoutRequestPrefix}${randomBytes(20).toString("hex")}` } : {}),
    issuer: settings.spEntityId,
    callbackUrl: settings.acsUrl,
    entryPoint: idp.ssoUrl,
    logoutUrl: idp.sloUrl ?? idp.ssoUrl,
    logoutCallbackUrl: settings.sloUrl,
    idpIssuer: idp.entityId,
    idpCert: idp.certs,
    audience: settings.spEntityId,
    // The assertion itself must be signed, whether or not the response around it is.
    wantAssertionsSigned: true,
    wantAuthnResponseSigned: false,
    validateInResponseTo: ValidateInResponseTo.always,
    requestIdExpirationPeriodMs: requestLifetimeMs,
    cacheProvider: requestCache(db),
    acceptedClockSkewMs: 60_000,
    identifierFormat: null,
    disableRequestedAuthnContext: true,
    signatureAlgorithm: "sha256",
    ...(settings.signing ? { privateKey: settings.signing.key, publicCert: settings.signing.cert } : {}),
  });
}

/** This portal's SP metadata, for the identity team (/auth/saml/metadata). */
export function spMetadata(db: Db, provider: SamlProvider): string {
  const xml = samlOf(db, provider).generateServiceProviderMetadata(null, provider.settings.signing?.cert ?? null);
  // node-saml always advertises single logout by HTTP-POST; ours is HTTP-Redirect (a GET, no cross-site POST to exempt).
  const slo = `<SingleLogoutService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="${provider.settings.sloUrl}"/>`;
  if (!xml.includes(slo)) throw new Error("node-saml's SP metadata changed shape: check its SingleLogoutService");
  return xml.replace(slo, `<SingleLogoutService Binding="${redirectBinding}" Location="${provider.settings.sloUrl}"/>`);
}

/**
 * Where to send the browser — the IdP, with an AuthnRequest (remembered for
 * its response) and the RelayState — and the request's ID, which the web
 * layer keeps in this browser's cookie so that the response can be bound to
 * it (login CSRF). The ID is read back from the AuthnRequest in the URL, the
 * very message the IdP answers, rather than from node-saml's internals (its
 * ID generator or cache calls), which a node-saml release may change.
 */
export async function samlSignInUrl(db: Db, provider: SamlProvider, relayState: string): Promise<{ url: string; requestId: string }> {
  const url = await samlOf(db, provider).getAuthorizeUrlAsync(relayState, undefined, {});
  const message = new URL(url).searchParams.get("SAMLRequest");
  const root = message ? documentElementOf(redirectMessage(message) ?? "") : null;
  const requestId = root?.localName === "AuthnRequest" ? root.getAttribute("ID") : null;
  if (!requestId) throw new Error("node-saml's sign-in URL carries no AuthnRequest with an ID");
  return { url, requestId };
}

type Assertion = { $?: Record<string, string>; Conditions?: Array<{ $?: Record<string, string> }>; Subject?: Array<SubjectXml> };
type SubjectXml = { SubjectConfirmation?: Array<{ SubjectConfirmationData?: Array<{ $?: Record<string, string> }> }> };

function attributeValue(profile: Profile, name: string): string | null {
  const value = profile[name];
  const first = Array.isArray(value) ? value[0] : value;
  return typeof first === "string" && first.trim() ? first.trim() : null;
}

/**
 * The response the IdP posted to /auth/saml/acs: validated by node-saml,
 * then bound to the browser posting it (its InResponseTo is the
 * AuthnRequest this browser started, when the portal can bind: see
 * SamlSettings.bindsToBrowser), then its Recipient and Destination, then its
 * assertion accepted once; then the person signed in as any company account
 * is (signInWithCompanyAccount). Anything invalid is `saml.invalid` (400),
 * with the reason logged for the operator.
 *
 * `startedRequest` is the AuthnRequest ID this browser's cookie holds (null:
 * none). node-saml alone proves only that the response answers *a* request
 * of ours: an attacker could start a sign-in, sign in at the IdP as himself
 * and have a victim's browser post his response, signing the victim in as
 * him (login CSRF).
 */
export async function signInWithSamlResponse(
  db: Db,
  provider: SamlProvider,
  response: { samlResponse: string; startedRequest: string | null; userAgent?: string | null },
  authSettings: AuthSettings = defaultAuthSettings,
): Promise<Result<{ token: string; user: User }>> {
  const { settings } = provider;
  const invalid = (reason: string) => {
    log("warn", "saml: response refused", { reason });
    return err("saml.invalid", 400);
  };
  // Refused before node-saml sees it, on the response's (unsigned) InResponseTo: an answer to
  // another browser's request spends no request, and costs no signature check. The signed
  // copies of it are compared after validation, below.
  if (settings.bindsToBrowser) {
    if (!response.startedRequest) return invalid("this browser started no sign-in (no request cookie)");
    const root = documentElementOf(Buffer.from(response.samlResponse, "base64").toString("utf8"));
    if (root?.localName === "Response" && root.getAttribute("InResponseTo") !== response.startedRequest) {
      return invalid("the response answers another browser's request");
    }
  }
  let profile: Profile | null;
  try {
    ({ profile } = await samlOf(db, provider).validatePostResponseAsync({ SAMLResponse: response.samlResponse }));
  } catch (error) {
    return invalid(error instanceof Error ? error.message : String(error));
  }
  if (!profile?.nameID || !profile.getAssertion) return invalid("no assertion with a NameID");
  const assertion = (profile.getAssertion() as { Assertion?: Assertion }).Assertion;
  const assertionId = assertion?.$?.ID;
  if (!assertion || !assertionId) return invalid("the assertion has no ID");

  const confirmations = (assertion.Subject?.[0]?.SubjectConfirmation ?? []).flatMap((c) => c.SubjectConfirmationData ?? []);
  // Login CSRF: node-saml checked that the InResponseTo names a live request
  // of ours and matches the signed SubjectConfirmationData's; it must also
  // be the one this browser started. Every confirmation's InResponseTo, when
  // present, is checked too (node-saml looks at the first only; they are signed).
  if (settings.bindsToBrowser) {
    const inResponseTo = typeof profile.inResponseTo === "string" ? profile.inResponseTo : null;
    const signed = confirmations.map((c) => c.$?.InResponseTo).filter((id) => id !== undefined);
    if (inResponseTo !== response.startedRequest || signed.some((id) => id !== response.startedRequest)) {
      return invalid("the response answers another browser's request");
    }
  }

  // node-saml leaves these to us: the signed assertion is for this ACS, and the response was sent to it.
  if (!confirmations.length || confirmations.some((c) => c.$?.Recipient !== settings.acsUrl)) {
    return invalid(`Recipient is not ${settings.acsUrl}`);
  }
  const destination = responseDestination(profile.getSamlResponseXml?.() ?? "");
  if (destination !== null && destination !== settings.acsUrl) return invalid(`Destination is not ${settings.acsUrl}`);

  // Accepted once, on any instance: the primary key refuses the second.
  const expiries = [assertion.Conditions?.[0]?.$?.NotOnOrAfter, ...confirmations.map((c) => c.$?.NotOnOrAfter)]
    .map((t) => (t ? Date.parse(t) : NaN))
    .filter((t) => Number.isFinite(t));
  const expiresAt = new Date(Math.max(Date.now() + requestLifetimeMs, ...expiries));
  const consumed = await db
    .insertInto("saml_assertions")
    .values({ id: assertionId, expires_at: expiresAt })
    .onConflict((oc) => oc.doNothing())
    .returning("id")
    .executeTakeFirst();
  if (!consumed) return invalid("the assertion was used before (replay)");

  return signInWithCompanyAccount(
    db,
    {
      method: "saml",
      employeeNo: attributeValue(profile, settings.employeeAttribute),
      email: settings.emailAttribute ? attributeValue(profile, settings.emailAttribute) : ((profile.email as string | undefined) ?? null),
      subject: profile.nameID,
      providerSession: profile.sessionIndex ?? null,
      nameIdFormat: profile.nameIDFormat ?? null,
      userAgent: response.userAgent,
    },
    authSettings,
  );
}

/**
 * The IdP's single logout (HTTP-Redirect binding, /auth/saml/slo): a
 * LogoutRequest signed by the IdP ends the portal's sessions it opened for
 * that NameID (and SessionIndex, when given) on every instance; the answer
 * is the LogoutResponse's URL at the IdP. node-saml accepts an unsigned
 * redirect-bound request, so the signature is required here: anyone could
 * otherwise sign anyone out.
 */
export async function endSessionsForIdpLogout(
  db: Db,
  provider: SamlProvider,
  query: Record<string, string>,
  originalQuery: string,
): Promise<Result<{ respondTo: string; ended: number }>> {
  const invalid = (reason: string) => {
    log("warn", "saml: logout request refused", { reason });
    return err("saml.invalid", 400);
  };
  if (!query.SAMLRequest) return invalid("no SAMLRequest");
  if (!query.Signature || !query.SigAlg) return invalid("the logout request is not signed");
  if (!redirectMessage(query.SAMLRequest)) return invalid("the SAMLRequest is not a deflated SAML message");
  const saml = samlOf(db, provider);
  let profile: Profile | null;
  try {
    ({ profile } = await saml.validateRedirectAsync(query, originalQuery));
  } catch (error) {
    return invalid(error instanceof Error ? error.message : String(error));
  }
  if (!profile?.nameID) return invalid("no NameID");
  const ended = await endProviderSessions(db, "saml", { subject: profile.nameID, providerSession: profile.sessionIndex ?? null });
  const respondTo = await saml.getLogoutResponseUrlAsync(profile, query.RelayState ?? "", {}, true);
  return ok({ respondTo, ended });
}

/** The NameID Format a LogoutRequest says when the session did not keep one (opened before it was kept): "whatever the IdP uses". */
const unspecifiedNameIdFormat = "urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified";

/** What the portal's LogoutRequest names: the SAML session that just ended (signOut's answer). */
export interface EndedSamlSession {
  /** The NameID the IdP sent (the session's provider_subject). */
  subject: string;
  /** The SessionIndex of the IdP's session (provider_session), when it sent one. */
  session: string | null;
  /** The NameID's Format as the IdP sent it, when kept. */
  nameIdFormat: string | null;
}

/** Where a person goes after signing out of the portal: the relay state of the LogoutRequest, and where a LogoutResponse always lands. */
export const afterSamlSignOut = "/login";

/**
 * SP-initiated single logout (decision 0046's addendum): once the portal's
 * own session has ended, the URL that takes the browser to the IdP's
 * SingleLogoutService (HTTP-Redirect) with a LogoutRequest for that NameID
 * (with its Format) and SessionIndex — signed when SAML_SP_KEY is set — and
 * RelayState /login. The request's ID is kept in saml_requests so that any
 * instance can check the IdP's answer. Null when the IdP's metadata has no
 * SingleLogoutService, or the request could not be made (logged): the person
 * then goes straight to /login, signed out of the portal.
 */
export async function samlSignOutUrl(db: Db, provider: SamlProvider, ended: EndedSamlSession): Promise<string | null> {
  const idp = provider.idp();
  if (!idp.sloUrl) return null;
  try {
    return await samlOf(db, provider, "logout").getLogoutUrlAsync(
      {
        issuer: idp.entityId,
        nameID: ended.subject,
        nameIDFormat: ended.nameIdFormat ?? unspecifiedNameIdFormat,
        ...(ended.session ? { sessionIndex: ended.session } : {}),
      },
      afterSamlSignOut,
      {},
    );
  } catch (error) {
    log("warn", "saml: no logout request sent", { error: error instanceof Error ? error.message : String(error) });
    return null;
  }
}

/**
 * The IdP's LogoutResponse to the portal's LogoutRequest, back through the
 * browser at /auth/saml/slo (HTTP-Redirect). node-saml checks the issuer,
 * the Success status, the InResponseTo against the requests kept, and the
 * signature when there is one; we add what it leaves out — an InResponseTo
 * is required and must name one of our LogoutRequests, and the Destination,
 * when present, is our SLO URL — and forget the request once answered. Ok:
 * the IdP says the person is signed out there too. A refusal is logged with
 * its reason and is `saml.signedOut.partly`: the portal's session ended
 * before the browser left, but the company account may still be signed in.
 */
export async function confirmIdpLogout(db: Db, provider: SamlProvider, query: Record<string, string>, originalQuery: string): Promise<Result<null>> {
  const refused = (reason: string) => {
    log("warn", "saml: logout response refused", { reason });
    return err("saml.signedOut.partly", 400);
  };
  if (!query.SAMLResponse) return refused("no SAMLResponse");
  const xml = redirectMessage(query.SAMLResponse);
  if (!xml) return refused("the SAMLResponse is not a deflated SAML message");
  const root = documentElementOf(xml);
  if (!root || root.localName !== "LogoutResponse") return refused("not a LogoutResponse");
  const inResponseTo = root.getAttribute("InResponseTo") ?? "";
  // node-saml checks InResponseTo only when there is one.
  if (!inResponseTo.startsWith(logoutRequestPrefix)) return refused("InResponseTo does not name a LogoutRequest of ours");
  const destination = root.getAttribute("Destination");
  if (destination && destination !== provider.settings.sloUrl) return refused(`Destination is not ${provider.settings.sloUrl}`);
  const saml = samlOf(db, provider, "logout");
  try {
    await saml.validateRedirectAsync(query, originalQuery);
  } catch (error) {
    return refused(error instanceof Error ? error.message : String(error));
  } finally {
    // Answered, whatever the answer: a second delivery of it is not accepted.
    await db.deleteFrom("saml_requests").where("id", "=", inResponseTo).execute();
  }
  return ok(null);
}

/** Inflated redirect-bound messages larger than this are refused before any parsing (a LogoutRequest or LogoutResponse is a few KB). */
const redirectMessageMaxBytes = 64 * 1024;

/**
 * The XML of an HTTP-Redirect message (base64 of raw DEFLATE), or null when
 * it is not one or inflates past redirectMessageMaxBytes: a hostile query
 * string can neither make a 500 nor a memory-filling inflation.
 */
function redirectMessage(value: string): string | null {
  try {
    return inflateRawSync(Buffer.from(value, "base64"), { maxOutputLength: redirectMessageMaxBytes }).toString("utf8");
  } catch {
    return null;
  }
}

/** The root element of an XML document, or null when it is not well-formed (xmldom throws on a fatal error whatever its onError does). */
function documentElementOf(xml: string): Element | null {
  try {
    return new DOMParser({ onError: () => {} }).parseFromString(xml, "text/xml").documentElement;
  } catch {
    return null;
  }
}

function responseDestination(xml: string): string | null {
  if (!xml) return null;
  return documentElementOf(xml)?.getAttribute("Destination") || null;
}

/** Forgets answered-or-abandoned requests and expired assertions (the hourly rate-limit-prune job); a second run finds none. */
export async function pruneSamlState(db: Db): Promise<void> {
  await db
    .deleteFrom("saml_assertions")
    .where("expires_at", "<", sql<Date>`now()`)
    .execute();
  await db
    .deleteFrom("saml_requests")
    .where("created_at", "<", sql<Date>`now() - make_interval(secs => ${requestLifetimeMs / 1000})`)
    .execute();
}
