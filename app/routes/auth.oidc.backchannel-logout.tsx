import type { ActionFunctionArgs } from "@remix-run/node";
import { backchannelLogout } from "~/web/sso.server";

// The identity provider's server says a person signed out there (OpenID Connect Back-Channel Logout).
export const action = ({ request, context }: ActionFunctionArgs) => backchannelLogout(request, context);
