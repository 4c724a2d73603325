import { create } from "@bufbuild/protobuf";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import { describe, expect, it } from "vitest";
import { Direction, MessageDeliveryState, MessageSchema } from "../src/gen/nexus/v1/interaction_pb";
import { mergeMessage, messageStatus, needsReadMark } from "../src/console/transcript";

const out = (state: MessageDeliveryState, extra = {}) =>
  create(MessageSchema, { name: "interactions/i/messages/m", direction: Direction.OUTBOUND, text: "hi", delivery: { state }, ...extra });

describe("mergeMessage", () => {
  it("never moves delivery backwards when an older copy arrives later", () => {
    const merged = mergeMessage(out(MessageDeliveryState.DELIVERED), out(MessageDeliveryState.SENT));
    expect(merged.delivery?.state).toBe(MessageDeliveryState.DELIVERED);
  });
  it("takes the newer delivery state", () => {
    expect(mergeMessage(out(MessageDeliveryState.SENT), out(MessageDeliveryState.READ)).delivery?.state).toBe(MessageDeliveryState.READ);
  });
  it("keeps a read time once known", () => {
    const read = out(MessageDeliveryState.SENT, { readTime: timestampFromDate(new Date()) });
    expect(mergeMessage(read, out(MessageDeliveryState.SENT)).readTime).toBeDefined();
  });
});

describe("messageStatus", () => {
  it("says how far an outbound message got", () => {
    expect(messageStatus(out(MessageDeliveryState.DELIVERED))).toBe("Delivered");
    expect(
      messageStatus(out(MessageDeliveryState.FAILED, { delivery: { state: MessageDeliveryState.FAILED, errorCode: "30003", errorMessage: "unreachable" } })),
    ).toBe("Failed: 30003 unreachable");
  });
  it("says how many tries a message still waiting for its provider has had", () => {
    expect(messageStatus(out(MessageDeliveryState.ACCEPTED))).toBe("Accepted");
    expect(messageStatus(out(MessageDeliveryState.ACCEPTED, { delivery: { state: MessageDeliveryState.ACCEPTED, attempts: 2 } }))).toBe(
      "Accepted · 2 attempts so far",
    );
  });
  it("says read for a message marked read", () => {
    expect(messageStatus(out(MessageDeliveryState.DELIVERED, { readTime: timestampFromDate(new Date()) }))).toBe("Read");
    expect(messageStatus(create(MessageSchema, { direction: Direction.OUTBOUND }))).toBe("Sent");
  });
  it("says read or unread for a customer's message, nothing for a note", () => {
    expect(messageStatus(create(MessageSchema, { direction: Direction.INBOUND }))).toBe("Unread");
    expect(messageStatus(create(MessageSchema, { direction: Direction.OUTBOUND, internal: true }))).toBe("");
  });
});

describe("needsReadMark", () => {
  it("is true only for an unread customer message", () => {
    expect(needsReadMark(create(MessageSchema, { direction: Direction.INBOUND }))).toBe(true);
    expect(needsReadMark(create(MessageSchema, { direction: Direction.INBOUND, readTime: timestampFromDate(new Date()) }))).toBe(false);
    expect(needsReadMark(create(MessageSchema, { direction: Direction.OUTBOUND }))).toBe(false);
  });
});
