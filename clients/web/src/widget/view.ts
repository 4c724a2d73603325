// The widget's DOM, inside a shadow root. Every text from the customer, the agent or the
// API goes in through textContent / text nodes, never as markup.
import type { Line } from "./transcript";
import { CSS } from "./styles";

export type Mode = "start" | "chatting" | "ended";

/** What the view asks of the chat logic. */
export interface ViewActions {
  start(name: string, subject: string): void;
  send(text: string): void;
  retry(key: string): void;
  keystroke(): void;
  newChat(): void;
  /** The panel opened or closed (read receipts wait until the customer can see). */
  visibilityChanged(): void;
}

type Child = Node | string | null | undefined | false;

/** `<tag attr=…>children</tag>`; attributes and text are set as data, never parsed. */
function h(tag: string, attrs: Record<string, string> = {}, ...children: Child[]): HTMLElement {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  for (const c of children) if (c) el.append(c);
  return el;
}

function chatIcon(): SVGSVGElement {
  const ns = "http://www.w3.org/2000/svg";
  const svg = document.createElementNS(ns, "svg");
  svg.setAttribute("viewBox", "0 0 24 24");
  svg.setAttribute("aria-hidden", "true");
  const path = document.createElementNS(ns, "path");
  path.setAttribute(
    "d",
    "M4 3h16a2 2 0 0 1 2 2v11a2 2 0 0 1-2 2H9l-5 4v-4H4a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2zm3 6.5a1.5 1.5 0 1 0 0 3 1.5 1.5 0 0 0 0-3zm5 0a1.5 1.5 0 1 0 0 3 1.5 1.5 0 0 0 0-3zm5 0a1.5 1.5 0 1 0 0 3 1.5 1.5 0 0 0 0-3z",
  );
  svg.append(path);
  return svg;
}

const STATUS_TEXT: Record<Line["status"], string> = {
  sending: "Sending…",
  sent: "Sent",
  read: "Read",
  failed: "Not sent",
};

/** The DOM of one message, and what it shows now (to touch only what changed). */
interface Shown {
  el: HTMLElement;
  who: HTMLElement | null;
  bubble: HTMLElement;
  meta: HTMLElement | null;
  sig: string;
  metaSig: string;
}

export class WidgetView {
  readonly host: HTMLElement;
  private mode: Mode = "start";
  private opened = false;
  private readonly root: HTMLElement;
  private readonly launcher: HTMLButtonElement;
  private readonly badge: HTMLElement;
  private readonly badgeText: HTMLElement;
  private readonly panel: HTMLElement;
  private readonly notice: HTMLElement;
  private readonly startPane: HTMLElement;
  private readonly startForm: HTMLFormElement;
  private readonly nameInput: HTMLInputElement;
  private readonly subjectInput: HTMLInputElement;
  private readonly nameError: HTMLElement;
  private readonly subjectError: HTMLElement;
  private readonly formError: HTMLElement;
  private readonly startButton: HTMLButtonElement;
  private readonly chatPane: HTMLElement;
  private readonly log: HTMLElement;
  private readonly empty: HTMLElement;
  private readonly typing: HTMLElement;
  private readonly chatError: HTMLElement;
  private readonly composer: HTMLFormElement;
  private readonly input: HTMLTextAreaElement;
  private readonly sendButton: HTMLButtonElement;
  private readonly endedBox: HTMLElement;
  private readonly newChatButton: HTMLButtonElement;
  private readonly shown = new Map<string, Shown>();

