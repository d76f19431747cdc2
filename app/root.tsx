import { data, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { insightsSight } from "~/domain/insights/access";
import { importKindsFor } from "~/domain/import/import.server";
import { isRouteErrorResponse, Links, Meta, Outlet, Scripts, ScrollRestoration, useLoaderData, useMatches, useRouteError } from "@remix-run/react";
import { SiteHeader } from "~/components/site-header";
import { NoticeBanner } from "~/components/notice";
import { useNonce } from "~/components/nonce";
import { hasRole } from "~/domain/auth/user";
import { errorMessageKey, type Locale } from "~/i18n";
import { translate } from "~/i18n/all.server";
import { pageDictionary } from "~/i18n/page";
import { LocaleProvider, useHasMessage, useRootLocale, useT } from "~/i18n/react";
import { bellFor } from "~/web/bell.server";
import { readNotice } from "~/web/notice.server";
import { getLocale, getUser } from "~/web/session.server";
import styles from "~/styles/app.css";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: styles },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

// The default title; pages set their own. Error pages (a 404 has no loader
// data to know the language) get a bilingual one.
export const meta: MetaFunction = ({ error }) => [
  {
    title: error
      ? isRouteErrorResponse(error) && error.status === 404
        ? "页面不存在 · Page not found — 服务之星"
        : "出错了 · Something went wrong — 服务之星"
      : "服务之星 · Service Stars",
  },
];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const [user, locale] = await Promise.all([getUser(request, context), getLocale(request, context)]);
  const { notice, clear } = readNotice(request);
  const url = new URL(request.url);
  const bell = user && (await bellFor(context.db, user, locale));
  return data(
    {
      locale,
      here: url.pathname + url.search,
      // The notice's sentence, not its key: it may come from any area, and the page it lands on carries only its own (app/i18n/page.ts).
      notice: notice && translate(locale, notice.key, notice.vars),
      // Only what the header shows: the name and which menus to offer.
      user: user && {
        name: user.name,
        employeeNo: user.employeeNo,
        isAdmin: hasRole(user, "admin"),
        managedUnits: user.roles.flatMap((r) => (r.role === "manager" && r.orgCode ? [r.orgCode] : [])),
        insights: insightsSight(user) !== null,
        // A data owner's one page (administrators reach it from /admin).
        imports: !hasRole(user, "admin") && importKindsFor(user).length > 0,
      },
      bell,
    },
    clear ? { headers: { "Set-Cookie": clear } } : undefined,
  );
}

export type RootData = Awaited<ReturnType<typeof loader>>["data"];

export function Layout({ children }: { children: React.ReactNode }) {
  const locale: Locale = useRootLocale();
  const messages = pageDictionary(useMatches());
  const nonce = useNonce();
  return (
    <LocaleProvider value={locale} messages={messages}>
      <html lang={locale} dir="ltr">
        <head>
          <meta charSet="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <meta name="color-scheme" content="light" />
          <Meta />
          <Links />
        </head>
        <body>
          {children}
          <ScrollRestoration nonce={nonce} />
          <Scripts nonce={nonce} />
        </body>
      </html>
    </LocaleProvider>
  );
}

export default function App() {
  const { notice } = useLoaderData<typeof loader>();
  return (
    <>
      <SiteHeader />
      <main id="main" tabIndex={-1}>
        {notice ? <NoticeBanner notice={notice} /> : null}
        <Outlet />
      </main>
    </>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  const t = useT();
  const isMessageKey = useHasMessage();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const key = errorMessageKey(status);
  // A refusal may say more than its status (app/web/form.server.ts: "at most 300 fields").
  const said = isRouteErrorResponse(error) ? (error.data as { message?: unknown; vars?: Record<string, number> } | null) : null;
  const message = typeof said?.message === "string" && isMessageKey(said.message) ? t(said.message, said.vars) : t(key);
  return (
    <main id="main" className="page narrow error-page">
      <h1>{t(`${key}.title`)}</h1>
      <p>{message}</p>
      <p>
        <a href="/">{t("error.home")}</a>
      </p>
    </main>
  );
}
