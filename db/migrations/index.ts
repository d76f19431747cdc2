import type { Migration, MigrationProvider } from "kysely/migration";
import * as m202611250200 from "./202611250200_foundation";
import * as m202611250300 from "./202611250300_people_name_pinyin";
import * as m202611250400 from "./202611250400_media";
import * as m202611250410 from "./202611250410_titles_campaigns";
import * as m202611250420 from "./202611250420_people_active_index";
import * as m202611250430 from "./202611250430_title_badges";
import * as m202611250500 from "./202611250500_nominations";
import * as m202611250510 from "./202611250510_media_uploaders";
import * as m202611250600 from "./202611250600_ballots";
import * as m202611250700 from "./202611250700_audit_chain";
import * as m202611250710 from "./202611250710_ratification";
import * as m202611250720 from "./202611250720_audit_seal";
import * as m202612020100 from "./202612020100_honor_rolls";
import * as m202612020200 from "./202612020200_metric_unit_en";
import * as m202612051600 from "./202612051600_sign_in_delays";
import * as m202612051730 from "./202612051730_votes_per_title";
import * as m202612051731 from "./202612051731_committee_quorum";
import * as m202612051740 from "./202612051740_media_published";
import * as m202612060900 from "./202612060900_import_runs";
import * as m202612060910 from "./202612060910_media_uploaded_again";
import * as m202612061000 from "./202612061000_notifications";
import * as m202612061210 from "./202612061210_privacy_findings";
import * as m202612061220 from "./202612061220_poll_book";
import * as m202612061300 from "./202612061300_sessions_sign_in_method";
import * as m202612061320 from "./202612061320_scim_tokens";
import * as m202612061330 from "./202612061330_saml_assertions";
import * as m202612061400 from "./202612061400_metrics_and_rules";
import * as m202612061450 from "./202612061450_sessions_name_id_format";
import * as m202612061500 from "./202612061500_metrics_import_kind";

// A static list: Kysely's FileMigrationProvider cannot load .ts files at run
// time, and a static import keeps migrations inside whichever bundle needs them.
const migrations: Record<string, Migration> = {
  "202611250200_foundation": m202611250200,
  "202611250300_people_name_pinyin": m202611250300,
  "202611250400_media": m202611250400,
  "202611250410_titles_campaigns": m202611250410,
  "202611250420_people_active_index": m202611250420,
  "202611250430_title_badges": m202611250430,
  "202611250500_nominations": m202611250500,
  "202611250510_media_uploaders": m202611250510,
  "202611250600_ballots": m202611250600,
  "202611250700_audit_chain": m202611250700,
  "202611250710_ratification": m202611250710,
  "202611250720_audit_seal": m202611250720,
  "202612020100_honor_rolls": m202612020100,
  "202612020200_metric_unit_en": m202612020200,
  "202612051600_sign_in_delays": m202612051600,
  "202612051730_votes_per_title": m202612051730,
  "202612051731_committee_quorum": m202612051731,
  "202612051740_media_published": m202612051740,
  "202612060900_import_runs": m202612060900,
  "202612060910_media_uploaded_again": m202612060910,
  "202612061000_notifications": m202612061000,
  "202612061210_privacy_findings": m202612061210,
  "202612061220_poll_book": m202612061220,
  "202612061300_sessions_sign_in_method": m202612061300,
  "202612061320_scim_tokens": m202612061320,
  "202612061330_saml_assertions": m202612061330,
  "202612061400_metrics_and_rules": m202612061400,
  "202612061450_sessions_name_id_format": m202612061450,
  "202612061500_metrics_import_kind": m202612061500,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};
