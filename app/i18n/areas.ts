import { common } from "./messages/common";
import { auth } from "./messages/auth";
import { people } from "./messages/people";
import { admin } from "./messages/admin";
import { importMessages } from "./messages/import";
import { media } from "./messages/media";
import { campaigns } from "./messages/campaigns";
import { evidence } from "./messages/evidence";
import { nominations } from "./messages/nominations";
import { nominate } from "./messages/nominate";
import { review } from "./messages/review";
import { voting } from "./messages/voting";
import { results } from "./messages/results";
import { receipts } from "./messages/receipts";
import { publishing } from "./messages/publishing";
import { honorRoll } from "./messages/honor-roll";
import { sharing } from "./messages/sharing";
import { profile } from "./messages/profile";
import { publish } from "./messages/publish";
import { jobs } from "./messages/jobs";
import { notifications } from "./messages/notifications";
import { robots } from "./messages/robots";
import { mail } from "./messages/mail";
import { inbox } from "./messages/inbox";
import { privacy } from "./messages/privacy";
import { privacyAdmin } from "./messages/privacy-admin";
import { myData } from "./messages/my-data";
import { scim } from "./messages/scim";
import { bearerTokens } from "./messages/bearer-tokens";
import { identity } from "./messages/identity";
import { saml } from "./messages/saml";
import { insights } from "./messages/insights";
import { eligibility } from "./messages/eligibility";
import { metrics } from "./messages/metrics";

/**
 * Every area of messages, each in its own file under messages/; add a new
 * area here. The server translates with all of them (./all.ts); a page's
 * scripts carry only the areas its route names (./page.ts).
 */
export const allAreas = [
  common,
  auth,
  people,
  admin,
  importMessages,
  media,
  campaigns,
  evidence,
  nominations,
  nominate,
  review,
  voting,
  results,
  receipts,
  publishing,
  honorRoll,
  sharing,
  profile,
  publish,
  jobs,
  notifications,
  robots,
  mail,
  inbox,
  privacy,
  privacyAdmin,
  scim,
  bearerTokens,
  identity,
  myData,
  saml,
  insights,
  eligibility,
  metrics,
] as const;
