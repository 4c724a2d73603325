// The agent's reply box: SendMessage (OUTBOUND, or an internal note) with the agent's
// participant as sender when there is one, and typing indicators for the customer.
import { durationFromMs } from "@bufbuild/protobuf/wkt";
import { Direction, ParticipantRole, type Message } from "../../gen/nexus/v1/interaction_pb";
import { requestId } from "../components";
import { busy, el, field, uid } from "../dom";
import { clearProblem, showProblem } from "../fields";
import { session, type Ctx } from "../session";
import { TypingThrottle } from "../typing";

export function replyForm(
  ctx: Ctx,
  interaction: string,
  opts: { sender(): string | undefined; onSent(m: Message): void },
): HTMLFormElement {
  const { api } = ctx;
  const text = el("textarea", { rows: 3, name: "text" });
  const internal = el("input", { type: "checkbox", name: "internal", id: uid("internal") });
  internal.dataset.field = "message.internal";
  const send = el("button", { type: "submit" }, "Send");
  const form = el(
    "form",
    { className: "reply" },
    field("Reply", text, { field: "message.text", hint: "Ctrl+Enter sends." }),
    el(
      "div",
      { className: "reply-bar" },
      el("div", { className: "check" }, internal, el("label", { for: internal.id }, "Internal note")),
      send,
    ),
  );
  const throttle = new TypingThrottle();
  // as the agent's participant when there is one, so the customer sees the agent's name
  const typing = (active: boolean) => {
    const sender = opts.sender();
    const who = sender ? { sender } : { role: ParticipantRole.AGENT };
    return api.interactions
      .sendTyping({ name: interaction, ...who, active, ttl: active ? durationFromMs(10_000) : undefined })
      .catch(() => undefined); // an indicator that does not get through is not worth an error
  };

  text.addEventListener("input", () => {
    if (throttle.onInput(Date.now(), text.value, internal.checked)) void typing(true);
  });
  text.addEventListener("keydown", (e) => {
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      form.requestSubmit();
    }
  });
  internal.addEventListener("change", () => form.classList.toggle("is-internal", internal.checked));
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    clearProblem(form);
    try {
      const m = await busy(send, () =>
        api.interactions.sendMessage({
          parent: interaction,
          message: { direction: Direction.OUTBOUND, text: text.value, internal: internal.checked, sender: opts.sender() },
          requestId: requestId(),
          actor: session.agent || undefined,
        }),
      );
      opts.onSent(m);
      text.value = "";
      if (throttle.onSent()) void typing(false);
      text.focus();
    } catch (err) {
      showProblem(form, err);
    }
  });
  return form;
}
