import SCIMMY from "scimmy";
import type { Db } from "../../../db/client";
import { createScimGroup, deleteScimGroup, getScimGroup, listScimGroups, replaceScimGroup } from "./groups.server";
import type { ScimClient } from "./tokens.server";
import { createScimUser, deleteScimUser, enterprise, getScimUser, listScimUsers, maxPageSize, replaceScimUser, userFilterOf } from "./users.server";

// The SCIM 2.0 protocol at /scim/v2 (issue 18 item 4, decision 0047), by
// SCIMMY: it parses resources against their schemas, filters, PATCH
// operations, list and error messages. Our handlers only map resources to
// the directory. Every request runs in one transaction: a refusal anywhere
// (a SCIM error thrown by a handler) rolls the whole request back.

export const scimBase = "/scim/v2";

/** The request as the route read it. */
export interface ScimRequest {
  method: string;
  /** The path below /scim/v2, e.g. "/Users/12". */
  path: string;
  query: URLSearchParams;
  body: unknown;
}

export interface ScimResponse {
  status: number;
  body: unknown;
}

interface Ctx {
  db: Db;
  client: ScimClient;
  /** What a list egress found in all, for ListResponse's totalResults. */
  total?: number;
}

/** Any of SCIMMY's resource classes, as this file calls them. */
type ResourceClass = new (...args: [string, Record<string, unknown>] | [Record<string, unknown>]) => {
  read(ctx: Ctx): Promise<unknown>;
  write(body: unknown, ctx: Ctx): Promise<unknown>;
  patch(body: unknown, ctx: Ctx): Promise<unknown>;
  dispose(ctx: Ctx): Promise<void>;
};

/**
 * The handlers return one page already; SCIMMY would page it again from
 * startIndex. Told it starts at 1, it leaves the page alone; answerScim then
 * puts the real startIndex and total back.
 */
function onePage(resource: { constraints?: { startIndex?: number } }) {
  resource.constraints = { ...resource.constraints, startIndex: 1 };
}

let declared = false;

function declare() {
  if (declared) return;
  SCIMMY.Config.set({
    documentationUri: undefined,
    patch: true,
    filter: { supported: true, maxResults: maxPageSize },
    sort: false,
    etag: false,
    changePassword: false,
    bulk: false,
    authenticationSchemes: [
      {
        type: "oauthbearertoken",
        name: "Bearer token",
        description: "A token an administrator creates at /admin/scim, sent as Authorization: Bearer <token>.",
      },
    ],
  });
  SCIMMY.Resources.declare(SCIMMY.Resources.User.extend(SCIMMY.Schemas.EnterpriseUser, false))
    .ingress(async (resource, instance, ctx: Ctx) =>
      resource.id ? replaceScimUser(ctx.db, ctx.client, resource.id, instance as never) : createScimUser(ctx.db, ctx.client, instance as never),
    )
    .egress(async (resource, ctx: Ctx) => {
      if (resource.id) return getScimUser(ctx.db, resource.id);
      const { startIndex = 1, count = 100 } = resource.constraints ?? {};
      const page = await listScimUsers(ctx.db, { filter: userFilterOf(resource.filter), startIndex, count });
      ctx.total = page.total;
      onePage(resource);
      return page.resources;
    })
    .degress(async (resource, ctx: Ctx) => deleteScimUser(ctx.db, ctx.client, resource.id!));
  SCIMMY.Resources.declare(SCIMMY.Resources.Group)
    .ingress(async (resource, instance, ctx: Ctx) =>
      resource.id ? replaceScimGroup(ctx.db, ctx.client, resource.id, instance as never) : createScimGroup(ctx.db, ctx.client, instance as never),
    )
    .egress(async (resource, ctx: Ctx) => {
      if (resource.id) return getScimGroup(ctx.db, resource.id);
      // Groups are few: SCIMMY's own filter matching answers any filter on them
      // (Entra asks `displayName eq` and `id eq … and members[value eq …]`).
      const all = await listScimGroups(ctx.db);
      const found = resource.filter ? resource.filter.match(all) : all;
      ctx.total = found.length;
      const { startIndex = 1, count = 100 } = resource.constraints ?? {};
      onePage(resource);
      return found.slice(startIndex - 1, startIndex - 1 + Math.min(count, maxPageSize));
    })
    .degress(async (resource, ctx: Ctx) => deleteScimGroup(ctx.db, ctx.client, resource.id!));
  // ServiceProviderConfig, ResourceTypes and Schemas are SCIMMY's own, declared by it.
  for (const r of [
    SCIMMY.Resources.User,
    SCIMMY.Resources.Group,
    SCIMMY.Resources.ServiceProviderConfig,
    SCIMMY.Resources.ResourceType,
    SCIMMY.Resources.Schema,
  ]) {
    r.basepath(scimBase);
  }
  declared = true;
}

