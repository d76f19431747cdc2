import { getCollectionProps, getFormProps, getSelectProps, getTextareaProps, useForm } from "@conform-to/react";
import { data, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { FieldErrors, FormErrors } from "~/components/form";
import { PrivacyChoice } from "~/components/privacy-guard";
import { ReceiptCheck } from "~/components/receipt-check";
import { VoteChart } from "~/components/vote-chart";
import { turnoutGroupMin } from "~/domain/results/turnout-groups";
import { CapCheckList } from "~/components/cap-check";
import { resolveObjection, withdrawObjectionResolution } from "~/domain/results/objection-resolution.server";
import { fileObjection } from "~/domain/results/objections.server";
import { ratifyTitle, withdrawRatification } from "~/domain/results/ratification.server";
import { resultsFor } from "~/domain/results/results.server";
import { objectionSchema, ratifyInput, ratifySchema, resolveSchema, withdrawSchema } from "~/domain/results/schema";
import { formatList, nameIn } from "~/i18n";
import { pageTitle } from "~/i18n/meta";
import { useFormat, useLocale, useT } from "~/i18n/react";
import { throwRefusal } from "~/web/forbidden.server";
import { parseForm, readFormData } from "~/web/form.server";
import { refusalText, serverT } from "~/web/i18n.server";
import { redirectWithNotice } from "~/web/notice.server";
import { requireUser } from "~/web/session.server";
import styles from "~/styles/results.css";
import { campaigns } from "~/i18n/messages/campaigns";
import { voting } from "~/i18n/messages/voting";
import { results } from "~/i18n/messages/results";
import { receipts } from "~/i18n/messages/receipts";
import { honorRoll } from "~/i18n/messages/honor-roll";
import { privacy } from "~/i18n/messages/privacy";
import type { PageHandle } from "~/i18n/page";

// The results after the vote, one page for every role: what each may see is
// decided by the domain (resultsFor), not here. Small forms post back (confirm
// a title's winners, object to a winner, confirm an objection's resolution,
// withdraw a confirmation), each a plain HTML form; the action answers only
// the form that was sent. A committee decision takes effect when the
// campaign's quorum of members has confirmed it (decision 0028).

export const handle = { messages: [campaigns, voting, results, receipts, honorRoll, privacy] } satisfies PageHandle;

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  pageTitle(matches, (t, l) => (data ? t("results.page.title", { campaign: nameIn(l, data.campaign) }) : t("results.page.meta")));

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const result = await resultsFor(context.db, user, params.slug ?? "");
  if (!result.ok) throwRefusal(result);
  return result.value;
}

/** Which form sent this: its id on the page, so only that form shows the answer. */
const formId = {
  ratify: (title: string) => `ratify-${title}`,
  /** A button confirming another member's proposal: the same fields, hidden. */
  confirm: (title: string, n: number) => `confirm-${title}-${n}`,
  object: (nomination: number | string) => `object-${nomination}`,
  resolve: (objection: number | string) => `resolve-${objection}`,
  confirmResolution: (objection: number | string, n: number) => `confirm-resolution-${objection}-${n}`,
  withdraw: (what: string) => `withdraw-${what}`,
};

/** The form-level errors of a reply (a hidden-field form has no field to show them on). */
const formErrorsOf = (reply: unknown) => (reply as { error?: Record<string, string[] | null> } | undefined)?.error?.[""] ?? undefined;

/** The form that sent the post: a confirm button names itself (`via`), else the full form of its title or objection. */
const sentBy = (form: FormData, fallback: string) => {
  const via = form.get("via");
  return typeof via === "string" && /^confirm-[a-z0-9-]{1,100}$/.test(via) ? via : fallback;
};

