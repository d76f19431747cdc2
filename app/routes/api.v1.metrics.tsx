import type { ActionFunctionArgs } from "@remix-run/node";
import { receiveMetricValues, type ApiAnswer } from "~/domain/metrics/api.server";
import { authenticateApi } from "~/domain/metrics/tokens.server";
import { log } from "~/log.server";
import { isBodyTooLarge } from "~/web/body-limit";

// POST /api/v1/metrics (issue 20, decision 0049; docs/metrics.md): metric
// values from a measuring system, authenticated by a bearer token from
// /admin/api-tokens. No cookies and no same-origin check (server/security.ts
// exempts exactly this path): the token is the authority. Every answer is
// JSON, errors included; never a page, never a stack.

function reply({ status, body }: Pick<ApiAnswer, "status" | "body">, headers: Record<string, string> = {}) {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json; charset=utf-8", "cache-control": "no-store", ...headers },
  });
}

const problem = (status: number, error: string, message: string, headers?: Record<string, string>) =>
  reply({ status, body: { error, message } }, headers);

export const loader = () => problem(405, "method_not_allowed", "Use POST.", { allow: "POST" });

export async function action({ request, context }: ActionFunctionArgs) {
  if (request.method !== "POST") return problem(405, "method_not_allowed", "Use POST.", { allow: "POST" });
  try {
    const authorization = request.headers.get("authorization");
    const auth = await authenticateApi(context.db, authorization, "metrics:write");
    if (!auth.ok) {
      if (auth.status === 401)
        return problem(401, "unauthorized", "A valid bearer token is required.", {
          "www-authenticate": authorization ? 'Bearer realm="metrics", error="invalid_token"' : 'Bearer realm="metrics"',
        });
      if (auth.status === 403)
        return problem(403, "insufficient_scope", "The token does not allow metrics:write.", {
          "www-authenticate": 'Bearer realm="metrics", error="insufficient_scope", scope="metrics:write"',
        });
      return problem(429, "too_many_requests", "Too many calls for this token; try again in a minute.", {
        "retry-after": String(auth.retryAfter ?? 60),
      });
    }
    if (!/^application\/json\b/i.test(request.headers.get("content-type") ?? ""))
      return problem(415, "unsupported_media_type", "Send the body as application/json.");
    let raw: string;
    try {
      raw = await request.text();
    } catch (error) {
      if (isBodyTooLarge(error)) return problem(413, "body_too_large", `The body is larger than ${error.limit} bytes.`);
      throw error;
    }
    let body: unknown;
    try {
      body = JSON.parse(raw);
    } catch {
      return problem(400, "invalid_json", "The body is not valid JSON.");
    }
    const answer = await receiveMetricValues(context.db, auth.client, raw, body, request.headers.get("idempotency-key"));
    return reply(answer, answer.replayed ? { "idempotent-replayed": "true" } : {});
  } catch (error) {
    log("error", "metrics api failed", { error: error instanceof Error ? error.message : String(error) });
    return problem(500, "server_error", "The values could not be recorded; nothing was changed. Try again later.");
  }
}
