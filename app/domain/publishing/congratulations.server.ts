import { sql } from "kysely";
import type { Db } from "../../../db/client";
import { audit } from "../audit/audit.server";
import { hit } from "../auth/rate-limit.server";
import { isAdmin, type User } from "../auth/user";
import { int, violates } from "../../../db/values";
import { announceCongratulation } from "../notifications/events.server";
import { maskPersonalData } from "../privacy/mask-text";
import { err, ok, type Result } from "../result";
import {
  congratulationRate,
  mayHide,
  maxMessageLength,
  normaliseMessage,
  rateKey,
  refusalStatus,
  whyCannotCongratulate,
} from "./congratulation-rules";

// Colleagues' congratulations (点赞) on a person's published honours
// (docs/decisions/0017-profiles-and-congratulations.md). An honour is one
// person of one winning nomination, as the newest version of a published
// honour roll shows it; nothing unpublished can be congratulated, because
// to everyone but the committee it does not exist yet.

/** The constraint that makes a double submit harmless (migration 202612020100). */
const onePerColleague = "congratulations_nomination_id_person_id_author_id_key";

export interface CongratulateInput {
  /** Whose page: the person congratulated. */
  employeeNo: string;
  nominationId: number;
  /** The optional line of text, as typed. */
  message?: string | null;
}

export interface Congratulated {
  id: number;
  employeeNo: string;
  name: string;
  nominationId: number;
}

