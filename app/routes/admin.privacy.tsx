import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { Pagination } from "~/components/pagination";
import { findingKindLabel } from "~/domain/privacy/detect";
import { privacyPage, requestPrivacyScan, type FindingView } from "~/domain/privacy/findings.server";
import { maskAllFindings, maskFinding } from "~/domain/privacy/masking.server";
import { privacyActionSchema } from "~/domain/privacy/schema";
import { langOf } from "~/i18n/lang";
import { pageTitle } from "~/i18n/meta";
import { privacy } from "~/i18n/messages/privacy";
import { privacyAdmin } from "~/i18n/messages/privacy-admin";
import type { PageHandle } from "~/i18n/page";
import { useFormat, useLocale, useT } from "~/i18n/react";
import { throwRefusal } from "~/web/forbidden.server";
import { parseForm, readFormData } from "~/web/form.server";
import { refusalText, serverT } from "~/web/i18n.server";
import { redirectWithNotice } from "~/web/notice.server";
import { requireUser } from "~/web/session.server";

// /admin/privacy (issue 19, item 3; decision 0042): personal data found in
// stored texts by the scan job, and masking it in place. Every button is a
// POST form: the page works without JavaScript.

export const handle = { messages: [privacy, privacyAdmin] } satisfies PageHandle;

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, (t) => t("privacyAdmin.title"));

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const result = await privacyPage(context.db, user, Number(new URL(request.url).searchParams.get("page")) || 1);
  if (!result.ok) throwRefusal(result);
  return result.value;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(request, context);
  const submission = parseForm(await readFormData(request), privacyActionSchema);
  if (submission.status !== "success") throw new Response(null, { status: 400 });
  const { intent, id } = submission.value;
  if (intent === "scan") {
    const r = await requestPrivacyScan(context.db, user);
    if (!r.ok) throwRefusal(r);
    return redirectWithNotice(request, "/admin/privacy", "privacyAdmin.scan.requested");
  }
  const result = intent === "mask" && id !== undefined ? await maskFinding(context.db, user, id) : await maskAllFindings(context.db, user);
  if (!result.ok) {
    if (result.status === 403) throwRefusal(result);
    return data({ error: refusalText(await serverT(request, context), result) }, result.status);
  }
  return redirectWithNotice(request, "/admin/privacy", "privacyAdmin.masked", { count: result.value.masked, rolls: result.value.corrected });
}

/** Where a finding is: its place, and a link to the nomination, the roll's version or the campaign's results. */
function Where({ finding }: { finding: FindingView }) {
  const t = useT();
  const locale = useLocale();
  const { campaign } = finding;
  const campaignName = locale === "en" ? campaign.nameEn : campaign.nameZh;
  const link =
    finding.rollVersion !== null
      ? { to: `/honor-roll/${campaign.slug}?v=${finding.rollVersion}`, text: t("privacyAdmin.where.roll", { version: finding.rollVersion }) }
      : finding.nominationId !== null
        ? {
            to: `/campaigns/${campaign.slug}/nominations/${finding.nominationId}`,
            text: t("privacyAdmin.where.nomination", { id: finding.nominationId }),
          }
        : { to: `/campaigns/${campaign.slug}/results`, text: t("privacyAdmin.where.results") };
  return (
    <>
      <span lang={langOf(campaignName)}>{campaignName}</span>
      <br />
      <Link to={link.to}>{link.text}</Link>
      <br />
      {finding.place ? t(`privacyAdmin.place.${finding.place}`) : t("privacyAdmin.place.unknown")}
    </>
  );
}

export default function AdminPrivacy() {
  const { lastScan, running, counts, total, findings, page, pageCount } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const format = useFormat();
  return (
    <div className="page stack">
      <h1>{t("privacyAdmin.title")}</h1>
      <p className="lede">{t("privacyAdmin.intro")}</p>
      {actionData?.error ? (
        <p className="form-error" role="alert">
          {actionData.error}
        </p>
      ) : null}

      <section aria-labelledby="scan-title" className="stack">
        <h2 id="scan-title">{t("privacyAdmin.scan.title")}</h2>
        <p id="last-scan">
          {lastScan
            ? t("privacyAdmin.scan.last", {
                when: format.dateTime(new Date(lastScan.finishedAt ?? lastScan.startedAt)),
                texts: lastScan.texts,
                findings: lastScan.findings,
              })
            : t("privacyAdmin.scan.never")}
        </p>
        {running ? <p>{t("privacyAdmin.scan.running", { when: format.dateTime(new Date(running.startedAt)) })}</p> : null}
        <p className="hint">{t("privacyAdmin.scan.daily")}</p>
        <Form method="post">
          <button type="submit" name="intent" value="scan" className="button">
            {t("privacyAdmin.scan.now")}
          </button>
        </Form>
      </section>

      <section aria-labelledby="counts-title" className="stack">
        <h2 id="counts-title">{t("privacyAdmin.counts.title")}</h2>
        {counts.length === 0 ? (
          <p>{t("privacyAdmin.counts.none")}</p>
        ) : (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t("privacyAdmin.col.kind")}</th>
                  <th scope="col">{t("privacyAdmin.col.count")}</th>
                </tr>
              </thead>
              <tbody>
                {counts.map((c) => (
                  <tr key={c.kind} id={`count-${c.kind}`}>
                    <th scope="row">{t(findingKindLabel[c.kind])}</th>
                    <td>{format.number(c.count)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      {total > 0 ? (
        <section aria-labelledby="findings-title" className="stack">
          <h2 id="findings-title">{t("privacyAdmin.findings.title")}</h2>
          <p className="hint">{t("privacyAdmin.findings.count", { count: total })}</p>
          <p id="mask-explain">{t("privacyAdmin.mask.explain")}</p>
          <Form method="post">
            <button type="submit" name="intent" value="maskAll" className="button danger" aria-describedby="mask-explain">
              {t("privacyAdmin.maskAll")}
            </button>
          </Form>
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t("privacyAdmin.col.where")}</th>
                  <th scope="col">{t("privacyAdmin.col.kind")}</th>
                  <th scope="col">{t("privacyAdmin.col.preview")}</th>
                  <th scope="col">{t("privacyAdmin.col.action")}</th>
                </tr>
              </thead>
              <tbody>
                {findings.map((f) => (
                  <tr key={f.id} id={`finding-${f.id}`}>
                    <td>
                      <Where finding={f} />
                    </td>
                    <td id={`finding-${f.id}-kind`}>{t(findingKindLabel[f.kind])}</td>
                    <td lang={langOf(f.preview)}>{f.preview}</td>
                    <td>
                      <Form method="post">
                        <input type="hidden" name="id" value={f.id} />
                        <button type="submit" name="intent" value="mask" className="button" aria-describedby={`finding-${f.id}-kind`}>
                          {t("privacyAdmin.mask")}
                        </button>
                      </Form>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pagination page={page} pageCount={pageCount} />
        </section>
      ) : null}
    </div>
  );
}
