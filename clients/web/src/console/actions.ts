// Which lifecycle buttons an interaction gets, and the request each one sends. The legal
// moves come from the server's own state model (GetStateModel), so the console never
// offers a transition the server would refuse for its state; the inputs each method needs
// come from its request message in interaction_service.proto.
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import { CompletionReason, State, Timer } from "../gen/nexus/v1/interaction_pb";
import type { StateModel } from "../gen/nexus/v1/interaction_service_pb";
import { fromLocalInput } from "./time";

/** One input of an action's form; `name` is the request field, which is also the path the
 * server names in a field violation (and the input's data-field). */
export interface ActionField {
  name: string;
  label: string;
  kind: "text" | "datetime" | "completion-reason";
  required?: boolean;
  hint?: string;
}

export interface ActionSpec {
  method: string;
  label: string;
  fields: ActionField[];
  /** Sends the agent name from the header as `agent` (Accept). */
  usesAgentName?: boolean;
}

const SPECS: ActionSpec[] = [
  { method: "AcceptInteraction", label: "Accept", fields: [], usesAgentName: true },
  { method: "OfferInteraction", label: "Offer", fields: [{ name: "agent", label: "Agent", kind: "text", required: true }] },
  { method: "QueueInteraction", label: "Queue", fields: [{ name: "queue", label: "Queue", kind: "text", required: true }] },
  {
    method: "TransferInteraction",
    label: "Transfer",
    fields: [
      { name: "queue", label: "To queue", kind: "text", hint: "a queue or an agent, not both" },
      { name: "agent", label: "To agent", kind: "text" },
      { name: "reason", label: "Reason", kind: "text" },
    ],
  },
  { method: "AutomateInteraction", label: "Hand to bot", fields: [{ name: "bot", label: "Bot", kind: "text", required: true }] },
  { method: "WaitInteraction", label: "Wait for customer", fields: [{ name: "reason", label: "Reason", kind: "text" }] },
  { method: "ResumeInteraction", label: "Resume", fields: [] },
  {
    method: "SnoozeInteraction",
    label: "Snooze",
    fields: [{ name: "snooze_until", label: "Snooze until", kind: "datetime", required: true }],
  },
  { method: "WrapUpInteraction", label: "Wrap up", fields: [] },
  { method: "DeclineInteraction", label: "Decline", fields: [{ name: "reason", label: "Reason", kind: "text" }] },
  {
    method: "CompleteInteraction",
    label: "Complete",
    fields: [
      { name: "reason", label: "Completion reason", kind: "completion-reason", required: true },
      { name: "note", label: "Note", kind: "text" },
    ],
  },
];
const BY_METHOD = new Map(SPECS.map((s, rank) => [s.method, { spec: s, rank }]));

/** A button the interaction gets now: the spec (undefined for a method this console does
 * not know), the states it may lead to, and the model's descriptions. */
export interface LegalAction {
  method: string;
  spec: ActionSpec | undefined;
  toStates: State[];
  descriptions: string[];
}

/** The methods a caller may use on an interaction in `state`: the model's transitions
 * from that state that a caller makes (timed ones are the server's own), one entry per
 * method, in the console's order (Complete last). */
export function legalActions(model: StateModel, state: State): LegalAction[] {
  const byMethod = new Map<string, LegalAction>();
  for (const t of model.transitions) {
    if (t.fromState !== state || t.timer !== Timer.UNSPECIFIED || !t.method) continue;
    let a = byMethod.get(t.method);
    if (!a) {
      a = { method: t.method, spec: BY_METHOD.get(t.method)?.spec, toStates: [], descriptions: [] };
      byMethod.set(t.method, a);
    }
    if (!a.toStates.includes(t.toState)) a.toStates.push(t.toState);
    if (t.description && !a.descriptions.includes(t.description)) a.descriptions.push(t.description);
  }
  const rank = (m: string) => BY_METHOD.get(m)?.rank ?? SPECS.length;
  return [...byMethod.values()].sort((x, y) => rank(x.method) - rank(y.method));
}

/** The completion reasons a person may choose (UNSPECIFIED is not one). */
export const COMPLETION_REASONS: CompletionReason[] = [
  CompletionReason.RESOLVED,
  CompletionReason.ABANDONED,
  CompletionReason.CANCELLED,
  CompletionReason.TRANSFERRED_OUT,
  CompletionReason.FAILED,
  CompletionReason.EXPIRED,
];

export interface ActionContext {
  /** The interaction, `interactions/{id}`. */
  name: string;
  /** Its current etag: the call fails (ABORTED) if someone changed it meanwhile. */
  etag: string;
  /** The agent name from the header; also the actor recorded on the event. */
  agent: string;
  requestId: string;
}

/** The request of `method` (a plain init object the generated client accepts), from the
 * form's values keyed by request field. Empty inputs are left unset, so the server's own
 * validation names what is missing. */
export function buildActionRequest(
  method: string,
  values: Record<string, string>,
  ctx: ActionContext,
): Record<string, unknown> {
  const req: Record<string, unknown> = { name: ctx.name, etag: ctx.etag, requestId: ctx.requestId };
  if (ctx.agent) req.actor = ctx.agent;
  const v = (k: string) => (values[k] ?? "").trim();
  switch (method) {
    case "AcceptInteraction":
      if (ctx.agent) req.agent = ctx.agent;
      break;
    case "OfferInteraction":
      req.agent = v("agent");
      break;
    case "QueueInteraction":
      req.queue = v("queue");
      break;
    case "TransferInteraction":
      req.queue = v("queue");
      req.agent = v("agent");
      req.reason = v("reason");
      break;
    case "AutomateInteraction":
      req.bot = v("bot");
      break;
    case "WaitInteraction":
    case "DeclineInteraction":
      req.reason = v("reason");
      break;
    case "SnoozeInteraction": {
      const until = fromLocalInput(v("snooze_until"));
      if (until) req.snoozeUntil = timestampFromDate(until);
      break;
    }
    case "CompleteInteraction": {
      const reason = Number(v("reason"));
      req.reason = Number.isInteger(reason) ? reason : CompletionReason.UNSPECIFIED;
      req.note = v("note");
      break;
    }
  }
  return req;
}

/** The generated client's method name of an RPC: `QueueInteraction` → `queueInteraction`. */
export function clientMethodName(rpc: string): string {
  return rpc.charAt(0).toLowerCase() + rpc.slice(1);
}
