import { sql, type RawBuilder } from "kysely";
import { escapeLike } from "../org/unit-path.server";

// Who hears of an event, as SQL that yields person ids: an announcement of
// 50,000 recipients is one INSERT … SELECT, never 50,000 rows through the app
// (issue 17: every portal notification within 10 s of the phase move). Only
// active people are ever chosen (announce.server.ts adds that), and these
// builders say nothing of anyone's ballot except nonVoters, whose result
// only ever reaches each non-voter about themself.

export type Recipients = RawBuilder<{ id: number }>;

/** The own path of a person's unit, "p" being people. */
const personPath = sql<string>`(select u.path || u.id::text || '/' from org_units u where u.id = p.org_unit_id)`;
const within = (scopePath: string) => sql<boolean>`${personPath} like ${`${escapeLike(scopePath)}%`}`;

/** Active people of units inside the scope (its own path, "/1/4/"). */
export const everyoneIn = (scopePath: string): Recipients => sql`select p.id from people p where ${within(scopePath)}`;

/** Staff inside the scope: who votes, and who may object. */
export const votersIn = (scopePath: string): Recipients =>
  sql`select p.id from people p where ${within(scopePath)}
      and exists (select 1 from person_roles r where r.person_id = p.id and r.role = 'staff')`;

/** Voters inside the scope whom the campaign's poll book does not have: told only that they have not voted. */
export const nonVotersIn = (scopePath: string, campaignId: number): Recipients =>
  sql`select v.id from (${votersIn(scopePath)}) v
      where not exists (select 1 from poll_book pb where pb.campaign_id = ${campaignId} and pb.person_id = v.id)`;

/** A role held for the whole organisation, or for a unit whose subtree meets the scope (above it or inside it). */
const roleMeeting = (role: "manager" | "committee", scopePath: string): Recipients =>
  sql`select r.person_id as id from person_roles r left join org_units u on u.id = r.org_unit_id
      where r.role = ${role} and (
        r.org_unit_id is null
        or ${scopePath} like (u.path || u.id::text || '/') || '%'
        or (u.path || u.id::text || '/') like ${`${escapeLike(scopePath)}%`})`;

/** Managers who act for a unit in the scope: they nominate. */
export const managersOf = (scopePath: string): Recipients => roleMeeting("manager", scopePath);

/** Committee members whose remit meets the scope. */
export const committeeOf = (scopePath: string): Recipients => roleMeeting("committee", scopePath);

export const administrators = (): Recipients => sql`select r.person_id as id from person_roles r where r.role = 'admin'`;

export const onePerson = (personId: number): Recipients => sql`select ${personId}::int as id`;
