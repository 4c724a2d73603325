// What the customer sees of the chat, as plain data: messages (the server's and the ones
// still on their way), who is typing, who is who, and whether the chat is over. No DOM and
// no network here, so every rule below is tested without a browser.
import type { Event } from "../gen/nexus/v1/event_pb";
import {
  Direction,
  ParticipantRole,
  State,
  type Attachment,
  type Interaction,
  type Message,
  type Participant,
} from "../gen/nexus/v1/interaction_pb";

export type SendStatus = "sending" | "sent" | "read" | "failed";

/** One message of the transcript. */
export interface Line {
  /** Stable id for the view: the message's name, or a local id until the server named it. */
  key: string;
  /** `interactions/{i}/messages/{m}`; empty while a customer's message is being sent. */
  name: string;
  /** True for the customer's own messages (INBOUND). */
  mine: boolean;
  text: string;
  attachments: Attachment[];
  /** The sending participant, when known. */
  sender: string;
  /** Position in the transcript; null until the server has it. */
  index: bigint | null;
  /** Set once the message was read (by the agent for the customer's messages). */
  read: boolean;
  /** The customer's messages: where the message is. */
  status: SendStatus;
  /** Why sending failed. */
  error: string;
  /** The idempotency id of the customer's message, reused by a retry. */
  requestId: string;
}

/** Someone other than the customer who is typing. */
interface Typist {
  sender: string;
  role: ParticipantRole;
}

export const UNKNOWN_SENDER = "Agent";

export class Transcript {
  private readonly byKey = new Map<string, Line>();
  /** Message name → key, for lines that kept their local key once the server named them. */
  private readonly keyOfName = new Map<string, string>();
  private readonly typists = new Map<string, Typist>();
  /** Participant name → display name. */
  readonly names: Record<string, string>;
  state: State = State.UNSPECIFIED;
  ended = false;
  private localIds = 0;

  constructor(names: Record<string, string> = {}) {
    this.names = { ...names };
  }

  /** The messages in transcript order: the server's by index, then those being sent. */
  lines(): Line[] {
    const all = [...this.byKey.values()];
    const named = all.filter((l) => l.index !== null);
    named.sort((a, b) => (a.index! < b.index! ? -1 : a.index! > b.index! ? 1 : 0));
    return [...named, ...all.filter((l) => l.index === null)];
  }

  line(key: string): Line | undefined {
    return this.byKey.get(key);
  }

  /** A page of ListMessages. */
  applyMessages(messages: Message[]): void {
    for (const m of messages) this.upsert(m);
  }

  /** The interaction as the server last described it. */
  applyInteraction(i: Interaction | undefined): void {
    if (!i) return;
    this.state = i.state;
    if (i.state === State.COMPLETED) this.end();
  }

  /** One event of the chat's stream. */
  applyEvent(e: Event): void {
    const r = e.resource;
    if (r.case === "message") {
      this.upsert(r.value);
    } else if (r.case === "participant") {
      this.learnName(r.value);
    } else if (r.case === "typing") {
      const t = r.value;
      if (t.role === ParticipantRole.CUSTOMER) return;
      const id = t.sender || `role:${t.role}`;
      if (e.type === "typing.started" && t.active && !this.ended) {
        this.typists.set(id, { sender: t.sender, role: t.role });
      } else if (e.type === "typing.stopped" || !t.active) {
        this.typists.delete(id);
      }
    }
    if (e.type === "interaction.state_changed" && e.stateChange?.toState === State.COMPLETED) {
      this.end();
    }
    this.applyInteraction(e.interactionSnapshot);
  }

  /** What the customer just wrote, shown at once as "sending". */
  addPending(text: string, requestId: string): Line {
    const line: Line = {
      key: `local-${++this.localIds}`,
      name: "",
      mine: true,
      text,
      attachments: [],
      sender: "",
      index: null,
      read: false,
      status: "sending",
      error: "",
      requestId,
    };
    this.byKey.set(line.key, line);
    return line;
  }

