// The live board: every open interaction, grouped by state, kept current by WatchEvents.
// Rows are keyed by interaction name and only the rows that changed are touched, in one
// animation frame however many events arrived since the previous one.
import { MediaType, State, type Interaction } from "../../gen/nexus/v1/interaction_pb";
import { BoardModel, matchesFilter, NO_FILTER, OPEN_STATES, type BoardFilter } from "../board-model";
import { pageHeader, timeEl, updateTime } from "../components";
import { el, field, setText, uid } from "../dom";
import { showProblem } from "../fields";
import { mediaLabel, stateKey, stateLabel } from "../labels";
import { watchLive } from "../live";
import { hrefOf } from "../router";
import { FrameBatcher } from "../scheduler";
import type { Ctx } from "../session";
import { liveStatusEl } from "./live-status";

declare global {
  interface Window {
    /** For the speed test: events applied and when the DOM last caught up with them. */
    __board?: { applied: number; lastAppliedAt: number };
  }
}

interface Row {
  el: HTMLAnchorElement;
  state: State;
  key: number;
  subject: HTMLElement;
  customer: HTMLElement;
  queue: HTMLElement;
  media: HTMLElement;
  channel: HTMLElement;
  agent: HTMLElement;
  age: HTMLElement;
}

interface Lane {
  section: HTMLElement;
  rows: HTMLElement;
  count: HTMLElement;
}

const COLUMNS = ["Subject", "Customer", "Queue", "Media", "Channel", "Agent", "Age"];
/** Without a first heartbeat in this time the list loads anyway (the stream may still
 * come up and its events are then applied as they arrive). */
const WATCH_START_WAIT_MS = 5000;

