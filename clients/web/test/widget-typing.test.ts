import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { TypingNotifier } from "../src/widget/typing";

describe("typing indicator throttle", () => {
  let sent: Array<[number, boolean]>;
  let t0: number;
  let typing: TypingNotifier;

  beforeEach(() => {
    vi.useFakeTimers();
    t0 = Date.now();
    sent = [];
    typing = new TypingNotifier((active) => sent.push([Date.now() - t0, active]));
  });
  afterEach(() => vi.useRealTimers());

  it("says started at the first key, then at most once every 3 s while keys keep coming", () => {
    for (let ms = 0; ms <= 7000; ms += 500) {
      typing.keystroke();
      vi.advanceTimersByTime(500);
    }
    expect(sent.filter(([, a]) => a).map(([at]) => at)).toEqual([0, 3000, 6000]);
    expect(sent.some(([, a]) => !a)).toBe(false);
  });

  it("says stopped after 5 s without a key, once", () => {
    typing.keystroke();
    vi.advanceTimersByTime(2000);
    typing.keystroke(); // restarts the idle clock
    vi.advanceTimersByTime(4999);
    expect(sent).toEqual([[0, true]]);
    vi.advanceTimersByTime(1);
    expect(sent).toEqual([[0, true], [7000, false]]);
    vi.advanceTimersByTime(60_000);
    expect(sent.length).toBe(2);
  });

  it("says stopped when the message is sent, and started again at the next key", () => {
    typing.keystroke();
    vi.advanceTimersByTime(1000);
    typing.stop();
    expect(sent).toEqual([[0, true], [1000, false]]);
    vi.advanceTimersByTime(10_000); // no late "stopped" from the idle timer
    expect(sent.length).toBe(2);
    typing.keystroke();
    expect(sent[2]).toEqual([11_000, true]);
  });

  it("stop without typing sends nothing; dispose forgets without a call", () => {
    typing.stop();
    expect(sent).toEqual([]);
    typing.keystroke();
    typing.dispose();
    vi.advanceTimersByTime(10_000);
    expect(sent).toEqual([[0, true]]);
  });
});