  constructor(
    title: string,
    private readonly actions: ViewActions,
    openShadow: boolean,
  ) {
    // A custom element name: the site's `div { … }` rules do not match the host.
    this.host = document.createElement("nexus-chat");
    this.host.id = "nexus-chat";
    // Closed, so the site's scripts cannot reach the chat. Browser tests of the widget
    // itself set data-test-open-shadow="1" on the script tag to look inside; never a site.
    const shadow = this.host.attachShadow({ mode: openShadow ? "open" : "closed" });
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(CSS);
    shadow.adoptedStyleSheets = [sheet];

    this.badge = h("span", { class: "badge", "aria-hidden": "true", hidden: "" });
    this.badgeText = h("span", { class: "sr-only" });
    this.launcher = h(
      "button",
      { type: "button", class: "launcher", "aria-expanded": "false", "aria-controls": "panel" },
      chatIcon(),
      "Chat with us",
      this.badgeText,
      this.badge,
    ) as HTMLButtonElement;
    this.launcher.addEventListener("click", () => (this.opened ? this.close() : this.open()));

    const closeButton = h("button", { type: "button", class: "close", "aria-label": "Close chat" }, "×");
    closeButton.addEventListener("click", () => this.close());
    this.notice = h("p", { class: "notice", role: "status", hidden: "" });

    // Start form.
    this.nameInput = h("input", {
      id: "name",
      name: "name",
      type: "text",
      required: "",
      maxlength: "200",
      autocomplete: "name",
      "aria-describedby": "name-error",
    }) as HTMLInputElement;
    this.nameError = h("p", { id: "name-error", class: "field-error", hidden: "" });
    this.subjectInput = h("input", {
      id: "subject",
      name: "subject",
      type: "text",
      maxlength: "500",
      "aria-describedby": "subject-error",
    }) as HTMLInputElement;
    this.subjectError = h("p", { id: "subject-error", class: "field-error", hidden: "" });
    this.formError = h("p", { class: "form-error", role: "alert", hidden: "" });
    this.startButton = h("button", { type: "submit", class: "primary" }, "Start chat") as HTMLButtonElement;
    this.startForm = h(
      "form",
      { novalidate: "" },
      this.formError,
      h(
        "div",
        { class: "field" },
        h("label", { for: "name" }, "Your name"),
        this.nameInput,
        this.nameError,
      ),
      h(
        "div",
        { class: "field" },
        h("label", { for: "subject" }, "What is it about? ", h("span", { class: "optional" }, "(optional)")),
        this.subjectInput,
        this.subjectError,
      ),
      this.startButton,
    ) as HTMLFormElement;
    // A field's problem goes once the customer edits it.
    for (const [input, error] of [
      [this.nameInput, this.nameError],
      [this.subjectInput, this.subjectError],
    ] as const) {
      input.addEventListener("input", () => {
        error.hidden = true;
        input.setAttribute("aria-invalid", "false");
      });
    }
    this.startForm.addEventListener("submit", (e) => {
      e.preventDefault();
      const name = this.nameInput.value.trim();
      if (!name) {
        this.startErrors("", { customer_name: "Please tell us your name." });
        return;
      }
      this.actions.start(name, this.subjectInput.value.trim());
    });
    this.startPane = h(
      "div",
      { class: "start" },
      h("p", { class: "intro" }, "Hi! Tell us who you are and we'll connect you with our team."),
      this.startForm,
    );

    // Chat.
    this.empty = h("p", { class: "empty" }, "Write your message below — we'll reply here.");
    this.log = h("div", { class: "log", role: "log", "aria-live": "polite", "aria-label": "Messages", tabindex: "0" }, this.empty);
    this.log.addEventListener("click", (e) => {
      const button = (e.target as Element).closest?.("button.retry");
      const key = button?.closest(".msg")?.getAttribute("data-key");
      if (key) this.actions.retry(key);
    });
    this.typing = h("p", { class: "typing", "aria-live": "polite" });
    this.chatError = h("p", { class: "error", role: "alert", hidden: "" });
    this.input = h("textarea", {
      id: "message",
      name: "message",
      rows: "1",
      maxlength: "32768",
      placeholder: "Type a message…",
    }) as HTMLTextAreaElement;
    this.sendButton = h("button", { type: "submit", class: "primary" }, "Send") as HTMLButtonElement;
    this.composer = h(
      "form",
      { class: "composer" },
      h("label", { for: "message", class: "sr-only" }, "Message"),
      this.input,
      this.sendButton,
    ) as HTMLFormElement;
    this.composer.addEventListener("submit", (e) => {
      e.preventDefault();
      this.submitMessage();
    });
    this.input.addEventListener("keydown", (e) => {
      // Enter sends, Shift+Enter starts a new line; not while an IME is composing.
      if (e.key === "Enter" && !e.shiftKey && !e.isComposing) {
        e.preventDefault();
        this.submitMessage();
      }
    });
    this.input.addEventListener("input", () => {
      if (this.input.value) this.actions.keystroke();
    });
    this.newChatButton = h("button", { type: "button", class: "primary" }, "Start a new chat") as HTMLButtonElement;
    this.newChatButton.addEventListener("click", () => this.actions.newChat());
    this.endedBox = h("div", { class: "ended", hidden: "" }, h("p", {}, "This chat has ended."), this.newChatButton);
    this.chatPane = h(
      "div",
      { class: "chat", hidden: "" },
      this.log,
      this.typing,
      this.chatError,
      this.endedBox,
      this.composer,
    );

    this.panel = h(
      "div",
      { id: "panel", class: "panel", role: "dialog", "aria-labelledby": "title", hidden: "" },
      h("div", { class: "head" }, h("h2", { id: "title" }, title), closeButton),
      this.notice,
      this.startPane,
      this.chatPane,
    );
    this.panel.addEventListener("keydown", (e) => {
      if (e.key === "Escape") {
        e.stopPropagation();
        this.close();
      }
    });
    this.root = h("div", { class: "root" }, this.panel, this.launcher);
    shadow.append(this.root);
    this.sync();
  }

