// The live board's data, without any DOM: the open interactions by name, the highest
// sequence seen of each, and which ones changed since the last frame.
//
// The race between the list and the stream is closed the usual way: the watch starts
// first (from now) and its events wait in a buffer; the list then loads; the buffer is
// replayed last. Every snapshot carries the interaction's sequence, so applying one that is
// not newer than what we hold is skipped — which makes the replay (and any repeat) harmless.
import { MediaType, State, type Interaction } from "../gen/nexus/v1/interaction_pb";
import type { Event } from "../gen/nexus/v1/event_pb";

/** The board's columns, in lifecycle order: every state an interaction can still leave. */
export const OPEN_STATES: readonly State[] = [
  State.NEW,
  State.AUTOMATED,
  State.QUEUED,
  State.OFFERED,
  State.ACTIVE,
  State.WAITING,
  State.SNOOZED,
  State.WRAP_UP,
];
const OPEN = new Set<State>(OPEN_STATES);

export function isOpen(state: State): boolean {
  return OPEN.has(state);
}

/** What the board shows: one media type (UNSPECIFIED: all), and channel/queue containing
 * the given text (case-insensitive; empty: all). */
export interface BoardFilter {
  mediaType: MediaType;
  channel: string;
  queue: string;
}

export const NO_FILTER: BoardFilter = { mediaType: MediaType.UNSPECIFIED, channel: "", queue: "" };

export function matchesFilter(i: Interaction, f: BoardFilter): boolean {
  if (f.mediaType !== MediaType.UNSPECIFIED && i.mediaType !== f.mediaType) return false;
  if (f.channel && !i.channel.toLowerCase().includes(f.channel.trim().toLowerCase())) return false;
  if (f.queue && !i.queue.toLowerCase().includes(f.queue.trim().toLowerCase())) return false;
  return true;
}

export class BoardModel {
  /** The open interactions, by name. */
  private readonly open = new Map<string, Interaction>();
  /** Highest sequence seen per interaction, completed ones included, so a late, older
   * snapshot can never bring a completed interaction back. */
  private readonly seen = new Map<string, bigint>();
  /** Events that arrived before the list was complete; null once live. */
  private buffer: Event[] | null = [];
  private readonly dirty = new Set<string>();
  /** Events whose snapshot was newer than what the board held, i.e. that changed it. */
  applied = 0;

  get loading(): boolean {
    return this.buffer !== null;
  }

  /** An event from the stream; buffered while the list is loading. Events without an
   * interaction snapshot (typing, webhooks, channels) change nothing. */
  onEvent(event: Event): void {
    if (this.buffer) this.buffer.push(event);
    else this.applyEvent(event);
  }

  /** A page of ListInteractions. */
  addListed(interactions: Iterable<Interaction>): void {
    for (const i of interactions) this.put(i, i.sequence);
  }

  /** The list is complete: replay the buffered events in stream order and go live. */
  finishLoading(): void {
    const buffered = this.buffer ?? [];
    this.buffer = null;
    for (const e of buffered) this.applyEvent(e);
  }

  get(name: string): Interaction | undefined {
    return this.open.get(name);
  }

  /** The open interactions (insertion order). */
  all(): IterableIterator<Interaction> {
    return this.open.values();
  }

  get size(): number {
    return this.open.size;
  }

  /** The names changed since the last call (an interaction that completed is among them:
   * `get` then answers undefined). */
  takeDirty(): string[] {
    const names = [...this.dirty];
    this.dirty.clear();
    return names;
  }

  /** Marks every open interaction changed (after a filter change). */
  markAllDirty(): void {
    for (const name of this.open.keys()) this.dirty.add(name);
  }

  /** How many open interactions in each state pass the filter. */
  counts(filter: BoardFilter): Map<State, number> {
    const counts = new Map<State, number>(OPEN_STATES.map((s) => [s, 0]));
    for (const i of this.open.values()) {
      if (matchesFilter(i, filter)) counts.set(i.state, (counts.get(i.state) ?? 0) + 1);
    }
    return counts;
  }

  private applyEvent(event: Event): void {
    const snapshot = event.interactionSnapshot;
    if (!snapshot?.name) return;
    const sequence = event.sequence > 0n ? event.sequence : snapshot.sequence;
    if (this.put(snapshot, sequence)) this.applied++;
  }

  private put(i: Interaction, sequence: bigint): boolean {
    const held = this.seen.get(i.name);
    if (held !== undefined && sequence <= held) return false;
    this.seen.set(i.name, sequence);
    if (isOpen(i.state)) this.open.set(i.name, i);
    else if (!this.open.delete(i.name)) return true; // completed and never shown: nothing to redraw
    this.dirty.add(i.name);
    return true;
  }
}