export async function action({ request, context, params }: ActionFunctionArgs) {
  const user = await requireUser(request, context);
  const form = await readFormData(request);
  const slug = params.slug ?? "";
  const back = `/campaigns/${slug}/results`;
  const refused = async (id: string, reply: (o: { formErrors: string[] }) => unknown, r: Parameters<typeof refusalText>[1]) => {
    if (r.status === 404 && r.error === "campaigns.notFound") throwRefusal(r);
    const t = await serverT(request, context);
    return data({ form: id, reply: reply({ formErrors: [refusalText(t, r)] }) }, r.status);
  };
  switch (form.get("intent")) {
    case "ratify": {
      const submission = parseForm(form, ratifySchema);
      const id = sentBy(form, formId.ratify(String(submission.payload.title ?? "")));
      if (submission.status !== "success") return data({ form: id, reply: submission.reply() }, 400);
      const r = await ratifyTitle(context.db, user, slug, ratifyInput(submission.value));
      if (!r.ok && r.error === "results.ratify.tieReason") {
        // The one refusal about a single field: shown on the reason box, where it is fixed.
        const t = await serverT(request, context);
        return data({ form: id, reply: submission.reply({ fieldErrors: { tieReason: [refusalText(t, r)] } }) }, r.status);
      }
      if (!r.ok) return refused(id, (o) => submission.reply(o), r);
      const at = `${back}#title-${submission.value.title}`;
      if (!r.value.ratified)
        return redirectWithNotice(request, at, "results.page.confirmed", { confirmations: r.value.confirmations, quorum: r.value.quorum });
      return redirectWithNotice(request, at, r.value.allRatified ? "results.page.ratifiedAll" : "results.page.ratified");
    }
    case "object": {
      const submission = parseForm(form, objectionSchema);
      const id = formId.object(String(submission.payload.nominationId ?? ""));
      if (submission.status !== "success") return data({ form: id, reply: submission.reply() }, 400);
      const r = await fileObjection(context.db, user, slug, submission.value);
      if (!r.ok) return refused(id, (o) => submission.reply(o), r);
      return redirectWithNotice(request, `${back}#objections`, "results.page.objected");
    }
    case "resolve": {
      const submission = parseForm(form, resolveSchema);
      const id = sentBy(form, formId.resolve(String(submission.payload.objectionId ?? "")));
      if (submission.status !== "success") return data({ form: id, reply: submission.reply() }, 400);
      const r = await resolveObjection(context.db, user, slug, submission.value);
      if (!r.ok) return refused(id, (o) => submission.reply(o), r);
      if (!r.value.resolved)
        return redirectWithNotice(request, `${back}#objections`, "results.page.confirmed", {
          confirmations: r.value.confirmations,
          quorum: r.value.quorum,
        });
      return redirectWithNotice(request, `${back}#objections`, "results.page.resolved");
    }
    case "withdraw": {
      const submission = parseForm(form, withdrawSchema);
      const what =
        submission.status === "success"
          ? submission.value.objectionId !== undefined
            ? String(submission.value.objectionId)
            : (submission.value.title ?? "")
          : "";
      const id = formId.withdraw(what);
      if (submission.status !== "success") return data({ form: id, reply: submission.reply() }, 400);
      const { title, objectionId } = submission.value;
      const r =
        objectionId !== undefined
          ? await withdrawObjectionResolution(context.db, user, slug, objectionId)
          : await withdrawRatification(context.db, user, slug, title ?? "");
      if (!r.ok) return refused(id, (o) => submission.reply(o), r);
      return redirectWithNotice(request, objectionId !== undefined ? `${back}#objections` : `${back}#title-${title}`, "results.page.withdrawn");
    }
    default:
      throw new Response(null, { status: 400 });
  }
}

type Page = ReturnType<typeof useLoaderData<typeof loader>>;
type Title = Page["titles"][number];
type Nomination = Title["nominations"][number];
type Objection = Page["objections"][number];

function useNames() {
  const locale = useLocale();
  const t = useT();
  return {
    name: (x: { nameZh: string; nameEn: string }) => nameIn(locale, x),
    nominee: (n: Pick<Nomination, "teamName" | "nominees">) =>
      n.teamName
        ? t("results.page.team", { team: n.teamName })
        : formatList(
            locale,
            n.nominees.map((p) => p.name),
          ),
    units: (n: Pick<Nomination, "nominees">) =>
      [...new Set(n.nominees.map((p) => nameIn(locale, { nameZh: p.unitZh, nameEn: p.unitEn })))].join(" · "),
  };
}

const percent = (voted: number, eligible: number) => (eligible === 0 ? 0 : Math.round((voted / eligible) * 1000) / 10);

