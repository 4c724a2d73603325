// Small DOM helpers. Text always goes in as text nodes (never parsed as HTML), so what a
// customer or an API returns is shown, not run.

type Child = Node | string | null | undefined | false;
type Props = {
  [key: string]: unknown;
  dataset?: Record<string, string>;
};

/** Creates `<tag>` with properties (`className`, `type`, `disabled`, …), attributes (keys
 * with a dash, and `role`), data-* (`dataset`) and children (strings become text). */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Props = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null) continue;
    if (key === "dataset") Object.assign(e.dataset, value);
    else if (key === "role" || key === "for" || key.includes("-")) e.setAttribute(key, String(value));
    else (e as unknown as Record<string, unknown>)[key] = value;
  }
  append(e, ...children);
  return e;
}

export function append(parent: Node, ...children: Child[]): void {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    parent.appendChild(typeof c === "string" ? document.createTextNode(c) : c);
  }
}

/** Sets a node's text only when it differs (a write that changes nothing still costs a
 * layout on a board of a thousand rows). */
export function setText(node: Node, text: string): void {
  if (node.textContent !== text) node.textContent = text;
}

let ids = 0;
/** A document-unique id for label/aria wiring. */
export function uid(prefix = "id"): string {
  return `${prefix}-${++ids}`;
}

/** A labelled input in a `.field` wrapper; `field` is the request field path the server
 * names in violations (data-field). */
export function field(
  label: string,
  control: HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement,
  opts: { field?: string; hint?: string } = {},
): HTMLDivElement {
  control.id ||= uid("in");
  if (opts.field) control.dataset.field = opts.field;
  const wrapper = el("div", { className: "field" }, el("label", { for: control.id }, label), control);
  if (opts.hint) {
    const hint = el("p", { className: "hint", id: uid("hint") }, opts.hint);
    control.setAttribute("aria-describedby", hint.id);
    wrapper.append(hint);
  }
  return wrapper;
}

export function button(label: string, onClick: (ev: MouseEvent) => void, className = ""): HTMLButtonElement {
  const b = el("button", { type: "button", className }, label);
  b.addEventListener("click", onClick);
  return b;
}

/** Disables a button while `work` runs (no double submits), then re-enables it. */
export async function busy<T>(b: HTMLButtonElement, work: () => Promise<T>): Promise<T> {
  b.disabled = true;
  b.setAttribute("aria-busy", "true");
  try {
    return await work();
  } finally {
    b.disabled = false;
    b.removeAttribute("aria-busy");
  }
}
