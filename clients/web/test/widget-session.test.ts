import { describe, expect, it } from "vitest";
import { SessionStore, storageKey, type StoredSession } from "../src/widget/session";

class MemoryStorage {
  items = new Map<string, string>();
  getItem(k: string) {
    return this.items.get(k) ?? null;
  }
  setItem(k: string, v: string) {
    this.items.set(k, v);
  }
  removeItem(k: string) {
    this.items.delete(k);
  }
}

const NOW = 1_700_000_000_000;

function session(over: Partial<StoredSession> = {}): StoredSession {
  return {
    nexusUrl: "https://nexus.example.com",
    token: "eyJ.token",
    expireTime: NOW + 60_000,
    interaction: "interactions/i1",
    customer: "interactions/i1/participants/p1",
    cursor: "42",
    names: { "interactions/i1/participants/p2": "Maya" },
    ...over,
  };
}

describe("session storage", () => {
  it("keeps one session per nexus and widget key", () => {
    expect(storageKey("https://a.example", "nxk_1")).not.toEqual(storageKey("https://b.example", "nxk_1"));
    expect(storageKey("https://a.example", "nxk_1")).not.toEqual(storageKey("https://a.example", "nxk_2"));
  });

  it("loads what it saved", () => {
    const storage = new MemoryStorage();
    const store = new SessionStore(storage, "k", () => NOW);
    store.save(session());
    expect(new SessionStore(storage, "k", () => NOW).load()).toEqual(session());
    expect(new SessionStore(storage, "other", () => NOW).load()).toBeNull();
  });

  it("drops a session whose token has expired", () => {
    const storage = new MemoryStorage();
    new SessionStore(storage, "k", () => NOW).save(session({ expireTime: NOW + 1000 }));
    expect(new SessionStore(storage, "k", () => NOW + 999).load()).not.toBeNull();
    expect(new SessionStore(storage, "k", () => NOW + 1000).load()).toBeNull();
    expect(storage.items.has("k")).toBe(false);
  });

  it("clears", () => {
    const storage = new MemoryStorage();
    const store = new SessionStore(storage, "k", () => NOW);
    store.save(session());
    store.clear();
    expect(store.load()).toBeNull();
    expect(storage.items.size).toBe(0);
  });

  it("treats unreadable or tampered data as no session", () => {
    const storage = new MemoryStorage();
    const store = new SessionStore(storage, "k", () => NOW);
    for (const raw of ["{", "null", '"x"', JSON.stringify({ ...session(), token: 5 }), JSON.stringify({ ...session(), cursor: "1e9" })]) {
      storage.setItem("k", raw);
      expect(store.load()).toBeNull();
    }
  });

  it("works, without persisting, where storage throws", () => {
    const broken = {
      getItem(): string | null {
        throw new Error("SecurityError");
      },
      setItem() {
        throw new Error("QuotaExceededError");
      },
      removeItem() {
        throw new Error("SecurityError");
      },
    };
    const store = new SessionStore(broken, "k", () => NOW);
    expect(() => store.save(session())).not.toThrow();
    expect(store.load()).toBeNull();
    expect(() => store.clear()).not.toThrow();
  });
});
