import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { unsubscribe, unsubscribeChoice } from "~/domain/notifications/unsubscribe.server";
import type { Refusal } from "~/domain/result";
import { pageTitle } from "~/i18n/meta";
import { useFormat, useT } from "~/i18n/react";
import { mail } from "~/i18n/messages/mail";
import type { PageHandle } from "~/i18n/page";

// One-click unsubscribe (RFC 8058): the link in every email's footer and
// List-Unsubscribe header. No sign-in: the signed token is the authority.
// GET asks (a button, a plain form); POST — from that button, or from a mail
// client on the person's behalf with `List-Unsubscribe=One-Click` and no
// cookies — turns the email of those kinds off. server/security.ts lets that
// POST in from other sites.

export const handle = { messages: [mail] } satisfies PageHandle;

export const meta: MetaFunction = ({ matches }) => [
  ...pageTitle(matches, (t) => t("mail.unsubscribe.title")),
  // The token is in the URL: keep it out of search engines.
  { name: "robots", content: "noindex" },
];

/** A forged or damaged link: the error page with the reason, status 400. */
function refuse(r: Refusal): never {
  throw data({ message: r.error }, { status: r.status });
}

export async function loader({ params, context }: LoaderFunctionArgs) {
  const choice = await unsubscribeChoice(context.db, params.token ?? "");
  if (!choice.ok) refuse(choice);
  return choice.value;
}

export async function action({ params, context }: ActionFunctionArgs) {
  // The body (`List-Unsubscribe=One-Click`, or the button's empty form) says nothing more than the POST itself.
  const result = await unsubscribe(context.db, params.token ?? "");
  if (!result.ok) refuse(result);
  return { done: true };
}

export default function Unsubscribe() {
  const { kinds, off } = useLoaderData<typeof loader>();
  const done = useActionData<typeof action>()?.done;
  const t = useT();
  const format = useFormat();
  const names = format.list(kinds.map((k) => t(`mail.kind.${k}`)));
  return (
    <div className="page narrow">
      <h1>{t("mail.unsubscribe.title")}</h1>
      {done || off ? (
        <p className="notice" role="status">
          {t(done ? "mail.unsubscribe.done" : "mail.unsubscribe.already", { kinds: names })}
        </p>
      ) : (
        <Form method="post" className="stack card">
          <p className="lede">{t("mail.unsubscribe.intro", { kinds: names })}</p>
          <p className="hint">{t("mail.unsubscribe.keep")}</p>
          <button type="submit" className="button primary">
            {t("mail.unsubscribe.submit")}
          </button>
        </Form>
      )}
      <p>
        <Link to="/settings/notifications">{t("mail.unsubscribe.settings")}</Link>
      </p>
    </div>
  );
}
