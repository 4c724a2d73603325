// The customer chat widget, embedded with one tag:
//
//   <script src="https://nexus.example.com/widget/widget.js" data-widget-key="nxk_…"
//           data-queue="support" data-title="Chat with us" async></script>
//
// data-widget-key (required) is the tenant's publishable WIDGET key; data-nexus-url
// (optional) where nexus answers, by default the origin that served this script;
// data-queue (optional) the queue new chats join; data-title (optional) the panel's heading.
// data-test-open-shadow="1" opens the shadow root, for the widget's own browser tests only.
//
// Built as an IIFE named NexusChat: `NexusChat.open()` and `NexusChat.close()` let the site
// open the chat from its own "Contact us" link.
import { Chat } from "./chat";
import { readConfig } from "./config";
import { SessionStore, storageKey } from "./session";
import { WidgetView } from "./view";

// Only while this script first runs does currentScript name its tag (null in callbacks).
const script = document.currentScript as HTMLScriptElement | null;

let view: WidgetView | null = null;
let wantOpen: boolean | null = null;

/** Opens the chat panel (once the widget is on the page, if it is not yet). */
export function open(): void {
  if (view) view.open();
  else wantOpen = true;
}

/** Closes the chat panel. */
export function close(): void {
  if (view) view.close();
  else wantOpen = false;
}

function sessionStorageOrNull(): Storage | null {
  try {
    return window.sessionStorage; // throws where storage is disabled
  } catch {
    return null;
  }
}

function mount(): void {
  if (document.getElementById("nexus-chat")) return; // the tag is on the page twice
  const cfg = readConfig(script);
  if (typeof cfg === "string") {
    console.error(`nexus chat widget: ${cfg}`);
    return;
  }
  const store = new SessionStore(sessionStorageOrNull(), storageKey(cfg.nexusUrl, cfg.widgetKey));
  const chat = new Chat(cfg, store);
  const v = new WidgetView(cfg.title, chat, cfg.openShadow);
  document.body.append(v.host);
  chat.attach(v);
  view = v;
  v.host.setAttribute("data-ready", "1");
  if (wantOpen) v.open();
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", mount);
else mount();
