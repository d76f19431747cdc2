import { data, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { Congratulations, type ProfileAnswer } from "~/components/profile/congratulations";
import { HonoursTimeline } from "~/components/profile/honours-timeline";
import { NoHonours } from "~/components/profile/no-honours";
import { PrinciplesSummary } from "~/components/profile/principles-summary";
import { ProfileHero } from "~/components/profile/profile-hero";
import { ProfileMetrics, ProfileStories } from "~/components/profile/profile-stories";
import { congratulationsAnchor, formIds } from "~/components/profile/types";
import { hasRole } from "~/domain/auth/user";
import { profilePage } from "~/domain/people/people.server";
import { congratulate, hideCongratulation, showCongratulation } from "~/domain/publishing/congratulations.server";
import { congratulateSchema, visibilitySchema } from "~/domain/publishing/congratulations-schema";
import { nameIn } from "~/i18n";
import { pageTitle } from "~/i18n/meta";
import { useFormat, useLocale, useT } from "~/i18n/react";
import { throwRefusal } from "~/web/forbidden.server";
import { parseForm, readFormData } from "~/web/form.server";
import { refusalText, serverT } from "~/web/i18n.server";
import { redirectWithNotice } from "~/web/notice.server";
import { requireUser } from "~/web/session.server";
import styles from "~/styles/profile.css";
import { people } from "~/i18n/messages/people";
import { evidence } from "~/i18n/messages/evidence";
import { review } from "~/i18n/messages/review";
import { honorRoll } from "~/i18n/messages/honor-roll";
import { profile } from "~/i18n/messages/profile";
import { privacy } from "~/i18n/messages/privacy";
import type { PageHandle } from "~/i18n/page";

// A person's lasting page: who they are, their honours from published honour
// rolls, the stories and results behind them, and colleagues'
// congratulations. What is published, and who may see or hide what, is the
// domain's (profilePage); the page shows what it is given.

export const handle = { messages: [people, evidence, review, honorRoll, profile, privacy] } satisfies PageHandle;

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageTitle(matches, (t) => (data ? data.person.name : t("people.title")));

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const result = await profilePage(context.db, user, params.employeeNo ?? "");
  if (!result.ok) throwRefusal(result);
  const p = result.value;
  // Only what the page shows: loader data is serialised into the HTML.
  return {
    person: {
      employeeNo: p.profile.employeeNo,
      name: p.profile.name,
      jobTitle: p.profile.jobTitle,
      hireDate: p.profile.hireDate,
      yearsOfService: p.profile.yearsOfService,
      status: p.profile.status,
      unitPath: p.profile.unitPath,
    },
    photo: p.photo,
    honours: p.honours.map((h) => ({
      nominationId: h.nominationId,
      rollSlug: h.rollSlug,
      version: h.version,
      publishedAt: h.publishedAt,
      year: h.year,
      campaign: { nameZh: h.campaign.nameZh, nameEn: h.campaign.nameEn },
      title: h.title,
      citation: h.citation,
      citationCorrected: h.citationCorrected,
      storiesCorrected: h.storiesCorrected,
      team: h.team,
      metrics: h.metrics,
      congratulations: { count: h.congratulations.count, mine: h.congratulations.mine, items: h.congratulations.items },
    })),
    stories: p.stories,
    principles: p.principles,
    may: p.may,
    canAdminister: hasRole(user, "admin"),
  };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const user = await requireUser(request, context);
  const form = await readFormData(request);
  const page = `/people/${encodeURIComponent(params.employeeNo ?? "")}`;
  const answer = (a: ProfileAnswer, status = 200) => data(a, status);
  switch (form.get("intent")) {
    case "congratulate": {
      const submission = parseForm(form, congratulateSchema);
      const id = formIds.congratulate(String(submission.payload.nominationId ?? ""));
      if (submission.status !== "success") return answer({ form: id, reply: submission.reply() }, 400);
      const r = await congratulate(context.db, user, {
        employeeNo: params.employeeNo ?? "",
        nominationId: submission.value.nominationId,
        message: submission.value.message,
      });
      if (!r.ok) {
        const text = refusalText(await serverT(request, context), r);
        // Too long is about the line itself: said under it, where it is fixed; the rest about the whole 点赞.
        const errors = r.error === "congratulations.message.tooLong" ? { fieldErrors: { message: [text] } } : { formErrors: [text] };
        return answer({ form: id, reply: submission.reply(errors), error: text }, r.status);
      }
      if (form.get("via") === "fetcher") return answer({ form: id, done: r.value.name, reply: submission.reply({ resetForm: true }) });
      return redirectWithNotice(request, `${page}#${congratulationsAnchor(r.value.nominationId)}`, "profile.congrats.done", { name: r.value.name });
    }
    case "hide":
    case "show": {
      const submission = parseForm(form, visibilitySchema);
      if (submission.status !== "success") throw new Response(null, { status: 400 });
      const { intent, id } = submission.value;
      const r = await (intent === "hide" ? hideCongratulation : showCongratulation)(context.db, user, id);
      if (!r.ok) return answer({ form: formIds.visibility(id), error: refusalText(await serverT(request, context), r) }, r.status);
      return redirectWithNotice(
        request,
        `${page}#${congratulationsAnchor(r.value.nominationId)}`,
        intent === "hide" ? "profile.congrats.hiddenDone" : "profile.congrats.shownDone",
      );
    }
    default:
      throw new Response(null, { status: 400 });
  }
}

