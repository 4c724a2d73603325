import { describe, expect, it } from "vitest";
import { ADMIN_PAGES, hrefOf, parseRoute } from "../src/console/router";

describe("parseRoute", () => {
  it.each([
    ["", { page: "board" }],
    ["#/", { page: "board" }],
    ["#/board", { page: "board" }],
    ["#/interactions/abc-123", { page: "interaction", name: "interactions/abc-123" }],
    ["#/webhooks", { page: "webhooks" }],
    ["#/webhooks/wh_1/", { page: "webhook", name: "webhooks/wh_1" }],
    ["#/channels", { page: "channels" }],
    ["#/keys", { page: "keys" }],
  ])("%s", (hash, route) => expect(parseRoute(hash)).toEqual(route));

  it("does not accept a name with a path or query in it", () => {
    expect(parseRoute("#/interactions/a/b").page).toBe("not-found");
    expect(parseRoute("#/interactions/a?x=1").page).toBe("not-found");
    expect(parseRoute("#/nope").page).toBe("not-found");
  });

  it("knows the admin pages", () => {
    expect(ADMIN_PAGES.has("keys")).toBe(true);
    expect(ADMIN_PAGES.has("board")).toBe(false);
    expect(ADMIN_PAGES.has("interaction")).toBe(false);
  });

  it("links a resource to its page", () => {
    expect(parseRoute(hrefOf("interactions/x9"))).toEqual({ page: "interaction", name: "interactions/x9" });
  });
});
