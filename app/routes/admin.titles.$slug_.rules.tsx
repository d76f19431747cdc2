import { getFormProps, getInputProps, getSelectProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { FieldErrors, FormErrors } from "~/components/form";
import { comparators } from "~/domain/eligibility/rules";
import { addRuleSchema, maxRules, newRule, ruleChangeSchema } from "~/domain/eligibility/schema";
import { ruleSentence } from "~/domain/eligibility/sentences";
import { addTitleRule, moveTitleRule, removeTitleRule, setAllowsException, titleRulesPage } from "~/domain/eligibility/title-rules.server";
import { nameIn } from "~/i18n";
import { campaigns } from "~/i18n/messages/campaigns";
import { eligibility } from "~/i18n/messages/eligibility";
import { pageTitle } from "~/i18n/meta";
import type { PageHandle } from "~/i18n/page";
import { useLocale, useT } from "~/i18n/react";
import { throwRefusal } from "~/web/forbidden.server";
import { parseForm, readFormData } from "~/web/form.server";
import { refusalText, serverT } from "~/web/i18n.server";
import { redirectWithNotice } from "~/web/notice.server";
import { requireUser } from "~/web/session.server";
import styles from "~/styles/eligibility.css";

// A title's eligibility rules (issue 20, decision 0050): one small form per
// change (add, move, remove, the exception switch), each a plain POST.

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

export const handle = { messages: [campaigns, eligibility] } satisfies PageHandle;

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  pageTitle(matches, (t, l) => (data ? t("eligibility.rules.title", { title: nameIn(l, data.title) }) : t("eligibility.rules.link")));

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const result = await titleRulesPage(context.db, user, params.slug ?? "");
  if (!result.ok) throwRefusal(result);
  return result.value;
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const user = await requireUser(request, context);
  const slug = params.slug ?? "";
  const submission = parseForm(await readFormData(request), ruleChangeSchema);
  if (submission.status !== "success") return data(submission.reply(), 400);
  const change = submission.value;
  const db = context.db;
  const result =
    change.intent === "add"
      ? await addTitleRule(db, user, slug, newRule(change))
      : change.intent === "remove"
        ? await removeTitleRule(db, user, slug, change.rule)
        : change.intent === "move"
          ? await moveTitleRule(db, user, slug, change.rule, change.to)
          : await setAllowsException(db, user, slug, change.allowsException);
  if (!result.ok) {
    if (result.status === 403 || (result.status === 404 && result.error === "titles.notFound")) throwRefusal(result);
    const t = await serverT(request, context);
    return data(submission.reply({ formErrors: [refusalText(t, result)] }), result.status);
  }
  const notice = change.intent === "exception" ? "eligibility.exception.saved" : "eligibility.rules.saved";
  return redirectWithNotice(request, `/admin/titles/${slug}/rules`, notice);
}

