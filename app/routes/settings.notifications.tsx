import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { FieldErrors, FormErrors } from "~/components/form";
import { choiceRows, NotificationChoices } from "~/components/notification-choices";
import { choicesOf, preferencesSchema } from "~/domain/notifications/inbox-schema";
import { notificationSettings, saveNotificationSettings } from "~/domain/notifications/preferences.server";
import { pageTitle } from "~/i18n/meta";
import { useT } from "~/i18n/react";
import { parseForm, readFormData } from "~/web/form.server";
import { refusalText, serverT } from "~/web/i18n.server";
import { redirectWithNotice } from "~/web/notice.server";
import { requireUser } from "~/web/session.server";
import inboxStyles from "~/styles/inbox.css";
import { inbox } from "~/i18n/messages/inbox";
import { notifications } from "~/i18n/messages/notifications";
import { myData } from "~/i18n/messages/my-data";
import type { PageHandle } from "~/i18n/page";

export const handle = { messages: [inbox, notifications, myData] } satisfies PageHandle;

export const links: LinksFunction = () => [{ rel: "stylesheet", href: inboxStyles }];

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, (t) => t("inbox.settings.title"));

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  return notificationSettings(context.db, user);
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(request, context);
  const submission = parseForm(await readFormData(request), preferencesSchema);
  if (submission.status !== "success") return data(submission.reply(), 400);
  const { delivery, quietHours } = submission.value;
  const input = { kinds: choicesOf(submission.value), emailDigest: delivery === "digest", quietHours: quietHours ?? false };
  const result = await saveNotificationSettings(context.db, user, input);
  if (!result.ok) return data(submission.reply({ formErrors: [refusalText(await serverT(request, context), result)] }), result.status);
  return redirectWithNotice(request, "/settings/notifications", "inbox.settings.saved");
}

export default function NotificationSettings() {
  const { groups, delivery, quietHours, hasEmail, isAdmin } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const t = useT();
  const [form, fields] = useForm({
    lastResult,
    defaultValue: { kinds: choiceRows(groups), delivery, quietHours },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: preferencesSchema }),
    shouldValidate: "onBlur",
  });
  const chosen = fields.delivery.initialValue;
  return (
    <div className="page inbox">
      <p>
        <Link to="/notifications">{t("inbox.settings.back")}</Link>
      </p>
      <h1>{t("inbox.settings.title")}</h1>
      <p className="lede">{t("inbox.settings.intro")}</p>
      {isAdmin ? (
        <p>
          <Link to="/admin/notifications">{t("inbox.settings.defaultsLink")}</Link>
        </p>
      ) : null}
      <Form method="post" {...getFormProps(form)} className="stack">
        <FormErrors errors={form.errors} id={form.errorId} />
        {hasEmail ? null : <p className="hint">{t("inbox.settings.noEmail")}</p>}
        <NotificationChoices groups={groups} rows={fields.kinds.getFieldList()} />
        <fieldset className="card notify-email" aria-describedby={fields.delivery.errors ? fields.delivery.errorId : undefined}>
          <legend>{t("inbox.settings.delivery")}</legend>
          {(["each", "digest"] as const).map((value) => (
            <label key={value} className="checkbox" htmlFor={`${fields.delivery.id}-${value}`}>
              <input type="radio" id={`${fields.delivery.id}-${value}`} name={fields.delivery.name} value={value} defaultChecked={chosen === value} />
              {t(`inbox.settings.delivery.${value}`)}
            </label>
          ))}
          <FieldErrors field={fields.delivery} />
          <label className="checkbox" htmlFor={fields.quietHours.id}>
            <input {...getInputProps(fields.quietHours, { type: "checkbox" })} />
            {t("inbox.settings.quietHours")}
          </label>
        </fieldset>
        <button type="submit" className="button primary">
          {t("inbox.settings.save")}
        </button>
      </Form>
      <p>
        <Link to="/settings/my-data">{t("myData.link")}</Link>
      </p>
    </div>
  );
}
