import type { Notice } from "~/web/notice.server";
import { useT } from "~/i18n/react";

export function NoticeBanner({ notice }: { notice: Notice }) {
  const t = useT();
  return (
    <div className="notice" role="status">
      {t(notice.key, notice.vars)}
    </div>
  );
}
