import { create, type MessageInitShape } from "@bufbuild/protobuf";
import { timestampFromMs } from "@bufbuild/protobuf/wkt";
import { describe, expect, it } from "vitest";
import { EventSchema, type Event } from "../src/gen/nexus/v1/event_pb";
import {
  Direction,
  InteractionSchema,
  MessageSchema,
  ParticipantRole,
  ParticipantSchema,
  State,
  TypingIndicatorSchema,
  type Message,
} from "../src/gen/nexus/v1/interaction_pb";
import { Transcript } from "../src/widget/transcript";

const I = "interactions/i1";
const CUSTOMER = `${I}/participants/cust`;
const MAYA = `${I}/participants/maya`;

let cursor = 100n;

function msg(id: string, index: number, over: MessageInitShape<typeof MessageSchema> = {}): Message {
  return create(MessageSchema, {
    name: `${I}/messages/${id}`,
    index: BigInt(index),
    direction: Direction.OUTBOUND,
    sender: MAYA,
    text: `text ${id}`,
    ...over,
  });
}

function event(type: string, init: Record<string, unknown> = {}, state = State.ACTIVE): Event {
  return create(EventSchema, {
    type,
    cursor: ++cursor,
    interaction: I,
    interactionSnapshot: create(InteractionSchema, { name: I, state }),
    ...init,
  });
}

const created = (m: Message) => event("message.created", { resource: { case: "message", value: m } });

function typing(type: string, sender: string, role: ParticipantRole, active: boolean): Event {
  const value = create(TypingIndicatorSchema, { sender, role, active });
  return event(type, { resource: { case: "typing", value } });
}

const texts = (t: Transcript) => t.lines().map((l) => l.text);

