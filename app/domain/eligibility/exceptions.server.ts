import type { Db } from "../../../db/client";
import { maskPersonalData } from "../privacy/mask-text";
import type { RuleOutcome } from "./rules";
import type { StoredEligibility } from "./eligible.server";

// What the committee reads of nominations submitted as exceptions to their
// title's rules (decision 0050): the rules each nominee did not meet when it
// was submitted, and the nominator's justification (masked, decision 0044).

export interface ExceptionView {
  reason: string;
  nominees: Array<{ name: string; employeeNo: string; failed: RuleOutcome[] }>;
}

/** The exceptions among some nominations: nomination id → what the committee reads. Nominations that met the rules are absent. */
export async function exceptionsOf(db: Db, nominationIds: readonly number[]): Promise<Map<number, ExceptionView>> {
  if (!nominationIds.length) return new Map();
  const rows = await db
    .selectFrom("nominations")
    .select(["id", "exception_reason", "eligibility"])
    .where("id", "in", [...new Set(nominationIds)])
    .where("exception_reason", "is not", null)
    .execute();
  const out = new Map<number, ExceptionView>();
  for (const r of rows) {
    const stored = (typeof r.eligibility === "string" ? JSON.parse(r.eligibility) : r.eligibility) as StoredEligibility | null;
    if (!stored?.exception) continue;
    out.set(r.id, {
      reason: maskPersonalData(r.exception_reason) ?? "",
      nominees: stored.nominees
        .filter((n) => !n.eligible)
        .map((n) => ({ name: n.name, employeeNo: n.employeeNo, failed: n.outcomes.filter((o) => !o.met) })),
    });
  }
  return out;
}
