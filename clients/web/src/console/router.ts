// The console's pages as URL hashes (`#/board`, `#/interactions/<id>`, …), so a page can be
// bookmarked, opened in a new tab, and left with the browser's back button.

export type Route =
  | { page: "board" }
  | { page: "interaction"; name: string }
  | { page: "webhooks" }
  | { page: "webhook"; name: string }
  | { page: "channels" }
  | { page: "keys" }
  | { page: "not-found"; hash: string };

/** The pages only an admin key may open. */
export const ADMIN_PAGES: ReadonlySet<Route["page"]> = new Set(["webhooks", "webhook", "channels", "keys"]);

const ID = "([A-Za-z0-9._~-]+)";

export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#/, "").replace(/\/+$/, "") || "/board";
  let m: RegExpExecArray | null;
  if (path === "/board") return { page: "board" };
  if ((m = new RegExp(`^/interactions/${ID}$`).exec(path))) return { page: "interaction", name: `interactions/${m[1]}` };
  if (path === "/webhooks") return { page: "webhooks" };
  if ((m = new RegExp(`^/webhooks/${ID}$`).exec(path))) return { page: "webhook", name: `webhooks/${m[1]}` };
  if (path === "/channels") return { page: "channels" };
  if (path === "/keys") return { page: "keys" };
  return { page: "not-found", hash };
}

/** The hash of a resource's page: `interactions/abc` → `#/interactions/abc`. */
export function hrefOf(resourceName: string): string {
  return `#/${resourceName}`;
}