describe("transcript", () => {
  it("applies ListMessages pages in index order, mine and theirs apart", () => {
    const t = new Transcript();
    t.applyMessages([msg("b", 2, { direction: Direction.INBOUND, sender: CUSTOMER }), msg("c", 3)]);
    t.applyMessages([msg("a", 1)]);
    expect(texts(t)).toEqual(["text a", "text b", "text c"]);
    expect(t.lines().map((l) => l.mine)).toEqual([false, true, false]);
  });

  it("shows each message once whether it comes from ListMessages, the stream, or both", () => {
    const t = new Transcript();
    t.applyMessages([msg("a", 1), msg("b", 2)]);
    t.applyEvent(created(msg("b", 2)));
    t.applyEvent(created(msg("c", 3)));
    t.applyEvent(created(msg("c", 3)));
    t.applyMessages([msg("a", 1), msg("b", 2), msg("c", 3)]);
    expect(texts(t)).toEqual(["text a", "text b", "text c"]);
  });

  it("never shows internal notes, from either source", () => {
    const t = new Transcript();
    t.applyMessages([msg("a", 1), msg("note", 2, { internal: true })]);
    t.applyEvent(created(msg("note2", 3, { internal: true })));
    t.applyEvent(
      event("message.read", { resource: { case: "message", value: msg("note", 2, { internal: true }) } }),
    );
    expect(texts(t)).toEqual(["text a"]);
  });

  it("marks the customer's message read when message.read carries its read time", () => {
    const t = new Transcript();
    const mine = { direction: Direction.INBOUND, sender: CUSTOMER };
    t.applyMessages([msg("a", 1, mine)]);
    expect(t.lines()[0].status).toBe("sent");
    const read = msg("a", 1, { ...mine, readTime: timestampFromMs(1000) });
    t.applyEvent(event("message.read", { resource: { case: "message", value: read } }));
    expect(t.lines()[0].status).toBe("read");
    // A replayed older snapshot (message.created from before the cursor) does not un-read it.
    t.applyEvent(created(msg("a", 1, mine)));
    expect(t.lines()[0].status).toBe("read");
  });

  it("follows a message from sending to sent to read, with the same key throughout", () => {
    const t = new Transcript();
    t.applyMessages([msg("a", 1)]);
    const line = t.addPending("hello", "req-1");
    expect(t.lines().map((l) => [l.text, l.status])).toEqual([
      ["text a", "sent"],
      ["hello", "sending"],
    ]);
    const stored = msg("h", 2, { direction: Direction.INBOUND, sender: CUSTOMER, text: "hello" });
    t.confirmSent(line.key, stored);
    expect(t.lines()[1]).toMatchObject({ key: line.key, name: stored.name, status: "sent" });
    t.applyEvent(created(stored)); // the stream's copy: no duplicate
    expect(t.lines().length).toBe(2);
    t.applyEvent(event("message.read", { resource: { case: "message", value: { ...stored, readTime: timestampFromMs(5) } } }));
    expect(t.lines()[1]).toMatchObject({ key: line.key, status: "read" });
  });

  it("keeps one line when the stream delivers the customer's message before SendMessage answers", () => {
    const t = new Transcript();
    const line = t.addPending("hi there", "req-1");
    const stored = msg("h", 1, { direction: Direction.INBOUND, sender: CUSTOMER, text: "hi there" });
    t.applyEvent(created(stored));
    expect(t.lines().map((l) => [l.key, l.status])).toEqual([[line.key, "sent"]]);
    t.confirmSent(line.key, stored);
    expect(t.lines().length).toBe(1);
  });

  it("keeps one line when a differently matched stream copy arrived first", () => {
    const t = new Transcript();
    const line = t.addPending("one", "req-1");
    // The server stored it with its text normalised, so the stream copy is not adopted.
    const stored = msg("h", 1, { direction: Direction.INBOUND, sender: CUSTOMER, text: "one " });
    t.applyEvent(created(stored));
    expect(t.lines().length).toBe(2);
    t.confirmSent(line.key, stored);
    expect(t.lines().map((l) => l.name)).toEqual([stored.name]);
  });

  it("shows a failed send with its problem, and retries it with the same request id", () => {
    const t = new Transcript();
    const line = t.addPending("hello", "req-1");
    t.failSend(line.key, "interactions/i1 is COMPLETED");
    expect(t.line(line.key)).toMatchObject({ status: "failed", error: "interactions/i1 is COMPLETED" });
    const again = t.retrying(line.key);
    expect(again).toMatchObject({ status: "sending", error: "", requestId: "req-1" });
    expect(t.retrying(line.key)).toBeUndefined(); // only a failed line can be retried
  });

  it("names agents from participant.joined, and says Agent when it does not know", () => {
    const t = new Transcript();
    t.applyEvent(created(msg("a", 1)));
    expect(t.nameOf(t.lines()[0].sender)).toBe("Agent");
    const maya = create(ParticipantSchema, { name: MAYA, role: ParticipantRole.AGENT, displayName: "Maya" });
    t.applyEvent(event("participant.joined", { resource: { case: "participant", value: maya } }));
    expect(t.nameOf(t.lines()[0].sender)).toBe("Maya");
    expect(t.names).toEqual({ [MAYA]: "Maya" });
    expect(new Transcript(t.names).nameOf(MAYA)).toBe("Maya"); // what a reload restores
  });

  it("shows agents typing, never the customer, until stopped or their message arrives", () => {
    const t = new Transcript({ [MAYA]: "Maya" });
    t.applyEvent(typing("typing.started", CUSTOMER, ParticipantRole.CUSTOMER, true));
    expect(t.typingText()).toBe("");
    t.applyEvent(typing("typing.started", MAYA, ParticipantRole.AGENT, true));
    expect(t.typingText()).toBe("Maya is typing…");
    t.applyEvent(typing("typing.stopped", MAYA, ParticipantRole.AGENT, false));
    expect(t.typingText()).toBe("");

    t.applyEvent(typing("typing.started", MAYA, ParticipantRole.AGENT, true));
    t.applyEvent(typing("typing.started", "", ParticipantRole.BOT, true));
    expect(t.typingText()).toBe("Maya and Assistant are typing…");
    t.applyEvent(created(msg("a", 1, { sender: MAYA })));
    expect(t.typingText()).toBe("");
  });

  it("a customer's message does not stop the agent's indicator", () => {
    const t = new Transcript();
    t.applyEvent(typing("typing.started", MAYA, ParticipantRole.AGENT, true));
    t.applyEvent(created(msg("a", 1, { direction: Direction.INBOUND, sender: CUSTOMER })));
    expect(t.typingText()).toBe("Agent is typing…");
  });

  it("ends on a state change to COMPLETED, and stops showing typing", () => {
    const t = new Transcript();
    t.applyEvent(typing("typing.started", MAYA, ParticipantRole.AGENT, true));
    t.applyEvent(event("interaction.state_changed", { stateChange: { fromState: State.ACTIVE, toState: State.WRAP_UP } }, State.WRAP_UP));
    expect(t.ended).toBe(false);
    t.applyEvent(
      event("interaction.state_changed", { stateChange: { fromState: State.WRAP_UP, toState: State.COMPLETED } }, State.COMPLETED),
    );
    expect(t.ended).toBe(true);
    expect(t.typingText()).toBe("");
  });

  it("ends when any event's snapshot (or GetInteraction) says COMPLETED", () => {
    const t = new Transcript();
    t.applyEvent(event("interaction.updated", {}, State.COMPLETED));
    expect(t.ended).toBe(true);
    const u = new Transcript();
    u.applyInteraction(create(InteractionSchema, { name: I, state: State.QUEUED }));
    expect([u.ended, u.waiting()]).toEqual([false, true]);
    u.applyInteraction(create(InteractionSchema, { name: I, state: State.COMPLETED }));
    expect([u.ended, u.waiting()]).toEqual([true, false]);
  });

  it("lists agent messages still to be marked read", () => {
    const t = new Transcript();
    t.applyMessages([
      msg("a", 1, { readTime: timestampFromMs(1) }),
      msg("b", 2),
      msg("c", 3, { direction: Direction.INBOUND, sender: CUSTOMER }),
    ]);
    expect(t.unreadFromAgents()).toEqual([`${I}/messages/b`]);
  });
});