export default function ResultsPage() {
  const page = useLoaderData<typeof loader>();
  const t = useT();
  const format = useFormat();
  const { name } = useNames();
  const c = page.campaign;
  return (
    <div className="page results">
      <nav aria-label={t("results.page.meta")}>
        <ol className="breadcrumb-path">
          <li>
            <Link to="/campaigns">{t("campaigns.title")}</Link>
          </li>
          <li>
            <Link to={`/campaigns/${c.slug}`}>{name(c)}</Link>
          </li>
        </ol>
      </nav>
      <h1>{t("results.page.title", { campaign: name(c) })}</h1>
      <p className="lede">
        <Situation page={page} />
      </p>

      {page.liveTurnout ? <LiveTurnout live={page.liveTurnout} /> : null}

      {page.analysis ? (
        <div className="results__overview">
          <Turnout turnout={page.analysis.turnout} />
          <section
            className={`card results__recount${page.analysis.recount.matches ? "" : " results__recount--bad"}`}
            aria-labelledby="recount-title"
          >
            <h2 id="recount-title">{t("results.page.recount")}</h2>
            {page.analysis.recount.matches ? (
              <p>
                <span aria-hidden="true" className="results__ok">
                  ✓{" "}
                </span>
                {t("results.page.recountOk", {
                  ballots: format.number(page.analysis.recount.ballots),
                  current: format.number(page.analysis.recount.current),
                })}
              </p>
            ) : (
              <p role="alert">{t("results.page.recountBad")}</p>
            )}
          </section>
        </div>
      ) : null}

      {page.caps ? (
        <section className="card" aria-labelledby="caps-title">
          <h2 id="caps-title">{t("campaigns.caps.title")}</h2>
          <p className="hint">{t("campaigns.caps.check.basis")}</p>
          <CapCheckList check={page.caps} />
        </section>
      ) : null}

      {page.titles.map((title) => (
        <TitleResults key={title.slug} page={page} title={title} />
      ))}

      {page.objections.length || page.may.resolve ? <Objections page={page} /> : null}

      {page.receipts ? (
        <section className="card" aria-labelledby="receipts-title">
          <h2 id="receipts-title">{t("results.page.receipts")}</h2>
          <p>{t("results.page.receiptsHint")}</p>
          <ReceiptCheck slug={c.slug} />
          <p>
            <Link to={`/campaigns/${c.slug}/receipts`}>{t("results.page.receiptsLink")}</Link>
          </p>
        </section>
      ) : null}

      {page.may.export ? (
        <section className="card" aria-labelledby="exports-title">
          <h2 id="exports-title">{t("results.page.exports")}</h2>
          <ul>
            <li>
              <a href={`/campaigns/${c.slug}/results.csv`} download>
                {t("results.page.csv")}
              </a>
            </li>
            <li>
              <a href={`/campaigns/${c.slug}/results.json`} download>
                {t("results.page.json")}
              </a>
            </li>
          </ul>
        </section>
      ) : null}
    </div>
  );
}

/** One sentence on where the campaign stands after (or before) the vote. */
function Situation({ page }: { page: Page }) {
  const t = useT();
  const format = useFormat();
  const { status } = page.campaign;
  const p = page.publicity;
  if (status === "published") {
    return (
      <>
        {t("results.page.published")}{" "}
        <Link to={`/honor-roll/${page.campaign.slug}`} reloadDocument>
          {t("honorRoll.campaignLink")}
        </Link>
      </>
    );
  }
  if (status === "voting") return <>{page.counts ? t("results.page.live") : t("results.page.secret")}</>;
  if (status !== "closed") return <>{t("results.page.before")}</>;
  if (!p.ratified) return <>{t("results.page.awaiting")}</>;
  if (p.running && p.endsAt) return <>{t("results.page.publicity", { date: format.dateTime(p.endsAt) })}</>;
  if (p.days > 0 && p.endsAt)
    return (
      <>
        {t("results.page.publicityOver", { date: format.dateTime(p.endsAt) })} {t("results.page.ratifiedNoPublicity")}
      </>
    );
  return <>{t("results.page.ratifiedNoPublicity")}</>;
}

function Turnout({ turnout }: { turnout: NonNullable<Page["analysis"]>["turnout"] }) {
  const t = useT();
  const locale = useLocale();
  return (
    <section className="card results__turnout" aria-labelledby="turnout-title">
      <h2 id="turnout-title">{t("results.page.turnout")}</h2>
      <TurnoutTable
        caption={t("results.page.turnoutUnit")}
        all={turnout}
        rows={turnout.units.map((u) => ({ unit: nameIn(locale, { nameZh: u.unitZh, nameEn: u.unitEn }), eligible: u.eligible, voted: u.voted }))}
      />
    </section>
  );
}

