import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { FieldErrors, FormErrors } from "~/components/form";
import { passwordLinkFor, setPasswordWithToken } from "~/domain/auth/auth.server";
import { passwordRules } from "~/domain/auth/password-rules";
import { setPasswordSchema } from "~/domain/auth/schema";
import { pageTitle } from "~/i18n/meta";
import { useT } from "~/i18n/react";
import { refusalText, serverT } from "~/web/i18n.server";
import { redirectWithNotice } from "~/web/notice.server";
import { parseForm, readFormData } from "~/web/form.server";
import { auth } from "~/i18n/messages/auth";
import type { PageHandle } from "~/i18n/page";

export const handle = { messages: [auth] } satisfies PageHandle;

export const meta: MetaFunction = ({ matches }) => [
  ...pageTitle(matches, (t) => t("auth.setPassword.title")),
  // The token is in the URL: keep it out of referrers and search engines.
  { name: "robots", content: "noindex" },
];

export async function loader({ params, context }: LoaderFunctionArgs) {
  const link = await passwordLinkFor(context.db, params.token ?? "");
  return { link };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const submission = parseForm(await readFormData(request), setPasswordSchema);
  if (submission.status !== "success") return data(submission.reply({ hideFields: ["password", "confirm"] }), 400);
  const result = await setPasswordWithToken(context.db, params.token ?? "", submission.value.password);
  if (!result.ok) {
    const text = refusalText(await serverT(request, context), result);
    // Every refusal but a spent link is about the password chosen: shown next to it.
    const errors = result.error === "auth.linkInvalid" ? { formErrors: [text] } : { fieldErrors: { password: [text] } };
    return data(submission.reply({ ...errors, hideFields: ["password", "confirm"] }), result.status);
  }
  return redirectWithNotice(request, "/login", "auth.setPassword.done");
}

export default function SetPassword() {
  const { link } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const t = useT();
  const [form, fields] = useForm({
    lastResult,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: setPasswordSchema }),
    // On submit, as the sign-in form: an error inserted on blur moves the button from under the click.
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
  });
  if (!link) {
    return (
      <div className="page narrow">
        <h1>{t("auth.setPassword.title")}</h1>
        <p className="form-error" role="alert">
          {t("auth.linkInvalid")}
        </p>
      </div>
    );
  }
  return (
    <div className="page narrow">
      <h1>{t("auth.setPassword.title")}</h1>
      <p className="lede">{t("auth.setPassword.intro", { name: link.name, employeeNo: link.employeeNo, min: passwordRules.min })}</p>
      <Form method="post" {...getFormProps(form)} className="stack card">
        <FormErrors errors={form.errors} id={form.errorId} />
        {/* Lets password managers file the new password under the right account. */}
        <input type="text" name="username" value={link.employeeNo} autoComplete="username" readOnly hidden />
        <div className="field">
          <label htmlFor={fields.password.id}>{t("auth.setPassword.new")}</label>
          <input {...getInputProps(fields.password, { type: "password" })} autoComplete="new-password" minLength={passwordRules.min} />
          <FieldErrors field={fields.password} />
        </div>
        <div className="field">
          <label htmlFor={fields.confirm.id}>{t("auth.setPassword.confirm")}</label>
          <input {...getInputProps(fields.confirm, { type: "password" })} autoComplete="new-password" />
          <FieldErrors field={fields.confirm} />
        </div>
        <button type="submit" className="button primary">
          {t("auth.setPassword.submit")}
        </button>
      </Form>
    </div>
  );
}
