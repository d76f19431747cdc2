import { getFormProps, getTextareaProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { FieldErrors, FormErrors, SelectField, TextField } from "~/components/form";
import { isAdmin } from "~/domain/auth/user";
import { metricPage } from "~/domain/metrics/batches.server";
import { createMetricDefinition, updateMetricDefinition } from "~/domain/metrics/definitions.server";
import { definitionInput, metricCombines, metricDefinitionSchema, metricGrains } from "~/domain/metrics/schema";
import { pageTitle } from "~/i18n/meta";
import { Lang, useFormat, useT } from "~/i18n/react";
import { throwRefusal } from "~/web/forbidden.server";
import { parseForm, readFormData } from "~/web/form.server";
import { refusalText, serverT } from "~/web/i18n.server";
import { redirectWithNotice } from "~/web/notice.server";
import { requireUser } from "~/web/session.server";
import { err } from "~/domain/result";
import { metrics } from "~/i18n/messages/metrics";
import type { PageHandle } from "~/i18n/page";

// /admin/metrics/new creates a definition; /admin/metrics/:code edits one and
// shows where its values came from (recent batches) and, for a person or unit
// and a period, every value it has had (decision 0049).

export const handle = { messages: [metrics] } satisfies PageHandle;

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  pageTitle(matches, (t) => (data?.page ? t("metrics.edit.title", { code: data.page.definition.code }) : t("metrics.new.title")));

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  if (params.code === "new") {
    if (!isAdmin(user)) throwRefusal(err("common.forbidden", 403));
    return { page: null };
  }
  const url = new URL(request.url);
  const result = await metricPage(context.db, user, params.code ?? "", {
    subject: url.searchParams.get("subject") ?? undefined,
    period: url.searchParams.get("period") ?? undefined,
  });
  if (!result.ok) throwRefusal(result);
  return { page: result.value };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const user = await requireUser(request, context);
  const isNew = params.code === "new";
  const form = await readFormData(request);
  // The code of an existing definition never changes: the form does not send it.
  if (!isNew) form.set("code", params.code ?? "");
  const submission = parseForm(form, metricDefinitionSchema);
  if (submission.status !== "success") return data(submission.reply(), 400);
  const input = definitionInput(submission.value);
  const result = isNew
    ? await createMetricDefinition(context.db, user, input)
    : await updateMetricDefinition(context.db, user, params.code ?? "", input);
  if (!result.ok) {
    if (result.status === 403) throwRefusal(result);
    const t = await serverT(request, context);
    const message = refusalText(t, result);
    return data(
      result.error === "metrics.code.taken" ? submission.reply({ fieldErrors: { code: [message] } }) : submission.reply({ formErrors: [message] }),
      result.status,
    );
  }
  return redirectWithNotice(request, isNew ? "/admin/metrics" : `/admin/metrics/${result.value.code}`, isNew ? "metrics.created" : "metrics.saved", {
    code: result.value.code,
  });
}

export default function MetricDefinitionPage() {
  const { page } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const t = useT();
  const definition = page?.definition;
  const [form, fields] = useForm({
    lastResult,
    defaultValue: definition ?? { decimals: 0, grain: "month", combine: "average", direction: "higher" },
    onValidate: ({ formData }) => {
      if (definition) formData.set("code", definition.code);
      return parseWithZod(formData, { schema: metricDefinitionSchema });
    },
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
  });
  return (
    <div className="page">
      <p>
        <Link to="/admin/metrics">{t("metrics.back")}</Link>
      </p>
      <h1>{definition ? t("metrics.edit.title", { code: definition.code }) : t("metrics.new.title")}</h1>
      <Form method="post" {...getFormProps(form)} className="stack card">
        <FormErrors errors={form.errors} id={form.errorId} />
        {definition ? (
          <p>
            {t("metrics.form.code")}: <code>{definition.code}</code>
          </p>
        ) : (
          <TextField field={fields.code} label={t("metrics.form.code")} hint={t("metrics.form.code.hint")} />
        )}
        <TextField field={fields.nameZh} label={t("metrics.form.nameZh")} />
        <TextField field={fields.nameEn} label={t("metrics.form.nameEn")} />
        <TextField field={fields.unit} label={t("metrics.form.unit")} hint={t("metrics.form.unit.hint")} />
        <TextField field={fields.unitEn} label={t("metrics.form.unitEn")} />
        <SelectField field={fields.direction} label={t("metrics.form.direction")}>
          <option value="higher">{t("metrics.form.direction.higher")}</option>
          <option value="lower">{t("metrics.form.direction.lower")}</option>
        </SelectField>
        <SelectField field={fields.decimals} label={t("metrics.form.decimals")}>
          {[0, 1, 2, 3, 4].map((n) => (
            <option key={n} value={n}>
              {n}
            </option>
          ))}
        </SelectField>
        <SelectField field={fields.grain} label={t("metrics.form.grain")} hint={t("metrics.form.grain.hint")}>
          {metricGrains.map((g) => (
            <option key={g} value={g}>
              {t(`metrics.grain.${g}`)}
            </option>
          ))}
        </SelectField>
        <SelectField field={fields.combine} label={t("metrics.form.combine")} hint={t("metrics.form.combine.hint")}>
          {metricCombines.map((c) => (
            <option key={c} value={c}>
              {t(`metrics.combine.${c}`)}
            </option>
          ))}
        </SelectField>
        <div className="field">
          <label htmlFor={fields.description.id}>{t("metrics.form.description")}</label>
          <textarea {...getTextareaProps(fields.description, { ariaDescribedBy: fields.description.descriptionId })} rows={3} />
          <p className="hint" id={fields.description.descriptionId}>
            {t("metrics.form.description.hint")}
          </p>
          <FieldErrors field={fields.description} />
        </div>
        <button type="submit" className="button primary">
          {definition ? t("metrics.form.save") : t("metrics.form.create")}
        </button>
      </Form>
      {page ? <History page={page} /> : null}
    </div>
  );
}

