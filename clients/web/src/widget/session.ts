// The chat session kept across reloads of the page. sessionStorage is per origin and per
// tab: another site cannot read it, a new tab starts a new chat, and a reload resumes this
// one. The token never goes into a cookie (sent to the site's own server) or a URL (logs,
// Referer).

/** What a reload needs to resume the chat. */
export interface StoredSession {
  /** The nexus the session belongs to, e.g. `https://nexus.example.com`. */
  nexusUrl: string;
  /** The session token (JWT), sent as `authorization: Bearer`. */
  token: string;
  /** When the token stops being accepted, in ms since the epoch. */
  expireTime: number;
  /** `interactions/{id}`. */
  interaction: string;
  /** The customer's participant, the sender of their messages. */
  customer: string;
  /** The cursor of the last event (or heartbeat) seen; decimal, as it is an int64. */
  cursor: string;
  /** Display names of participants seen so far (participant name → display name): their
   * `participant.joined` events are behind the cursor after a reload. */
  names: Record<string, string>;
}

/** The part of `Storage` the store uses, so tests can pass a plain object. */
export type KeyValueStorage = Pick<Storage, "getItem" | "setItem" | "removeItem">;

/** One key per nexus and widget key: two widgets on one page keep their chats apart. */
export function storageKey(nexusUrl: string, widgetKey: string): string {
  return `nexus-chat:${nexusUrl}:${widgetKey}`;
}

export class SessionStore {
  constructor(
    private readonly storage: KeyValueStorage | null,
    private readonly key: string,
    private readonly now: () => number = Date.now,
  ) {}

  save(session: StoredSession): void {
    try {
      this.storage?.setItem(this.key, JSON.stringify(session));
    } catch {
      // Storage full or disabled (private mode): the chat works, it just won't survive a
      // reload.
    }
  }

  /** The stored session, or null when there is none, it is unreadable, or its token has
   * expired (then it is removed). */
  load(): StoredSession | null {
    let raw: string | null = null;
    try {
      raw = this.storage?.getItem(this.key) ?? null;
    } catch {
      return null;
    }
    if (raw === null) return null;
    const s = parse(raw);
    if (s === null || s.expireTime <= this.now()) {
      this.clear();
      return null;
    }
    return s;
  }

  clear(): void {
    try {
      this.storage?.removeItem(this.key);
    } catch {
      // Nothing to do: a storage that cannot be written holds nothing of ours.
    }
  }
}

function parse(raw: string): StoredSession | null {
  let v: unknown;
  try {
    v = JSON.parse(raw);
  } catch {
    return null;
  }
  if (typeof v !== "object" || v === null) return null;
  const o = v as Record<string, unknown>;
  const strings = ["nexusUrl", "token", "interaction", "customer", "cursor"] as const;
  if (!strings.every((k) => typeof o[k] === "string")) return null;
  if (typeof o.expireTime !== "number" || !/^\d+$/.test(o.cursor as string)) return null;
  const names: Record<string, string> = {};
  if (typeof o.names === "object" && o.names !== null) {
    for (const [k, n] of Object.entries(o.names)) if (typeof n === "string") names[k] = n;
  }
  return {
    nexusUrl: o.nexusUrl as string,
    token: o.token as string,
    expireTime: o.expireTime,
    interaction: o.interaction as string,
    customer: o.customer as string,
    cursor: o.cursor as string,
    names,
  };
}
