import { getCollectionProps, getFormProps, useForm } from "@conform-to/react";
import { data, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { Fragment, useState, type MouseEvent } from "react";
import { FormErrors } from "~/components/form";
import { useHydrated } from "~/components/hydrated";
import { FigureOrigin } from "~/components/figure-origin";
import { WithUnit } from "~/components/metric-card";
import { Picture } from "~/components/picture";
import { ballotFor, type BallotNomination } from "~/domain/voting/ballot.server";
import { castBallot } from "~/domain/voting/casting.server";
import { ballotInput, ballotSchema } from "~/domain/voting/schema";
import { metricNameIn, nameIn, unitIn, type MessageKey } from "~/i18n";
import { pageTitle } from "~/i18n/meta";
import { langOf } from "~/i18n/lang";
import { Lang, ListOf, useFormat, useLocale, useRichT, useT } from "~/i18n/react";
import { throwRefusal } from "~/web/forbidden.server";
import { parseForm, readFormData } from "~/web/form.server";
import { refusalText, serverT } from "~/web/i18n.server";
import { redirectWithNotice } from "~/web/notice.server";
import { requireUser } from "~/web/session.server";
import styles from "~/styles/vote.css";
import { evidence } from "~/i18n/messages/evidence";
import { voting } from "~/i18n/messages/voting";
import { results } from "~/i18n/messages/results";
import type { PageHandle } from "~/i18n/page";

// The ballot, phone first: one small form per title (the domain casts per
// title), plain checkboxes that work without script. The loader returns the
// voter's own choices and receipts, never a count.

export const handle = { messages: [evidence, voting, results] } satisfies PageHandle;

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  pageTitle(matches, (t, l) => (data ? t("voting.page.title", { campaign: nameIn(l, data.campaign) }) : t("voting.page.meta")));

const card = (n: BallotNomination) => ({
  id: n.id,
  kind: n.kind,
  teamName: n.teamName,
  citation: n.citation,
  nominees: n.nominees,
  photo: n.photo,
  metrics: n.metrics,
  self: n.self,
});

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const result = await ballotFor(context.db, user, params.slug ?? "");
  if (!result.ok) throwRefusal(result);
  const b = result.value;
  // Only what the page shows: loader data is serialised into the HTML.
  const page = {
    campaign: { slug: b.campaign.slug, nameZh: b.campaign.nameZh, nameEn: b.campaign.nameEn },
    mayChangeBallot: b.mayChangeBallot,
    refusal: b.refusal,
    titles:
      b.refusal === "voting.notEligible"
        ? []
        : b.titles.map((t) => ({
            slug: t.slug,
            nameZh: t.nameZh,
            nameEn: t.nameEn,
            votesPerVoter: t.votesPerVoter,
            nominations: t.nominations.map(card),
            chosen: t.chosen,
            version: t.version,
            receipt: t.receipt,
            voted: t.voted,
            mayCast: t.mayCast,
          })),
  };
  return data(page, { status: b.refusal === "voting.notEligible" ? 403 : 200 });
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const user = await requireUser(request, context);
  const submission = parseForm(await readFormData(request), ballotSchema);
  const title = String(submission.payload.title ?? "");
  if (submission.status !== "success") return data({ title, reply: submission.reply() }, 400);
  const slug = params.slug ?? "";
  const result = await castBallot(context.db, user, slug, ballotInput(submission.value));
  if (!result.ok) {
    if (result.status === 404) throwRefusal(result);
    const t = await serverT(request, context);
    return data({ title, reply: submission.reply({ formErrors: [refusalText(t, result)] }) }, result.status);
  }
  context.observe.ballotCast();
  return redirectWithNotice(request, `/campaigns/${slug}/vote`, "voting.page.cast", { receipt: result.value.receipt });
}

type Page = ReturnType<typeof useLoaderData<typeof loader>>;
type Title = Page["titles"][number];

export default function VotePage() {
  const b = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const name = (x: { nameZh: string; nameEn: string }) => nameIn(locale, x);
  return (
    <div className="page vote">
      <p>
        <Link to={`/campaigns/${b.campaign.slug}`}>{t("voting.page.back")}</Link>
      </p>
      <h1>{t("voting.page.title", { campaign: name(b.campaign) })}</h1>
      {b.refusal ? (
        <section className="card vote__refusal" aria-labelledby="cannot-title">
          <h2 id="cannot-title">{t("voting.page.cannot")}</h2>
          <p>{t(b.refusal as MessageKey)}</p>
        </section>
      ) : (
        <>
          <p className="lede">{t("voting.page.intro")}</p>
          <p className="hint">{b.mayChangeBallot ? t("voting.page.changeAllowed") : t("voting.page.noChange")}</p>
        </>
      )}
      {b.titles.map((title) => (
        <TitleBallot key={title.slug} slug={b.campaign.slug} title={title} />
      ))}
    </div>
  );
}

