import type { Db } from "../../../db/client";
import type { NominationStatus } from "../../../db/schema";
import { hasRole, isAdmin, type User } from "../auth/user";
import { exceptionsOf, type ExceptionView } from "../eligibility/exceptions.server";
import type { CampaignRef } from "../campaigns/visibility.server";
import { err, ok, type Result } from "../result";
import { maskPersonalData } from "../privacy/mask-text";
import { groupMetrics, loadEvidence, maskedEvidence, type MetricGroup, type PhotoView, type StoryView } from "./evidence.server";
import { campaignOr404, loadHistory, loadNomination, loadNominees, titleNames, type HistoryEntry, type NomineeRef } from "./queries.server";
import { mayRead, recusalOf, whyCannotEdit, whyCannotReview, type Recusal } from "./rules";

// Reading one nomination: its page, with what this person may do there.
// Once the campaign is published, publishing/as-published.server.ts puts the
// honour roll's text over it.

export interface NominationPage {
  id: number;
  campaign: Pick<CampaignRef, "slug" | "nameZh" | "nameEn" | "status">;
  title: { slug: string; nameZh: string; nameEn: string };
  kind: "individual" | "team";
  teamName: string | null;
  status: NominationStatus;
  citation: string;
  nominees: NomineeRef[];
  nominatorName: string;
  submittedAt: Date | null;
  metrics: MetricGroup[];
  stories: StoryView[];
  photos: PhotoView[];
  history: HistoryEntry[];
  canEdit: boolean;
  canDelete: boolean;
  /** The committee member may decide now. */
  canReview: boolean;
  /** Why this committee member stays out of it, shown to them. */
  recusal: Recusal | null;
  /** Submitted as an exception to the title's rules: shown to the committee, administrators and the nominator. */
  exception: ExceptionView | null;
}

/** One nomination as its page shows it, for whoever may read it. */
export async function getNomination(db: Db, user: User, slug: string, id: number): Promise<Result<NominationPage>> {
  const campaign = await campaignOr404(db, user, slug);
  if (!campaign.ok) return campaign;
  const c = campaign.value;
  const n = await loadNomination(db, c.id, id);
  if (!n || !mayRead(user, n, c.status)) return err("nominations.notFound", 404);
  // A reader's page: the text with personal data masked (decision 0044).
  const [nominees, evidence, history, titles] = await Promise.all([
    loadNominees(db, [n.id]),
    loadEvidence(db, n.id).then(maskedEvidence),
    loadHistory(db, n.id),
    titleNames(db, [n.titleId]),
  ]);
  const people = nominees.get(n.id) ?? [];
  const facts = { nominatorId: n.nominatorId, status: n.status, nominees: people };
  const committee = hasRole(user, "committee");
  const insider = committee || isAdmin(user) || n.nominatorId === user.id;
  const exception = insider ? ((await exceptionsOf(db, [n.id])).get(n.id) ?? null) : null;
  return ok({
    id: n.id,
    campaign: { slug: c.slug, nameZh: c.nameZh, nameEn: c.nameEn, status: c.status },
    title: titles.get(n.titleId)!,
    kind: n.kind,
    teamName: maskPersonalData(n.teamName),
    status: n.status,
    citation: maskPersonalData(n.citation),
    nominees: people,
    nominatorName: n.nominatorName,
    submittedAt: n.submittedAt,
    metrics: groupMetrics(evidence.metrics),
    stories: evidence.stories,
    photos: evidence.photos,
    history,
    canEdit: whyCannotEdit(user, n, c.status) === null,
    canDelete: n.nominatorId === user.id && n.status === "draft",
    canReview: whyCannotReview(user, facts, c.status) === null,
    recusal: committee ? recusalOf(user, facts) : null,
    exception,
  });
}
