// @vitest-environment jsdom
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { Line } from "../src/widget/transcript";
import { WidgetView, type ViewActions } from "../src/widget/view";

function line(over: Partial<Line>): Line {
  return {
    key: "k1",
    name: "interactions/i/messages/m1",
    mine: false,
    text: "",
    attachments: [],
    sender: "interactions/i/participants/maya",
    index: 1n,
    read: false,
    status: "sent",
    error: "",
    requestId: "",
    ...over,
  };
}

describe("widget view", () => {
  let actions: { [K in keyof ViewActions]: ReturnType<typeof vi.fn> };
  let view: WidgetView;
  let shadow: ShadowRoot;
  const $ = <T extends Element = HTMLElement>(sel: string) => shadow.querySelector(sel) as T;

  beforeEach(() => {
    document.body.replaceChildren();
    actions = { start: vi.fn(), send: vi.fn(), retry: vi.fn(), keystroke: vi.fn(), newChat: vi.fn(), visibilityChanged: vi.fn() };
    view = new WidgetView("Talk to <b>us</b>", actions as unknown as ViewActions, true);
    document.body.append(view.host);
    shadow = view.host.shadowRoot!;
    view.showStart();
  });

  it("keeps the shadow root closed unless a browser test opens it", () => {
    const closed = new WidgetView("x", actions as unknown as ViewActions, false);
    expect(closed.host.shadowRoot).toBeNull();
    expect(shadow).not.toBeNull();
  });

  it("opens from the launcher into the start form, and Escape closes back to the launcher", () => {
    expect(view.host.getAttribute("data-state")).toBe("closed");
    $<HTMLButtonElement>(".launcher").click();
    expect(view.host.getAttribute("data-state")).toBe("start");
    expect($(".launcher").getAttribute("aria-expanded")).toBe("true");
    expect(shadow.activeElement?.id).toBe("name");
    $("#name").dispatchEvent(new KeyboardEvent("keydown", { key: "Escape", bubbles: true }));
    expect(view.host.getAttribute("data-state")).toBe("closed");
    expect(shadow.activeElement).toBe($(".launcher"));
  });

  it("shows the title and every message as text, never as markup", () => {
    expect($("h2").textContent).toBe("Talk to <b>us</b>");
    view.showChat();
    view.renderTranscript([line({ text: "<img src=x onerror=alert(1)>" })], () => "<i>Maya</i>");
    expect($(".bubble").textContent).toBe("<img src=x onerror=alert(1)>");
    expect($(".who").textContent).toBe("<i>Maya</i>");
    expect(shadow.querySelector("img, i, b")).toBeNull();
  });

  it("asks for a name before starting, and puts a server field violation next to its field", () => {
    view.open();
    $<HTMLFormElement>("form").requestSubmit();
    expect(actions.start).not.toHaveBeenCalled();
    expect($("#name-error").hidden).toBe(false);
    ($("#name") as HTMLInputElement).value = "  Ada ";
    ($("#subject") as HTMLInputElement).value = "Billing";
    $<HTMLFormElement>("form").requestSubmit();
    expect(actions.start).toHaveBeenCalledWith("Ada", "Billing");
    view.startErrors("invalid request", { customer_name: "at most 200 characters" });
    expect($("#name-error").textContent).toBe("at most 200 characters");
    expect($("#name").getAttribute("aria-invalid")).toBe("true");
    expect($(".form-error").textContent).toBe("invalid request");
  });

  it("sends with Enter, not with Shift+Enter, and reports typing", () => {
    view.showChat();
    const input = $<HTMLTextAreaElement>("#message");
    input.value = "hello";
    input.dispatchEvent(new Event("input"));
    expect(actions.keystroke).toHaveBeenCalledTimes(1);
    input.dispatchEvent(new KeyboardEvent("keydown", { key: "Enter", shiftKey: true, bubbles: true }));
    expect(actions.send).not.toHaveBeenCalled();
    input.dispatchEvent(new KeyboardEvent("keydown", { key: "Enter", bubbles: true }));
    expect(actions.send).toHaveBeenCalledWith("hello");
    expect(input.value).toBe("");
  });

  it("shows a failed message with its problem and a Retry button for that message", () => {
    view.showChat();
    view.renderTranscript(
      [line({ key: "local-1", name: "", mine: true, text: "hi", status: "failed", error: "no network", index: null })],
      () => "",
    );
    expect($(".msg.mine .meta").textContent).toContain("no network");
    $<HTMLButtonElement>(".retry").click();
    expect(actions.retry).toHaveBeenCalledWith("local-1");
  });

  it("updates a message in place as its status changes, in transcript order", () => {
    view.showChat();
    const mine = line({ key: "local-1", name: "", mine: true, text: "hi", status: "sending", index: null });
    view.renderTranscript([mine], () => "");
    const el = $(".msg.mine");
    expect(el.querySelector(".meta")?.textContent).toBe("Sending…");
    view.renderTranscript([line({ key: "m0", text: "welcome", index: 1n }), { ...mine, status: "read", index: 2n }], () => "Maya");
    expect($(".msg.mine")).toBe(el);
    expect(el.querySelector(".meta")?.textContent).toBe("Read");
    expect([...shadow.querySelectorAll(".bubble")].map((b) => b.textContent)).toEqual(["welcome", "hi"]);
  });

  it("ends: the message box is disabled and a new chat can be started", () => {
    view.open();
    view.showChat();
    view.showEnded();
    expect(view.host.getAttribute("data-state")).toBe("ended");
    expect($<HTMLTextAreaElement>("#message").disabled).toBe(true);
    expect($(".ended").textContent).toContain("This chat has ended.");
    expect(shadow.activeElement?.textContent).toBe("Start a new chat");
    (shadow.activeElement as HTMLButtonElement).click();
    expect(actions.newChat).toHaveBeenCalled();
  });

  it("counts unseen agent messages on the launcher while the panel is closed", () => {
    view.showChat();
    view.setUnread(2);
    expect($(".badge").hidden).toBe(false);
    expect($(".launcher").textContent).toContain("2 new messages");
    view.open();
    expect($(".badge").hidden).toBe(true);
    view.setUnread(3); // open: the customer sees them
    expect($(".badge").hidden).toBe(true);
  });
});
