// When the console tells the customer that the agent is typing: at most one SendTyping
// every 3 s while the agent types (the customer's indicator lasts 10 s, so it stays up
// without a call per keystroke), and one "stopped" after the message is sent.

export const TYPING_EVERY_MS = 3000;

export class TypingThrottle {
  private last = -Infinity;
  private active = false;

  constructor(private readonly everyMs = TYPING_EVERY_MS) {}

  /** After a keystroke at `now`: true when a SendTyping(active) is due. Internal notes and
   * an empty box say nothing. */
  onInput(now: number, text: string, internalNote: boolean): boolean {
    if (internalNote || !text.trim() || now - this.last < this.everyMs) return false;
    this.last = now;
    this.active = true;
    return true;
  }

  /** After the message went out: true when a SendTyping(active: false) is due (only if we
   * said we were typing). The next keystroke announces typing again at once. */
  onSent(): boolean {
    const was = this.active;
    this.active = false;
    this.last = -Infinity;
    return was;
  }
}
