/**
 * A real SAML 2.0 identity provider for the tests (samlify in IdP mode) on a
 * free local port: the counterpart of the portal's SP (node-saml), which is
 * what the tests put to the proof.
 *
 *   const idp = await startSamlIdp();              // beforeAll; idp.stop() after
 *   server env: SAML_IDP_METADATA = idp.metadataUrl
 *   idp.trust(await (await fetch(`${server.url}/auth/saml/metadata`)).text());
 *
 *   GET  idp.metadataUrl                           the IdP's metadata (entity ID, SSO URL, signing certificate)
 *   GET  /sso?SAMLRequest…&RelayState…             the sign-in page's outcome: an auto-posting form to the
 *                                                  portal's ACS for idp.signInAs(user) — without JavaScript,
 *                                                  its "Continue" button posts it
 *   idp.logoutRequest(nameID, { sessionIndex, signed })  the portal's /auth/saml/slo URL carrying the IdP's LogoutRequest
 *   GET  /slo?SAMLRequest…                         the portal's own LogoutRequest (SP-initiated logout): read as
 *                                                  idp.readLogoutRequest does, answered by a redirect to the
 *                                                  portal's /auth/saml/slo with a Success LogoutResponse
 *   await idp.readLogoutRequest(location)          the portal's LogoutRequest at that URL, its signature verified
 *                                                  against the SP metadata's certificate when it carries one
 *   idp.logoutResponse(request, options?)          the portal's /auth/saml/slo URL with this IdP's LogoutResponse to
 *                                                  it; options spoil it (status, issuer, InResponseTo, signature)
 *   await idp.respond(location, options?)          the same answer as data, for HTTP tests: { acsUrl, SAMLResponse,
 *                                                  RelayState, xml }; options change what a genuine IdP would
 *                                                  not (audience, times, recipient, signatures, or the XML itself)
 *
 * samlify validates XML against the SAML schemas only with a validator given
 * to it; the IdP here accepts whatever the SP sends (it is not under test).
 */
import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import path from "node:path";
import { DOMParser } from "@xmldom/xmldom";
import * as samlify from "samlify";
import { freePort } from "./ports";
import { repoRoot } from "./snapshot";

samlify.setSchemaValidator({ validate: () => Promise.resolve("skipped") });

const fixtures = path.join(repoRoot, "tests/fixtures/saml");
const fixture = (name: string) => readFileSync(path.join(fixtures, name), "utf8");

export interface SamlUser {
  nameID: string;
  employeeNumber?: string;
  email?: string;
  sessionIndex?: string;
  /** The NameID's Format (default urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified). */
  nameIDFormat?: string;
}

export interface ResponseOptions {
  user?: SamlUser;
  audience?: string;
  /** The assertion's Conditions and SubjectConfirmationData NotOnOrAfter (default: 5 minutes on). */
  notOnOrAfter?: Date;
  recipient?: string;
  destination?: string;
  /** false: the assertion is not signed (samlify then signs the response around it, as an IdP would). */
  signAssertion?: boolean;
  /** "other": signed with a key the portal does not trust. */
  signWith?: "idp" | "other";
  /** The signed response's XML, changed before it is sent (a wrapping attack). */
  tamper?: (xml: string) => string;
}

export interface SamlAnswer {
  acsUrl: string;
  SAMLResponse: string;
  RelayState: string;
  /** The response as XML, before base64. */
  xml: string;
}

/** The portal's LogoutRequest as the IdP read it. */
export interface PortalLogoutRequest {
  id: string;
  issuer: string;
  destination: string;
  nameID: string;
  nameIDFormat: string | null;
  sessionIndex: string | null;
  relayState: string;
  /** It carried a signature (SigAlg and Signature), and the signature verified against the SP metadata's certificate. */
  signed: boolean;
  xml: string;
}

