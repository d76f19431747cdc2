import { NavLink } from "@remix-run/react";

/**
 * The header's bell: a plain link to /notifications (no script needed), named
 * for assistive technology with its count ("Notifications, 3 unread"); the
 * count is also shown as text on the bell, so it is not told by a dot's
 * colour alone. The words come from the root loader (app/web/bell.server.ts).
 */
export function NotificationBell({ bell }: { bell: { shown: string; label: string } }) {
  return (
    <NavLink to="/notifications" end className="bell" aria-label={bell.label}>
      <svg className="bell__icon" viewBox="0 0 24 24" width="22" height="22" aria-hidden="true" focusable="false">
        <path
          fill="currentColor"
          d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3.5a1.5 1.5 0 0 0-3 0v.66A7 7 0 0 0 5 11v5l-2 2v1h18v-1l-2-2Z"
        />
      </svg>
      {bell.shown ? (
        <span className="bell__count" aria-hidden="true">
          {bell.shown}
        </span>
      ) : null}
    </NavLink>
  );
}
