import type { ServerBuild } from "@remix-run/node";
import { matchRoutes } from "@remix-run/react";

type RouteObject = Parameters<typeof matchRoutes>[0][number];

/**
 * The Remix route a path belongs to, as its pattern ("/campaigns/:slug/vote"),
 * for log lines and metric labels: a raw path carries ids, slugs and a
 * password link's token, and would make one time series per id. Matched by
 * React Router's own matcher over the build's routes, as Remix matches them;
 * a path no route claims falls to the splat route ("/*"), so the labels are
 * bounded by the routes.
 *
 * A single-fetch data request (`/people.data`, `/_root.data`) is labelled as
 * its page; Remix's route discovery (`/__manifest`) as itself.
 */
export function routePatterns(routes: ServerBuild["routes"], { remember = 2_000 } = {}): (pathname: string) => string {
  type Route = ServerBuild["routes"][string];
  const pattern = new Map<string, string>();
  const children = new Map<string | undefined, Route[]>();
  for (const route of Object.values(routes)) {
    const segments = [route.path];
    for (let parent = route.parentId ? routes[route.parentId] : undefined; parent; parent = parent.parentId ? routes[parent.parentId] : undefined)
      segments.unshift(parent.path);
    pattern.set(route.id, `/${segments.filter(Boolean).join("/")}`);
    children.set(route.parentId, [...(children.get(route.parentId) ?? []), route]);
  }
  const tree = (parentId: string | undefined): RouteObject[] =>
    (children.get(parentId) ?? []).map((r) =>
      r.index
        ? { id: r.id, index: true, caseSensitive: r.caseSensitive }
        : { id: r.id, path: r.path, caseSensitive: r.caseSensitive, children: tree(r.id) },
    );
  const roots = tree(undefined);

  // matchRoutes ranks every route on each call (~0.1 ms on this busy machine): the
  // answers for recent paths are kept, at most `remember` of them.
  const known = new Map<string, string>();
  return (pathname) => {
    let answer = known.get(pathname);
    if (answer !== undefined) return answer;
    if (pathname === "/__manifest") answer = pathname;
    else if (!decodable(pathname)) answer = "unmatched";
    else {
      const page = pathname === "/_root.data" ? "/" : pathname.endsWith(".data") ? pathname.slice(0, -".data".length) : pathname;
      const matches = matchRoutes(roots, page);
      answer = (matches && pattern.get(matches[matches.length - 1].route.id!)) ?? "unmatched";
    }
    if (known.size >= remember) known.delete(known.keys().next().value!);
    known.set(pathname, answer);
    return answer;
  };
}

/** React Router warns on the console about a path it cannot decode (broken percent-encoding): such a path matches no route. */
function decodable(pathname: string): boolean {
  try {
    decodeURIComponent(pathname);
    return true;
  } catch {
    return false;
  }
}
