/**
 * SCIM provisioning's HTTP shape (RFC 7644, decision 0047), shared by its
 * route and by the server, which answers whatever never reaches the route
 * (a body refused by its size, a broken URL, the database away) in the same
 * form: a SCIM client reads JSON, never our HTML error pages.
 */

/** Every answer at /scim/v2, errors included (RFC 7644 §3.1). */
export const scimJson = "application/scim+json; charset=utf-8";

/** A path of SCIM provisioning. */
export const isScimPath = (path: string) => /^\/scim\/v2(\/|$)/.test(path);

/** A SCIM error message (RFC 7644 §3.12). */
export function scimError(status: number, detail: string, scimType?: string) {
  return { schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"], status: String(status), ...(scimType ? { scimType } : {}), detail };
}
