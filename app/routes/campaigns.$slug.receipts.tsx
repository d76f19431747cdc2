import { data, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Pagination } from "~/components/pagination";
import { ReceiptCheck } from "~/components/receipt-check";
import { cutChars } from "~/domain/text";
import { receiptsFor } from "~/domain/voting/receipts.server";
import { nameIn } from "~/i18n";
import { pageTitle } from "~/i18n/meta";
import { useLocale, useT } from "~/i18n/react";
import { throwRefusal } from "~/web/forbidden.server";
import { refusalText, serverT } from "~/web/i18n.server";
import { requireUser } from "~/web/session.server";
import styles from "~/styles/results-receipts.css";
import { receipts } from "~/i18n/messages/receipts";
import type { PageHandle } from "~/i18n/page";

// The published receipt codes after close, phone first: a GET form checks one
// code (works without script, and the answer has a bookmarkable URL), then the
// list, 500 a page. The domain gives each code its title and whether it was
// counted, never a voter or a choice. Before close it refuses with a 409,
// shown here as a page that says so.

export const handle = { messages: [receipts] } satisfies PageHandle;

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  pageTitle(matches, (t, l) =>
    data?.receipts ? t("receipts.page.title", { campaign: nameIn(l, data.receipts.campaign) }) : t("receipts.page.meta"),
  );

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const slug = params.slug ?? "";
  const q = new URL(request.url).searchParams;
  const asked = cutChars(q.get("code") ?? "", 64);
  const result = await receiptsFor(context.db, user, slug, { code: asked, page: Number(q.get("page")) || 1 });
  if (!result.ok) {
    if (result.status !== 409) throwRefusal(result);
    // The domain's reason, as a sentence: it comes from the results' messages, which this page does not carry.
    return data({ slug, asked, notYet: refusalText(await serverT(request, context), result), receipts: null }, 409);
  }
  return data({ slug, asked, notYet: null, receipts: result.value });
}

export default function ReceiptsPage() {
  const { slug, asked, notYet, receipts: r } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const name = (x: { nameZh: string; nameEn: string }) => nameIn(locale, x);
  const titleName = (titleSlug: string) => {
    const title = r?.titles.find((x) => x.slug === titleSlug);
    return title ? name(title) : titleSlug;
  };
  const back = (
    <p className="receipts__back">
      <Link to={`/campaigns/${slug}/results`}>{t("receipts.page.results")}</Link>
      <Link to={`/campaigns/${slug}`}>{t("receipts.page.campaign")}</Link>
    </p>
  );
  if (!r) {
    return (
      <div className="page narrow receipts">
        {back}
        <h1>{t("receipts.page.meta")}</h1>
        <section className="card" aria-labelledby="not-yet">
          <h2 id="not-yet">{t("receipts.notYet.heading")}</h2>
          <p>{notYet}</p>
        </section>
      </div>
    );
  }
  const lookup = r.lookup;
  return (
    <div className="page narrow receipts">
      {back}
      <h1>{t("receipts.page.title", { campaign: name(r.campaign) })}</h1>
      <p className="lede">{t("receipts.page.intro")}</p>
      <ReceiptCheck slug={slug} code={asked} className="card" />
      {lookup ? (
        <section
          className={`card receipts__answer receipts__answer--${lookup.found ? (lookup.found.counted ? "counted" : "replaced") : "missing"}`}
          aria-labelledby="receipt-answer"
        >
          <h2 id="receipt-answer">{t("receipts.check.heading", { code: lookup.code })}</h2>
          <p>
            {!lookup.found
              ? t("receipts.check.notFound")
              : lookup.found.counted
                ? t("receipts.check.counted", { title: titleName(lookup.found.titleSlug) })
                : t("receipts.check.replaced")}
          </p>
        </section>
      ) : null}
      <section aria-labelledby="receipt-list">
        <h2 id="receipt-list">{t("receipts.list.heading")}</h2>
        <p>{t("receipts.list.count", { count: r.total })}</p>
        <p className="hint">{t("receipts.list.secret")}</p>
        <p className="hint">{t("receipts.list.replacedHint")}</p>
        {r.rows.length === 0 ? (
          <p>{t("receipts.list.empty")}</p>
        ) : (
          <table className="receipts__table" aria-labelledby="receipt-list">
            <thead>
              <tr>
                <th scope="col">{t("receipts.list.code")}</th>
                <th scope="col">{t("receipts.list.title")}</th>
                <th scope="col">{t("receipts.list.status")}</th>
              </tr>
            </thead>
            <tbody>
              {r.rows.map((row) => (
                <tr key={row.code} className={row.counted ? undefined : "receipts__replaced"}>
                  <td>
                    <code>{row.code}</code>
                  </td>
                  <td>{titleName(row.titleSlug)}</td>
                  <td>{row.counted ? t("receipts.status.counted") : t("receipts.status.replaced")}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <Pagination page={r.page} pageCount={r.pageCount} />
      </section>
    </div>
  );
}
