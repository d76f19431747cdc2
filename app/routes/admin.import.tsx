import { getCollectionProps, getFormProps, getInputProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { FieldErrors, FormErrors } from "~/components/form";
import { metricColumns, orgColumns, peopleColumns, type ColumnSpec, type ImportKind } from "~/domain/import/columns";
import { importKindsFor, listImports, startImport } from "~/domain/import/import.server";
import { importFormSchema, importModes, maxImportBytes, maxImportMegabytes } from "~/domain/import/schema";
import { pageTitle } from "~/i18n/meta";
import { useFormat, useT } from "~/i18n/react";
import { throwRefusal } from "~/web/forbidden.server";
import { refusalText, serverT } from "~/web/i18n.server";
import { parseForm, readFormWithFile } from "~/web/form.server";
import { requireUser } from "~/web/session.server";
import { importMessages } from "~/i18n/messages/import";
import { metrics } from "~/i18n/messages/metrics";
import type { PageHandle } from "~/i18n/page";

export const handle = { messages: [importMessages, metrics] } satisfies PageHandle;

const kindLabel = { people: "import.kind.people", org: "import.kind.org", metrics: "import.kind.metrics" } as const;

/** The example file offered for metric values: a person's and a unit's values, in the Chinese headers. */
const metricsExample =
  "工号,单位编码,指标编码,周期,数值,来源系统\r\nGD0001,,satisfaction,2026-03,98.6,呼叫中心CTI\r\n,GZ-HOTLINE,complaint_rate,2026-Q1,0.031,投诉系统\r\n";

// A data owner imports metric values only: the page is named for what they may do.
const titleKey = (kinds: readonly string[] | undefined) => (kinds?.length === 1 && kinds[0] === "metrics" ? "import.title.metrics" : "import.title");

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageTitle(matches, (t) => t(titleKey(data?.kinds)));

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const result = await listImports(context.db, user);
  if (!result.ok) throwRefusal(result);
  return { imports: result.value, kinds: importKindsFor(user) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(request, context);
  const submission = parseForm(await readFormWithFile(request, "file", maxImportBytes), importFormSchema);
  // A File cannot travel back into the page, and the browser would not accept it anyway.
  if (submission.status !== "success") return data(submission.reply({ hideFields: ["file"] }), 400);
  const { kind, mode, file } = submission.value;
  const content = new Uint8Array(await file.arrayBuffer());
  const result = await startImport(context.db, user, { kind, mode, fileName: file.name, content });
  if (!result.ok) {
    const t = await serverT(request, context);
    return data(submission.reply({ formErrors: [refusalText(t, result)], hideFields: ["file"] }), result.status);
  }
  return redirect(`/admin/imports/${result.value.id}`);
}

export default function ImportPage() {
  const { imports, kinds: allowedKinds } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const navigation = useNavigation();
  const t = useT();
  const format = useFormat();
  const [form, fields] = useForm<{ kind: string; mode: string; file: File }>({
    lastResult,
    defaultValue: { kind: allowedKinds[0], mode: "merge" },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: importFormSchema }),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
  });
  const kinds = getCollectionProps(fields.kind, { type: "radio", options: [...allowedKinds] });
  const modes = getCollectionProps(fields.mode, { type: "radio", options: [...importModes] });
  return (
    <div className="page">
      <h1>{t(titleKey(allowedKinds))}</h1>
      <p className="lede">{t("import.intro")}</p>

      <Form method="post" encType="multipart/form-data" {...getFormProps(form)} className="stack card">
        <h2>{t("import.form.title")}</h2>
        <FormErrors errors={form.errors} id={form.errorId} />
        <fieldset className="stack">
          <legend>{t("import.kind.label")}</legend>
          {kinds.map(({ key, ...props }) => (
            <label key={key} className="checkbox" htmlFor={props.id}>
              <input {...props} />
              {t(kindLabel[props.value as ImportKind])}
            </label>
          ))}
          <FieldErrors field={fields.kind} />
        </fieldset>
        {/* Metric values replace a period's value whatever the mode: someone who imports only them is not asked. */}
        {!allowedKinds.includes("people") && !allowedKinds.includes("org") ? (
          <input type="hidden" name={fields.mode.name} value="merge" />
        ) : (
          <fieldset className="stack">
            <legend>{t("import.mode.label")}</legend>
            {modes.map(({ key, ...props }) => (
              <div key={key}>
                <label className="checkbox" htmlFor={props.id}>
                  <input {...props} aria-describedby={`${props.id}-hint`} />
                  {t(props.value === "full" ? "import.mode.full" : "import.mode.merge")}
                </label>
                <p className="hint" id={`${props.id}-hint`}>
                  {t(props.value === "full" ? "import.mode.full.hint" : "import.mode.merge.hint")}
                </p>
              </div>
            ))}
            <FieldErrors field={fields.mode} />
          </fieldset>
        )}
        <div className="field">
          <label htmlFor={fields.file.id}>{t("import.file.label")}</label>
          <input
            {...getInputProps(fields.file, { type: "file" })}
            accept=".csv,.txt,.tsv,text/csv,text/plain,text/tab-separated-values"
            aria-describedby={`${fields.file.descriptionId} ${fields.file.errorId}`}
          />
          <p className="hint" id={fields.file.descriptionId}>
            {t("import.file.hint", { max: maxImportMegabytes })}
            {lastResult ? ` ${t("import.file.again")}` : null}
          </p>
          <FieldErrors field={fields.file} />
        </div>
        <button type="submit" className="button primary" disabled={navigation.state === "submitting"}>
          {t("import.submit")}
        </button>
      </Form>

      <details className="card">
        <summary>{t("import.columns.title")}</summary>
        {allowedKinds.includes("people") ? <ColumnTable caption={t("import.columns.people")} columns={peopleColumns} /> : null}
        {allowedKinds.includes("org") ? <ColumnTable caption={t("import.columns.org")} columns={orgColumns} /> : null}
        {allowedKinds.includes("org") ? <p className="hint">{t("import.columns.kinds")}</p> : null}
        {allowedKinds.includes("people") ? <p className="hint">{t("import.columns.dates")}</p> : null}
        {allowedKinds.includes("people") ? <p className="hint">{t("import.columns.posts")}</p> : null}
        <ColumnTable caption={t("import.columns.metrics")} columns={metricColumns} />
        <p className="hint">{t("metrics.import.hint")}</p>
        <p>
          <a href={`data:text/csv;charset=utf-8,${encodeURIComponent(`\ufeff${metricsExample}`)}`} download="metric-values-example.csv">
            {t("metrics.import.example")}
          </a>
        </p>
      </details>

      <section aria-labelledby="recent-imports">
        <h2 id="recent-imports">{t("import.recent.title")}</h2>
        {imports.length === 0 ? (
          <p>{t("import.recent.empty")}</p>
        ) : (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t("import.recent.when")}</th>
                  <th scope="col">{t("import.recent.file")}</th>
                  <th scope="col">{t("import.recent.kind")}</th>
                  <th scope="col">{t("import.recent.mode")}</th>
                  <th scope="col">{t("import.recent.status")}</th>
                  <th scope="col">{t("import.recent.rows")}</th>
                  <th scope="col">{t("import.recent.result")}</th>
                  <th scope="col">{t("import.recent.by")}</th>
                </tr>
              </thead>
              <tbody>
                {imports.map((i) => (
                  <tr key={i.id}>
                    <td>{format.dateTime(i.createdAt)}</td>
                    <td>
                      <Link to={`/admin/imports/${i.id}`}>{i.fileName}</Link>
                    </td>
                    <td>{t(kindLabel[i.kind])}</td>
                    <td>{i.kind === "metrics" ? "—" : t(i.mode === "full" ? "import.mode.full" : "import.mode.merge")}</td>
                    <td>{t(`import.status.${i.status}`)}</td>
                    <td>{i.rows === null ? "—" : format.number(i.rows)}</td>
                    <td>
                      {i.summary ? t("import.recent.counts", i.summary) : i.errorCount ? t("import.recent.errors", { count: i.errorCount }) : "—"}
                    </td>
                    <td>{i.createdBy}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </div>
  );
}

function ColumnTable({ caption, columns }: { caption: string; columns: readonly ColumnSpec[] }) {
  const t = useT();
  return (
    <div className="table-wrap">
      <table>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t("import.columns.field")}</th>
            <th scope="col">{t("import.columns.headers")}</th>
            <th scope="col">{t("import.columns.needed")}</th>
          </tr>
        </thead>
        <tbody>
          {columns.map((c) => (
            <tr key={c.field}>
              <th scope="row">{t(`import.field.${c.field}`)}</th>
              <td>{c.aliases.join(" / ")}</td>
              <td>{t(c.required ? "common.yes" : "common.no")}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
