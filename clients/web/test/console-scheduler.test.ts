import { describe, expect, it } from "vitest";
import { FrameBatcher } from "../src/console/scheduler";

/** A hand-stepped requestAnimationFrame. */
function frames() {
  let queue: (() => void)[] = [];
  return {
    raf: (cb: () => void) => void queue.push(cb),
    step() {
      const run = queue;
      queue = [];
      for (const cb of run) cb();
    },
    get pending() {
      return queue.length;
    },
  };
}

describe("FrameBatcher", () => {
  it("coalesces any number of requests into one flush per frame", () => {
    const f = frames();
    let flushed = 0;
    const b = new FrameBatcher(() => flushed++, f.raf);
    for (let n = 0; n < 50; n++) b.request();
    expect(f.pending).toBe(1);
    expect(flushed).toBe(0);
    f.step();
    expect(flushed).toBe(1);
    f.step();
    expect(flushed).toBe(1); // nothing requested since: no flush
  });

  it("asks for another frame when work arrives after a flush", () => {
    const f = frames();
    let flushed = 0;
    const b = new FrameBatcher(() => flushed++, f.raf);
    b.request();
    f.step();
    b.request();
    b.request();
    f.step();
    expect(flushed).toBe(2);
    expect(b.flushes).toBe(2);
  });

  it("a request made during a flush gets the next frame", () => {
    const f = frames();
    let flushed = 0;
    const b: FrameBatcher = new FrameBatcher(() => {
      if (++flushed === 1) b.request();
    }, f.raf);
    b.request();
    f.step();
    expect(f.pending).toBe(1);
    f.step();
    expect(flushed).toBe(2);
  });

  it("does not flush after stop, even a frame already requested", () => {
    const f = frames();
    let flushed = 0;
    const b = new FrameBatcher(() => flushed++, f.raf);
    b.request();
    b.stop();
    f.step();
    b.request();
    f.step();
    expect(flushed).toBe(0);
  });
});