const errorOf = (status: number, scimType: string | null, detail: string): ScimResponse => ({
  status,
  body: new SCIMMY.Messages.ErrorResponse(new SCIMMY.Types.Error(status, scimType as string, detail)),
});

/** Entra ID sends `"active": "False"` (a string) in PATCH values; SCIMMY rightly wants a boolean. */
function withBooleans(body: unknown): unknown {
  const ops = (body as { Operations?: unknown })?.Operations;
  if (!Array.isArray(ops)) return body;
  const bool = (v: unknown) => (typeof v === "string" && /^(true|false)$/i.test(v) ? v.toLowerCase() === "true" : v);
  return {
    ...(body as object),
    Operations: ops.map((op: { path?: unknown; value?: unknown }) => {
      if (typeof op?.path === "string" && op.path.toLowerCase() === "active") return { ...op, value: bool(op.value) };
      if (op?.value && typeof op.value === "object" && "active" in op.value)
        return { ...op, value: { ...op.value, active: bool((op.value as { active: unknown }).active) } };
      return op;
    }),
  };
}

const intParam = (query: URLSearchParams, name: string) => {
  const v = query.get(name);
  return v !== null && /^\d{1,9}$/.test(v) ? Number(v) : undefined;
};

/** Answers one SCIM request for an authenticated client. */
export async function answerScim(db: Db, client: ScimClient, req: ScimRequest): Promise<ScimResponse> {
  declare();
  const [, collection, id, ...rest] = req.path.split("/");
  const resourceType = (
    {
      Users: SCIMMY.Resources.User,
      Groups: SCIMMY.Resources.Group,
      ServiceProviderConfig: SCIMMY.Resources.ServiceProviderConfig,
      ResourceTypes: SCIMMY.Resources.ResourceType,
      Schemas: SCIMMY.Resources.Schema,
    } as unknown as Record<string, ResourceClass | undefined>
  )[collection ?? ""];
  if (!resourceType || rest.length > 0) return errorOf(404, null, `No such endpoint: ${req.path}`);
  const writable = collection === "Users" || collection === "Groups";
  try {
    return await db.transaction().execute(async (trx) => {
      const ctx: Ctx = { db: trx, client };
      const params = {
        ...(req.query.get("filter") !== null ? { filter: req.query.get("filter")! } : {}),
        ...(req.query.get("attributes") ? { attributes: req.query.get("attributes")! } : {}),
        ...(req.query.get("excludedAttributes") ? { excludedAttributes: req.query.get("excludedAttributes")! } : {}),
        ...(intParam(req.query, "startIndex") !== undefined ? { startIndex: intParam(req.query, "startIndex") } : {}),
        ...(intParam(req.query, "count") !== undefined ? { count: intParam(req.query, "count") } : {}),
      };
      const resource = id ? new resourceType(decodeURIComponent(id), params) : new resourceType(params);
      switch (req.method) {
        case "GET": {
          const read = await resource.read(ctx);
          if (read instanceof SCIMMY.Messages.ListResponse && ctx.total !== undefined) {
            const page = new SCIMMY.Messages.ListResponse(read.Resources, { startIndex: 1, count: read.Resources.length, totalResults: ctx.total });
            page.startIndex = params.startIndex ?? 1;
            return { status: 200, body: page };
          }
          return { status: 200, body: read };
        }
        case "POST":
          if (!writable || id) return errorOf(405, null, "POST creates Users and Groups only");
          return { status: 201, body: await resource.write(req.body, ctx) };
        case "PUT":
          if (!writable || !id) return errorOf(405, null, "PUT replaces one User or Group");
          return { status: 200, body: await resource.write(req.body, ctx) };
        case "PATCH": {
          if (!writable || !id) return errorOf(405, null, "PATCH changes one User or Group");
          const patched = await resource.patch(withBooleans(req.body), ctx);
          return patched ? { status: 200, body: patched } : { status: 204, body: null };
        }
        case "DELETE":
          if (!writable || !id) return errorOf(405, null, "DELETE applies to one User or Group");
          await resource.dispose(ctx);
          return { status: 204, body: null };
        default:
          return errorOf(405, null, `Method ${req.method} not allowed`);
      }
    });
  } catch (error) {
    if (error instanceof SCIMMY.Types.Error) return { status: error.status, body: new SCIMMY.Messages.ErrorResponse(error) };
    // Two requests creating the same person at once: the unique index decides.
    if ((error as { code?: string })?.code === "23505") return errorOf(409, "uniqueness", "Another resource already has this value");
    throw error;
  }
}

export { enterprise };
