// One interaction: its header, the lifecycle actions legal now, the transcript with a
// reply box, participants and state history — loaded once, then kept current by a
// WatchEvents stream of this interaction from the cursor where the loaded history ends.
import type { Event } from "../../gen/nexus/v1/event_pb";
import {
  Direction,
  ParticipantRole,
  State,
  type Interaction,
  type Message,
  type Participant,
} from "../../gen/nexus/v1/interaction_pb";
import type { StateModel } from "../../gen/nexus/v1/interaction_service_pb";
import { badge, listAll, pageHeader, requestId, timeEl } from "../components";
import { busy, button, el, setText } from "../dom";
import { clearProblem, showProblem } from "../fields";
import {
  completionLabel,
  directionLabel,
  mediaLabel,
  methodLabel,
  roleLabel,
  shortName,
  stateKey,
  stateLabel,
} from "../labels";
import { watchLive } from "../live";
import { AGENT_CHANGED, session, type Ctx } from "../session";
import { toDate } from "../time";
import { mergeMessage, messageStatus, needsReadMark } from "../transcript";
import { actionsPanel } from "./actions-panel";
import { liveStatusEl } from "./live-status";
import { replyForm } from "./reply-form";

let stateModel: Promise<StateModel> | undefined;
function getStateModel(ctx: Ctx): Promise<StateModel> {
  stateModel ??= ctx.api.interactions.getStateModel({}).catch((err) => {
    stateModel = undefined; // try again next time
    throw err;
  });
  return stateModel;
}

