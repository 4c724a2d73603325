// The customer's typing indicator: the server keeps an indicator for 10 s unless renewed,
// so renewing every 3 s while keys are pressed keeps it alive without a call per key, and
// 5 s without a key (or sending the message) says "stopped".
export const RENEW_MS = 3_000;
export const IDLE_MS = 5_000;

export class TypingNotifier {
  private active = false;
  private lastSent = 0;
  private idle: ReturnType<typeof setTimeout> | undefined;

  /** `send(active)` tells the server; its failures are the caller's to swallow. */
  constructor(private readonly send: (active: boolean) => void) {}

  /** A key was pressed in the message box. */
  keystroke(): void {
    const now = Date.now();
    if (!this.active || now - this.lastSent >= RENEW_MS) {
      this.active = true;
      this.lastSent = now;
      this.send(true);
    }
    clearTimeout(this.idle);
    this.idle = setTimeout(() => this.stop(), IDLE_MS);
  }

  /** The message was sent, or the customer went idle: stopped, if we said started. */
  stop(): void {
    clearTimeout(this.idle);
    this.idle = undefined;
    if (!this.active) return;
    this.active = false;
    this.send(false);
  }

  /** The chat is over: forget the indicator without a call. */
  dispose(): void {
    clearTimeout(this.idle);
    this.idle = undefined;
    this.active = false;
  }
}
