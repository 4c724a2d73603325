import { describe, expect, it } from "vitest";
import { TypingThrottle } from "../src/console/typing";

describe("TypingThrottle", () => {
  it("announces typing at most once every 3 s while keys are pressed", () => {
    const t = new TypingThrottle();
    const sent = [0, 500, 1000, 2999, 3000, 3500, 6000, 6100].filter((ms) => t.onInput(ms, "hello", false));
    expect(sent).toEqual([0, 3000, 6000]);
  });

  it("says nothing for an internal note or an empty box", () => {
    const t = new TypingThrottle();
    expect(t.onInput(0, "note", true)).toBe(false);
    expect(t.onInput(10, "   ", false)).toBe(false);
    expect(t.onSent()).toBe(false); // nothing announced, nothing to stop
  });

  it("stops once after sending, and the next keystroke announces again at once", () => {
    const t = new TypingThrottle();
    t.onInput(0, "a", false);
    expect(t.onSent()).toBe(true);
    expect(t.onSent()).toBe(false);
    expect(t.onInput(100, "b", false)).toBe(true);
  });
});
