// The chat's logic: start or resume a session, load the transcript, follow the event
// stream (reconnecting from the last cursor), send, mark read, refresh the token, end.
import { timestampMs } from "@bufbuild/protobuf/wkt";
import { Code, ConnectError, connectChat, problem, type ChatApi, type Credential } from "../shared/api";
import type { Event } from "../gen/nexus/v1/event_pb";
import { Direction, ParticipantRole } from "../gen/nexus/v1/interaction_pb";
import { Backoff } from "./backoff";
import type { WidgetConfig } from "./config";
import { SessionStore, type StoredSession } from "./session";
import { Transcript } from "./transcript";
import { TypingNotifier } from "./typing";
import type { ViewActions, WidgetView } from "./view";

const OFFLINE = "Could not reach the chat service. Check your connection and try again.";
const GONE = "Your chat session is no longer valid. Please start a new chat.";
const RECONNECTING = "Connection lost — reconnecting…";
const QUEUED = "You're in the queue — an agent will be with you shortly.";
const RETRY_REFRESH_MS = 5_000;
/** Longest a setTimeout can wait (2^31-1 ms); a longer token life is refreshed early. */
const MAX_TIMER_MS = 2_147_483_647;

/** A v4 UUID; crypto.randomUUID exists only on https pages, a site may be plain http. */
export function uuid(): string {
  if (typeof crypto.randomUUID === "function") return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const x = [...b].map((n) => n.toString(16).padStart(2, "0")).join("");
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
}

function codeOf(err: unknown): Code {
  return ConnectError.from(err).code;
}

/** What to tell the customer about a failed call: the server's message, or for a request
 * that never got an answer, something better than the browser's "Failed to fetch". */
export function explain(err: unknown): string {
  const e = ConnectError.from(err);
  if (e.cause instanceof TypeError) return OFFLINE;
  return problem(e).message || OFFLINE;
}

export class Chat implements ViewActions {
  private readonly api: ChatApi;
  private session: StoredSession | null = null;
  private transcript = new Transcript();
  /** Bumped whenever a chat starts or stops: callbacks of an older chat ignore themselves. */
  private run = 0;
  private stream: AbortController | null = null;
  private reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  private refreshTimer: ReturnType<typeof setTimeout> | undefined;
  private refreshAt = 0;
  private readonly backoff = new Backoff();
  private readonly typing: TypingNotifier;
  /** Agent messages already marked read (or being marked). */
  private readonly marked = new Set<string>();
  /** One id per start form, so a retried StartChat never opens a second chat. */
  private startRequestId = uuid();
  private starting = false;
  private reconnecting = false;
  private view!: WidgetView;

  constructor(
    private readonly cfg: WidgetConfig,
    private readonly store: SessionStore,
  ) {
    const credential = (): Credential =>
      this.session ? { token: this.session.token } : { apiKey: cfg.widgetKey };
    this.api = connectChat(cfg.nexusUrl, credential);
    this.typing = new TypingNotifier((active) => {
      const s = this.session;
      if (!s) return;
      // Ephemeral: a lost indicator is not worth an error on screen.
      this.api.interactions
        .sendTyping({ name: s.interaction, role: ParticipantRole.CUSTOMER, active })
        .catch(() => undefined);
    });
    document.addEventListener("visibilitychange", () => {
      if (document.visibilityState !== "visible") return;
      // Timers sleep in background tabs: catch up on a refresh that came due meanwhile.
      if (this.session && Date.now() >= this.refreshAt) void this.refresh(this.run);
      this.markRead();
    });
  }

  /** Shows the stored chat if there is one, else the start form. */
  attach(view: WidgetView): void {
    this.view = view;
    const stored = this.store.load();
    if (stored && stored.nexusUrl === this.cfg.nexusUrl) {
      this.begin(stored, new Transcript(stored.names), true);
    } else {
      view.showStart();
    }
  }

  // -- what the view asks ------------------------------------------------------------

