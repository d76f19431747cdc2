import { getCollectionProps, getFormProps, getInputProps, getSelectProps, useForm, type FieldMetadata } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { FieldErrors, FormErrors } from "~/components/form";
import { RobotCard } from "~/components/robots";
import { robotKinds } from "~/domain/notifications/kinds";
import { robotPlatforms } from "~/domain/notifications/robot-platforms";
import { robotSchema } from "~/domain/notifications/robot-schema";
import { createRobot, deleteRobot, robotPage, updateRobot } from "~/domain/notifications/robots.server";
import { locales } from "~/i18n";
import { pageTitle } from "~/i18n/meta";
import { useLocale, useT } from "~/i18n/react";
import { throwRefusal } from "~/web/forbidden.server";
import { parseForm, readFormData } from "~/web/form.server";
import { refusalText, serverT } from "~/web/i18n.server";
import { redirectWithNotice } from "~/web/notice.server";
import { answerRobotTest, isRobotTest } from "~/web/robot-test.server";
import { getLocale, requireUser } from "~/web/session.server";
import { robots } from "~/i18n/messages/robots";
import { notifications } from "~/i18n/messages/notifications";
import type { PageHandle } from "~/i18n/page";
import styles from "~/styles/robots.css";
import { UnitOptions } from "~/components/unit-select";

// One route for both forms: /admin/robots/new registers a robot,
// /admin/robots/:id shows one (its messages, Send a test message, Delete) and
// edits it. The webhook address and the secret are never shown back: left
// empty on an edit, they are kept. Administrators only (the domain checks).

export const handle = { messages: [robots, notifications] } satisfies PageHandle;

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  pageTitle(matches, (t) => (data?.robot ? t("robots.edit.title", { name: data.robot.name }) : t("robots.new")));

/** The robot's id from the address, or null for /admin/robots/new; anything else is no robot (404). */
function robotId(param: string | undefined): number | null {
  if (param === "new") return null;
  if (!param || !/^[1-9]\d{0,8}$/.test(param)) throw new Response(null, { status: 404 });
  return Number(param);
}

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const result = await robotPage(context.db, user, robotId(params.id), await getLocale(request, context));
  if (!result.ok) throwRefusal(result);
  return result.value;
}

/** A refusal about one field is shown next to it; any other above the form. */
const fieldOf = (error: string) =>
  error.startsWith("robots.url.") ? "webhookUrl" : error.startsWith("robots.secret.") ? "secret" : error.startsWith("robots.unit.") ? "unit" : null;

export async function action({ request, context, params }: ActionFunctionArgs) {
  const user = await requireUser(request, context);
  const id = robotId(params.id);
  const form = await readFormData(request);
  if (id !== null && isRobotTest(form)) return answerRobotTest(request, context, user, form, `/admin/robots/${id}`);
  if (id !== null && form.get("intent") === "delete") {
    const deleted = await deleteRobot(context.db, user, id);
    if (!deleted.ok) throwRefusal(deleted);
    return redirectWithNotice(request, "/admin/robots", "robots.deleted", { name: deleted.value.name });
  }
  const submission = parseForm(form, robotSchema(id === null));
  if (submission.status !== "success") return data(submission.reply(), 400);
  const input = { ...submission.value, events: submission.value.events ?? [], enabled: submission.value.enabled ?? false };
  const result = id === null ? await createRobot(context.db, user, input) : await updateRobot(context.db, user, id, input);
  if (!result.ok) {
    if (result.status === 403 || result.status === 404) throwRefusal(result);
    const text = refusalText(await serverT(request, context), result);
    const field = fieldOf(result.error);
    return data(submission.reply(field ? { fieldErrors: { [field]: [text] } } : { formErrors: [text] }), result.status);
  }
  return id === null
    ? redirectWithNotice(request, `/admin/robots/${result.value.id}`, "robots.created")
    : redirectWithNotice(request, "/admin/robots", "robots.saved");
}