  get isOpen(): boolean {
    return this.opened;
  }

  open(): void {
    if (this.opened) return;
    this.opened = true;
    this.sync();
    this.focusFirst();
    this.scrollToEnd();
    this.actions.visibilityChanged();
  }

  close(): void {
    if (!this.opened) return;
    this.opened = false;
    this.sync();
    this.launcher.focus();
  }

  showStart(message = ""): void {
    this.mode = "start";
    this.startForm.reset();
    this.startErrors(message, {});
    this.setBusy(false);
    this.setNotice("");
    this.setTyping("");
    this.setChatError("");
    this.clearTranscript();
    this.setUnread(0);
    this.sync();
    if (this.opened) this.focusFirst();
  }

  showChat(): void {
    const from = this.mode;
    this.mode = "chatting";
    this.input.disabled = false;
    this.sendButton.disabled = false;
    this.sync();
    if (this.opened && from !== "chatting") this.focusFirst();
  }

  showEnded(): void {
    this.mode = "ended";
    this.input.disabled = true;
    this.sendButton.disabled = true;
    this.setTyping("");
    this.setNotice("");
    this.sync();
    this.scrollToEnd();
    if (this.opened) this.newChatButton.focus();
  }

  setBusy(busy: boolean): void {
    this.startButton.disabled = busy;
    this.startButton.textContent = busy ? "Starting…" : "Start chat";
  }

  /** A failed StartChat: its message, and each field violation next to its field. */
  startErrors(message: string, fields: Record<string, string>): void {
    const show = (el: HTMLElement, text: string) => {
      el.textContent = text;
      el.hidden = !text;
    };
    const nameProblem = fields["customer_name"] ?? "";
    const subjectProblem = fields["subject"] ?? "";
    show(this.nameError, nameProblem);
    show(this.subjectError, subjectProblem);
    this.nameInput.setAttribute("aria-invalid", String(!!nameProblem));
    this.subjectInput.setAttribute("aria-invalid", String(!!subjectProblem));
    show(this.formError, message);
    if (nameProblem) this.nameInput.focus();
    else if (subjectProblem) this.subjectInput.focus();
  }

  setNotice(text: string): void {
    this.notice.textContent = text;
    this.notice.hidden = !text;
  }

  setTyping(text: string): void {
    if (this.typing.textContent !== text) this.typing.textContent = text;
  }

  /** Agent messages the customer has not seen (the panel was closed), on the launcher. */
  setUnread(count: number): void {
    const n = this.opened ? 0 : count;
    this.badge.textContent = n > 9 ? "9+" : String(n);
    this.badge.hidden = n === 0;
    this.badgeText.textContent = n === 0 ? "" : n === 1 ? ", 1 new message" : `, ${n} new messages`;
  }

  setChatError(text: string): void {
    this.chatError.textContent = text;
    this.chatError.hidden = !text;
  }

