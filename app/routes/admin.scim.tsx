import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { CreatedToken, NewTokenForm, TokenTable } from "~/components/bearer-tokens";
import { createScimToken, listScimTokens, revokeScimToken } from "~/domain/scim/tokens.server";
import { pageTitle } from "~/i18n/meta";
import { useT } from "~/i18n/react";
import { tokenPageAction } from "~/web/bearer-tokens.server";
import { throwRefusal } from "~/web/forbidden.server";
import { requireUser } from "~/web/session.server";
import { admin } from "~/i18n/messages/admin";
import { bearerTokens } from "~/i18n/messages/bearer-tokens";
import { scim } from "~/i18n/messages/scim";
import type { PageHandle } from "~/i18n/page";

// /admin/scim (issue 18 item 4, decision 0047): the SCIM address to give the
// identity team and its bearer tokens, made and shown as every bearer token
// is (app/components/bearer-tokens.tsx); only a token's SHA-256 is kept.

export const handle = { messages: [admin, scim, bearerTokens] } satisfies PageHandle;

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, (t) => t("scim.title"));

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const result = await listScimTokens(context.db, user);
  if (!result.ok) throwRefusal(result);
  return { tokens: result.value, baseUrl: `${new URL(request.url).origin}/scim/v2` };
}

export async function action({ request, context }: ActionFunctionArgs) {
  return tokenPageAction(request, context, {
    path: "/admin/scim",
    revoke: (user, id) => revokeScimToken(context.db, user, id),
    create: (user, form) => createScimToken(context.db, user, String(form.get("name") ?? "")),
  });
}

export default function AdminScim() {
  const { tokens, baseUrl } = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  const t = useT();
  return (
    <div className="page">
      <h1>{t("scim.title")}</h1>
      <p className="lede">{t("scim.intro")}</p>
      <dl>
        <dt>{t("scim.baseUrl")}</dt>
        <dd>
          <code>{baseUrl}</code>
        </dd>
      </dl>
      <CreatedToken created={answer?.created} testId="scim-token" />
      <NewTokenForm idPrefix="scim" hint={t("scim.field.name.hint")} error={answer?.error} typedName={answer?.typedName} />
      <TokenTable idPrefix="scim" tokens={tokens} />
    </div>
  );
}
