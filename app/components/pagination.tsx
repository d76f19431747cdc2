import { Link, useLocation } from "@remix-run/react";
import { useT } from "~/i18n/react";

/** Previous/next links that keep the current query string. */
export function Pagination({ page, pageCount }: { page: number; pageCount: number }) {
  const t = useT();
  const location = useLocation();
  if (pageCount <= 1) return null;
  const href = (p: number) => {
    const params = new URLSearchParams(location.search);
    params.set("page", String(p));
    return `${location.pathname}?${params}`;
  };
  return (
    <nav className="pagination" aria-label={t("common.pagination")}>
      {page > 1 ? (
        <Link to={href(page - 1)} rel="prev">
          {t("common.previous")}
        </Link>
      ) : (
        <span aria-hidden="true" />
      )}
      <span>{t("common.pageOf", { page, pages: pageCount })}</span>
      {page < pageCount ? (
        <Link to={href(page + 1)} rel="next">
          {t("common.next")}
        </Link>
      ) : (
        <span aria-hidden="true" />
      )}
    </nav>
  );
}