  async start(name: string, subject: string): Promise<void> {
    if (this.starting) return;
    this.starting = true;
    this.view.setBusy(true);
    this.view.startErrors("", {});
    try {
      const cs = await this.api.access.startChat({
        customerName: name,
        subject,
        queue: this.cfg.queue,
        requestId: this.startRequestId,
      });
      this.startRequestId = uuid();
      const session: StoredSession = {
        nexusUrl: this.cfg.nexusUrl,
        token: cs.token,
        expireTime: cs.expireTime ? timestampMs(cs.expireTime) : Date.now(),
        interaction: cs.interaction?.name ?? "",
        customer: cs.customer,
        cursor: cs.cursor.toString(),
        names: {},
      };
      this.store.save(session);
      const transcript = new Transcript();
      transcript.applyInteraction(cs.interaction);
      this.begin(session, transcript, false);
    } catch (err) {
      this.view.startErrors(explain(err), problem(err).fields);
    } finally {
      this.starting = false;
      this.view.setBusy(false);
    }
  }

  send(text: string): void {
    if (!this.session || this.transcript.ended) return;
    this.typing.stop();
    const line = this.transcript.addPending(text, uuid());
    this.render();
    void this.deliver(line.key);
  }

  retry(key: string): void {
    if (this.transcript.retrying(key)) {
      this.render();
      void this.deliver(key);
    }
  }

  keystroke(): void {
    if (this.session && !this.transcript.ended) this.typing.keystroke();
  }

  newChat(): void {
    this.stop();
    this.view.showStart();
  }

  visibilityChanged(): void {
    this.markRead();
  }

  // -- the session -------------------------------------------------------------------

  private begin(session: StoredSession, transcript: Transcript, resumed: boolean): void {
    this.stop();
    const run = this.run;
    this.session = session;
    this.transcript = transcript;
    this.view.showChat();
    this.render();
    this.scheduleRefresh(run);
    void this.follow(run, resumed);
  }

  /** Loads the transcript, then follows the event stream until the chat stops; every
   * failure is retried with backoff from the last cursor. */
  private async follow(run: number, resumed: boolean): Promise<void> {
    let checked = !resumed;
    let loaded = false;
    while (run === this.run && this.session) {
      const s = this.session;
      const token = s.token;
      const abort = new AbortController();
      this.stream = abort;
      try {
        if (!checked) {
          // A chat that ended while the page was away shows as ended at once.
          this.transcript.applyInteraction(
            await this.api.interactions.getInteraction({ name: s.interaction }),
          );
          checked = true;
        }
        if (!loaded) {
          await this.loadMessages(s.interaction, run);
          loaded = true;
          if (run !== this.run) return;
          this.render();
          if (this.transcript.ended) return this.finish();
        }
        const responses = this.api.events.watchEvents(
          { interaction: s.interaction, afterCursor: BigInt(s.cursor) },
          { signal: abort.signal },
        );
        for await (const res of responses) {
          if (run !== this.run) return;
          this.backoff.reset();
          if (this.reconnecting) {
            this.reconnecting = false;
            this.view.setNotice(this.noticeText());
          }
          if (res.item.case === "event") {
            this.onEvent(res.item.value);
            if (this.transcript.ended) return this.finish();
          } else if (res.item.case === "heartbeat") {
            this.saveCursor(res.item.value.cursor);
          }
        }
        // The stream ended without an error (a proxy's timeout): connect again.
      } catch (err) {
        if (run !== this.run || abort.signal.aborted) return;
        const code = codeOf(err);
        if (code === Code.Unauthenticated || code === Code.NotFound) {
          // A token refreshed meanwhile is worth one more try; otherwise the session is gone.
          if (this.session && this.session.token !== token) continue;
          return this.gone();
        }
        this.reconnecting = true;
        this.view.setNotice(this.noticeText());
      }
      const delay = this.backoff.next();
      await new Promise((resolve) => (this.reconnectTimer = setTimeout(resolve, delay)));
    }
  }

  private async loadMessages(parent: string, run: number): Promise<void> {
    let pageToken = "";
    do {
      const page = await this.api.interactions.listMessages({
        parent,
        excludeInternal: true,
        pageSize: 1000,
        pageToken,
      });
      if (run !== this.run) return;
      this.transcript.applyMessages(page.messages);
      pageToken = page.nextPageToken;
    } while (pageToken);
  }

  private onEvent(e: Event): void {
    this.transcript.applyEvent(e);
    if (this.session) this.session.names = { ...this.transcript.names };
    this.saveCursor(e.cursor);
    this.render();
  }

