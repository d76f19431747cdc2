import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { CompanySignInRefused } from "~/components/company-sign-in-refused";
import { auth } from "~/i18n/messages/auth";
import { pageTitle } from "~/i18n/meta";
import type { PageHandle } from "~/i18n/page";
import { startCompanySignIn } from "~/web/sso.server";

export const handle = { messages: [auth] } satisfies PageHandle;

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, (t) => t("auth.sso.title"));

// Off to the company's identity provider; a page only when it cannot be reached.
export const loader = ({ request, context }: LoaderFunctionArgs) => startCompanySignIn(request, context);

export default function CompanySignIn() {
  const { refused } = useLoaderData<typeof loader>();
  return <CompanySignInRefused refused={refused} />;
}
