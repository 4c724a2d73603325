import { describe, expect, it } from "vitest";
import { fromLocalInput, relativeTime, shortDuration, toLocalInput } from "../src/console/time";

const now = new Date("2025-03-10T12:00:00Z");
const ago = (ms: number) => new Date(now.getTime() - ms);

describe("relativeTime", () => {
  it.each([
    [0, "just now"],
    [9_000, "just now"],
    [42_000, "42 s ago"],
    [3 * 60_000 + 30_000, "3 min ago"],
    [5 * 3600_000, "5 h ago"],
    [2 * 86400_000 + 1000, "2 d ago"],
    [-4 * 60_000, "in 4 min"],
  ])("%i ms ago → %s", (ms, text) => expect(relativeTime(ago(ms), now)).toBe(text));

  it("gives the date beyond 30 days", () => {
    expect(relativeTime(new Date("2024-12-01T08:00:00Z"), now)).toBe("2024-12-01");
  });
});

describe("shortDuration", () => {
  it.each([
    [850, "850 ms"],
    [2400, "2.4 s"],
    [185_000, "3 min 5 s"],
    [120_000, "2 min"],
  ])("%i → %s", (ms, text) => expect(shortDuration(ms)).toBe(text));
});

describe("datetime-local values", () => {
  it("round-trips a local time", () => {
    const d = fromLocalInput("2025-01-31T14:05")!;
    expect([d.getFullYear(), d.getMonth(), d.getDate(), d.getHours(), d.getMinutes()]).toEqual([2025, 0, 31, 14, 5]);
    expect(toLocalInput(d)).toBe("2025-01-31T14:05");
  });
  it("refuses what is not one", () => {
    expect(fromLocalInput("")).toBeUndefined();
    expect(fromLocalInput("tomorrow")).toBeUndefined();
  });
});
