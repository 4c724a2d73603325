// Errors where the user looks: each field violation next to the input it is about, the rest
// (and the status message) in the form's general message area. Inputs say which request
// field they fill with a data-field attribute, e.g. data-field="webhook.url".
import { problem, type Problem } from "../shared/api";
import { el } from "./dom";

function snake(s: string): string {
  return s.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

/** The data-field names a violation's path may belong to, most specific first:
 * `api_key.allowed_origins[0]` → the item, the whole list, then the same without the
 * message prefix (`allowed_origins[0]`, `allowed_origins`), so an input may be named
 * either way. Paths in camelCase match snake_case names too. */
export function fieldCandidates(path: string): string[] {
  const exact = snake(path.trim());
  const out: string[] = [];
  const add = (c: string) => {
    if (c && !out.includes(c)) out.push(c);
  };
  const segments = exact.split(".");
  for (let i = 0; i < segments.length; i++) {
    const tail = segments.slice(i).join(".");
    add(tail);
    add(tail.replace(/\[[^\]]*\]/g, ""));
  }
  return out;
}

export interface PlacedProblem {
  /** data-field → the violations shown next to that input. */
  byField: Map<string, string[]>;
  /** Lines for the general area: the violations no input matched ("path: what"). */
  general: string[];
}

/** Places each violation on the first input among `available` it may belong to. */
export function placeViolations(fields: Record<string, string>, available: Iterable<string>): PlacedProblem {
  const inputs = new Set(available);
  const byField = new Map<string, string[]>();
  const general: string[] = [];
  for (const [path, description] of Object.entries(fields)) {
    const target = fieldCandidates(path).find((c) => inputs.has(c));
    if (target) byField.set(target, [...(byField.get(target) ?? []), description]);
    else general.push(`${path}: ${description}`);
  }
  return { byField, general };
}

let errorIds = 0;

/** Removes what `showProblem` put into `scope`. */
export function clearProblem(scope: HTMLElement): void {
  for (const e of scope.querySelectorAll(".field-error")) e.remove();
  for (const input of scope.querySelectorAll<HTMLElement>("[data-field][aria-invalid]")) {
    input.removeAttribute("aria-invalid");
    const ids = (input.getAttribute("aria-describedby") ?? "").split(" ").filter((id) => !id.startsWith("fe-"));
    if (ids.length) input.setAttribute("aria-describedby", ids.join(" "));
    else input.removeAttribute("aria-describedby");
  }
  const general = generalArea(scope, false);
  if (general) {
    general.replaceChildren();
    general.hidden = true;
  }
}

/** Shows a failed call's error in `scope` (a form or an action's container): the message
 * in its general area, every field violation after its input. Returns the problem. */
export function showProblem(scope: HTMLElement, err: unknown): Problem {
  const p = problem(err);
  clearProblem(scope);
  const inputs = new Map<string, HTMLElement>();
  for (const input of scope.querySelectorAll<HTMLElement>("[data-field]")) {
    const key = input.dataset.field ?? "";
    if (!inputs.has(key)) inputs.set(key, input);
  }
  const placed = placeViolations(p.fields, inputs.keys());
  let first: HTMLElement | undefined;
  for (const [field, descriptions] of placed.byField) {
    const input = inputs.get(field)!;
    const id = `fe-${++errorIds}`;
    const note = el("p", { className: "field-error", id }, descriptions.join("; "));
    const wrapper = input.closest(".field");
    if (wrapper && scope.contains(wrapper)) wrapper.append(note);
    else input.after(note);
    input.setAttribute("aria-invalid", "true");
    input.setAttribute("aria-describedby", [input.getAttribute("aria-describedby"), id].filter(Boolean).join(" "));
    first ??= input;
  }
  const general = generalArea(scope, true)!;
  const lines = [p.message || p.code, ...p.preconditions.filter((x) => x && x !== p.message), ...placed.general];
  general.replaceChildren(...lines.map((line) => el("p", {}, line)));
  general.hidden = false;
  first?.focus();
  return p;
}

function generalArea(scope: HTMLElement, create: boolean): HTMLElement | null {
  let area = scope.querySelector<HTMLElement>("[data-role='form-error']");
  if (!area && create) {
    area = errorArea();
    scope.prepend(area);
  }
  return area;
}

/** An empty general message area, to place where a scope's errors should appear (else
 * `showProblem` puts one at the top of the scope). */
export function errorArea(): HTMLElement {
  const area = el("div", { className: "form-error", role: "alert", hidden: true });
  area.dataset.role = "form-error";
  return area;
}

/** A message of the console's own (not an API error) in a scope's general area. */
export function showNote(scope: HTMLElement, text: string): void {
  const area = generalArea(scope, true)!;
  area.replaceChildren(el("p", {}, text));
  area.hidden = false;
}
