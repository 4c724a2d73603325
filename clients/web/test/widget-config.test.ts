import { describe, expect, it } from "vitest";
import { readConfig } from "../src/widget/config";

function tag(attrs: Record<string, string>, src = "https://nexus.example.com/widget/widget.js") {
  return { src, getAttribute: (name: string) => attrs[name] ?? null };
}

describe("widget config from the script tag", () => {
  it("defaults nexus to the origin that served the script", () => {
    expect(readConfig(tag({ "data-widget-key": "nxk_1" }))).toEqual({
      widgetKey: "nxk_1",
      nexusUrl: "https://nexus.example.com",
      queue: "",
      title: "Chat with us",
      openShadow: false,
    });
  });

  it("reads the optional attributes", () => {
    const cfg = readConfig(
      tag({
        "data-widget-key": "nxk_1",
        "data-nexus-url": "https://chat.example.com/nexus/",
        "data-queue": "support",
        "data-title": "Talk to Acme",
        "data-test-open-shadow": "1",
      }),
    );
    expect(cfg).toMatchObject({
      nexusUrl: "https://chat.example.com/nexus",
      queue: "support",
      title: "Talk to Acme",
      openShadow: true,
    });
  });

  it("says what is wrong instead of starting", () => {
    expect(readConfig(null)).toMatch(/script/);
    expect(readConfig(tag({}))).toMatch(/data-widget-key/);
    expect(readConfig(tag({ "data-widget-key": "k", "data-nexus-url": "javascript:alert(1)" }))).toMatch(/not an http/);
  });
});