  /** SendMessage answered for the pending line `key`. */
  confirmSent(key: string, m: Message): void {
    const line = this.byKey.get(key);
    if (!line) return;
    const known = this.byName(m.name);
    if (known && known !== line) {
      // The stream delivered it first and it was not matched to this line: keep one.
      this.byKey.delete(key);
      this.upsert(m);
      return;
    }
    // Keyed by the local id still, so the view keeps the same element.
    this.merge(line, m);
  }

  failSend(key: string, error: string): void {
    const line = this.byKey.get(key);
    if (line && !line.name) {
      line.status = "failed";
      line.error = error;
    }
  }

  retrying(key: string): Line | undefined {
    const line = this.byKey.get(key);
    if (!line || line.status !== "failed") return undefined;
    line.status = "sending";
    line.error = "";
    return line;
  }

  /** Who is typing, for the indicator ("Maya is typing…"), or "" when nobody is. */
  typingText(): string {
    const who = [...new Set([...this.typists.values()].map((t) => this.nameOf(t.sender, t.role)))];
    if (who.length === 0) return "";
    return who.length === 1 ? `${who[0]} is typing…` : `${who.join(" and ")} are typing…`;
  }

  /** How an agent's or bot's message is signed. */
  nameOf(sender: string, role: ParticipantRole = ParticipantRole.UNSPECIFIED): string {
    return this.names[sender] || (role === ParticipantRole.BOT ? "Assistant" : UNKNOWN_SENDER);
  }

  /** In a queue, no agent yet. */
  waiting(): boolean {
    return !this.ended && (this.state === State.QUEUED || this.state === State.OFFERED);
  }

  /** Messages to the customer that are on screen and not yet marked read. */
  unreadFromAgents(): string[] {
    return this.lines()
      .filter((l) => !l.mine && !l.read && l.name)
      .map((l) => l.name);
  }

  private end(): void {
    this.ended = true;
    this.state = State.COMPLETED;
    this.typists.clear();
  }

  private learnName(p: Participant): void {
    if (p.role === ParticipantRole.CUSTOMER) return;
    const label = p.displayName || (p.role === ParticipantRole.BOT ? "Assistant" : "");
    if (label) this.names[p.name] = label;
  }

  private upsert(m: Message): void {
    // Internal notes are never the customer's to see; the server filters them, and this
    // holds even if one slipped through.
    if (m.internal || !m.name) return;
    let line = this.byName(m.name) ?? this.adopt(m);
    if (!line) {
      line = {
        key: m.name,
        name: m.name,
        mine: m.direction === Direction.INBOUND,
        text: m.text,
        attachments: m.attachments,
        sender: m.sender,
        index: null,
        read: false,
        status: "sent",
        error: "",
        requestId: "",
      };
      this.byKey.set(line.key, line);
    }
    this.merge(line, m);
    if (!line.mine) this.stopTypingOf(m.sender);
  }

  /** A customer's message that comes back on the stream before SendMessage answered (or
   * after it failed on the way back): the pending line with the same text. */
  private adopt(m: Message): Line | undefined {
    if (m.direction !== Direction.INBOUND) return undefined;
    for (const line of this.byKey.values()) {
      if (line.mine && !line.name && line.text === m.text) return line;
    }
    return undefined;
  }

  private byName(name: string): Line | undefined {
    return this.byKey.get(this.keyOfName.get(name) ?? name);
  }

  private merge(line: Line, m: Message): void {
    line.name = m.name;
    this.keyOfName.set(m.name, line.key);
    line.index = m.index;
    line.text = m.text;
    line.attachments = m.attachments;
    line.sender = m.sender;
    line.error = "";
    // A replayed older snapshot never un-reads a message.
    line.read = line.read || m.readTime !== undefined;
    line.status = line.read ? "read" : "sent";
  }

  private stopTypingOf(sender: string): void {
    for (const [id, t] of this.typists) {
      if (!t.sender || t.sender === sender) this.typists.delete(id);
    }
  }
}