  /** Shows `lines` in order, touching only the messages that changed. */
  renderTranscript(lines: Line[], nameOf: (sender: string) => string): void {
    const atEnd = this.log.scrollHeight - this.log.scrollTop - this.log.clientHeight < 40;
    let grewMine = false;
    const keep = new Set(lines.map((l) => l.key));
    for (const [key, s] of this.shown) {
      if (!keep.has(key)) {
        s.el.remove();
        this.shown.delete(key);
      }
    }
    this.empty.hidden = lines.length > 0;
    let prev: Element = this.empty;
    let prevLine: Line | undefined;
    for (const line of lines) {
      let s = this.shown.get(line.key);
      if (!s) {
        s = this.createLine(line);
        this.shown.set(line.key, s);
        grewMine ||= line.mine;
      }
      this.updateLine(s, line, nameOf);
      // A run of messages from one agent is signed once on screen (still read out each time).
      const repeated = !!prevLine && !prevLine.mine && prevLine.sender === line.sender;
      s.who?.classList.toggle("sr-only", repeated);
      s.el.classList.toggle("cont", repeated);
      prevLine = line;
      if (prev.nextElementSibling !== s.el) prev.after(s.el);
      prev = s.el;
    }
    if (atEnd || grewMine) this.scrollToEnd();
  }

  private createLine(line: Line): Shown {
    const who = line.mine ? null : h("span", { class: "who" });
    const bubble = h("div", { class: "bubble" });
    const meta = line.mine ? h("div", { class: "meta" }) : null;
    // Screen readers hear who wrote each message; sighted users see it from the side.
    const el = h(
      "div",
      { class: `msg ${line.mine ? "mine" : "theirs"}`, "data-key": line.key },
      line.mine ? h("span", { class: "sr-only" }, "You: ") : null,
      who,
      bubble,
      meta,
    );
    return { el, who, bubble, meta, sig: "", metaSig: "" };
  }

  private updateLine(s: Shown, line: Line, nameOf: (sender: string) => string): void {
    if (s.who) {
      const name = nameOf(line.sender);
      if (s.who.textContent !== name) s.who.textContent = name;
    }
    const sig = JSON.stringify([line.text, line.attachments.map((a) => [a.filename, a.uri])]);
    if (sig !== s.sig) {
      s.sig = sig;
      s.bubble.replaceChildren(line.text);
      for (const a of line.attachments) s.bubble.append(attachmentLink(a.filename, a.uri));
    }
    if (s.meta) {
      const metaSig = `${line.status}|${line.error}`;
      if (metaSig !== s.metaSig) {
        s.metaSig = metaSig;
        s.el.classList.toggle("sending", line.status === "sending");
        s.el.classList.toggle("failed", line.status === "failed");
        s.el.setAttribute("data-status", line.status);
        if (line.status === "failed") {
          s.meta.replaceChildren(
            `Not sent: ${line.error || "something went wrong"}`,
            h("button", { type: "button", class: "retry" }, "Retry"),
          );
        } else {
          s.meta.textContent = STATUS_TEXT[line.status];
        }
      }
    }
  }

  private clearTranscript(): void {
    for (const s of this.shown.values()) s.el.remove();
    this.shown.clear();
    this.empty.hidden = false;
  }

  private submitMessage(): void {
    const text = this.input.value.trim();
    if (!text || this.input.disabled) return;
    this.input.value = "";
    this.actions.send(text);
  }

  private focusFirst(): void {
    if (!this.opened) return;
    if (this.mode === "start") this.nameInput.focus();
    else if (this.mode === "chatting") this.input.focus();
    else this.newChatButton.focus();
  }

  private scrollToEnd(): void {
    this.log.scrollTop = this.log.scrollHeight;
  }

  /** Reflects the state on the host, for the embedding site's styles and for tests. */
  private sync(): void {
    this.panel.hidden = !this.opened;
    this.root.classList.toggle("open", this.opened);
    if (this.opened) this.setUnread(0);
    this.launcher.setAttribute("aria-expanded", String(this.opened));
    this.startPane.hidden = this.mode !== "start";
    this.chatPane.hidden = this.mode === "start";
    this.endedBox.hidden = this.mode !== "ended";
    // Ended: the (disabled) message box gives way to "Start a new chat".
    this.composer.hidden = this.mode === "ended";
    this.host.setAttribute("data-state", this.opened ? this.mode : "closed");
  }
}

/** A link to an attachment, only for https URLs (no `javascript:` from a message). */
function attachmentLink(filename: string, uri: string): HTMLElement {
  let safe = false;
  try {
    safe = new URL(uri).protocol === "https:";
  } catch {
    safe = false;
  }
  const label = `📎 ${filename || "attachment"}`;
  const el = safe
    ? h("a", { href: uri, target: "_blank", rel: "noopener noreferrer" }, label)
    : h("span", {}, label);
  return h("span", { class: "files" }, el);
}
