// @vitest-environment jsdom
// The board page against a fake API: rows keyed by interaction, moved between lanes in
// place, dropped on completion, and DOM work done only when a frame runs.
import { create } from "@bufbuild/protobuf";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { EventSchema } from "../src/gen/nexus/v1/event_pb";
import { WatchEventsResponseSchema, type WatchEventsResponse } from "../src/gen/nexus/v1/event_service_pb";
import { InteractionSchema, MediaType, State, type Interaction } from "../src/gen/nexus/v1/interaction_pb";
import type { Ctx } from "../src/console/session";
import { boardPage } from "../src/console/views/board";

/** An async stream the test pushes items into. */
function pushStream() {
  const items: WatchEventsResponse[] = [];
  let wake: (() => void) | undefined;
  return {
    get pending() {
      return items.length;
    },
    push(item: WatchEventsResponse) {
      items.push(item);
      wake?.();
    },
    async *iterate(signal: AbortSignal) {
      while (!signal.aborted) {
        if (items.length) yield items.shift()!;
        else await new Promise<void>((r) => (wake = r));
      }
    },
  };
}

const ia = (id: string, seq: number, state: State, subject = id): Interaction =>
  create(InteractionSchema, {
    name: `interactions/${id}`,
    sequence: BigInt(seq),
    state,
    subject,
    queue: "support",
    mediaType: MediaType.CHAT,
    customerAddress: `${id}@example.com`,
    createTime: { seconds: BigInt(1_700_000_000 + seq), nanos: 0 },
  });
const eventOf = (i: Interaction, cursor: number) =>
  create(WatchEventsResponseSchema, {
    item: { case: "event", value: create(EventSchema, { cursor: BigInt(cursor), sequence: i.sequence, interaction: i.name, interactionSnapshot: i }) },
  });
const heartbeat = (cursor: number) => create(WatchEventsResponseSchema, { item: { case: "heartbeat", value: { cursor: BigInt(cursor) } } });

let frames: (() => void)[] = [];
const step = () => {
  const run = frames;
  frames = [];
  for (const f of run) f();
};
const settle = () => new Promise((r) => setTimeout(r, 0));

describe("board page", () => {
  let stream: ReturnType<typeof pushStream>;
  let listed: Interaction[];
  let root: HTMLElement;
  let stop: () => void;

  beforeEach(() => {
    frames = [];
    vi.stubGlobal("requestAnimationFrame", (cb: FrameRequestCallback) => frames.push(() => cb(0)));
    stream = pushStream();
    listed = [ia("a", 2, State.QUEUED, "Order late"), ia("b", 5, State.ACTIVE)];
    const api = {
      events: { watchEvents: (_req: unknown, opts: { signal: AbortSignal }) => stream.iterate(opts.signal) },
      interactions: {
        listInteractions: vi.fn(async () => ({ interactions: listed, nextPageToken: "" })),
      },
    };
    root = document.createElement("main");
    document.body.replaceChildren(root);
    stop = boardPage(root, { api, caller: {}, admin: false } as unknown as Ctx);
  });
  afterEach(() => {
    stop();
    vi.unstubAllGlobals();
  });

  const row = (id: string) => root.querySelector<HTMLElement>(`[data-interaction="interactions/${id}"]`);
  const laneOf = (id: string) => row(id)?.closest<HTMLElement>("[data-lane]")?.dataset.lane;

  async function loaded() {
    stream.push(heartbeat(10));
    await vi.waitFor(() => expect(frames.length).toBeGreaterThan(0));
    step();
  }

  it("lists only after the stream is up, applies what came meanwhile, and renders in a frame", async () => {
    stream.push(heartbeat(10));
    stream.push(eventOf(ia("a", 3, State.OFFERED, "Order late"), 11)); // arrives while the list loads
    await vi.waitFor(() => expect(frames.length).toBeGreaterThan(0));
    expect(row("a")).toBeNull(); // nothing drawn before the frame
    step();
    expect(laneOf("a")).toBe("OFFERED");
    expect(row("a")!.dataset.state).toBe("OFFERED");
    expect(row("a")!.textContent).toContain("Order late");
    expect(row("a")!.getAttribute("href")).toBe("#/interactions/a");
    expect(laneOf("b")).toBe("ACTIVE");
    expect(document.body.dataset.boardEvents).toBe("1");
  });

  it("moves a row between lanes keeping its element, and drops it when completed", async () => {
    await loaded();
    const el = row("a");
    stream.push(eventOf(ia("a", 3, State.ACTIVE), 11));
    await settle();
    expect(laneOf("a")).toBe("QUEUED"); // not before the frame
    step();
    expect(row("a")).toBe(el);
    expect(laneOf("a")).toBe("ACTIVE");
    expect(root.querySelector("[data-lane=ACTIVE] .count")!.textContent).toBe("2");
    expect(root.querySelector("[data-lane=QUEUED] .count")!.textContent).toBe("0");
    stream.push(eventOf(ia("a", 4, State.COMPLETED), 12));
    await settle();
    step();
    expect(row("a")).toBeNull();
    expect(window.__board?.applied).toBe(2);
  });

  it("coalesces a burst of events into one frame and skips stale ones", async () => {
    await loaded();
    for (let s = 3; s <= 40; s++) stream.push(eventOf(ia("b", s, State.ACTIVE, `v${s}`), 100 + s));
    stream.push(eventOf(ia("b", 7, State.WRAP_UP, "stale"), 200));
    await vi.waitFor(() => expect(stream.pending).toBe(0));
    await settle();
    expect(frames.length).toBe(1); // 39 events, one frame
    step();
    expect(row("b")!.textContent).toContain("v40");
    expect(laneOf("b")).toBe("ACTIVE");
    expect(document.body.dataset.boardEvents).toBe("35"); // 6..40: the list already had 5
  });

  it("filters rows by queue without touching the model", async () => {
    listed = [ia("a", 2, State.QUEUED), create(InteractionSchema, { ...ia("c", 2, State.QUEUED), queue: "sales" })];
    stop();
    root.replaceChildren();
    stop = boardPage(root, {
      api: {
        events: { watchEvents: (_r: unknown, o: { signal: AbortSignal }) => stream.iterate(o.signal) },
        interactions: { listInteractions: async () => ({ interactions: listed, nextPageToken: "" }) },
      },
    } as unknown as Ctx);
    await loaded();
    const inputs = [...root.querySelectorAll<HTMLInputElement>(".filters input")];
    const queueInput = inputs.find((i) => i.closest(".field")!.textContent!.startsWith("Queue"))!;
    queueInput.value = "sal";
    queueInput.dispatchEvent(new Event("input"));
    await vi.waitFor(() => expect(frames.length).toBeGreaterThan(0), { timeout: 1000 });
    step();
    expect(row("a")).toBeNull();
    expect(row("c")).not.toBeNull();
    expect(root.querySelector(".board-summary")!.textContent).toBe("1 of 2 open interactions match the filters");
  });
});
