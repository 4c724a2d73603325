import { create } from "@bufbuild/protobuf";
import { Code, ConnectError } from "@connectrpc/connect";
import { describe, expect, it } from "vitest";
import type { Event } from "../src/gen/nexus/v1/event_pb";
import { WatchEventsResponseSchema, type WatchEventsResponse } from "../src/gen/nexus/v1/event_service_pb";
import { backoffDelay, watchLive, type LiveStatus } from "../src/console/live";

const ev = (cursor: number): WatchEventsResponse =>
  create(WatchEventsResponseSchema, { item: { case: "event", value: { id: `evt_${cursor}`, cursor: BigInt(cursor) } } });
const hb = (cursor: number): WatchEventsResponse =>
  create(WatchEventsResponseSchema, { item: { case: "heartbeat", value: { cursor: BigInt(cursor) } } });

/** A stream that yields `items` and then fails with `error` (or ends). */
async function* stream(items: WatchEventsResponse[], error?: Error): AsyncGenerator<WatchEventsResponse> {
  for (const i of items) yield i;
  if (error) throw error;
}

describe("watchLive", () => {
  it("reconnects after a drop from the last cursor it saw, heartbeats included", async () => {
    const abort = new AbortController();
    const opened: (bigint | undefined)[] = [];
    const events: Event[] = [];
    const sleeps: number[] = [];
    const script = [
      () => stream([hb(10), ev(11), ev(12)], new ConnectError("reset", Code.Unavailable)),
      () => stream([hb(20)], new ConnectError("reset", Code.Unavailable)),
      () => stream([ev(21)], new ConnectError("reset", Code.Unavailable)),
    ];
    await watchLive({
      open: (cursor) => {
        opened.push(cursor);
        const next = script.shift();
        if (!next) {
          abort.abort();
          return stream([]);
        }
        return next();
      },
      onEvent: (e) => events.push(e),
      signal: abort.signal,
      sleep: async (ms) => void sleeps.push(ms),
      random: () => 0.5,
    });
    expect(opened).toEqual([undefined, 12n, 20n, 21n]);
    expect(events.map((e) => e.cursor)).toEqual([11n, 12n, 21n]);
    // Each connection delivered something, so the backoff restarted every time.
    expect(sleeps).toEqual([1000, 1000, 1000]);
  });

  it("backs off longer while connecting keeps failing", async () => {
    const abort = new AbortController();
    const sleeps: number[] = [];
    let n = 0;
    await watchLive({
      open: () => {
        if (++n > 4) abort.abort();
        return stream([], new ConnectError("down", Code.Unavailable));
      },
      onEvent: () => {},
      signal: abort.signal,
      sleep: async (ms) => void sleeps.push(ms),
      random: () => 0.5,
    });
    expect(sleeps).toEqual([1000, 2000, 4000, 8000]);
  });

  it("stops on an error another try will not fix, and says why", async () => {
    const statuses: LiveStatus[] = [];
    let opens = 0;
    await watchLive({
      open: () => {
        opens++;
        return stream([], new ConnectError("key revoked", Code.Unauthenticated));
      },
      onEvent: () => {},
      onStatus: (s) => statuses.push(s),
      signal: new AbortController().signal,
      sleep: async () => {},
    });
    expect(opens).toBe(1);
    expect(statuses.at(-1)).toEqual({ kind: "stopped", message: "key revoked" });
  });

  it("starts from the given cursor and reports live once established", async () => {
    const abort = new AbortController();
    const statuses: string[] = [];
    let from: bigint | undefined;
    await watchLive({
      open: (c) => {
        from = c;
        return (async function* () {
          yield hb(7);
          abort.abort();
        })();
      },
      onEvent: () => {},
      onStatus: (s) => statuses.push(s.kind),
      signal: abort.signal,
      cursor: 5n,
      sleep: async () => {},
    });
    expect(from).toBe(5n);
    expect(statuses).toEqual(["connecting", "live"]);
  });
});

describe("backoffDelay", () => {
  it("doubles up to 30 s with ±20 % jitter", () => {
    expect(backoffDelay(0, () => 0.5)).toBe(1000);
    expect(backoffDelay(3, () => 0.5)).toBe(8000);
    expect(backoffDelay(12, () => 0.5)).toBe(30000);
    expect(backoffDelay(0, () => 0)).toBe(800);
    expect(backoffDelay(0, () => 1)).toBe(1200);
  });
});
