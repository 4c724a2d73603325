// What the console remembers for this browser tab only (sessionStorage: gone when the tab
// closes, never in the URL): the API key and the agent name the user works as.
import type { Api } from "../shared/api";
import type { Caller } from "../gen/nexus/v1/access_pb";

const KEY = "nexus.console.apiKey";
const AGENT = "nexus.console.agent";

function storage(): Storage | undefined {
  try {
    return window.sessionStorage;
  } catch {
    return undefined; // storage disabled: the console still works until the tab reloads
  }
}

let memoryKey = "";
let memoryAgent = "";

export const session = {
  get apiKey(): string {
    return storage()?.getItem(KEY) ?? memoryKey;
  },
  set apiKey(value: string) {
    memoryKey = value;
    if (value) storage()?.setItem(KEY, value);
    else storage()?.removeItem(KEY);
  },
  get agent(): string {
    return storage()?.getItem(AGENT) ?? memoryAgent;
  },
  set agent(value: string) {
    memoryAgent = value;
    if (value) storage()?.setItem(AGENT, value);
    else storage()?.removeItem(AGENT);
  },
  clear(): void {
    this.apiKey = "";
    this.agent = "";
  },
};

/** Fired on window when the user changes the agent name (pages that show it re-render). */
export const AGENT_CHANGED = "nexus-console:agent";

/** What every page gets: the typed clients, who is signed in, and whether they are admin. */
export interface Ctx {
  api: Api;
  caller: Caller;
  admin: boolean;
}
