import { describe, expect, it } from "vitest";
import { Backoff } from "../src/widget/backoff";

describe("reconnect backoff", () => {
  it("waits 1 s, doubling up to 30 s, then stays at 30 s", () => {
    const b = new Backoff();
    const delays = Array.from({ length: 8 }, () => b.next());
    expect(delays).toEqual([1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000]);
  });

  it("starts over at 1 s once a connection delivered something", () => {
    const b = new Backoff();
    b.next();
    b.next();
    b.next();
    b.reset();
    expect([b.next(), b.next()]).toEqual([1000, 2000]);
  });
});
