// How long to wait before reconnecting the event stream: 1 s, doubling up to 30 s, and
// back to 1 s once a connection delivers something (so one blip never costs 30 s).
export const FIRST_DELAY_MS = 1_000;
export const MAX_DELAY_MS = 30_000;

export class Backoff {
  private attempt = 0;

  /** The delay before the next attempt; each call doubles the following one. */
  next(): number {
    const delay = Math.min(FIRST_DELAY_MS * 2 ** this.attempt, MAX_DELAY_MS);
    if (delay < MAX_DELAY_MS) this.attempt += 1;
    return delay;
  }

  /** The connection works again: the next failure waits the first delay. */
  reset(): void {
    this.attempt = 0;
  }
}