/** True when this person's honour for this nomination is in the newest version of its published roll. */
async function isPublishedHonour(db: Db, personId: number, nominationId: number): Promise<boolean> {
  const row = await db
    .selectFrom("honor_roll_entries as e")
    .innerJoin("honor_rolls as r", "r.id", "e.honor_roll_id")
    .select("e.person_id")
    .where("e.person_id", "=", personId)
    .where("e.nomination_id", "=", nominationId)
    .where("r.version", "=", (eb) =>
      eb
        .selectFrom("honor_rolls as v")
        .select((v) => v.fn.max("v.version").as("latest"))
        .whereRef("v.campaign_id", "=", "r.campaign_id"),
    )
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * A colleague congratulates a person on one published honour, with an
 * optional line of text: once per colleague and honour (a second one is
 * refused, so what the person read stays what was written), never oneself,
 * at most congratulationRate per author. Refusals store nothing.
 */
export async function congratulate(db: Db, author: User, input: CongratulateInput): Promise<Result<Congratulated>> {
  const message = normaliseMessage(input.message);
  let name = "";
  try {
    return await db.transaction().execute(async (trx) => {
      const [person, me] = await Promise.all([
        trx
          .selectFrom("people")
          .select(["id", "name", "employee_no"])
          .where("employee_no", "=", input.employeeNo)
          .where("status", "=", "active")
          .executeTakeFirst(),
        trx.selectFrom("people").select("status").where("id", "=", author.id).executeTakeFirst(),
      ]);
      name = person?.name ?? "";
      const [published, already] = person
        ? await Promise.all([
            isPublishedHonour(trx, person.id, input.nominationId),
            trx
              .selectFrom("congratulations")
              .select("id")
              .where("nomination_id", "=", input.nominationId)
              .where("person_id", "=", person.id)
              .where("author_id", "=", author.id)
              .executeTakeFirst()
              .then((r) => r !== undefined),
          ])
        : [false, false];
      const refusal = whyCannotCongratulate({
        author: { id: author.id, active: me?.status === "active" },
        person: person ?? null,
        published,
        already,
        message,
      });
      if (refusal) return err(refusal, refusalStatus[refusal], { name, max: maxMessageLength });
      // Counted only once everything else is right: a refused attempt costs nothing.
      if (!(await hit(trx, rateKey(author.id), congratulationRate))) {
        return err("congratulations.rateLimited", refusalStatus["congratulations.rateLimited"]);
      }
      const row = await trx
        .insertInto("congratulations")
        .values({ nomination_id: input.nominationId, person_id: person!.id, author_id: author.id, message })
        .returning("id")
        .executeTakeFirstOrThrow();
      // That, not what: the text is the colleague's to the person, and a hidden one must not live on in the log.
      await audit(trx, author, {
        action: "congratulation.added",
        subjectType: "person",
        subjectId: person!.employee_no,
        after: { congratulation: row.id, nomination: input.nominationId, withMessage: message !== null },
      });
      await announceCongratulation(trx, row.id);
      return ok({ id: row.id, employeeNo: person!.employee_no, name: person!.name, nominationId: input.nominationId });
    });
  } catch (e) {
    // Two submits at once: the other one stored it.
    if (violates(e, onePerColleague))
      return err("congratulations.already", refusalStatus["congratulations.already"], { name, max: maxMessageLength });
    throw e;
  }
}

export interface VisibilityChanged {
  employeeNo: string;
  nominationId: number;
}

async function setHidden(db: Db, viewer: User, id: number, hide: boolean): Promise<Result<VisibilityChanged>> {
  return db.transaction().execute(async (trx) => {
    const c = await trx
      .selectFrom("congratulations as c")
      .innerJoin("people as p", "p.id", "c.person_id")
      .innerJoin("people as a", "a.id", "c.author_id")
      .select(["c.id", "c.person_id", "c.nomination_id", "c.hidden_at", "p.employee_no", "a.employee_no as author_no"])
      .where("c.id", "=", id)
      .forUpdate("c")
      .executeTakeFirst();
    if (!c) return err("congratulations.unknown", 404);
    if (!mayHide({ id: viewer.id, isAdmin: isAdmin(viewer) }, c.person_id)) return err("congratulations.hide.forbidden", 403);
    const done = { employeeNo: c.employee_no, nominationId: c.nomination_id };
    // Already as asked (a second tab, a double click): nothing to change or record.
    if ((c.hidden_at !== null) === hide) return ok(done);
    await trx
      .updateTable("congratulations")
      .set(hide ? { hidden_at: sql<Date>`now()`, hidden_by: viewer.id } : { hidden_at: null, hidden_by: null })
      .where("id", "=", id)
      .execute();
    await audit(trx, viewer, {
      action: hide ? "congratulation.hidden" : "congratulation.shown",
      subjectType: "person",
      subjectId: c.employee_no,
      after: { congratulation: c.id, nomination: c.nomination_id, author: c.author_no },
    });
    return ok(done);
  });
}

/** The person congratulated or an administrator hides a congratulation: kept, shown to them marked hidden, to nobody else. */
export const hideCongratulation = (db: Db, viewer: User, id: number) => setHidden(db, viewer, id, true);

/** Undoes hideCongratulation. */
export const showCongratulation = (db: Db, viewer: User, id: number) => setHidden(db, viewer, id, false);

export interface CongratulationItem {
  id: number;
  /** employeeNo null: the author has left (their page is not shown to colleagues). */
  author: { name: string; employeeNo: string | null };
  at: Date;
  message: string | null;
  hidden: boolean;
}

export interface HonourCongratulations {
  nominationId: number;
  /** Visible congratulations (hidden ones are not counted). */
  count: number;
  /** The viewer already congratulated this honour. */
  mine: boolean;
  /** Newest first: the latest visible ones, then (for the person and administrators) hidden ones. */
  items: CongratulationItem[];
}

/** How many of each honour's newest congratulations a page lists (the count says how many in all). */
export const listedPerHonour = 50;

/**
 * Every honour's congratulations as this viewer may see them: the count and
 * latest messages for everyone signed in, whether the viewer already
 * congratulated, and hidden ones only for the person and administrators.
 */
export async function congratulationsFor(db: Db, viewer: User, personId: number): Promise<HonourCongratulations[]> {
  const seesHidden = mayHide({ id: viewer.id, isAdmin: isAdmin(viewer) }, personId);
  const ranked = db
    .selectFrom("congratulations as c")
    .select([
      "c.id",
      "c.nomination_id",
      "c.author_id",
      "c.message",
      "c.created_at",
      "c.hidden_at",
      // Ranked apart, so hidden ones never push visible ones off the list.
      sql<number>`row_number() over (partition by c.nomination_id, (c.hidden_at is null) order by c.created_at desc, c.id desc)`.as("rank"),
    ])
    .where("c.person_id", "=", personId)
    .$if(!seesHidden, (q) => q.where("c.hidden_at", "is", null));
  const [rows, counts, mine] = await Promise.all([
    db
      .selectFrom(ranked.as("c"))
      .innerJoin("people as a", "a.id", "c.author_id")
      .select(["c.id", "c.nomination_id", "c.message", "c.created_at", "c.hidden_at", "a.name", "a.employee_no", "a.status"])
      .where("c.rank", "<=", listedPerHonour)
      .orderBy("c.created_at", "desc")
      .orderBy("c.id", "desc")
      .execute(),
    db
      .selectFrom("congratulations")
      .select((eb) => ["nomination_id", eb.fn.countAll<string | number>().as("n")])
      .where("person_id", "=", personId)
      .where("hidden_at", "is", null)
      .groupBy("nomination_id")
      .execute(),
    db.selectFrom("congratulations").select("nomination_id").where("person_id", "=", personId).where("author_id", "=", viewer.id).execute(),
  ]);
  const honours = new Set([...rows.map((r) => r.nomination_id), ...counts.map((c) => c.nomination_id)]);
  const mineSet = new Set(mine.map((m) => m.nomination_id));
  return [...honours].map((nominationId) => {
    const items = rows
      .filter((r) => r.nomination_id === nominationId)
      .map((r) => ({
        id: r.id,
        author: { name: r.name, employeeNo: r.status === "active" ? r.employee_no : null },
        at: r.created_at,
        // A colleague's line on a profile: masked on the way out (decision 0044).
        message: maskPersonalData(r.message),
        hidden: r.hidden_at !== null,
      }));
    return {
      nominationId,
      count: int(counts.find((c) => c.nomination_id === nominationId)?.n),
      mine: mineSet.has(nominationId),
      // Visible first: the hidden ones are what the person may want to show again, below the rest.
      items: [...items.filter((i) => !i.hidden), ...items.filter((i) => i.hidden)],
    };
  });
}
