// How many unread notices are shown (pure: the header, /notifications and the
// home page, in the browser too). Counting stops past the cap: a backlog of
// thousands would cost a longer count on every page for no better answer.

/** The bell counts up to this and then says "more than 99". */
export const unreadCountCap = 99;

/** A count as shown: the number, or "99+" past the cap. */
export const shownCount = (unread: number): string => (unread > unreadCountCap ? `${unreadCountCap}+` : String(unread));
