/** A one-shot message after a redirect, already in the reader's language (the root loader translates it: app/web/notice.server.ts). */
export function NoticeBanner({ notice }: { notice: string }) {
  return (
    <div className="notice" role="status">
      {notice}
    </div>
  );
}