export function interactionPage(root: HTMLElement, ctx: Ctx, name: string): () => void {
  const abort = new AbortController();
  const { api } = ctx;
  let current: Interaction | undefined;
  let model: StateModel | undefined;
  const messages = new Map<string, Message>();
  const messageEls = new Map<string, HTMLLIElement>();
  const participants = new Map<string, Participant>();
  const historyIds = new Set<string>();
  const readRequested = new Set<string>();

  // -- skeleton --------------------------------------------------------------------------
  const live = liveStatusEl();
  const title = pageHeader("Interaction", live.el);
  const back = el("a", { href: "#/board", className: "back" }, "← Board");
  const header = el("dl", { className: "facts" });
  const actions = actionsPanel(ctx, () => current, (i) => applySnapshot(i, i.sequence));
  const messageList = el("ol", { className: "messages", "aria-live": "polite", "aria-relevant": "additions" });
  const typing = el("p", { className: "typing", "aria-live": "polite" });
  /** Where a failed MarkMessageRead says so. */
  const transcriptProblem = el("div", {});
  const reply = replyForm(ctx, name, { sender: () => agentParticipant()?.name, onSent: upsertMessage });
  const participantList = el("ul", { className: "participants" });
  const joinArea = el("div", { className: "join" });
  const historyList = el("ol", { className: "history" });
  const loadProblem = el("div", {});

  root.replaceChildren(
    back,
    title,
    loadProblem,
    el("section", { className: "card", "aria-label": "Summary" }, header),
    actions.section,
    el(
      "div",
      { className: "split" },
      el(
        "section",
        { className: "card transcript", "aria-labelledby": "transcript-h" },
        el("h2", { id: "transcript-h" }, "Transcript"),
        messageList,
        typing,
        transcriptProblem,
        reply,
      ),
      el(
        "div",
        { className: "side" },
        el(
          "section",
          { className: "card", "aria-labelledby": "participants-h" },
          el("h2", { id: "participants-h" }, "Participants"),
          participantList,
          joinArea,
        ),
        el(
          "section",
          { className: "card", "aria-labelledby": "history-h" },
          el("h2", { id: "history-h" }, "State history"),
          historyList,
        ),
      ),
    ),
  );

  // -- header and actions ----------------------------------------------------------------
  function renderHeader(i: Interaction): void {
    const h1 = title.querySelector("h1")!;
    setText(h1, i.subject || `Interaction ${shortName(i.name)}`);
    document.title = `${i.subject || shortName(i.name)} · nexus console`;
    const facts: [string, Node | string][] = [
      ["State", badge(stateLabel(i.state), `state state-${stateKey(i.state)}`)],
      ["Queue", i.queue || "—"],
      ["Agent", i.assignedAgent || (i.assignedBot ? `${i.assignedBot} (bot)` : "—")],
      ["Media type", mediaLabel(i.mediaType)],
      ["Customer", i.customerAddress || "—"],
      ["Channel", i.channel || "—"],
      ["Created", timeEl(i.createTime)],
      ["In state since", timeEl(i.stateTime)],
    ];
    if (i.state === State.SNOOZED) facts.push(["Snoozed until", timeEl(i.snoozeUntil)]);
    if (i.state === State.COMPLETED) facts.push(["Completion", completionLabel(i.completionReason)]);
    header.replaceChildren(
      ...facts.map(([k, v]) => el("div", { className: "fact" }, el("dt", {}, k), el("dd", {}, v))),
    );
    header.dataset.state = stateKey(i.state);
  }

  function applySnapshot(i: Interaction, sequence: bigint): void {
    if (current && sequence <= current.sequence && current.sequence > 0n) return;
    current = { ...i, sequence: sequence > i.sequence ? sequence : i.sequence };
    renderHeader(current);
    if (model) actions.render(current, model);
    renderJoin();
    reply.hidden = current.state === State.COMPLETED;
  }

  // -- transcript ------------------------------------------------------------------------
  function senderLabel(m: Message): string {
    const p = m.sender ? participants.get(m.sender) : undefined;
    if (p) return `${p.displayName || p.identity || roleLabel(p.role)} (${roleLabel(p.role).toLowerCase()})`;
    return m.direction === Direction.INBOUND ? "Customer" : "Agent";
  }

  function renderMessage(m: Message): HTMLLIElement {
    const kind = m.internal ? "internal" : m.direction === Direction.INBOUND ? "inbound" : "outbound";
    const li = el("li", { className: `msg msg-${kind}`, dataset: { message: m.name } });
    const meta = el(
      "div",
      { className: "msg-meta" },
      el("span", { className: "sender" }, senderLabel(m)),
      el("span", { className: "direction" }, directionLabel(m.direction)),
      m.internal ? badge("Internal note", "internal") : null,
      timeEl(m.createTime),
    );
    li.append(meta, el("p", { className: "msg-text" }, m.text));
    if (m.attachments.length) {
      li.append(
        el(
          "ul",
          { className: "attachments" },
          ...m.attachments.map((a) => {
            const safe = /^https:\/\//i.test(a.uri);
            return el("li", {}, safe ? el("a", { href: a.uri, target: "_blank", rel: "noopener noreferrer" }, a.filename) : a.filename, ` (${a.contentType})`);
          }),
        ),
      );
    }
    const status = messageStatus(m);
    if (status) li.append(el("p", { className: `msg-status${status.startsWith("Failed") ? " failed" : ""}` }, status));
    return li;
  }

  function upsertMessage(incoming: Message): void {
    const merged = mergeMessage(messages.get(incoming.name), incoming);
    messages.set(merged.name, merged);
    const li = renderMessage(merged);
    const old = messageEls.get(merged.name);
    if (old) old.replaceWith(li);
    else {
      // Follow the conversation, unless the user scrolled up to read older messages.
      const atBottom = messageList.scrollHeight - messageList.scrollTop - messageList.clientHeight < 80;
      // Mostly appended; an older message (from the event log) goes in index order.
      let before: Element | null = null;
      for (let c = messageList.lastElementChild; c; c = c.previousElementSibling) {
        const other = messages.get((c as HTMLElement).dataset.message ?? "");
        if (other && other.index > merged.index) before = c;
        else break;
      }
      messageList.insertBefore(li, before);
      if (atBottom) messageList.scrollTop = messageList.scrollHeight;
    }
    messageEls.set(merged.name, li);
    markRead(merged);
  }

  function markRead(m: Message): void {
    if (!needsReadMark(m) || readRequested.has(m.name) || document.visibilityState !== "visible") return;
    readRequested.add(m.name);
    api.interactions
      .markMessageRead({ name: m.name, requestId: requestId(), actor: session.agent || undefined })
      .then(upsertMessage)
      .catch((err) => {
        readRequested.delete(m.name);
        showProblem(transcriptProblem, err);
      });
  }

  const onVisible = () => {
    if (document.visibilityState === "visible") for (const m of messages.values()) markRead(m);
  };
  document.addEventListener("visibilitychange", onVisible);
  window.addEventListener(AGENT_CHANGED, renderJoin);

  // -- typing ----------------------------------------------------------------------------
  let typingTimer: ReturnType<typeof setTimeout> | undefined;
  function showCustomerTyping(active: boolean, expire?: Date): void {
    clearTimeout(typingTimer);
    setText(typing, active ? "Customer is typing…" : "");
    if (active) {
      const ms = expire ? Math.max(1000, expire.getTime() - Date.now()) : 10_000;
      typingTimer = setTimeout(() => setText(typing, ""), Math.min(ms, 60_000));
    }
  }

  // -- participants ----------------------------------------------------------------------
  function agentParticipant(): Participant | undefined {
    const agent = session.agent;
    if (!agent) return undefined;
    for (const p of participants.values()) {
      if (p.role === ParticipantRole.AGENT && p.identity === agent && !p.leaveTime) return p;
    }
    return undefined;
  }

  function renderParticipants(): void {
    participantList.replaceChildren(
      ...[...participants.values()].map((p) =>
        el(
          "li",
          { className: p.leaveTime ? "left" : "" },
          el("span", { className: "p-name" }, p.displayName || p.identity || "(unnamed)"),
          " ",
          badge(roleLabel(p.role), "role"),
          p.identity && p.identity !== p.displayName ? el("span", { className: "muted" }, ` ${p.identity}`) : null,
          el("span", { className: "p-time" }, p.leaveTime ? "left " : "joined ", timeEl(p.leaveTime ?? p.joinTime)),
        ),
      ),
    );
    if (!participants.size) participantList.append(el("li", { className: "muted" }, "None"));
    renderJoin();
  }

  function renderJoin(): void {
    const agent = session.agent;
    if (!agent || agentParticipant() || !current || current.state === State.COMPLETED) {
      joinArea.replaceChildren();
      return;
    }
    const join = button(`Join as ${agent}`, async () => {
      clearProblem(joinArea);
      try {
        const p = await busy(join, () =>
          api.interactions.addParticipant({
            parent: name,
            participant: { role: ParticipantRole.AGENT, identity: agent, displayName: agent },
            requestId: requestId(),
            actor: agent,
          }),
        );
        participants.set(p.name, p);
        renderParticipants();
      } catch (err) {
        showProblem(joinArea, err);
      }
    }, "secondary");
    joinArea.replaceChildren(
      el("p", { className: "hint" }, "Your replies are sent without a sender until you join."),
      join,
    );
  }

  // -- history ---------------------------------------------------------------------------
  function addHistory(e: Event): void {
    const sc = e.stateChange;
    if (!sc || historyIds.has(e.id)) return;
    historyIds.add(e.id);
    historyList.append(
      el(
        "li",
        { dataset: { event: e.id } },
        el(
          "div",
          { className: "h-move" },
          badge(stateLabel(sc.fromState), `state state-${stateKey(sc.fromState)}`),
          " → ",
          badge(stateLabel(sc.toState), `state state-${stateKey(sc.toState)}`),
        ),
        el(
          "div",
          { className: "h-meta" },
          sc.method ? `${methodLabel(sc.method.replace(/Interaction$/, ""))}` : "",
          sc.reason ? ` · ${sc.reason}` : "",
          e.actor ? ` · by ${e.actor}` : "",
          " · ",
          timeEl(e.createTime),
        ),
      ),
    );
  }

  // -- events ----------------------------------------------------------------------------
  function onEvent(e: Event, isLive: boolean): void {
    if (e.interactionSnapshot) applySnapshot(e.interactionSnapshot, e.sequence);
    if (e.type === "interaction.state_changed") addHistory(e);
    switch (e.resource.case) {
      case "message":
        upsertMessage(e.resource.value);
        if (isLive && e.resource.value.direction === Direction.INBOUND && e.type === "message.created") showCustomerTyping(false);
        break;
      case "participant":
        participants.set(e.resource.value.name, e.resource.value);
        renderParticipants();
        break;
      case "typing":
        if (isLive && e.resource.value.role === ParticipantRole.CUSTOMER) {
          const t = e.resource.value;
          showCustomerTyping(t.active, toDate(t.expireTime));
        }
        break;
    }
  }

  async function load(): Promise<void> {
    const [i, m, parts, msgs] = await Promise.all([
      api.interactions.getInteraction({ name }, { signal: abort.signal }),
      getStateModel(ctx),
      listAll(async (pageToken) => {
        const r = await api.interactions.listParticipants({ parent: name, pageSize: 1000, pageToken }, { signal: abort.signal });
        return { items: r.participants, next: r.nextPageToken };
      }),
      listAll(async (pageToken) => {
        const r = await api.interactions.listMessages({ parent: name, pageSize: 1000, pageToken }, { signal: abort.signal });
        return { items: r.messages, next: r.nextPageToken };
      }),
    ]);
    model = m;
    for (const p of parts) participants.set(p.name, p);
    renderParticipants();
    applySnapshot(i, i.sequence);
    for (const msg of msgs) upsertMessage(msg);
    messageList.scrollTop = messageList.scrollHeight;
    // The interaction's event log gives the state history and whatever changed since the
    // reads above; the stream then continues from where the log ended.
    let cursor: bigint | undefined;
    let pageToken = "";
    do {
      const r = await api.events.listEvents({ interaction: name, pageSize: 1000, pageToken }, { signal: abort.signal });
      for (const e of r.events) onEvent(e, false);
      cursor = r.lastCursor;
      pageToken = r.nextPageToken;
    } while (pageToken);
    if (!historyList.childElementCount) historyList.append(el("li", { className: "muted" }, "No state changes yet"));
    void watchLive({
      open: (afterCursor, signal) => api.events.watchEvents({ interaction: name, afterCursor }, { signal }),
      onEvent: (e) => {
        historyList.querySelector(":scope > li.muted")?.remove();
        onEvent(e, true);
      },
      onStatus: (s) => live.show(s),
      signal: abort.signal,
      cursor,
    });
  }

  load().catch((err) => {
    if (abort.signal.aborted) return;
    showProblem(loadProblem, err);
  });

  return () => {
    abort.abort();
    clearTimeout(typingTimer);
    document.removeEventListener("visibilitychange", onVisible);
    window.removeEventListener(AGENT_CHANGED, renderJoin);
  };
}
