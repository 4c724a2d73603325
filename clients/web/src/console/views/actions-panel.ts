// The lifecycle buttons of an interaction: one per method the state model allows from its
// current state; a method that needs input opens a small form first. Every call sends the
// interaction's current etag and a fresh request id.
import type { Interaction, State } from "../../gen/nexus/v1/interaction_pb";
import type { StateModel } from "../../gen/nexus/v1/interaction_service_pb";
import {
  buildActionRequest,
  clientMethodName,
  COMPLETION_REASONS,
  legalActions,
  type ActionSpec,
  type LegalAction,
} from "../actions";
import { Code, ConnectError } from "../../shared/api";
import { requestId, statusLine } from "../components";
import { busy, button, el, field } from "../dom";
import { clearProblem, errorArea, showNote, showProblem } from "../fields";
import { completionLabel, methodLabel, stateLabel } from "../labels";
import { session, type Ctx } from "../session";
import { toLocalInput } from "../time";

export interface ActionsPanel {
  section: HTMLElement;
  /** Shows the actions legal for the interaction's state (re-rendered only when it changed). */
  render(i: Interaction, model: StateModel): void;
}

export function actionsPanel(ctx: Ctx, current: () => Interaction | undefined, onUpdated: (i: Interaction) => void): ActionsPanel {
  const buttons = el("div", { className: "action-buttons" });
  const formArea = el("div", { className: "action-form" });
  const status = statusLine();
  const section = el(
    "section",
    { className: "card actions-card", "aria-labelledby": "actions-h" },
    el("h2", { id: "actions-h" }, "Actions"),
    errorArea(),
    buttons,
    formArea,
    status,
  );
  let shownState: State | undefined;
  let openMethod: string | undefined;

  function render(i: Interaction, model: StateModel): void {
    if (shownState === i.state) return;
    shownState = i.state;
    const legal = legalActions(model, i.state);
    buttons.replaceChildren(
      ...legal.map((a) => {
        const label = a.spec?.label ?? methodLabel(a.method.replace(/Interaction$/, ""));
        const b = button(a.spec?.fields.length ? `${label}…` : label, () => start(a, b), a.method === "CompleteInteraction" ? "secondary" : "");
        b.dataset.method = a.method;
        b.title = a.descriptions.join("; ");
        if (!a.spec) {
          b.disabled = true;
          b.title = "This console cannot make this call yet.";
        }
        return b;
      }),
    );
    if (!legal.length) buttons.append(el("p", { className: "muted" }, "No actions: the interaction is final."));
    if (openMethod && !legal.some((a) => a.method === openMethod)) closeForm();
  }

  function closeForm(): void {
    openMethod = undefined;
    formArea.replaceChildren();
  }

  function start(a: LegalAction, b: HTMLButtonElement): void {
    clearProblem(section);
    const spec = a.spec!;
    if (spec.usesAgentName && !session.agent) {
      status.say("");
      showNote(section, "Enter your agent name in the header first.");
      document.getElementById("agent-name")?.focus();
      return;
    }
    if (!spec.fields.length) {
      void run(spec, {}, b, section);
      return;
    }
    openMethod = a.method;
    const inputs: (HTMLInputElement | HTMLSelectElement)[] = [];
    const form = el("form", { className: "inline-form", "aria-label": spec.label });
    for (const f of spec.fields) {
      let control: HTMLInputElement | HTMLSelectElement;
      if (f.kind === "completion-reason") {
        control = el("select", { name: f.name }, ...COMPLETION_REASONS.map((r) => el("option", { value: String(r) }, completionLabel(r))));
      } else if (f.kind === "datetime") {
        control = el("input", { type: "datetime-local", name: f.name, value: toLocalInput(new Date(Date.now() + 3600_000)) });
      } else {
        control = el("input", { type: "text", name: f.name, autocomplete: "off" });
      }
      control.required = !!f.required;
      inputs.push(control);
      form.append(field(f.label, control, { field: f.name, hint: f.hint }));
    }
    const submit = el("button", { type: "submit" }, spec.label);
    form.append(el("div", { className: "actions" }, submit, button("Cancel", closeForm, "secondary")));
    form.addEventListener("submit", (e) => {
      e.preventDefault();
      void run(spec, Object.fromEntries(inputs.map((c) => [c.name, c.value])), submit, form);
    });
    formArea.replaceChildren(form);
    inputs[0]?.focus();
  }

  async function run(spec: ActionSpec, values: Record<string, string>, b: HTMLButtonElement, scope: HTMLElement): Promise<void> {
    const i = current();
    if (!i) return;
    const call = (ctx.api.interactions as unknown as Record<string, (r: unknown) => Promise<Interaction>>)[clientMethodName(spec.method)];
    const send = (etag: string) =>
      call(buildActionRequest(spec.method, values, { name: i.name, etag, agent: session.agent, requestId: requestId() }));
    clearProblem(section);
    status.say(`${spec.label}: sending…`);
    try {
      const updated = await busy(b, async () => {
        try {
          return await send(i.etag);
        } catch (err) {
          // The etag is stale when a message or a read receipt changed the interaction
          // after this page last saw it. What the agent chose still holds if the state
          // has not moved: send it again with the fresh etag, once.
          if (ConnectError.from(err).code !== Code.Aborted) throw err;
          const fresh = await ctx.api.interactions.getInteraction({ name: i.name });
          onUpdated(fresh);
          if (fresh.state !== i.state) throw err;
          return await send(fresh.etag);
        }
      });
      onUpdated(updated);
      status.say(`${spec.label}: done — now ${stateLabel(updated.state)}.`);
      closeForm();
    } catch (err) {
      status.say("");
      showProblem(scope, err);
    }
  }

  return { section, render };
}