export default function TitleRulesPage() {
  const page = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const t = useT();
  const locale = useLocale();
  const [form, fields] = useForm({
    id: "add-rule",
    lastResult,
    defaultValue: { kind: "metric", scope: "each", comparator: "gte" },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: addRuleSchema }),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
  });
  const titleName = nameIn(locale, page.title);
  return (
    <div className="page">
      <p>
        <Link to={`/admin/titles/${page.title.slug}`}>{titleName}</Link>
      </p>
      <h1>{t("eligibility.rules.title", { title: titleName })}</h1>
      <p className="lede">{t("eligibility.rules.lede")}</p>

      <section className="card stack" aria-labelledby="rules-list">
        <h2 id="rules-list">{t("eligibility.rules.list")}</h2>
        <ol className="rule-list">
          <li>
            {ruleSentence(t, locale, { kind: "active" })} <span className="hint">({t("eligibility.rules.builtIn")})</span>
          </li>
          {page.rules.map((rule, i) => {
            const sentence = ruleSentence(t, locale, rule);
            return (
              <li key={rule.id}>
                <span>{sentence}</span>
                <div className="rule-actions">
                  {i > 0 ? <RuleButton rule={rule.id} intent="move" to="up" label={t("eligibility.rules.up", { rule: sentence })} text="↑" /> : null}
                  {i < page.rules.length - 1 ? (
                    <RuleButton rule={rule.id} intent="move" to="down" label={t("eligibility.rules.down", { rule: sentence })} text="↓" />
                  ) : null}
                  <RuleButton
                    rule={rule.id}
                    intent="remove"
                    label={t("eligibility.rules.remove", { rule: sentence })}
                    text={t("eligibility.rules.removeButton")}
                  />
                </div>
              </li>
            );
          })}
        </ol>
        {page.rules.length === 0 ? <p className="hint">{t("eligibility.rules.none")}</p> : null}
      </section>

      {page.rules.length < maxRules ? (
        <Form method="post" {...getFormProps(form)} className="card stack" aria-labelledby="add-rule-title">
          <h2 id="add-rule-title">{t("eligibility.rules.add")}</h2>
          <FormErrors errors={form.errors} id={form.errorId} />
          <input type="hidden" name="intent" value="add" />
          <fieldset>
            <legend>{t("eligibility.rule.kind")}</legend>
            <label className="checkbox">
              <input type="radio" name={fields.kind.name} value="metric" defaultChecked={fields.kind.initialValue !== "service_months"} />
              {t("eligibility.rule.kind.metric")}
            </label>
            <label className="checkbox">
              <input type="radio" name={fields.kind.name} value="service_months" defaultChecked={fields.kind.initialValue === "service_months"} />
              {t("eligibility.rule.kind.service")}
            </label>
            <FieldErrors field={fields.kind} />
          </fieldset>
          <div className="field">
            <label htmlFor={fields.metric.id}>{t("eligibility.rule.metric")}</label>
            <select {...getSelectProps(fields.metric)}>
              <option value="">{t("eligibility.rule.metric.choose")}</option>
              {page.metrics.map((m) => (
                <option key={m.id} value={m.id}>
                  {nameIn(locale, m)} ({m.code})
                </option>
              ))}
            </select>
            {page.metrics.length === 0 ? <p className="hint">{t("eligibility.rules.noMetrics")}</p> : null}
            <FieldErrors field={fields.metric} />
          </div>
          <fieldset>
            <legend>{t("eligibility.rule.scope")}</legend>
            <label className="checkbox">
              <input type="radio" name={fields.scope.name} value="each" defaultChecked={fields.scope.initialValue !== "overall"} />
              {t("eligibility.rule.scope.each")}
            </label>
            <label className="checkbox">
              <input type="radio" name={fields.scope.name} value="overall" defaultChecked={fields.scope.initialValue === "overall"} />
              {t("eligibility.rule.scope.overall")}
            </label>
          </fieldset>
          <div className="field">
            <label htmlFor={fields.comparator.id}>{t("eligibility.rule.comparator")}</label>
            <select {...getSelectProps(fields.comparator)}>
              {comparators.map((c) => (
                <option key={c} value={c}>
                  {t(`eligibility.rule.comparator.${c}`)}
                </option>
              ))}
            </select>
            <FieldErrors field={fields.comparator} />
          </div>
          <div className="field">
            <label htmlFor={fields.threshold.id}>{t("eligibility.rule.threshold")}</label>
            <input {...getInputProps(fields.threshold, { type: "text", ariaDescribedBy: "threshold-hint" })} inputMode="decimal" />
            <p className="hint" id="threshold-hint">
              {t("eligibility.rule.threshold.hint")}
            </p>
            <FieldErrors field={fields.threshold} />
          </div>
          <button type="submit" className="button primary">
            {t("eligibility.rules.add.submit")}
          </button>
        </Form>
      ) : null}

      <Form method="post" className="card stack" aria-labelledby="exception-title">
        <h2 id="exception-title">{t("eligibility.exception.legend")}</h2>
        <input type="hidden" name="intent" value="exception" />
        <label className="checkbox" htmlFor="allows-exception">
          <input
            id="allows-exception"
            type="checkbox"
            name="allowsException"
            value="on"
            defaultChecked={page.title.allowsException}
            aria-describedby="exception-hint"
          />
          {t("eligibility.exception.label")}
        </label>
        <p className="hint" id="exception-hint">
          {t("eligibility.exception.hint")}
        </p>
        <button type="submit" className="button">
          {t("eligibility.exception.save")}
        </button>
      </Form>
    </div>
  );
}

function RuleButton({ rule, intent, to, label, text }: { rule: number; intent: "move" | "remove"; to?: "up" | "down"; label: string; text: string }) {
  return (
    <Form method="post" className="inline-form">
      <input type="hidden" name="intent" value={intent} />
      <input type="hidden" name="rule" value={rule} />
      {to ? <input type="hidden" name="to" value={to} /> : null}
      <button type="submit" className="button" aria-label={label}>
        {text}
      </button>
    </Form>
  );
}
