// Batches DOM work into one animation frame: any number of changes between two frames cost
// one flush, so 50 events a second never mean 50 layouts a second.

export type FrameRequester = (callback: () => void) => unknown;

/** Runs `flush` at most once per frame, and only in frames after `request()` was called.
 * `raf` is injectable so tests can step frames by hand. */
export class FrameBatcher {
  private pending = false;
  private stopped = false;
  /** How many flushes ran (for tests and the speed counter). */
  flushes = 0;

  constructor(
    private readonly flush: () => void,
    private readonly raf: FrameRequester = (cb) => requestAnimationFrame(() => cb()),
  ) {}

  /** Asks for a flush in the next frame; calls before that frame coalesce. */
  request(): void {
    if (this.pending || this.stopped) return;
    this.pending = true;
    this.raf(() => {
      this.pending = false;
      if (this.stopped) return;
      this.flushes++;
      this.flush();
    });
  }

  /** No flush after this, even one already requested (the view is gone). */
  stop(): void {
    this.stopped = true;
  }
}
