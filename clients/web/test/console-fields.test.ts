// @vitest-environment jsdom
import { create } from "@bufbuild/protobuf";
import { Code, ConnectError } from "@connectrpc/connect";
import { describe, expect, it } from "vitest";
import { BadRequestSchema } from "../src/gen/google/rpc/error_details_pb";
import { clearProblem, fieldCandidates, placeViolations, showProblem } from "../src/console/fields";
import { el, field } from "../src/console/dom";

describe("fieldCandidates", () => {
  it("goes from the exact path to the list and to the path without its message prefix", () => {
    expect(fieldCandidates("api_key.allowed_origins[0]")).toEqual([
      "api_key.allowed_origins[0]",
      "api_key.allowed_origins",
      "allowed_origins[0]",
      "allowed_origins",
    ]);
  });
  it("reads camelCase paths as snake_case", () => {
    expect(fieldCandidates("webhook.eventTypes[2]")).toContain("webhook.event_types");
  });
  it("handles map keys", () => {
    expect(fieldCandidates("webhook.headers['X-Y']")).toContain("webhook.headers");
  });
});

describe("placeViolations", () => {
  it("puts each violation on its input and the rest in the general list", () => {
    const placed = placeViolations(
      {
        "webhook.url": "must be https",
        "api_key.allowed_origins[0]": "not an origin",
        "api_key.allowed_origins[3]": "duplicate",
        request_id: "already used",
      },
      ["webhook.url", "api_key.allowed_origins", "api_key.display_name"],
    );
    expect(placed.byField.get("webhook.url")).toEqual(["must be https"]);
    expect(placed.byField.get("api_key.allowed_origins")).toEqual(["not an origin", "duplicate"]);
    expect(placed.general).toEqual(["request_id: already used"]);
  });
  it("matches an input named without the message prefix", () => {
    expect(placeViolations({ "interaction.queue": "required" }, ["queue"]).byField.get("queue")).toEqual(["required"]);
  });
});

function badRequest(message: string, violations: Record<string, string>): ConnectError {
  const detail = create(BadRequestSchema, {
    fieldViolations: Object.entries(violations).map(([field, description]) => ({ field, description })),
  });
  return new ConnectError(message, Code.InvalidArgument, undefined, [{ desc: BadRequestSchema, value: detail }]);
}

describe("showProblem", () => {
  function form() {
    const url = el("input", { type: "url" });
    const origins = el("textarea", {});
    const f = el("form", {}, field("URL", url, { field: "webhook.url" }), field("Origins", origins, { field: "api_key.allowed_origins" }));
    document.body.replaceChildren(f);
    return { f, url, origins };
  }

  it("shows each violation after its input, the message and the rest in the general area", () => {
    const { f, url, origins } = form();
    showProblem(f, badRequest("invalid webhook", { "webhook.url": "must be https", "api_key.allowed_origins[1]": "not an origin", other: "bad" }));
    expect(url.getAttribute("aria-invalid")).toBe("true");
    const note = document.getElementById(url.getAttribute("aria-describedby")!.split(" ").at(-1)!)!;
    expect(note.textContent).toBe("must be https");
    expect(origins.closest(".field")!.querySelector(".field-error")!.textContent).toBe("not an origin");
    const general = f.querySelector("[data-role='form-error']")!;
    expect(general.textContent).toContain("invalid webhook");
    expect(general.textContent).toContain("other: bad");
    expect(document.activeElement).toBe(url);
  });

  it("renders server text as text, never as markup", () => {
    const { f } = form();
    showProblem(f, new ConnectError("<img src=x onerror=alert(1)>", Code.FailedPrecondition));
    expect(f.querySelector("img")).toBeNull();
    expect(f.textContent).toContain("<img src=x onerror=alert(1)>");
  });

  it("clears the previous errors", () => {
    const { f, url } = form();
    showProblem(f, badRequest("bad", { "webhook.url": "must be https" }));
    clearProblem(f);
    expect(f.querySelectorAll(".field-error")).toHaveLength(0);
    expect(url.hasAttribute("aria-invalid")).toBe(false);
    expect((f.querySelector("[data-role='form-error']") as HTMLElement).hidden).toBe(true);
  });
});