export function boardPage(root: HTMLElement, ctx: Ctx): () => void {
  const abort = new AbortController();
  const model = new BoardModel();
  const rows = new Map<string, Row>();
  const sortKeys = new WeakMap<Element, number>();
  let filter: BoardFilter = { ...NO_FILTER };

  const status = liveStatusEl();
  const summary = el("p", { className: "board-summary" }, "Loading…");
  const problemArea = el("div", { className: "board-problem" });
  const queues = new Set<string>();
  const channels = new Set<string>();
  const queueList = el("datalist", { id: uid("queues") });
  const channelList = el("datalist", { id: uid("channels") });

  // -- filters ---------------------------------------------------------------------------
  const media = el(
    "select",
    {},
    el("option", { value: String(MediaType.UNSPECIFIED) }, "All media"),
    ...[MediaType.CHAT, MediaType.EMAIL, MediaType.SMS, MediaType.THIRD_PARTY].map((m) =>
      el("option", { value: String(m) }, mediaLabel(m)),
    ),
  );
  const channel = el("input", { type: "search", autocomplete: "off", placeholder: "any" });
  channel.setAttribute("list", channelList.id);
  const queue = el("input", { type: "search", autocomplete: "off", placeholder: "any" });
  queue.setAttribute("list", queueList.id);
  const filters = el(
    "form",
    { className: "filters", role: "search", "aria-label": "Filter the board" },
    field("Media type", media),
    field("Channel", channel),
    field("Queue", queue),
    queueList,
    channelList,
  );
  filters.addEventListener("submit", (e) => e.preventDefault());
  let filterTimer: ReturnType<typeof setTimeout> | undefined;
  const onFilter = () => {
    clearTimeout(filterTimer);
    filterTimer = setTimeout(() => {
      filter = { mediaType: Number(media.value) as MediaType, channel: channel.value, queue: queue.value };
      model.markAllDirty();
      batcher.request();
    }, 120);
  };
  media.addEventListener("change", onFilter);
  channel.addEventListener("input", onFilter);
  queue.addEventListener("input", onFilter);

  // -- lanes -----------------------------------------------------------------------------
  const lanes = new Map<State, Lane>();
  const board = el("div", { className: "board" });
  for (const state of OPEN_STATES) {
    const headingId = uid("lane");
    const count = el("span", { className: "count" }, "0");
    const rowsEl = el("div", { className: "rows" });
    const section = el(
      "section",
      { className: "lane", "aria-labelledby": headingId, dataset: { lane: stateKey(state) } },
      el("h2", { id: headingId }, el("span", { className: `state-dot state-${stateKey(state)}` }), stateLabel(state), " ", count),
      el("div", { className: "lane-head", "aria-hidden": "true" }, ...COLUMNS.map((c) => el("span", {}, c))),
      rowsEl,
    );
    section.classList.add("is-empty");
    lanes.set(state, { section, rows: rowsEl, count });
    board.append(section);
  }

  root.replaceChildren(pageHeader("Board", status.el), filters, summary, problemArea, board);

  // -- rendering -------------------------------------------------------------------------
  function createRow(i: Interaction): Row {
    const cell = (cls: string) => el("span", { className: `cell cell-${cls}` });
    const r: Row = {
      el: el("a", { className: "row", href: hrefOf(i.name), dataset: { interaction: i.name } }),
      state: State.UNSPECIFIED,
      key: i.createTime ? Number(i.createTime.seconds) * 1000 + i.createTime.nanos / 1e6 : 0,
      subject: cell("subject"),
      customer: cell("customer"),
      queue: cell("queue"),
      media: cell("media"),
      channel: cell("channel"),
      agent: cell("agent"),
      age: timeEl(i.createTime),
    };
    r.age.classList.add("cell", "cell-age");
    r.el.append(r.subject, r.customer, r.queue, r.media, r.channel, r.agent, r.age);
    sortKeys.set(r.el, r.key);
    return r;
  }

  function updateRow(r: Row, i: Interaction): void {
    if (r.el.dataset.state !== stateKey(i.state)) r.el.dataset.state = stateKey(i.state);
    setText(r.subject, i.subject || "(no subject)");
    // a web chat has no address: StartChat keeps the name the customer typed
    setText(r.customer, i.customerAddress || i.attributes["customer_name"] || "—");
    setText(r.queue, i.queue || "—");
    setText(r.media, mediaLabel(i.mediaType));
    setText(r.channel, i.channel || "—");
    setText(r.agent, i.assignedAgent || i.assignedBot || "—");
    updateTime(r.age, i.createTime);
    if (i.queue && !queues.has(i.queue)) {
      queues.add(i.queue);
      queueList.append(el("option", { value: i.queue }));
    }
    if (i.channel && !channels.has(i.channel)) {
      channels.add(i.channel);
      channelList.append(el("option", { value: i.channel }));
    }
  }

  /** Puts a row into its lane, oldest first; new interactions mostly go last, so the scan
   * from the end is short. */
  function place(r: Row, state: State): void {
    const container = lanes.get(state)!.rows;
    let before: Element | null = null;
    for (let c = container.lastElementChild; c && (sortKeys.get(c) ?? 0) > r.key; c = c.previousElementSibling) {
      before = c;
    }
    container.insertBefore(r.el, before);
    r.state = state;
  }

  function flush(): void {
    const touched = new Set<State>();
    for (const name of model.takeDirty()) {
      const i = model.get(name);
      let r = rows.get(name);
      if (!i || !matchesFilter(i, filter)) {
        if (r) {
          r.el.remove();
          rows.delete(name);
          touched.add(r.state);
        }
        continue;
      }
      if (!r) {
        r = createRow(i);
        rows.set(name, r);
      }
      if (r.state !== i.state) {
        touched.add(r.state);
        touched.add(i.state);
        place(r, i.state);
      }
      updateRow(r, i);
    }
    for (const state of touched) {
      const lane = lanes.get(state);
      if (!lane) continue;
      const n = lane.rows.childElementCount;
      setText(lane.count, String(n));
      lane.section.classList.toggle("is-empty", n === 0);
    }
    if (!model.loading) {
      const shown = rows.size;
      setText(summary, shown === model.size ? `${shown} open interactions` : `${shown} of ${model.size} open interactions match the filters`);
    }
    document.body.dataset.boardEvents = String(model.applied);
    window.__board = { applied: model.applied, lastAppliedAt: performance.now() };
  }

  const batcher = new FrameBatcher(flush);

  // -- loading: watch first (buffered), then the list, then the buffer ----------------------
  let streamUp: () => void = () => {};
  const started = new Promise<void>((resolve) => (streamUp = resolve));
  void watchLive({
    open: (afterCursor, signal) =>
      ctx.api.events.watchEvents(
        { afterCursor, eventTypes: ["interaction.*", "message.*", "participant.*"] },
        { signal },
      ),
    onEvent: (e) => {
      model.onEvent(e);
      if (!model.loading) batcher.request();
    },
    onItem: () => streamUp(),
    onStatus: (s) => {
      status.show(s);
      if (s.kind === "stopped") streamUp();
    },
    signal: abort.signal,
  });

  async function load(): Promise<void> {
    await Promise.race([started, new Promise((r) => setTimeout(r, WATCH_START_WAIT_MS))]);
    let pageToken = "";
    do {
      const page = await ctx.api.interactions.listInteractions(
        { states: [...OPEN_STATES], pageSize: 1000, pageToken },
        { signal: abort.signal },
      );
      model.addListed(page.interactions);
      pageToken = page.nextPageToken;
    } while (pageToken);
    model.finishLoading();
    batcher.request();
  }

  function start(): void {
    problemArea.replaceChildren();
    load().catch((err) => {
      if (abort.signal.aborted) return;
      setText(summary, "The board could not load.");
      const retry = el("button", { type: "button" }, "Try again");
      retry.addEventListener("click", start);
      showProblem(problemArea, err);
      problemArea.append(retry);
    });
  }
  start();

  return () => {
    abort.abort();
    batcher.stop();
    clearTimeout(filterTimer);
  };
}
