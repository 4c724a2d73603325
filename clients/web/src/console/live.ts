// A WatchEvents stream that stays up: on a drop it reconnects with backoff from the last
// cursor it saw (an event's or a heartbeat's), so no event is missed or repeated. Never
// polls: between reconnects it only waits.
import { Code, ConnectError } from "@connectrpc/connect";
import type { Event } from "../gen/nexus/v1/event_pb";
import type { WatchEventsResponse } from "../gen/nexus/v1/event_service_pb";

export type LiveStatus =
  | { kind: "connecting" }
  | { kind: "live" }
  | { kind: "retrying"; inMs: number; message: string }
  | { kind: "stopped"; message: string };

export interface LiveWatch {
  /** Opens the stream after `afterCursor` (undefined: from now). */
  open(afterCursor: bigint | undefined, signal: AbortSignal): AsyncIterable<WatchEventsResponse>;
  onEvent(event: Event): void;
  /** After every item (event or heartbeat); the first one says the stream is established. */
  onItem?(): void;
  onStatus?(status: LiveStatus): void;
  /** Ends the watch (the page is left). */
  signal: AbortSignal;
  /** Start after this cursor; undefined: from now. */
  cursor?: bigint;
  /** Injectable for tests. */
  sleep?(ms: number, signal: AbortSignal): Promise<void>;
  random?(): number;
}

/** Errors that another try will not fix: a revoked or wrong key, a role without access,
 * a cursor beyond the log, a server without the method. */
const FATAL = new Set<Code>([Code.Unauthenticated, Code.PermissionDenied, Code.InvalidArgument, Code.Unimplemented]);

/** 1 s, 2 s, 4 s, … up to 30 s, each ±20 % so that many consoles do not reconnect in step. */
export function backoffDelay(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(30_000, 1000 * 2 ** Math.min(attempt, 5));
  return Math.round(base * (0.8 + 0.4 * random()));
}

function defaultSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(done, ms);
    signal.addEventListener("abort", done, { once: true });
    function done() {
      clearTimeout(t);
      signal.removeEventListener("abort", done);
      resolve();
    }
  });
}

/** Runs until `signal` aborts or a fatal error; returns the last cursor seen. */
export async function watchLive(w: LiveWatch): Promise<bigint | undefined> {
  const sleep = w.sleep ?? defaultSleep;
  let cursor = w.cursor;
  let attempt = 0;
  while (!w.signal.aborted) {
    w.onStatus?.({ kind: "connecting" });
    let message = "the stream ended";
    let established = false;
    try {
      for await (const res of w.open(cursor, w.signal)) {
        if (!established) {
          established = true;
          attempt = 0;
          w.onStatus?.({ kind: "live" });
        }
        if (res.item.case === "event") {
          const e = res.item.value;
          if (cursor === undefined || e.cursor > cursor) cursor = e.cursor;
          w.onEvent(e);
        } else if (res.item.case === "heartbeat") {
          const c = res.item.value.cursor;
          if (cursor === undefined || c > cursor) cursor = c;
        }
        w.onItem?.();
      }
    } catch (err) {
      if (w.signal.aborted) break;
      const e = ConnectError.from(err);
      if (FATAL.has(e.code)) {
        w.onStatus?.({ kind: "stopped", message: e.rawMessage || Code[e.code] });
        break;
      }
      message = e.rawMessage || Code[e.code];
    }
    if (w.signal.aborted) break;
    const inMs = backoffDelay(attempt++, w.random);
    w.onStatus?.({ kind: "retrying", inMs, message });
    await sleep(inMs, w.signal);
  }
  return cursor;
}
