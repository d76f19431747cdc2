import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { CompanySignInRefused } from "~/components/company-sign-in-refused";
import { auth } from "~/i18n/messages/auth";
import { pageTitle } from "~/i18n/meta";
import type { PageHandle } from "~/i18n/page";
import { retryAfterHeaders } from "~/web/retry-after";
import { startCompanySignIn } from "~/web/sso.server";

export const handle = { messages: [auth] } satisfies PageHandle;

// Too many starts from this address: the 429 page says when to try again, and so does Retry-After.
export const headers = retryAfterHeaders;

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, (t) => t("auth.sso.title"));

// Off to the company's identity provider; a page only when it cannot be reached.
export const loader = ({ request, context }: LoaderFunctionArgs) => startCompanySignIn(request, context);

export default function CompanySignIn() {
  const { refused, vars } = useLoaderData<typeof loader>();
  return <CompanySignInRefused refused={refused} vars={vars} />;
}
