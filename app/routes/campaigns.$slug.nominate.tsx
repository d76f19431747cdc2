import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { NominationForm } from "~/components/nomination-form";
import { nominationForm } from "~/domain/nominations/form.server";
import { nameIn } from "~/i18n";
import { pageTitle } from "~/i18n/meta";
import { useLocale, useT } from "~/i18n/react";
import { throwRefusal } from "~/web/forbidden.server";
import { nominationAction } from "~/web/nomination-form.server";
import { requireUser } from "~/web/session.server";
import styles from "~/styles/nominate.css";
import { evidence } from "~/i18n/messages/evidence";
import { nominations } from "~/i18n/messages/nominations";
import { nominate } from "~/i18n/messages/nominate";
import { privacy } from "~/i18n/messages/privacy";
import { eligibility } from "~/i18n/messages/eligibility";
import type { PageHandle } from "~/i18n/page";

export const handle = { messages: [evidence, nominations, nominate, privacy, eligibility] } satisfies PageHandle;

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  pageTitle(matches, (t, l) => (data ? `${t("nominate.new.title")} · ${nameIn(l, data.campaign)}` : t("nominate.new.title")));

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  // ?title=…&nominee=…: opened from the eligible list's "Nominate".
  const url = new URL(request.url);
  const result = await nominationForm(context.db, user, params.slug ?? "", null, {
    title: url.searchParams.get("title"),
    nominee: url.searchParams.get("nominee"),
  });
  if (!result.ok) throwRefusal(result);
  return result.value;
}

export const action = (args: ActionFunctionArgs) => nominationAction(args, null);

export default function NominatePage() {
  const form = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  const t = useT();
  const locale = useLocale();
  const c = form.campaign;
  return (
    <div className="page nominate-page">
      <p>
        <Link to={`/campaigns/${c.slug}`}>{nameIn(locale, c)}</Link>
      </p>
      <h1>{t("nominate.new.title")}</h1>
      <p className="lede">{t("nominate.new.lede")}</p>
      <NominationForm
        key={answer?.uploadId ?? "form"}
        form={form}
        lastResult={answer?.result}
        pictures={answer?.pictures ?? form.pictures}
        photoErrors={answer?.photoErrors ?? []}
        titleChanged={answer?.titleChanged}
        imported={answer?.imported}
        fillNotice={answer?.fillNotice}
      />
    </div>
  );
}
