import { sql } from "kysely";
import type { Db } from "../../../db/client";
import type { PasswordSignIn } from "../auth/settings";
import { isAdmin, type User } from "../auth/user";
import { err, ok, type Result } from "../result";
import { oidcConfiguration } from "./oidc.server";
import type { SamlProvider } from "./saml.server";
import type { IdentitySettings } from "./settings";

// /admin/identity (issue 18, item 5): the company sign-in as it is set up,
// with every value the identity team asks for, whether the provider answers
// now, and what happened at the latest company sign-ins — so an
// administrator can tell "not configured" from "refused" from "unreachable"
// without reading logs. Administrators only. Never a secret.

export interface IdentitySetup {
  identity: IdentitySettings;
  saml: SamlProvider | undefined;
  passwordSignIn: PasswordSignIn;
}

export interface IdentityOverview {
  passwordSignIn: PasswordSignIn;
  oidc: {
    issuer: string;
    clientId: string;
    employeeClaims: string[];
    redirectUri: string;
    postLogoutRedirectUri: string;
    backchannelLogoutUri: string;
  } | null;
  saml: {
    idpEntityId: string;
    idpSsoUrl: string;
    spEntityId: string;
    acsUrl: string;
    sloUrl: string;
    metadataUrl: string;
    employeeAttribute: string;
    emailAttribute: string | null;
    signsRequests: boolean;
    /** The IdP's HTTP-Redirect SingleLogoutService from its metadata (null: it has none; signing out then stays in the portal). */
    idpSloUrl: string | null;
    /** Whether a response must answer this browser's own request (login CSRF); false when PUBLIC_URL is plain http:// off loopback. */
    bindsToBrowser: boolean;
  } | null;
  /** SCIM tokens not revoked. */
  scimTokens: number;
  /** The administrator's own session: how it was opened (a Test sign-in comes back here). */
  yourSession: { method: "password" | "oidc" | "saml"; openedAt: Date } | null;
  /** The latest company sign-ins and refusals, newest first: what the provider sent and what the directory said. */
  recent: Array<{ at: Date; outcome: "signed_in" | "unknown" | "left"; method: string; who: string | null }>;
}

const recentLimit = 10;

export async function identityOverview(db: Db, user: User, setup: IdentitySetup, sessionId: string | null): Promise<Result<IdentityOverview>> {
  if (!isAdmin(user)) return err("common.forbidden", 403);
  const { oidc } = setup.identity;
  const saml = setup.saml;
  const [tokens, session, recent] = await Promise.all([
    db
      .selectFrom("scim_tokens")
      .select((eb) => eb.fn.countAll<string>().as("n"))
      .where("revoked_at", "is", null)
      .executeTakeFirstOrThrow(),
    sessionId
      ? db.selectFrom("sessions").select(["method", "created_at"]).where("id", "=", sessionId).where("person_id", "=", user.id).executeTakeFirst()
      : undefined,
    db
      .selectFrom("audit_log as a")
      .leftJoin("people as p", (j) => j.on(sql`p.id::text`, "=", sql.ref("a.subject_id")))
      .select(["a.at", "a.action", "a.after", "a.subject_id", "p.employee_no"])
      .where((eb) =>
        eb.or([
          eb("a.action", "=", "auth.sso_refused"),
          eb.and([eb("a.action", "=", "auth.signed_in"), eb(sql`a.after->>'method'`, "is not", null)]),
        ]),
      )
      .orderBy("a.id", "desc")
      .limit(recentLimit)
      .execute(),
  ]);
  return ok({
    passwordSignIn: setup.passwordSignIn,
    oidc: oidc && {
      issuer: oidc.issuer,
      clientId: oidc.clientId,
      employeeClaims: oidc.employeeClaims,
      redirectUri: oidc.redirectUri,
      postLogoutRedirectUri: oidc.postLogoutRedirectUri,
      backchannelLogoutUri: oidc.backchannelLogoutUri,
    },
    saml: saml
      ? {
          idpEntityId: saml.idp().entityId,
          idpSsoUrl: saml.idp().ssoUrl,
          spEntityId: saml.settings.spEntityId,
          acsUrl: saml.settings.acsUrl,
          sloUrl: saml.settings.sloUrl,
          metadataUrl: saml.settings.metadataUrl,
          employeeAttribute: saml.settings.employeeAttribute,
          emailAttribute: saml.settings.emailAttribute,
          signsRequests: saml.settings.signing !== null,
          idpSloUrl: saml.idp().sloUrl,
          bindsToBrowser: saml.settings.bindsToBrowser,
        }
      : null,
    scimTokens: Number(tokens.n),
    yourSession: session ? { method: session.method, openedAt: session.created_at } : null,
    recent: recent.map((r) => {
      const after = (r.after ?? {}) as { method?: string; reason?: string; employeeNo?: string | null; email?: string | null };
      const refused = r.action === "auth.sso_refused";
      return {
        at: r.at,
        outcome: refused ? (after.reason === "left" ? "left" : "unknown") : "signed_in",
        method: after.method ?? "",
        // What the provider sent when refused (the identity team's clue); the person's employee number when signed in.
        who: refused ? (after.employeeNo ?? after.email ?? null) : (r.employee_no ?? null),
      };
    }),
  });
}

/** Does the OpenID provider answer its discovery now? The endpoints it offers, or why not (never a secret). */
export async function checkOidcProvider(
  user: User,
  setup: IdentitySetup,
): Promise<Result<{ authorization: string; endSession: boolean; backchannelLogout: boolean }>> {
  if (!isAdmin(user)) return err("common.forbidden", 403);
  if (!setup.identity.oidc) return err("identity.check.off", 400);
  try {
    const meta = (await oidcConfiguration(setup.identity.oidc)).serverMetadata();
    return ok({
      authorization: String(meta.authorization_endpoint ?? ""),
      endSession: Boolean(meta.end_session_endpoint),
      backchannelLogout: Boolean(meta.backchannel_logout_supported),
    });
  } catch {
    return err("identity.check.unreachable", 502);
  }
}
