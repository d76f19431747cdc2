import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { CreatedToken, NewTokenForm, TokenTable } from "~/components/bearer-tokens";
import { createApiToken, listApiTokens, revokeApiToken } from "~/domain/metrics/tokens.server";
import { pageTitle } from "~/i18n/meta";
import { useT } from "~/i18n/react";
import { tokenPageAction } from "~/web/bearer-tokens.server";
import { throwRefusal } from "~/web/forbidden.server";
import { requireUser } from "~/web/session.server";
import { bearerTokens } from "~/i18n/messages/bearer-tokens";
import { metrics } from "~/i18n/messages/metrics";
import type { PageHandle } from "~/i18n/page";

// /admin/api-tokens (issue 20, decision 0049): the tokens measuring systems
// send metric values with, made and shown as every bearer token is
// (app/components/bearer-tokens.tsx), each allowing one scope.

export const handle = { messages: [metrics, bearerTokens] } satisfies PageHandle;

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, (t) => t("tokens.title"));

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const result = await listApiTokens(context.db, user);
  if (!result.ok) throwRefusal(result);
  return { tokens: result.value, endpoint: `${new URL(request.url).origin}/api/v1/metrics` };
}

export async function action({ request, context }: ActionFunctionArgs) {
  return tokenPageAction(request, context, {
    path: "/admin/api-tokens",
    revoke: (user, id) => revokeApiToken(context.db, user, id),
    create: (user, form) => createApiToken(context.db, user, { name: String(form.get("name") ?? ""), scope: String(form.get("scope") ?? "") }),
  });
}

export default function AdminApiTokens() {
  const { tokens, endpoint } = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  const t = useT();
  return (
    <div className="page">
      <p>
        <Link to="/admin/metrics">{t("metrics.back")}</Link>
      </p>
      <h1>{t("tokens.title")}</h1>
      <p className="lede">{t("tokens.intro")}</p>
      <dl>
        <dt>{t("tokens.endpoint")}</dt>
        <dd>
          <code>POST {endpoint}</code>
        </dd>
      </dl>
      <CreatedToken created={answer?.created} testId="api-token" />
      <NewTokenForm idPrefix="api" hint={t("tokens.field.name.hint")} error={answer?.error} typedName={answer?.typedName}>
        <fieldset>
          <legend>{t("tokens.field.scope")}</legend>
          <label className="checkbox" htmlFor="api-scope-metrics">
            <input id="api-scope-metrics" type="radio" name="scope" value="metrics:write" defaultChecked required />
            {t("tokens.scope.metrics:write")}
          </label>
        </fieldset>
      </NewTokenForm>
      <TokenTable
        idPrefix="api"
        tokens={tokens}
        extra={{ header: t("tokens.col.scopes"), cell: (token) => <code>{token.scopes.join(", ")}</code> }}
      />
    </div>
  );
}
