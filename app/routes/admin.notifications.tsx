import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { FormErrors } from "~/components/form";
import { choiceRows, NotificationChoices } from "~/components/notification-choices";
import { choicesOf, defaultsSchema } from "~/domain/notifications/inbox-schema";
import { organisationDefaults, saveOrganisationDefaults } from "~/domain/notifications/preferences.server";
import { pageTitle } from "~/i18n/meta";
import { useT } from "~/i18n/react";
import { throwRefusal } from "~/web/forbidden.server";
import { parseForm, readFormData } from "~/web/form.server";
import { refusalText, serverT } from "~/web/i18n.server";
import { redirectWithNotice } from "~/web/notice.server";
import { requireUser } from "~/web/session.server";
import inboxStyles from "~/styles/inbox.css";
import { inbox } from "~/i18n/messages/inbox";
import { notifications } from "~/i18n/messages/notifications";
import type { PageHandle } from "~/i18n/page";

// The organisation's notification defaults: the same rows as a person's
// settings page, without the email timing (each person's own).

export const handle = { messages: [inbox, notifications] } satisfies PageHandle;

export const links: LinksFunction = () => [{ rel: "stylesheet", href: inboxStyles }];

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, (t) => t("inbox.defaults.title"));

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const result = await organisationDefaults(context.db, user);
  if (!result.ok) throwRefusal(result);
  return result.value;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(request, context);
  const submission = parseForm(await readFormData(request), defaultsSchema);
  if (submission.status !== "success") return data(submission.reply(), 400);
  const result = await saveOrganisationDefaults(context.db, user, choicesOf(submission.value));
  if (!result.ok) {
    if (result.status === 403) throwRefusal(result);
    return data(submission.reply({ formErrors: [refusalText(await serverT(request, context), result)] }), result.status);
  }
  return redirectWithNotice(request, "/admin/notifications", "inbox.defaults.saved");
}

export default function NotificationDefaults() {
  const { groups } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const t = useT();
  const [form, fields] = useForm({
    lastResult,
    defaultValue: { kinds: choiceRows(groups) },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: defaultsSchema }),
    shouldValidate: "onBlur",
  });
  return (
    <div className="page inbox">
      <p>
        <Link to="/admin">{t("inbox.defaults.back")}</Link>
      </p>
      <h1>{t("inbox.defaults.title")}</h1>
      <p className="lede">{t("inbox.defaults.intro")}</p>
      <Form method="post" {...getFormProps(form)} className="stack">
        <FormErrors errors={form.errors} id={form.errorId} />
        <NotificationChoices groups={groups} rows={fields.kinds.getFieldList()} />
        <button type="submit" className="button primary">
          {t("inbox.settings.save")}
        </button>
      </Form>
    </div>
  );
}