export interface LogoutResponseOptions {
  /** The top-level StatusCode (default Success). */
  status?: string;
  /** The Issuer (default this IdP's entity ID). */
  issuer?: string;
  /** InResponseTo (default the request's ID). */
  inResponseTo?: string;
  /** Destination (default the portal's /auth/saml/slo). */
  destination?: string;
  /** Signed with the redirect binding's query signature (default true). */
  signed?: boolean;
  /** "other": signed with a key the portal does not trust. */
  signWith?: "idp" | "other";
}

export interface TestIdp {
  url: string;
  metadataUrl: string;
  entityId: string;
  /** The SP metadata (/auth/saml/metadata) of the portal this IdP answers. */
  trust(spMetadata: string): void;
  /** Who the next sign-in at /sso is. */
  signInAs(user: SamlUser): void;
  respond(location: string, options?: ResponseOptions): Promise<SamlAnswer>;
  /** The portal's single-logout URL with this IdP's LogoutRequest for a NameID (and SessionIndex); signed unless told. */
  logoutRequest(nameID: string, options?: { sessionIndex?: string; signed?: boolean }): string;
  /** The portal's LogoutRequest at a URL of this IdP's /slo (its signature verified when it has one); throws when it is not one. */
  readLogoutRequest(location: string): Promise<PortalLogoutRequest>;
  /** The portal's /auth/saml/slo URL with this IdP's LogoutResponse to that request, as options make it. */
  logoutResponse(request: PortalLogoutRequest, options?: LogoutResponseOptions): string;
  stop(): Promise<void>;
}

const basic = "urn:oasis:names:tc:SAML:2.0:attrname-format:basic";
const redirectBinding = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect";

