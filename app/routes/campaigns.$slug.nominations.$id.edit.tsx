import { data, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { NominationForm } from "~/components/nomination-form";
import { nominationForm } from "~/domain/nominations/form.server";
import { deleteDraft } from "~/domain/nominations/saving.server";
import { nameIn } from "~/i18n";
import { pageTitle } from "~/i18n/meta";
import { useLocale, useT } from "~/i18n/react";
import { throwRefusal } from "~/web/forbidden.server";
import { readFormData } from "~/web/form.server";
import { refusalText, serverT } from "~/web/i18n.server";
import { nominationAction } from "~/web/nomination-form.server";
import { redirectWithNotice } from "~/web/notice.server";
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
  pageTitle(matches, (t, l) => (data ? `${t("nominate.edit.title")} · ${nameIn(l, data.campaign)}` : t("nominate.edit.title")));

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const result = await nominationForm(context.db, user, params.slug ?? "", Number(params.id));
  if (!result.ok) throwRefusal(result);
  return result.value;
}

export async function action(args: ActionFunctionArgs) {
  const { request, context, params } = args;
  // The main form is multipart (it carries photos); the small delete form is not.
  if (request.headers.get("content-type")?.startsWith("multipart/form-data")) return nominationAction(args, Number(params.id));
  const user = await requireUser(request, context);
  const form = await readFormData(request);
  if (form.get("_action") !== "delete") throw new Response(null, { status: 400 });
  const slug = params.slug ?? "";
  const result = await deleteDraft(context.db, user, slug, Number(params.id));
  if (!result.ok) {
    if (result.status === 404) throwRefusal(result);
    return data({ deleteError: refusalText(await serverT(request, context), result) }, result.status);
  }
  return redirectWithNotice(request, `/campaigns/${slug}`, "nominate.deleted");
}

export default function EditNominationPage() {
  const form = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  const t = useT();
  const locale = useLocale();
  const c = form.campaign;
  const n = form.nomination!;
  const deleteError = answer && "deleteError" in answer ? answer.deleteError : null;
  const saved = answer && "result" in answer ? answer : null;
  return (
    <div className="page nominate-page">
      <p>
        <Link to={`/campaigns/${c.slug}`}>{nameIn(locale, c)}</Link>
      </p>
      <h1>{t("nominate.edit.title")}</h1>
      <p className="lede">
        <span className={`badge nominate-status nominate-status--${n.status}`}>
          {t("nominate.edit.status", { status: t(`nominations.status.${n.status}`) })}
        </span>{" "}
        <Link to={`/campaigns/${c.slug}/nominations/${n.id}`}>{t("nominate.edit.view")}</Link>
      </p>
      {n.status === "returned" ? (
        <section className="nominate-returned" aria-labelledby="returned-title">
          <h2 id="returned-title">{t("nominate.edit.returned")}</h2>
          <p className="nominate-returned__comment">{n.returnComment ?? t("nominate.edit.returned.none")}</p>
        </section>
      ) : null}
      <NominationForm
        key={saved?.uploadId ?? "form"}
        form={form}
        lastResult={saved?.result}
        pictures={saved ? { ...form.pictures, ...saved.pictures } : form.pictures}
        photoErrors={saved?.photoErrors ?? []}
        titleChanged={saved?.titleChanged}
        imported={saved?.imported}
        fillNotice={saved?.fillNotice}
      />
      {n.status === "draft" ? (
        <details className="card nominate-delete" open={deleteError ? true : undefined}>
          <summary>{t("nominate.delete.title")}</summary>
          <Form method="post" className="stack">
            <p className="hint">{t("nominate.delete.hint")}</p>
            {deleteError ? (
              <p className="form-error" role="alert">
                {deleteError}
              </p>
            ) : null}
            <button type="submit" name="_action" value="delete" className="button danger">
              {t("nominate.delete.confirm")}
            </button>
          </Form>
        </details>
      ) : null}
    </div>
  );
}
