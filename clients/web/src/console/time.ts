// Dates as people read them on a busy screen: relative ("3 min ago"), with the exact ISO
// time one hover away.
import { timestampDate, type Timestamp } from "@bufbuild/protobuf/wkt";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** "just now", "42 s ago", "3 min ago", "5 h ago", "2 d ago", "in 4 min"; beyond 30 days
 * the calendar date (a relative "213 d ago" helps nobody). */
export function relativeTime(when: Date, now: Date = new Date()): string {
  const diff = now.getTime() - when.getTime();
  const abs = Math.abs(diff);
  if (abs < 10_000) return "just now";
  let amount: string;
  if (abs < MINUTE) amount = `${Math.floor(abs / 1000)} s`;
  else if (abs < HOUR) amount = `${Math.floor(abs / MINUTE)} min`;
  else if (abs < DAY) amount = `${Math.floor(abs / HOUR)} h`;
  else if (abs < 30 * DAY) amount = `${Math.floor(abs / DAY)} d`;
  else return when.toISOString().slice(0, 10);
  return diff >= 0 ? `${amount} ago` : `in ${amount}`;
}

/** A duration as "850 ms", "2.4 s", "3 min 5 s". */
export function shortDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < MINUTE) return `${(ms / 1000).toFixed(1)} s`;
  const m = Math.floor(ms / MINUTE);
  const s = Math.round((ms % MINUTE) / 1000);
  return s ? `${m} min ${s} s` : `${m} min`;
}

/** A protobuf Timestamp as a Date; undefined when unset. */
export function toDate(ts: Timestamp | undefined): Date | undefined {
  return ts ? timestampDate(ts) : undefined;
}

/** The value of an `<input type="datetime-local">` ("2025-01-31T14:05") as a Date in the
 * browser's time zone; undefined when empty or malformed. */
export function fromLocalInput(value: string): Date | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(value.trim());
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s] = m;
  const date = new Date(+y, +mo - 1, +d, +h, +mi, s ? +s : 0);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** A Date as an `<input type="datetime-local">` value in the browser's time zone. */
export function toLocalInput(date: Date): string {
  const p = (n: number) => String(n).padStart(2, "0");
  return (
    `${date.getFullYear()}-${p(date.getMonth() + 1)}-${p(date.getDate())}` +
    `T${p(date.getHours())}:${p(date.getMinutes())}`
  );
}