  private saveCursor(cursor: bigint): void {
    const s = this.session;
    if (!s || cursor <= BigInt(s.cursor)) return;
    s.cursor = cursor.toString();
    this.store.save(s);
  }

  private async deliver(key: string): Promise<void> {
    const run = this.run;
    const s = this.session;
    const line = this.transcript.line(key);
    if (!s || !line) return;
    try {
      const m = await this.api.interactions.sendMessage({
        parent: s.interaction,
        message: { direction: Direction.INBOUND, text: line.text },
        requestId: line.requestId,
      });
      if (run !== this.run) return;
      this.transcript.confirmSent(key, m);
    } catch (err) {
      if (run !== this.run) return;
      if (codeOf(err) === Code.Unauthenticated) return this.gone();
      this.transcript.failSend(key, explain(err));
    }
    this.render();
  }

  /** Read receipts for what the customer can actually see: the tab visible, the panel open. */
  private markRead(): void {
    if (!this.session || this.transcript.ended || !this.view.isOpen) return;
    if (document.visibilityState !== "visible") return;
    const run = this.run;
    for (const name of this.transcript.unreadFromAgents()) {
      if (this.marked.has(name)) continue;
      this.marked.add(name);
      this.api.interactions
        .markMessageRead({ name })
        .then((m) => {
          if (run !== this.run) return;
          this.transcript.applyMessages([m]);
          this.render();
        })
        // A lost receipt is not worth an error on screen.
        .catch(() => undefined);
    }
  }

  private scheduleRefresh(run: number): void {
    clearTimeout(this.refreshTimer);
    const s = this.session;
    if (!s) return;
    const wait = Math.min(Math.max(0, (s.expireTime - Date.now()) / 2), MAX_TIMER_MS);
    this.refreshAt = Date.now() + wait;
    this.refreshTimer = setTimeout(() => void this.refresh(run), wait);
  }

  /** Swaps the token for a fresh one at half its remaining life. */
  private async refresh(run: number): Promise<void> {
    if (run !== this.run || !this.session) return;
    clearTimeout(this.refreshTimer);
    this.refreshAt = Infinity; // one refresh at a time
    try {
      const cs = await this.api.access.refreshChatSession({});
      const s = this.session;
      if (run !== this.run || !s) return;
      s.token = cs.token;
      if (cs.expireTime) s.expireTime = timestampMs(cs.expireTime);
      this.store.save(s);
      this.scheduleRefresh(run);
    } catch (err) {
      const s = this.session;
      if (run !== this.run || !s) return;
      if (codeOf(err) === Code.Unauthenticated || s.expireTime <= Date.now()) return this.gone();
      // Try again soon, well before the token runs out.
      const wait = Math.min(RETRY_REFRESH_MS, (s.expireTime - Date.now()) / 2);
      this.refreshAt = Date.now() + wait;
      this.refreshTimer = setTimeout(() => void this.refresh(run), wait);
    }
  }

  /** The chat is over: keep the transcript on screen, forget the session. */
  private finish(): void {
    this.stop();
    this.store.clear();
    this.view.showEnded();
  }

  /** The session no longer works (expired, revoked): back to the start form. */
  private gone(): void {
    this.stop();
    this.store.clear();
    this.view.showStart(GONE);
  }

  /** Stops the stream and the timers of the current chat; callbacks still under way see
   * the new run number and do nothing. */
  private stop(): void {
    this.run += 1;
    this.stream?.abort();
    this.stream = null;
    clearTimeout(this.reconnectTimer);
    clearTimeout(this.refreshTimer);
    this.typing.dispose();
    this.backoff.reset();
    this.marked.clear();
    this.reconnecting = false;
    this.session = null;
  }

  private noticeText(): string {
    if (this.reconnecting) return RECONNECTING;
    return this.transcript.waiting() ? QUEUED : "";
  }

  private render(): void {
    const t = this.transcript;
    this.view.renderTranscript(t.lines(), (sender) => t.nameOf(sender));
    this.view.setTyping(t.typingText());
    this.view.setNotice(this.noticeText());
    this.markRead();
    this.view.setUnread(t.unreadFromAgents().length);
  }
}
