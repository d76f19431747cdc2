import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { CompanySignInRefused } from "~/components/company-sign-in-refused";
import { auth } from "~/i18n/messages/auth";
import { pageTitle } from "~/i18n/meta";
import type { PageHandle } from "~/i18n/page";
import { finishCompanySignIn } from "~/web/sso.server";

export const handle = { messages: [auth] } satisfies PageHandle;

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, (t) => t("auth.sso.title"));

// The identity provider sends the browser back here: signed in and on to the page asked for, or a page saying why not.
export const loader = ({ request, context }: LoaderFunctionArgs) => finishCompanySignIn(request, context);

export default function CompanySignIn() {
  const { refused, vars } = useLoaderData<typeof loader>();
  return <CompanySignInRefused refused={refused} vars={vars} />;
}