export default function ProfilePage() {
  const page = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const format = useFormat();
  const { person, honours } = page;
  const answer = useActionData<typeof action>();
  // A refusal for a form no longer on the page (the honour is not published, or the form went away) is said at the top.
  const stray =
    answer &&
    "error" in answer &&
    answer.error &&
    !page.honours.some(
      (h) => answer.form === formIds.congratulate(h.nominationId) || h.congratulations.items.some((i) => answer.form === formIds.visibility(i.id)),
    );
  return (
    <div className="page profile-page">
      {stray ? (
        <p className="form-error" role="alert">
          {answer.error}
        </p>
      ) : null}
      <article className="profile">
        <ProfileHero person={person} photo={page.photo} honours={honours} />
        <dl className="facts">
          <div>
            <dt>{t("profile.unit")}</dt>
            <dd>
              <ol className="breadcrumb-path">
                {person.unitPath.map((u) => (
                  <li key={u.code}>{nameIn(locale, u)}</li>
                ))}
              </ol>
            </dd>
          </div>
          <div>
            <dt>{t("people.col.employeeNo")}</dt>
            <dd>{person.employeeNo}</dd>
          </div>
          {person.hireDate ? (
            <div>
              <dt>{t("profile.hireDate")}</dt>
              <dd>{format.date(person.hireDate)}</dd>
            </div>
          ) : null}
          {person.yearsOfService !== null ? (
            <div>
              <dt>{t("profile.years")}</dt>
              <dd>{person.yearsOfService < 1 ? t("profile.yearsLessThanOne") : t("profile.yearsValue", { count: person.yearsOfService })}</dd>
            </div>
          ) : null}
        </dl>
        {honours.length ? (
          <>
            <HonoursTimeline honours={honours} />
            {page.stories.length ? (
              <>
                <PrinciplesSummary principles={page.principles} />
                <ProfileStories stories={page.stories} honours={honours} />
              </>
            ) : null}
            {honours.some((h) => h.metrics.length) ? <ProfileMetrics honours={honours} /> : null}
            <Congratulations person={person} honours={honours} may={page.may} />
          </>
        ) : (
          <NoHonours name={person.name} />
        )}
        {page.canAdminister ? (
          <p>
            <Link to={`/admin/people/${person.employeeNo}`}>{t("profile.admin")}</Link>
          </p>
        ) : null}
      </article>
    </div>
  );
}