function identityProvider(entityId: string, sso: string, key: "idp" | "other", wantLogoutRequestSigned = false) {
  return samlify.IdentityProvider({
    entityID: entityId,
    wantLogoutRequestSigned,
    privateKey: fixture(`${key}.key`),
    signingCert: fixture(`${key}.crt`),
    nameIDFormat: ["urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified"],
    singleSignOnService: [{ Binding: redirectBinding, Location: sso }],
    singleLogoutService: [{ Binding: redirectBinding, Location: sso.replace(/\/sso$/, "/slo") }],
    loginResponseTemplate: {
      context: samlify.SamlLib.defaultLoginResponseTemplate.context,
      attributes: [
        { name: "employeeNumber", valueTag: "employeeNumber", nameFormat: basic, valueXsiType: "xs:string" },
        { name: "mail", valueTag: "mail", nameFormat: basic, valueXsiType: "xs:string" },
      ],
    },
  });
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * `host: "localhost"` puts the IdP on another site than a portal on
 * 127.0.0.1 (ports do not make sites), so that its post to the ACS is
 * cross-site for the browser as at a real company; it still listens on 127.0.0.1.
 */
export async function startSamlIdp(options: { host?: "127.0.0.1" | "localhost" } = {}): Promise<TestIdp> {
  const port = await freePort();
  const url = `http://${options.host ?? "127.0.0.1"}:${port}`;
  const entityId = `${url}/metadata`;
  const idps = { idp: identityProvider(entityId, `${url}/sso`, "idp"), other: identityProvider(entityId, `${url}/sso`, "other") };
  // The same IdP, checking the signature of a LogoutRequest that carries one.
  const verifying = identityProvider(entityId, `${url}/sso`, "idp", true);
  let spMetadata: string | undefined;
  let user: SamlUser = { nameID: "nobody" };

  async function respond(location: string, options: ResponseOptions = {}): Promise<SamlAnswer> {
    if (!spMetadata) throw new Error("the test IdP trusts no SP yet: call idp.trust(metadata)");
    const query = Object.fromEntries(new URL(location, url).searchParams);
    const signAssertion = options.signAssertion ?? true;
    const sp = samlify.ServiceProvider({
      metadata: signAssertion ? spMetadata : spMetadata.replace(/WantAssertionsSigned="true"/, 'WantAssertionsSigned="false"'),
    });
    const idp = idps[options.signWith ?? "idp"];
    const request = await idp.parseLoginRequest(sp, "redirect", { query });
    const requestId = (request.extract as { request?: { id?: string } }).request?.id ?? "";
    const acsUrl = sp.entityMeta.getAssertionConsumerService("post") as string;
    const who = options.user ?? user;
    const now = new Date();
    const later = (options.notOnOrAfter ?? new Date(now.getTime() + 5 * 60_000)).toISOString();
    const issued = options.notOnOrAfter && options.notOnOrAfter < now ? new Date(options.notOnOrAfter.getTime() - 5 * 60_000) : now;
    const sessionIndex = who.sessionIndex ?? `_session_${Math.random().toString(36).slice(2)}`;
    const answer = await idp.createLoginResponse(
      sp,
      request as unknown as Parameters<typeof idp.createLoginResponse>[1],
      "post",
      {},
      {
        customTagReplacement: (template: string) => {
          const id = `_resp_${Math.random().toString(36).slice(2)}`;
          const withStatement = template.replace(
            "{AuthnStatement}",
            `<saml:AuthnStatement AuthnInstant="${issued.toISOString()}" SessionIndex="${escapeHtml(sessionIndex)}"><saml:AuthnContext><saml:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement>`,
          );
          const context = samlify.SamlLib.replaceTagsByValue(withStatement, {
            ID: id,
            AssertionID: `_assert_${Math.random().toString(36).slice(2)}`,
            Destination: options.destination ?? acsUrl,
            Audience: options.audience ?? (sp.entityMeta.getEntityID() as string),
            SubjectRecipient: options.recipient ?? acsUrl,
            Issuer: entityId,
            IssueInstant: issued.toISOString(),
            StatusCode: "urn:oasis:names:tc:SAML:2.0:status:Success",
            ConditionsNotBefore: issued.toISOString(),
            ConditionsNotOnOrAfter: later,
            SubjectConfirmationDataNotOnOrAfter: later,
            NameIDFormat: who.nameIDFormat ?? "urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified",
            NameID: who.nameID,
            InResponseTo: requestId,
            AttributeStatement: "",
            attrEmployeeNumber: who.employeeNumber ?? "",
            attrMail: who.email ?? "",
          });
          return { id, context };
        },
        relayState: query.RelayState,
      },
    );
    let xml = Buffer.from(answer.context, "base64").toString("utf8");
    if (options.tamper) xml = options.tamper(xml);
    return { acsUrl, SAMLResponse: Buffer.from(xml, "utf8").toString("base64"), RelayState: query.RelayState ?? "", xml };
  }

  async function readLogoutRequest(location: string): Promise<PortalLogoutRequest> {
    if (!spMetadata) throw new Error("the test IdP trusts no SP yet: call idp.trust(metadata)");
    const at = new URL(location);
    if (at.origin !== url || at.pathname !== "/slo") throw new Error(`not this IdP's single logout address: ${location}`);
    const query = Object.fromEntries(at.searchParams);
    if (!query.SAMLRequest) throw new Error("no SAMLRequest");
    const signed = Boolean(query.Signature && query.SigAlg);
    // What the signature covers (SAML bindings §3.4.4.1): the query as sent, up to the Signature.
    const octetString = at.search
      .slice(1)
      .split("&")
      .filter((pair) => !pair.startsWith("Signature="))
      .join("&");
    const sp = samlify.ServiceProvider({ metadata: spMetadata });
    const parsed = await (signed ? verifying : idps.idp).parseLogoutRequest(sp, "redirect", { query, octetString });
    const extract = parsed.extract as {
      request?: { id?: string; destination?: string };
      issuer?: string;
      nameID?: string;
      sessionIndex?: string;
    };
    const doc = new DOMParser().parseFromString(parsed.samlContent, "text/xml");
    const nameId = doc.getElementsByTagNameNS("urn:oasis:names:tc:SAML:2.0:assertion", "NameID")[0];
    return {
      id: extract.request?.id ?? "",
      issuer: extract.issuer ?? "",
      destination: extract.request?.destination ?? "",
      nameID: extract.nameID ?? "",
      nameIDFormat: nameId?.getAttribute("Format") ?? null,
      sessionIndex: extract.sessionIndex ?? null,
      relayState: query.RelayState ?? "",
      signed,
      xml: parsed.samlContent,
    };
  }

  function logoutResponse(request: PortalLogoutRequest, options: LogoutResponseOptions = {}): string {
    if (!spMetadata) throw new Error("the test IdP trusts no SP yet: call idp.trust(metadata)");
    const sp = samlify.ServiceProvider({ metadata: spMetadata, wantLogoutResponseSigned: options.signed ?? true });
    const idp = idps[options.signWith ?? "idp"];
    const portalSlo = sp.entityMeta.getSingleLogoutService("redirect") as string;
    const { context } = idp.createLogoutResponse(
      sp,
      { extract: { request: { id: request.id } } } as unknown as Parameters<typeof idp.createLogoutResponse>[1],
      "redirect",
      {
        relayState: request.relayState,
        customTagReplacement: (template: string) => {
          const id = `_logout_resp_${Math.random().toString(36).slice(2)}`;
          const context = samlify.SamlLib.replaceTagsByValue(template, {
            ID: id,
            Destination: options.destination ?? portalSlo,
            Issuer: options.issuer ?? entityId,
            IssueInstant: new Date().toISOString(),
            StatusCode: options.status ?? "urn:oasis:names:tc:SAML:2.0:status:Success",
            InResponseTo: options.inResponseTo ?? request.id,
          });
          return { id, context };
        },
      },
    );
    return context;
  }

  const server: Server = createServer((req, res) => {
    const here = new URL(req.url ?? "/", url);
    if (here.pathname === "/metadata") {
      res.writeHead(200, { "content-type": "application/samlmetadata+xml" }).end(idps.idp.getMetadata());
      return;
    }
    if (here.pathname === "/slo" && here.searchParams.has("SAMLRequest")) {
      // The portal's LogoutRequest: this IdP's session ends (it keeps none), and the browser goes back with the answer.
      readLogoutRequest(here.toString()).then(
        (request) => res.writeHead(302, { location: logoutResponse(request) }).end(),
        (error: unknown) => res.writeHead(400, { "content-type": "text/plain" }).end(String(error)),
      );
      return;
    }
    if (here.pathname === "/slo") {
      res.writeHead(200, { "content-type": "text/plain" }).end("signed out");
      return;
    }
    if (here.pathname === "/sso") {
      respond(here.toString()).then(
        (a) => {
          // What an IdP's last page does: post the response to the SP, by itself with JavaScript, by a button without.
          res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(`<!DOCTYPE html><html lang="en"><head><title>Test IdP</title></head>
<body onload="document.forms[0].submit()"><main><form method="post" action="${escapeHtml(a.acsUrl)}">
<input type="hidden" name="SAMLResponse" value="${escapeHtml(a.SAMLResponse)}"><input type="hidden" name="RelayState" value="${escapeHtml(a.RelayState)}">
<button type="submit">Continue</button></form></main></body></html>`);
        },
        (error: unknown) => res.writeHead(400, { "content-type": "text/plain" }).end(String(error)),
      );
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));

  return {
    url,
    metadataUrl: `${url}/metadata`,
    entityId,
    trust: (metadata) => void (spMetadata = metadata),
    signInAs: (who) => void (user = who),
    logoutRequest(nameID, options = {}) {
      if (!spMetadata) throw new Error("the test IdP trusts no SP yet: call idp.trust(metadata)");
      const sp = samlify.ServiceProvider({ metadata: spMetadata, wantLogoutRequestSigned: options.signed ?? true });
      const { context } = idps.idp.createLogoutRequest(sp, "redirect", { logoutNameID: nameID, sessionIndex: options.sessionIndex });
      return context;
    },
    readLogoutRequest,
    logoutResponse,
    respond,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