/** Administrators while voting: how many have voted so far, per unit or group of small units, never who (decision 0029). */
function LiveTurnout({ live }: { live: NonNullable<Page["liveTurnout"]> }) {
  const t = useT();
  const format = useFormat();
  const locale = useLocale();
  const time = format.dateTime(live.asOf);
  return (
    <section className="card results__turnout" aria-labelledby="live-turnout-title" id="live-turnout">
      <h2 id="live-turnout-title">{t("results.live.title")}</h2>
      <p className="hint">{t("results.live.asOf", { time, min: turnoutGroupMin })}</p>
      {live.groups ? (
        <TurnoutTable
          caption={t("results.live.caption", { time })}
          all={live}
          rows={live.groups.map((g) => ({
            unit: format.list(g.units.map((u) => nameIn(locale, { nameZh: u.unitZh, nameEn: u.unitEn }))),
            eligible: g.eligible,
            voted: g.voted,
          }))}
        />
      ) : (
        <p>{t("results.live.tooFew", { min: turnoutGroupMin })}</p>
      )}
      <p className="hint">{t("results.live.who")}</p>
    </section>
  );
}

/** The overall sentence and a table of rows, each a unit (or group) with its eligible staff, voters and rate. */
function TurnoutTable({
  caption,
  all,
  rows,
}: {
  caption: string;
  all: { eligible: number; voted: number };
  rows: Array<{ unit: string; eligible: number; voted: number }>;
}) {
  const t = useT();
  const format = useFormat();
  const rate = (voted: number, eligible: number) => `${format.number(percent(voted, eligible))}%`;
  return (
    <>
      <p className="results__big">
        {t("results.page.turnoutAll", {
          voted: format.number(all.voted),
          eligible: format.number(all.eligible),
          rate: rate(all.voted, all.eligible),
        })}
      </p>
      <table className="results__table">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t("results.page.unit")}</th>
            <th scope="col" className="num">
              {t("results.page.eligible")}
            </th>
            <th scope="col" className="num">
              {t("results.page.voted")}
            </th>
            <th scope="col">{t("results.page.rate")}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((u, i) => (
            <tr key={i}>
              <th scope="row">{u.unit}</th>
              <td className="num">{format.number(u.eligible)}</td>
              <td className="num">{format.number(u.voted)}</td>
              <td>
                <Meter percent={percent(u.voted, u.eligible)} /> {rate(u.voted, u.eligible)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

/** A turnout bar: SVG attributes, not a style attribute (the CSP allows no inline styles). */
function Meter({ percent: p }: { percent: number }) {
  return (
    <svg className="results__meter" viewBox="0 0 100 10" width="80" height="10" aria-hidden="true" focusable="false">
      <rect x="0" y="0" width="100" height="10" rx="5" className="results__meter-track" />
      <rect x="0" y="0" width={Math.max(0, Math.min(100, p))} height="10" rx="5" className="results__meter-fill" />
    </svg>
  );
}

function Standing({ n, seats }: { n: Nomination; seats: number }) {
  const t = useT();
  const parts: string[] = [];
  if (n.winner) parts.push(t(`results.page.winner.${n.winner}`));
  else if (n.proposed) parts.push(t("results.page.proposed", { n: seats }));
  if (n.tied) parts.push(t("results.page.tied"));
  return <>{parts.length ? parts.join(" · ") : "—"}</>;
}

function TitleResults({ page, title }: { page: Page; title: Title }) {
  const t = useT();
  const format = useFormat();
  const { name, nominee, units } = useNames();
  const slug = page.campaign.slug;
  const winners = title.nominations.filter((n) => n.winner !== null);
  const headingId = `title-${title.slug}`;
  return (
    <section className="card results__title" aria-labelledby={`${headingId}-h`} id={headingId}>
      <h2 id={`${headingId}-h`}>{name(title)}</h2>
      <p className="hint">
        {t("results.page.seats", { n: title.winners })}
        {title.voters !== null ? ` · ${t("results.page.voters", { count: title.voters })}` : ""}
      </p>
      {title.tie && !title.ratification ? <p className="results__tie">{t("results.page.tie")}</p> : null}
      {title.nominations.length === 0 ? <p className="hint">{t("results.page.noNominations")}</p> : null}

      {page.counts && title.nominations.length ? (
        <>
          <div className="results__chart">
            <VoteChart
              title={name(title)}
              bars={title.nominations.map((n) => ({
                id: n.id,
                label: nominee(n),
                votes: n.votes ?? 0,
                highlight: n.winner === "ratified" || n.winner === "replacement" || (!n.winner && n.proposed),
                tied: n.tied,
              }))}
            />
          </div>
          <div className="results__scroll">
            <table className="results__table">
              <caption>{t("results.page.table", { title: name(title) })}</caption>
              <thead>
                <tr>
                  <th scope="col" className="num">
                    {t("results.page.rank")}
                  </th>
                  <th scope="col">{t("results.page.nominee")}</th>
                  <th scope="col">{t("results.page.unit")}</th>
                  <th scope="col" className="num">
                    {t("results.page.votes")}
                  </th>
                  <th scope="col">{t("results.page.standing")}</th>
                </tr>
              </thead>
              <tbody>
                {title.nominations.map((n) => (
                  <tr key={n.id} className={n.winner === "removed" ? "results__removed" : n.winner || n.proposed ? "results__win" : undefined}>
                    <td className="num">{n.rank ?? "—"}</td>
                    <th scope="row">
                      <Link to={`/campaigns/${slug}/nominations/${n.id}`}>{nominee(n)}</Link>
                    </th>
                    <td>{units(n)}</td>
                    <td className="num">{format.number(n.votes ?? 0)}</td>
                    <td>
                      <Standing n={n} seats={title.winners} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      ) : null}

      {!page.counts && !(winners.length && page.publicity.ratified) && title.nominations.length ? (
        <>
          <h3 className="results__subhead">{t("results.page.onBallot")}</h3>
          <ul className="results__ballot-list">
            {title.nominations.map((n) => (
              <li key={n.id}>
                <Link to={`/campaigns/${slug}/nominations/${n.id}`}>{nominee(n)}</Link> <span className="hint">{units(n)}</span>
              </li>
            ))}
          </ul>
        </>
      ) : null}

      {title.ratification ? (
        <div className="results__ratified">
          <p>{t("results.page.ratifiedBy", { name: format.list(title.ratification.confirmedBy), date: format.dateTime(title.ratification.at) })}</p>
          {title.ratification.tieReason ? <p>{t("results.page.tieReason", { reason: title.ratification.tieReason })}</p> : null}
        </div>
      ) : null}

      {winners.length && page.publicity.ratified ? (
        <div className="results__winners">
          <h3>{t("results.page.winners")}</h3>
          <ul className="results__winner-list">
            {winners.map((n) => (
              <li key={n.id} className={n.winner === "removed" ? "results__removed" : undefined}>
                <p className="results__winner-name">
                  <Link to={`/campaigns/${slug}/nominations/${n.id}`}>{nominee(n)}</Link> <span className="hint">{units(n)}</span>{" "}
                  <span className={`status status--${n.winner === "removed" ? "rejected" : "approved"}`}>
                    {t(`results.page.winner.${n.winner!}`)}
                  </span>
                </p>
                {n.mayObject ? <ObjectForm nomination={n} /> : null}
              </li>
            ))}
          </ul>
        </div>
      ) : null}

      {title.proposals.length ? <Proposals page={page} title={title} /> : null}
      {title.ratifyRefusal === null && page.may.ratify ? <RatifyForm title={title} /> : null}
      {title.ratifyRefusal === "results.ratify.recused" ? <p className="hint">{t("results.ratify.recused")}</p> : null}
    </section>
  );
}

/** Winners proposed and waiting for the quorum: who proposed and confirmed them; confirm or withdraw. */
function Proposals({ page, title }: { page: Page; title: Title }) {
  const t = useT();
  const format = useFormat();
  const { name, nominee } = useNames();
  const actionData = useActionData<typeof action>();
  const quorum = page.committee?.quorum ?? 1;
  const named = (id: number) => {
    const n = title.nominations.find((x) => x.id === id);
    return n ? nominee(n) : `#${id}`;
  };
  return (
    <div className="results__proposals">
      <h3>{t("results.page.pending")}</h3>
      <ul className="results__proposal-list">
        {title.proposals.map((p, i) => {
          const id = formId.confirm(title.slug, i);
          const answered = actionData?.form === id ? actionData.reply : undefined;
          return (
            <li key={p.nominationIds.join("-")} className="results__proposal">
              <p>
                <strong>{t("results.page.proposed.by", { name: p.proposedBy, date: format.dateTime(p.proposedAt) })}</strong>
              </p>
              <p>{t("results.page.proposed.winners", { names: p.nominationIds.length ? format.list(p.nominationIds.map(named)) : "—" })}</p>
              {p.tieReason ? <p>{t("results.page.tieReason", { reason: p.tieReason })}</p> : null}
              <p>{t("results.page.confirmedBy", { names: format.list(p.confirmedBy), confirmations: p.confirmedBy.length, quorum })}</p>
              {p.mine ? (
                <>
                  <p className="hint">{t("results.page.youConfirmed")}</p>
                  <WithdrawForm field={{ name: "title", value: title.slug }} />
                </>
              ) : title.ratifyRefusal === null && page.may.ratify ? (
                <Form method="post" id={id}>
                  <input type="hidden" name="intent" value="ratify" />
                  <input type="hidden" name="via" value={id} />
                  <input type="hidden" name="title" value={title.slug} />
                  {p.nominationIds.map((n) => (
                    <input key={n} type="hidden" name="nominationIds" value={n} />
                  ))}
                  <FormErrors errors={formErrorsOf(answered)} id={`${id}-error`} />
                  <button type="submit" className="button primary">
                    {t("results.page.confirmWinners", { title: name(title) })}
                  </button>
                </Form>
              ) : null}
            </li>
          );
        })}
      </ul>
    </div>
  );
}

/** Takes back the reader's confirmation (of a title's winners, or of an objection's resolution) while the decision is open. */
function WithdrawForm({ field }: { field: { name: "title" | "objectionId"; value: string | number } }) {
  const t = useT();
  const actionData = useActionData<typeof action>();
  const id = formId.withdraw(String(field.value));
  const answered = actionData?.form === id ? actionData.reply : undefined;
  return (
    <Form method="post" id={id}>
      <input type="hidden" name="intent" value="withdraw" />
      <input type="hidden" name={field.name} value={field.value} />
      <FormErrors errors={formErrorsOf(answered)} id={`${id}-error`} />
      <button type="submit" className="button">
        {t("results.page.withdraw")}
      </button>
    </Form>
  );
}

function RatifyForm({ title }: { title: Title }) {
  const t = useT();
  const format = useFormat();
  const { name, nominee } = useNames();
  const actionData = useActionData<typeof action>();
  const id = formId.ratify(title.slug);
  const [form, fields] = useForm({
    id,
    lastResult: actionData?.form === id ? actionData.reply : undefined,
    defaultValue: { nominationIds: title.nominations.filter((n) => n.proposed).map((n) => String(n.id)), tieReason: "" },
  });
  const boxes = getCollectionProps(fields.nominationIds, { type: "checkbox", options: title.nominations.map((n) => String(n.id)) });
  const seats = Math.min(title.winners, title.nominations.length);
  return (
    <Form method="post" {...getFormProps(form)} className="stack results__ratify">
      <input type="hidden" name="intent" value="ratify" />
      <input type="hidden" name="title" value={title.slug} />
      <FormErrors errors={form.errors} id={form.errorId} />
      <PrivacyChoice errors={form.allErrors} id={`${id}-privacy`} />
      <fieldset>
        {/* One such form per title: each group is named by its title as well (two were both “确认获奖者”). */}
        <legend>
          {t(title.proposals.length ? "results.page.proposeOther" : "results.page.ratify")}
          <span className="visually-hidden">: {name(title)}</span>
        </legend>
        <p className="hint">{t("results.page.ratifyHint", { n: seats })}</p>
        <ul className="results__picks">
          {title.nominations.map((n, i) => {
            const { key, ...box } = boxes[i];
            return (
              <li key={key ?? n.id}>
                <label className="checkbox" htmlFor={box.id}>
                  <input {...box} />
                  {nominee(n)}{" "}
                  <span className="hint">
                    {t("results.page.votes")} {format.number(n.votes ?? 0)}
                    {n.tied ? ` · ${t("results.page.tied")}` : ""}
                  </span>
                </label>
              </li>
            );
          })}
        </ul>
      </fieldset>
      {title.tie ? (
        <div className="field">
          <label htmlFor={fields.tieReason.id}>{t("results.page.ratifyTieReason")}</label>
          <textarea {...getTextareaProps(fields.tieReason, { ariaDescribedBy: `${id}-public` })} rows={3} />
          <p className="hint" id={`${id}-public`}>
            {t("results.page.tieReasonPublic")}
          </p>
          <FieldErrors field={fields.tieReason} />
        </div>
      ) : null}
      <button type="submit" className="button primary">
        {t("results.page.ratifySubmit", { title: name(title) })}
      </button>
    </Form>
  );
}

function ObjectForm({ nomination }: { nomination: Nomination }) {
  const t = useT();
  const { nominee } = useNames();
  const actionData = useActionData<typeof action>();
  const id = formId.object(nomination.id);
  const answered = actionData?.form === id;
  const [form, fields] = useForm({ id, lastResult: answered ? actionData.reply : undefined });
  return (
    <details className="results__object" open={answered || undefined}>
      <summary>
        {t("results.page.object")}
        <span className="visually-hidden">: {nominee(nomination)}</span>
      </summary>
      <Form method="post" {...getFormProps(form)} className="stack">
        <input type="hidden" name="intent" value="object" />
        <input type="hidden" name="nominationId" value={nomination.id} />
        <FormErrors errors={form.errors} id={form.errorId} />
        <PrivacyChoice errors={form.allErrors} id={`${id}-privacy`} />
        <div className="field">
          <label htmlFor={fields.reason.id}>{t("results.page.objectReason")}</label>
          <textarea {...getTextareaProps(fields.reason, { ariaDescribedBy: `${id}-hint` })} rows={4} />
          <p className="hint" id={`${id}-hint`}>
            {t("results.page.objectHint")}
          </p>
          <FieldErrors field={fields.reason} />
        </div>
        <button type="submit" className="button">
          {t("results.page.objectSubmit")}
        </button>
      </Form>
    </details>
  );
}

function Objections({ page }: { page: Page }) {
  const t = useT();
  const insider = page.may.resolve || page.may.export;
  return (
    <section className="card results__objections" aria-labelledby="objections-h" id="objections">
      <h2 id="objections-h">{insider ? t("results.page.objections") : t("results.page.myObjections")}</h2>
      {page.objections.length === 0 ? (
        <p className="hint">{t("results.page.noObjections")}</p>
      ) : (
        <ul className="results__objection-list">
          {page.objections.map((o) => (
            <li key={o.id}>
              <ObjectionItem page={page} o={o} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function ObjectionItem({ page, o }: { page: Page; o: Objection }) {
  const t = useT();
  const format = useFormat();
  const { name, nominee } = useNames();
  const title = page.titles.find((x) => x.slug === o.titleSlug);
  const target = title?.nominations.find((n) => n.id === o.nominationId);
  return (
    <article className="results__objection">
      <p>
        <strong>
          {t("results.page.objectionAbout", {
            who: o.filedBy,
            nominee: target ? nominee(target) : `#${o.nominationId}`,
            title: title ? name(title) : o.titleSlug,
            date: format.dateTime(o.filedAt),
          })}
        </strong>{" "}
        <span className={`status status--${o.status === "open" ? "submitted" : o.status === "upheld" ? "rejected" : "approved"}`}>
          {t(`results.page.status.${o.status}`)}
        </span>
      </p>
      <blockquote className="results__reason">{o.reason}</blockquote>
      {o.resolution && o.resolvedAt ? (
        <p>
          {t("results.page.resolution", {
            who: o.confirmedBy.length ? format.list(o.confirmedBy) : (o.resolvedBy ?? ""),
            date: format.dateTime(o.resolvedAt),
            text: o.resolution,
          })}
        </p>
      ) : null}
      {o.recused && o.status === "open" ? <p className="hint">{t("results.page.recused", { why: t(o.recused) })}</p> : null}
      {o.proposals.length && title ? <ResolutionProposals page={page} o={o} title={title} /> : null}
      {o.mayResolve && title ? <ResolveForm o={o} title={title} /> : null}
    </article>
  );
}

/** Resolutions proposed and waiting for the quorum, each with who confirmed it; confirm or withdraw. */
function ResolutionProposals({ page, o, title }: { page: Page; o: Objection; title: Title }) {
  const t = useT();
  const format = useFormat();
  const { nominee } = useNames();
  const actionData = useActionData<typeof action>();
  const quorum = page.committee?.quorum ?? 1;
  return (
    <ul className="results__proposal-list">
      {o.proposals.map((p, i) => {
        const id = formId.confirmResolution(o.id, i);
        const answered = actionData?.form === id ? actionData.reply : undefined;
        const replacement = p.replacementId === null ? null : title.nominations.find((n) => n.id === p.replacementId);
        return (
          <li key={`${p.decision}-${p.replacementId ?? ""}`} className="results__proposal">
            <p>
              <strong>
                {t("results.page.resolution.proposed", {
                  name: p.proposedBy,
                  decision: t(p.decision === "uphold" ? "results.page.uphold" : "results.page.dismiss"),
                })}
              </strong>
            </p>
            {p.replacementId !== null ? (
              <p>{t("results.page.resolution.replacement", { name: replacement ? nominee(replacement) : `#${p.replacementId}` })}</p>
            ) : null}
            <blockquote className="results__reason">{p.resolution}</blockquote>
            <p>{t("results.page.confirmedBy", { names: format.list(p.confirmedBy), confirmations: p.confirmedBy.length, quorum })}</p>
            {p.mine ? (
              <>
                <p className="hint">{t("results.page.youConfirmed")}</p>
                <WithdrawForm field={{ name: "objectionId", value: o.id }} />
              </>
            ) : o.mayResolve ? (
              <Form method="post" id={id}>
                <input type="hidden" name="intent" value="resolve" />
                <input type="hidden" name="via" value={id} />
                <input type="hidden" name="objectionId" value={o.id} />
                <input type="hidden" name="decision" value={p.decision} />
                {p.replacementId !== null ? <input type="hidden" name="replacementId" value={p.replacementId} /> : null}
                <input type="hidden" name="resolution" value={p.resolution} />
                <FormErrors errors={formErrorsOf(answered)} id={`${id}-error`} />
                <button type="submit" className="button primary">
                  {t("results.page.resolution.confirm")}
                </button>
              </Form>
            ) : null}
          </li>
        );
      })}
    </ul>
  );
}

function ResolveForm({ o, title }: { o: Objection; title: Title }) {
  const t = useT();
  const format = useFormat();
  const { nominee } = useNames();
  const actionData = useActionData<typeof action>();
  const id = formId.resolve(o.id);
  const [form, fields] = useForm({ id, lastResult: actionData?.form === id ? actionData.reply : undefined });
  // The next in line: the most votes among the rest of the title's ballot (several at a tie).
  const rest = title.nominations.filter((n) => n.winner === null);
  const next = Math.max(0, ...rest.map((n) => n.votes ?? 0));
  const candidates = rest.filter((n) => (n.votes ?? 0) === next);
  const decision = getCollectionProps(fields.decision, { type: "radio", options: ["uphold", "dismiss"] });
  return (
    <Form method="post" {...getFormProps(form)} className="stack results__resolve">
      <input type="hidden" name="intent" value="resolve" />
      <input type="hidden" name="objectionId" value={o.id} />
      <FormErrors errors={form.errors} id={form.errorId} />
      <PrivacyChoice errors={form.allErrors} id={`${id}-privacy`} />
      <fieldset>
        <legend>{t(o.proposals.length ? "results.page.resolution.another" : "results.page.resolve")}</legend>
        {decision.map(({ key, ...radio }) => (
          <label key={key} className="checkbox" htmlFor={radio.id}>
            <input {...radio} />
            {t(radio.value === "uphold" ? "results.page.uphold" : "results.page.dismiss")}
          </label>
        ))}
        <FieldErrors field={fields.decision} />
      </fieldset>
      <div className="field">
        <label htmlFor={fields.resolution.id}>{t("results.page.resolutionLabel")}</label>
        <textarea {...getTextareaProps(fields.resolution)} rows={3} />
        <FieldErrors field={fields.resolution} />
      </div>
      {candidates.length ? (
        <div className="field">
          <label htmlFor={fields.replacementId.id}>{t("results.page.replacement")}</label>
          <select {...getSelectProps(fields.replacementId)}>
            <option value="">{t("results.page.noReplacement")}</option>
            {candidates.map((n) => (
              <option key={n.id} value={n.id}>
                {nominee(n)}
                {n.votes !== null ? ` (${t("results.page.votes")} ${format.number(n.votes)})` : ""}
              </option>
            ))}
          </select>
          <FieldErrors field={fields.replacementId} />
        </div>
      ) : null}
      <button type="submit" className="button primary">
        {t("results.page.resolveSubmit")}
      </button>
    </Form>
  );
}
