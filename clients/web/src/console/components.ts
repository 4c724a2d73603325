// Pieces several pages share: times, one-time secrets, tables, status lines, paging.
import type { Timestamp } from "@bufbuild/protobuf/wkt";
import { button, el, setText } from "./dom";
import { relativeTime, toDate } from "./time";

/** `<time>` with a relative text ("3 min ago") and the ISO time as its title; refreshed
 * by `refreshTimes`. "—" when unset. */
export function timeEl(ts: Timestamp | Date | undefined): HTMLElement {
  const date = ts instanceof Date ? ts : toDate(ts);
  if (!date) return el("span", { className: "muted" }, "—");
  const iso = date.toISOString();
  return el("time", { dateTime: iso, title: iso, className: "rel" }, relativeTime(date));
}

/** Sets a `<time>` made by `timeEl` to another moment (rows that update in place). */
export function updateTime(t: HTMLElement, ts: Timestamp | undefined): void {
  const date = toDate(ts);
  if (!date) return setText(t, "—");
  const iso = date.toISOString();
  if (t.getAttribute("datetime") !== iso) {
    t.setAttribute("datetime", iso);
    t.title = iso;
  }
  setText(t, relativeTime(date));
}

/** Re-renders every relative time under `root` (called on a slow timer). */
export function refreshTimes(root: ParentNode, now = new Date()): void {
  for (const t of root.querySelectorAll<HTMLTimeElement>("time.rel")) {
    const iso = t.getAttribute("datetime");
    if (iso) setText(t, relativeTime(new Date(iso), now));
  }
}

/** A secret shown once (an API key, a webhook secret): readable, selectable, copyable,
 * and gone when dismissed. */
export function secretBox(title: string, explanation: string, secret: string, onDismiss?: () => void): HTMLElement {
  const value = el("code", { className: "secret-value" }, secret);
  const status = el("span", { className: "copy-status", role: "status" });
  const box = el(
    "section",
    { className: "secret-box", "aria-label": title },
    el("h3", {}, title),
    el("p", {}, explanation),
    value,
  );
  const copy = button("Copy", async () => {
    try {
      await navigator.clipboard.writeText(secret);
      setText(status, "Copied.");
    } catch {
      // No clipboard permission (e.g. an insecure context): select it for Ctrl+C instead.
      const range = document.createRange();
      range.selectNodeContents(value);
      const sel = window.getSelection();
      sel?.removeAllRanges();
      sel?.addRange(range);
      setText(status, "Selected: press Ctrl+C to copy.");
    }
  });
  const dismiss = button("Dismiss", () => {
    box.remove();
    onDismiss?.();
  }, "secondary");
  box.append(el("div", { className: "actions" }, copy, dismiss, status));
  return box;
}

/** A table with a header row; `rows` are `<tr>`s. */
export function table(caption: string, headers: string[], rows: HTMLTableRowElement[]): HTMLTableElement {
  return el(
    "table",
    { className: "data" },
    el("caption", { className: "visually-hidden" }, caption),
    el("thead", {}, el("tr", {}, ...headers.map((h) => el("th", { scope: "col" }, h)))),
    el("tbody", {}, ...rows),
  );
}

export function td(...children: (Node | string)[]): HTMLTableCellElement {
  return el("td", {}, ...children);
}

/** A polite live region for the outcome of an action ("Test sent: 200 in 85 ms"). */
export function statusLine(): HTMLElement & { say(text: string): void } {
  const p = el("p", { className: "status-line", role: "status" });
  return Object.assign(p, { say: (text: string) => setText(p, text) });
}

export function badge(text: string, kind: string): HTMLElement {
  return el("span", { className: `badge badge-${kind}` }, text);
}

/** Fetches every page of a List call. */
export async function listAll<T>(page: (token: string) => Promise<{ items: T[]; next: string }>): Promise<T[]> {
  const out: T[] = [];
  let token = "";
  do {
    const r = await page(token);
    out.push(...r.items);
    token = r.next;
  } while (token);
  return out;
}

/** A page's heading row. */
export function pageHeader(title: string, ...extra: (Node | string)[]): HTMLElement {
  return el("div", { className: "page-header" }, el("h1", { tabIndex: -1 }, title), ...extra);
}

/** A new request id: makes a retried create or lifecycle call safe. */
export function requestId(): string {
  return crypto.randomUUID();
}