export default function RobotFormPage() {
  const { robot, units } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const t = useT();
  const locale = useLocale();
  const isNew = robot === null;
  const [form, fields] = useForm({
    lastResult,
    defaultValue: robot
      ? { unit: robot.unit.code, name: robot.name, platform: robot.platform, locale: robot.locale, events: robot.events, enabled: robot.enabled }
      : { locale, events: [...robotKinds], enabled: true },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: robotSchema(isNew) }),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
  });
  return (
    <div className="page">
      <p>
        <Link to="/admin/robots">{t("robots.back")}</Link>
      </p>
      <h1>{robot ? t("robots.edit.title", { name: robot.name }) : t("robots.new")}</h1>
      {robot ? <RobotCard robot={robot} level={2} withEdit={false} /> : <p className="lede">{t("robots.intro")}</p>}

      <Form method="post" {...getFormProps(form)} className="stack card robot-form" aria-labelledby="robot-form-title">
        <h2 id="robot-form-title">{robot ? t("robots.form.edit") : t("robots.form.new")}</h2>
        <FormErrors errors={form.errors} id={form.errorId} />
        <div className="field">
          <label htmlFor={fields.unit.id}>{t("robots.field.unit")}</label>
          <select {...getSelectProps(fields.unit, { ariaDescribedBy: fields.unit.descriptionId })}>
            <option value="">{t("robots.field.unit.choose")}</option>
            <UnitOptions units={units} />
          </select>
          <p className="hint" id={fields.unit.descriptionId}>
            {t("robots.field.unit.hint")}
          </p>
          <FieldErrors field={fields.unit} />
        </div>
        <TextField field={fields.name} label={t("robots.field.name")} hint={t("robots.field.name.hint")} />
        <div className="field">
          <label htmlFor={fields.platform.id}>{t("robots.field.platform")}</label>
          <select {...getSelectProps(fields.platform)}>
            <option value="">{t("robots.field.platform.choose")}</option>
            {robotPlatforms.map((p) => (
              <option key={p} value={p}>
                {t(`robots.platform.${p}`)}
              </option>
            ))}
          </select>
          <FieldErrors field={fields.platform} />
        </div>
        <TextField
          field={fields.webhookUrl}
          label={t("robots.field.webhookUrl")}
          hint={t("robots.field.webhookUrl.hint")}
          kept={robot ? t("robots.field.webhookUrl.keep", { masked: robot.webhookUrl }) : undefined}
          inputMode="url"
        />
        <TextField
          field={fields.secret}
          label={t("robots.field.secret")}
          hint={t("robots.field.secret.hint")}
          kept={robot?.secret ? t("robots.field.secret.keep", { masked: robot.secret }) : undefined}
          secret
        />
        <div className="field">
          <label htmlFor={fields.locale.id}>{t("robots.field.locale")}</label>
          <select {...getSelectProps(fields.locale)}>
            {locales.map((l) => (
              <option key={l} value={l}>
                {t(`robots.locale.${l}`)}
              </option>
            ))}
          </select>
          <FieldErrors field={fields.locale} />
        </div>
        <fieldset className="robot-events" aria-describedby="robot-events-hint">
          <legend>{t("robots.field.events")}</legend>
          <p className="hint" id="robot-events-hint">
            {t("robots.field.events.hint")}
          </p>
          {getCollectionProps(fields.events, { type: "checkbox", options: [...robotKinds] }).map((props) => (
            <label key={props.key} className="checkbox" htmlFor={props.id}>
              <input {...props} />
              {t(`robots.event.${props.value as (typeof robotKinds)[number]}`)}
            </label>
          ))}
          <FieldErrors field={fields.events} />
        </fieldset>
        <div className="field">
          <label className="checkbox" htmlFor={fields.enabled.id}>
            <input {...getInputProps(fields.enabled, { type: "checkbox", ariaDescribedBy: fields.enabled.descriptionId })} />
            {t("robots.field.enabled")}
          </label>
          <p className="hint" id={fields.enabled.descriptionId}>
            {t("robots.field.enabled.hint")}
          </p>
        </div>
        <button type="submit" className="button primary">
          {robot ? t("robots.save") : t("robots.create")}
        </button>
      </Form>

      {robot ? (
        <Form method="post" className="card stack" aria-labelledby="robot-delete-title">
          <h2 id="robot-delete-title">{t("robots.delete.title")}</h2>
          <p className="hint" id="robot-delete-hint">
            {t("robots.delete.hint")}
          </p>
          <button type="submit" name="intent" value="delete" className="button danger" aria-describedby="robot-delete-hint">
            {t("robots.delete")}
          </button>
        </Form>
      ) : null}
    </div>
  );
}

function TextField({
  field,
  label,
  hint,
  kept,
  inputMode,
  secret,
}: {
  field: FieldMetadata<string | undefined>;
  label: string;
  hint?: string;
  /** What is stored, masked, and that an empty field keeps it. */
  kept?: string;
  inputMode?: "url";
  secret?: boolean;
}) {
  return (
    <div className="field">
      <label htmlFor={field.id}>{label}</label>
      <input
        {...getInputProps(field, { type: secret ? "password" : "text", ariaDescribedBy: hint ? field.descriptionId : undefined })}
        inputMode={inputMode}
        autoComplete={secret ? "new-password" : "off"}
        spellCheck={false}
      />
      {hint ? (
        <p className="hint" id={field.descriptionId}>
          {hint}
          {kept ? (
            <>
              <br />
              {kept}
            </>
          ) : null}
        </p>
      ) : null}
      <FieldErrors field={field} />
    </div>
  );
}
