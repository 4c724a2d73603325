import { create } from "@bufbuild/protobuf";
import { timestampDate } from "@bufbuild/protobuf/wkt";
import { describe, expect, it } from "vitest";
import { CompletionReason, State, Timer } from "../src/gen/nexus/v1/interaction_pb";
import { StateModelSchema } from "../src/gen/nexus/v1/interaction_service_pb";
import { buildActionRequest, clientMethodName, legalActions } from "../src/console/actions";

const t = (fromState: State, toState: State, method: string, timer = Timer.UNSPECIFIED, description = "") => ({
  fromState,
  toState,
  method,
  timer,
  description,
});

// A slice of the server's model, including a timed transition and a second move of one method.
const model = create(StateModelSchema, {
  states: [State.NEW, State.QUEUED, State.OFFERED, State.ACTIVE, State.COMPLETED],
  finalStates: [State.COMPLETED],
  transitions: [
    t(State.NEW, State.QUEUED, "QueueInteraction"),
    t(State.QUEUED, State.OFFERED, "OfferInteraction"),
    t(State.QUEUED, State.ACTIVE, "AcceptInteraction", Timer.UNSPECIFIED, "an agent picks it directly"),
    t(State.OFFERED, State.ACTIVE, "AcceptInteraction"),
    t(State.OFFERED, State.QUEUED, "DeclineInteraction", Timer.OFFER_TIMEOUT),
    t(State.OFFERED, State.QUEUED, "DeclineInteraction"),
    t(State.ACTIVE, State.QUEUED, "TransferInteraction", Timer.UNSPECIFIED, "transfer to a queue"),
    t(State.ACTIVE, State.ACTIVE, "TransferInteraction", Timer.UNSPECIFIED, "transfer to another agent"),
    t(State.ACTIVE, State.WAITING, "WaitInteraction", Timer.INACTIVE_AFTER),
    t(State.ACTIVE, State.COMPLETED, "CompleteInteraction"),
    t(State.QUEUED, State.COMPLETED, "CompleteInteraction"),
    t(State.QUEUED, State.COMPLETED, "CompleteInteraction", Timer.QUEUE_TIMEOUT),
    t(State.ACTIVE, State.ACTIVE, "PraiseInteraction"),
  ],
});

describe("legalActions", () => {
  it("offers the methods whose transitions leave the current state, Complete last", () => {
    const methods = legalActions(model, State.QUEUED).map((a) => a.method);
    expect(methods).toEqual(["AcceptInteraction", "OfferInteraction", "CompleteInteraction"]);
  });

  it("leaves out transitions only a timer makes", () => {
    const active = legalActions(model, State.ACTIVE).map((a) => a.method);
    expect(active).not.toContain("WaitInteraction");
    const offered = legalActions(model, State.OFFERED);
    expect(offered.map((a) => a.method)).toEqual(["AcceptInteraction", "DeclineInteraction"]);
  });

  it("merges a method's several moves into one button with every target state", () => {
    const transfer = legalActions(model, State.ACTIVE).find((a) => a.method === "TransferInteraction")!;
    expect(transfer.toStates).toEqual([State.QUEUED, State.ACTIVE]);
    expect(transfer.descriptions).toEqual(["transfer to a queue", "transfer to another agent"]);
    expect(transfer.spec?.fields.map((f) => f.name)).toEqual(["queue", "agent", "reason"]);
  });

  it("keeps a method it does not know, without a spec, after the known ones", () => {
    const active = legalActions(model, State.ACTIVE);
    expect(active.at(-1)?.method).toBe("PraiseInteraction");
    expect(active.at(-1)?.spec).toBeUndefined();
  });

  it("offers nothing in a final state", () => {
    expect(legalActions(model, State.COMPLETED)).toEqual([]);
  });
});

describe("buildActionRequest", () => {
  const ctx = { name: "interactions/i1", etag: "W/7", agent: "ann", requestId: "r-1" };

  it("passes the etag, a request id and the agent as actor", () => {
    expect(buildActionRequest("QueueInteraction", { queue: " support " }, ctx)).toEqual({
      name: "interactions/i1",
      etag: "W/7",
      requestId: "r-1",
      actor: "ann",
      queue: "support",
    });
  });

  it("Accept sends the header's agent name", () => {
    expect(buildActionRequest("AcceptInteraction", {}, ctx).agent).toBe("ann");
    expect(buildActionRequest("AcceptInteraction", {}, { ...ctx, agent: "" })).not.toHaveProperty("agent");
  });

  it("Snooze turns the local date-time into a timestamp; empty leaves it unset", () => {
    const req = buildActionRequest("SnoozeInteraction", { snooze_until: "2031-05-04T09:30" }, ctx);
    const when = timestampDate(req.snoozeUntil as never);
    expect([when.getFullYear(), when.getMonth(), when.getDate(), when.getHours(), when.getMinutes()]).toEqual([2031, 4, 4, 9, 30]);
    expect(buildActionRequest("SnoozeInteraction", { snooze_until: "" }, ctx)).not.toHaveProperty("snoozeUntil");
  });

  it("Complete sends the chosen reason and the note", () => {
    const req = buildActionRequest("CompleteInteraction", { reason: String(CompletionReason.CANCELLED), note: "dup" }, ctx);
    expect(req.reason).toBe(CompletionReason.CANCELLED);
    expect(req.note).toBe("dup");
  });

  it("Transfer sends queue, agent and reason as typed", () => {
    const req = buildActionRequest("TransferInteraction", { agent: "bob", queue: "", reason: "language" }, ctx);
    expect(req).toMatchObject({ agent: "bob", queue: "", reason: "language" });
  });

  it("names the generated client's method", () => {
    expect(clientMethodName("WrapUpInteraction")).toBe("wrapUpInteraction");
  });
});
