import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { FieldErrors, FormErrors } from "~/components/form";
import { signInSchema } from "~/domain/auth/schema";
import { pageTitle } from "~/i18n/meta";
import { useT } from "~/i18n/react";
import { refusalText, serverT } from "~/web/i18n.server";
import { getLocale, getUser, safeRedirect, startSession } from "~/web/session.server";
import { parseForm, readFormData } from "~/web/form.server";
import { retryAfterHeaders } from "~/web/retry-after";
import { auth } from "~/i18n/messages/auth";
import type { PageHandle } from "~/i18n/page";

export const handle = { messages: [auth] } satisfies PageHandle;

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, (t) => t("auth.title"));

export const headers = retryAfterHeaders;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await getUser(request, context);
  const redirectTo = safeRedirect(new URL(request.url).searchParams.get("redirectTo"));
  if (user) throw redirect(redirectTo);
  const { oidc, saml } = context.identity;
  const locale = await getLocale(request, context);
  const back = redirectTo === "/" ? "" : `?redirectTo=${encodeURIComponent(redirectTo)}`;
  // Each configured company sign-in, labelled as the operator chose in this language; the deep link goes along.
  const companySignIn = [
    ...(oidc ? [{ href: `/auth/oidc/start${back}`, label: oidc.labels[locale] }] : []),
    ...(saml ? [{ href: `/auth/saml/start${back}`, label: saml.labels[locale] }] : []),
  ];
  return { companySignIn, password: context.auth.passwordSignIn ?? "on" };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const formData = await readFormData(request);
  const submission = parseForm(formData, signInSchema);
  // Never echo the password back into the page.
  if (submission.status !== "success") return data(submission.reply({ hideFields: ["password"] }), 400);
  const { identifier, password, redirectTo } = submission.value;
  // Read before signing in: a damaged link is refused without opening a session.
  const back = safeRedirect(redirectTo);
  const { result, setCookie } = await startSession(request, context, identifier, password);
  if (!result.ok) {
    const t = await serverT(request, context);
    // A refusal to wait says for how long, to people and to programs alike.
    const headers = result.status === 429 ? { "Retry-After": String(result.vars?.retryAfter ?? 1) } : undefined;
    return data(submission.reply({ formErrors: [refusalText(t, result)], hideFields: ["password"] }), { status: result.status, headers });
  }
  return redirect(back, { headers: { "Set-Cookie": setCookie! } });
}

export default function Login() {
  const t = useT();
  const { companySignIn, password } = useLoaderData<typeof loader>();
  const withCompany = companySignIn.length > 0;
  // With password sign-in off there is no form to show the server's refusal of a post from an old page: say it here.
  const lastResult = useActionData<typeof action>();
  const refused = password === "off" ? lastResult?.error?.[""] : null;
  return (
    <div className="page narrow">
      <h1 id="sign-in-title">{t("auth.title")}</h1>
      {refused && (
        <p role="alert" className="card">
          {refused.join(" ")}
        </p>
      )}
      {withCompany && (
        <ul className="stack" aria-label={t("auth.sso.title")}>
          {companySignIn.map((way) => (
            <li key={way.href}>
              {/* A plain link: the round trip to the provider works without JavaScript. */}
              <a href={way.href} className="button primary">
                {way.label}
              </a>
            </li>
          ))}
        </ul>
      )}
      {password !== "off" && (
        <>
          {withCompany ? <h2 id="password-title">{t("auth.password.heading")}</h2> : <p className="lede">{t("auth.intro")}</p>}
          {password === "admins" && <p className="hint">{t("auth.password.adminsHint")}</p>}
          <PasswordForm labelledBy={withCompany ? "password-title" : "sign-in-title"} focusFirst={!withCompany} />
        </>
      )}
    </div>
  );
}

function PasswordForm({ labelledBy, focusFirst }: { labelledBy: string; focusFirst: boolean }) {
  const t = useT();
  const lastResult = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const [form, fields] = useForm({
    lastResult,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: signInSchema }),
    // Not on blur: leaving an empty field for the button inserted an error above
    // it, the button moved down 28 px under the pointer and the first click was
    // lost. On submit both fields are checked and Conform focuses the first invalid.
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
  });
  return (
    <Form method="post" {...getFormProps(form)} aria-labelledby={labelledBy} className="stack card">
      <FormErrors errors={form.errors} id={form.errorId} />
      <input type="hidden" name="redirectTo" value={searchParams.get("redirectTo") ?? "/"} />
      <div className="field">
        <label htmlFor={fields.identifier.id}>{t("auth.identifier")}</label>
        <input
          {...getInputProps(fields.identifier, { type: "text" })}
          autoComplete="username"
          autoCapitalize="none"
          spellCheck={false}
          // The only task on this page when there is no company sign-in; with one, its button comes first.
          // eslint-disable-next-line jsx-a11y/no-autofocus
          autoFocus={focusFirst}
        />
        <FieldErrors field={fields.identifier} />
      </div>
      <div className="field">
        <label htmlFor={fields.password.id}>{t("auth.password")}</label>
        <input {...getInputProps(fields.password, { type: "password" })} autoComplete="current-password" />
        <FieldErrors field={fields.password} />
      </div>
      <button type="submit" className="button primary">
        {t("auth.submit")}
      </button>
      <p className="hint">{t("auth.forgot")}</p>
    </Form>
  );
}