function TitleBallot({ slug, title }: { slug: string; title: Title }) {
  const actionData = useActionData<typeof action>();
  const t = useT();
  const locale = useLocale();
  const titleName = nameIn(locale, title);
  const max = title.votesPerVoter;
  const limit = useChoiceLimit(max, titleName);
  const [form, fields] = useForm({
    id: `ballot-${title.slug}`,
    // Each title's form reads only its own answer.
    lastResult: actionData?.title === title.slug ? actionData.reply : undefined,
    defaultValue: { nominationIds: title.chosen.map(String) },
  });
  const options = title.nominations.map((n) => String(n.id));
  const boxes = new Map(getCollectionProps(fields.nominationIds, { type: "checkbox", options }).map((p) => [p.value, p]));
  const legendId = `legend-${title.slug}`;
  return (
    <section className="card vote__title" aria-labelledby={legendId}>
      <Form method="post" {...getFormProps(form)} className="stack">
        <input type="hidden" name="title" value={title.slug} />
        <input type="hidden" name="basedOn" value={title.version} />
        <FormErrors errors={form.errors} id={form.errorId} />
        {/* Delegated: each checkbox's click (by mouse, touch or the Space key) bubbles here, where a choice beyond K is stopped. */}
        {/* eslint-disable-next-line jsx-a11y/click-events-have-key-events, jsx-a11y/no-noninteractive-element-interactions */}
        <fieldset className="vote__choices" disabled={!title.mayCast} onClick={limit.onClick}>
          <legend id={legendId}>{t("voting.page.legend", { title: titleName, max })}</legend>
          {title.nominations.length === 0 ? <p className="hint">{t("voting.page.none")}</p> : null}
          <ul className="vote__cards">
            {title.nominations.map((n) => {
              const { key, ...box } = boxes.get(String(n.id))!;
              return (
                <li key={key ?? n.id}>
                  <NominationCard slug={slug} n={n} box={box} />
                </li>
              );
            })}
          </ul>
          {limit.shown && title.mayCast && title.nominations.length ? (
            <p className="vote__count" aria-live="polite">
              {limit.note ?? t("voting.page.chosen", { count: limit.count ?? title.chosen.length, max })}
            </p>
          ) : null}
        </fieldset>
        {/* Where no vote can be cast (not open, closed, not eligible), "not voted yet" says nothing. */}
        {title.receipt || title.voted || title.mayCast ? (
          <p className="vote__receipt" aria-live="polite">
            {title.receipt ? t("voting.page.receipt", { receipt: title.receipt }) : title.voted ? t("voting.page.voted") : t("voting.page.notYet")}
          </p>
        ) : null}
        {title.mayCast && title.nominations.length ? (
          <button type="submit" className="button primary">
            {title.version ? t("voting.page.change", { title: titleName }) : t("voting.page.submit", { title: titleName })}
          </button>
        ) : title.voted && !title.mayCast ? (
          <p className="hint">{t("voting.page.locked")}</p>
        ) : null}
      </Form>
    </section>
  );
}

/**
 * With JavaScript, a box beyond the title's K is not ticked: the click is
 * undone and a polite message says why (the server refuses it anyway, and
 * without JavaScript it does so with the same words). Before hydration the
 * count is not shown: it could not follow the boxes.
 */
function useChoiceLimit(max: number, titleName: string) {
  const t = useT();
  const shown = useHydrated();
  const [count, setCount] = useState<number | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const onClick = (e: MouseEvent<HTMLFieldSetElement>) => {
    const box = e.target as HTMLInputElement;
    if (box.tagName !== "INPUT" || box.type !== "checkbox") return;
    const ticked = e.currentTarget.querySelectorAll('input[type="checkbox"]:checked').length;
    if (box.checked && ticked > max) {
      // Cancelling the click restores the box; no change event reaches the form.
      e.preventDefault();
      setNote(t("voting.page.limit", { max, title: titleName }));
      return;
    }
    setNote(null);
    setCount(ticked);
  };
  return { shown, count, note, onClick };
}

type Box = Omit<ReturnType<typeof getCollectionProps>[number], "key">;

function NominationCard({ slug, n, box }: { slug: string; n: Title["nominations"][number]; box: Box }) {
  const t = useT();
  const rich = useRichT();
  const locale = useLocale();
  const format = useFormat();
  const nomineeNames = n.nominees.map((p) => p.name);
  const names = format.list(nomineeNames);
  const team = n.kind === "team" && n.teamName;
  const heading = team ? rich("voting.page.team", { team: n.teamName! }) : <ListOf items={nomineeNames} />;
  const noteId = `self-${n.id}`;
  return (
    <div className={`vote__card${n.self ? " vote__card--self" : ""}`}>
      <label className="vote__pick" htmlFor={box.id}>
        <input {...box} disabled={n.self || undefined} aria-describedby={n.self ? noteId : undefined} />
        {n.photo ? <Picture picture={n.photo} alt={t("voting.page.photo", { names })} sizes="5rem" className="vote__photo" /> : null}
        <span className="vote__who">
          <span className="vote__names">{heading}</span>
          <span className="hint vote__unit">
            {[...new Set(n.nominees.map((p) => nameIn(locale, { nameZh: p.unitZh, nameEn: p.unitEn })))].map((unit, i) => (
              <Fragment key={unit}>
                {i > 0 ? " · " : null}
                <Lang>{unit}</Lang>
              </Fragment>
            ))}
            {n.kind === "team" ? (
              <>
                {" "}
                · <ListOf items={nomineeNames} />
              </>
            ) : null}
          </span>
        </span>
      </label>
      {n.self ? (
        <p className="vote__self" id={noteId}>
          {t("voting.page.self")}
        </p>
      ) : null}
      <p className="vote__citation" lang={langOf(n.citation)}>
        {n.citation}
      </p>
      {n.metrics.length ? (
        <dl className="vote__metrics">
          {n.metrics.map((m, i) => (
            <div key={i}>
              <dt lang={langOf(metricNameIn(locale, m))}>{metricNameIn(locale, m)}</dt>
              <dd>
                <WithUnit formatted={format.number(m.value)} unit={unitIn(locale, m)} />{" "}
                <span className="hint" lang={langOf(m.period)}>
                  {m.period}
                </span>{" "}
                <FigureOrigin figure={m} short />
              </dd>
            </div>
          ))}
        </dl>
      ) : null}
      <p>
        <Link to={`/campaigns/${slug}/nominations/${n.id}`}>
          {t("voting.page.read")}
          <span className="visually-hidden">: {heading}</span>
        </Link>
      </p>
    </div>
  );
}
