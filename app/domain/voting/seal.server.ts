import { sql } from "kysely";
import type { Db } from "../../../db/client";

// Sealing the ballot box when the vote closes (decision 0041): in the same
// transaction as the move to "closed", the links between voters and ballots
// are destroyed and the campaign's ballots rewritten without anything that
// orders, dates or groups them (seal_ballot_box, 202612061220_poll_book).
// From then on only the poll book says who voted, and nothing says for whom.

/** Seals the campaign's ballot box; returns how many ballots it holds sealed now. Call inside the transaction that closes the vote. */
export async function sealBallotBox(trx: Db, campaignId: number): Promise<number> {
  const { rows } = await sql<{ sealed: number }>`select seal_ballot_box(${campaignId}::int) as sealed`.execute(trx);
  return Number(rows[0]?.sealed ?? 0);
}