type Page = NonNullable<ReturnType<typeof useLoaderData<typeof loader>>["page"]>;

function History({ page }: { page: Page }) {
  const t = useT();
  const format = useFormat();
  const origin = (b: { origin: "csv" | "api" | "demo"; importId: number | null; tokenName: string | null }) =>
    b.origin === "csv" ? (
      <Link to={`/admin/imports/${b.importId}`}>{t("metrics.origin.csv", { id: String(b.importId) })}</Link>
    ) : b.origin === "api" ? (
      t("metrics.origin.api", { name: b.tokenName ?? "" })
    ) : (
      t("metrics.origin.demo")
    );
  return (
    <section aria-labelledby="metric-history">
      <h2 id="metric-history">{t("metrics.history.title")}</h2>
      <h3>{t("metrics.history.batches")}</h3>
      {page.batches.length === 0 ? (
        <p>{t("metrics.history.batches.none")}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t("metrics.history.col.batch")}</th>
                <th scope="col">{t("metrics.history.col.origin")}</th>
                <th scope="col">{t("metrics.history.col.when")}</th>
                <th scope="col">{t("metrics.history.col.by")}</th>
                <th scope="col">{t("metrics.history.col.sources")}</th>
                <th scope="col">{t("metrics.history.col.count")}</th>
              </tr>
            </thead>
            <tbody>
              {page.batches.map((b) => (
                <tr key={b.id}>
                  <td>{b.id}</td>
                  <td>{origin(b)}</td>
                  <td>{format.dateTime(b.createdAt)}</td>
                  <td>
                    <Lang>{b.createdBy ?? ""}</Lang>
                  </td>
                  <td>
                    <Lang>{format.list(b.sources)}</Lang>
                  </td>
                  <td>{format.number(b.count)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <h3 id="metric-lookup">{t("metrics.history.search")}</h3>
      <Form method="get" className="stack card" aria-labelledby="metric-lookup">
        <div className="field">
          <label htmlFor="history-subject">{t("metrics.history.subject")}</label>
          <input id="history-subject" name="subject" defaultValue={page.history?.subject ?? ""} maxLength={40} required />
        </div>
        <div className="field">
          <label htmlFor="history-period">{t("metrics.history.period")}</label>
          <input id="history-period" name="period" defaultValue={page.history?.period ?? ""} maxLength={10} required placeholder="2026-03" />
        </div>
        <button type="submit" className="button">
          {t("metrics.history.find")}
        </button>
      </Form>
      {page.history ? (
        page.history.rows.length === 0 ? (
          <p role="status">{t("metrics.history.empty", { subject: page.history.subject, period: page.history.period })}</p>
        ) : (
          <div className="table-wrap">
            <table>
              <caption>{t("metrics.history.for", { subject: page.history.subject, period: page.history.period })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("metrics.history.col.value")}</th>
                  <th scope="col">{t("metrics.history.col.source")}</th>
                  <th scope="col">{t("metrics.history.col.recorded")}</th>
                  <th scope="col">{t("metrics.history.col.origin")}</th>
                  <th scope="col">{t("metrics.history.col.state")}</th>
                </tr>
              </thead>
              <tbody>
                {page.history.rows.map((r) => (
                  <tr key={r.id}>
                    <td>{r.value}</td>
                    <td>
                      <Lang>{r.sourceSystem}</Lang>
                    </td>
                    <td>{format.dateTime(r.recordedAt)}</td>
                    <td>{origin(r.batch)}</td>
                    <td>
                      {r.supersededAt ? t("metrics.history.superseded", { when: format.dateTime(r.supersededAt) }) : t("metrics.history.current")}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )
      ) : null}
    </section>
  );
}
