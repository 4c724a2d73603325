import { create, type MessageInitShape } from "@bufbuild/protobuf";
import { describe, expect, it } from "vitest";
import { EventSchema, type Event } from "../src/gen/nexus/v1/event_pb";
import { InteractionSchema, MediaType, State, type Interaction } from "../src/gen/nexus/v1/interaction_pb";
import { BoardModel, matchesFilter, NO_FILTER, OPEN_STATES } from "../src/console/board-model";

function interaction(id: string, seq: number, state: State, extra: MessageInitShape<typeof InteractionSchema> = {}): Interaction {
  return create(InteractionSchema, {
    name: `interactions/${id}`,
    sequence: BigInt(seq),
    state,
    mediaType: MediaType.CHAT,
    ...extra,
  });
}

function event(i: Interaction, cursor = 0): Event {
  return create(EventSchema, {
    id: `evt_${i.name}_${i.sequence}`,
    type: "interaction.state_changed",
    interaction: i.name,
    sequence: i.sequence,
    cursor: BigInt(cursor),
    interactionSnapshot: i,
  });
}

function live(list: Interaction[] = []): BoardModel {
  const m = new BoardModel();
  m.addListed(list);
  m.finishLoading();
  m.takeDirty();
  return m;
}

describe("BoardModel", () => {
  it("shows the listed interactions and marks them changed", () => {
    const m = new BoardModel();
    m.addListed([interaction("a", 3, State.QUEUED), interaction("b", 1, State.NEW)]);
    m.finishLoading();
    expect(m.size).toBe(2);
    expect(m.get("interactions/a")?.state).toBe(State.QUEUED);
    expect(m.takeDirty().sort()).toEqual(["interactions/a", "interactions/b"]);
    expect(m.takeDirty()).toEqual([]);
  });

  it("applies a newer snapshot and counts it", () => {
    const m = live([interaction("a", 3, State.QUEUED)]);
    m.onEvent(event(interaction("a", 4, State.OFFERED, { assignedAgent: "ann" })));
    expect(m.get("interactions/a")?.state).toBe(State.OFFERED);
    expect(m.get("interactions/a")?.assignedAgent).toBe("ann");
    expect(m.applied).toBe(1);
    expect(m.takeDirty()).toEqual(["interactions/a"]);
  });

  it("ignores a snapshot that is not newer (same or older sequence)", () => {
    const m = live([interaction("a", 5, State.ACTIVE)]);
    m.onEvent(event(interaction("a", 5, State.QUEUED)));
    m.onEvent(event(interaction("a", 2, State.NEW)));
    expect(m.get("interactions/a")?.state).toBe(State.ACTIVE);
    expect(m.applied).toBe(0);
    expect(m.takeDirty()).toEqual([]);
  });

  it("applies events out of order by sequence: the newest wins", () => {
    const m = live();
    m.onEvent(event(interaction("a", 3, State.ACTIVE)));
    m.onEvent(event(interaction("a", 2, State.OFFERED)));
    expect(m.get("interactions/a")?.state).toBe(State.ACTIVE);
    expect(m.applied).toBe(1);
  });

  it("buffers events until the list is in, then replays them idempotently", () => {
    const m = new BoardModel();
    // The stream starts first: these arrive while the list is loading.
    m.onEvent(event(interaction("a", 2, State.QUEUED))); // older than the list's copy
    m.onEvent(event(interaction("a", 4, State.OFFERED))); // newer than the list's copy
    m.onEvent(event(interaction("new", 1, State.NEW))); // created after the list's read
    expect(m.size).toBe(0);
    expect(m.loading).toBe(true);
    m.addListed([interaction("a", 3, State.QUEUED), interaction("b", 7, State.ACTIVE)]);
    m.finishLoading();
    expect(m.loading).toBe(false);
    expect(m.get("interactions/a")?.state).toBe(State.OFFERED);
    expect(m.get("interactions/a")?.sequence).toBe(4n);
    expect(m.get("interactions/new")?.state).toBe(State.NEW);
    expect(m.size).toBe(3);
    expect(m.applied).toBe(2);
  });

  it("a buffered completion that the list already superseded does not remove the row", () => {
    const m = new BoardModel();
    m.onEvent(event(interaction("a", 9, State.COMPLETED)));
    m.addListed([interaction("a", 8, State.ACTIVE)]);
    m.finishLoading();
    expect(m.get("interactions/a")).toBeUndefined();
  });

  it("drops an interaction once it completes, and never brings it back with an older snapshot", () => {
    const m = live([interaction("a", 3, State.WRAP_UP)]);
    m.onEvent(event(interaction("a", 4, State.COMPLETED)));
    expect(m.get("interactions/a")).toBeUndefined();
    expect(m.size).toBe(0);
    expect(m.takeDirty()).toEqual(["interactions/a"]);
    m.onEvent(event(interaction("a", 3, State.WRAP_UP)));
    expect(m.get("interactions/a")).toBeUndefined();
  });

  it("counts a completion of an interaction it never showed without marking a row", () => {
    const m = live();
    m.onEvent(event(interaction("x", 2, State.COMPLETED)));
    expect(m.applied).toBe(1);
    expect(m.takeDirty()).toEqual([]);
  });

  it("ignores events without an interaction snapshot (typing, webhooks)", () => {
    const m = live();
    m.onEvent(create(EventSchema, { type: "typing.started", interaction: "interactions/a" }));
    m.onEvent(create(EventSchema, { type: "webhook.updated", subject: "webhooks/w" }));
    expect(m.size).toBe(0);
    expect(m.applied).toBe(0);
  });

  it("uses the snapshot's sequence when the event has none", () => {
    const m = live([interaction("a", 3, State.QUEUED)]);
    const e = event(interaction("a", 4, State.ACTIVE));
    e.sequence = 0n;
    m.onEvent(e);
    expect(m.get("interactions/a")?.state).toBe(State.ACTIVE);
  });

  it("counts per state with a filter, and markAllDirty marks every open row", () => {
    const m = live([
      interaction("a", 1, State.QUEUED, { queue: "support", channel: "web" }),
      interaction("b", 1, State.QUEUED, { queue: "sales", channel: "web" }),
      interaction("c", 1, State.ACTIVE, { queue: "support", mediaType: MediaType.SMS, channel: "channels/sms1" }),
    ]);
    const support = { ...NO_FILTER, queue: "SUPP" };
    const counts = m.counts(support);
    expect(counts.get(State.QUEUED)).toBe(1);
    expect(counts.get(State.ACTIVE)).toBe(1);
    expect(counts.get(State.NEW)).toBe(0);
    expect([...counts.keys()]).toEqual(OPEN_STATES);
    m.markAllDirty();
    expect(m.takeDirty()).toHaveLength(3);
  });
});

describe("matchesFilter", () => {
  const i = interaction("a", 1, State.QUEUED, { queue: "queues/support", channel: "channels/web-chat", mediaType: MediaType.CHAT });
  it("passes everything without a filter", () => expect(matchesFilter(i, NO_FILTER)).toBe(true));
  it("filters by media type", () => {
    expect(matchesFilter(i, { ...NO_FILTER, mediaType: MediaType.CHAT })).toBe(true);
    expect(matchesFilter(i, { ...NO_FILTER, mediaType: MediaType.SMS })).toBe(false);
  });
  it("filters by channel and queue, case-insensitive substrings", () => {
    expect(matchesFilter(i, { ...NO_FILTER, channel: "Web-Chat" })).toBe(true);
    expect(matchesFilter(i, { ...NO_FILTER, channel: "email" })).toBe(false);
    expect(matchesFilter(i, { ...NO_FILTER, queue: " support " })).toBe(true);
    expect(matchesFilter(i, { ...NO_FILTER, queue: "sales" })).toBe(false);
  });
});
