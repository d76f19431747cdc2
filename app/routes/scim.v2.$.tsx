import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { answerScim, type ScimResponse } from "~/domain/scim/protocol.server";
import { authenticateScim } from "~/domain/scim/tokens.server";
import { isBodyTooLarge } from "~/web/body-limit";
import { scimError as scimErrorBody, scimJson } from "~/web/scim";

// /scim/v2/* (issue 18 item 4, decision 0047): the identity system's SCIM
// client, authenticated by a bearer token from /admin/scim. No cookies and no
// same-origin check (server/security.ts exempts exactly /scim/v2): the token
// is the authority. Answers are application/scim+json, errors included.

function reply({ status, body }: ScimResponse, headers: Record<string, string> = {}) {
  return new Response(body === null ? null : JSON.stringify(body), {
    status,
    headers: { ...(body === null ? {} : { "content-type": scimJson }), "cache-control": "no-store", ...headers },
  });
}

const scimError = (status: number, detail: string, scimType?: string): ScimResponse => ({ status, body: scimErrorBody(status, detail, scimType) });

async function answer(request: Request, context: LoaderFunctionArgs["context"], splat: string) {
  const auth = await authenticateScim(context.db, request.headers.get("authorization"));
  if (!auth.ok) {
    return auth.status === 401
      ? reply(scimError(401, "A valid bearer token is required"), { "www-authenticate": 'Bearer realm="scim"' })
      : reply(scimError(429, "Too many requests"), { "retry-after": String(auth.retryAfter ?? 60) });
  }
  let body: unknown;
  if (request.method !== "GET" && request.method !== "DELETE") {
    let text: string;
    try {
      text = await request.text();
    } catch (error) {
      // A body without Content-Length counted past the limit as it streamed in (server/remix-handler.ts).
      if (isBodyTooLarge(error)) return reply(scimError(413, `The request body is larger than ${error.limit} bytes`));
      return reply(scimError(400, "The request body could not be read", "invalidSyntax"));
    }
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      return reply(scimError(400, "The body is not JSON", "invalidSyntax"));
    }
  }
  const url = new URL(request.url);
  return reply(await answerScim(context.db, auth.client, { method: request.method, path: `/${splat}`, query: url.searchParams, body }));
}

export const loader = ({ request, context, params }: LoaderFunctionArgs) => answer(request, context, params["*"] ?? "");

export const action = ({ request, context, params }: ActionFunctionArgs) => answer(request, context, params["*"] ?? "");
