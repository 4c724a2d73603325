// Admin: the tenant's API keys — list (revoked ones too), create (the key shown once),
// revoke (after a confirmation in place).
import { ApiKeyRole, type ApiKey } from "../../gen/nexus/v1/access_pb";
import { badge, listAll, pageHeader, requestId, secretBox, statusLine, table, td, timeEl } from "../components";
import { busy, button, el, field } from "../dom";
import { clearProblem, errorArea, showProblem } from "../fields";
import { apiKeyRoleLabel } from "../labels";
import type { Ctx } from "../session";

/** Allowed origins from the textarea: one per line. */
export function parseOrigins(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((s) => s.trim())
    .filter(Boolean);
}

export function keysPage(root: HTMLElement, ctx: Ctx): () => void {
  const abort = new AbortController();
  const listArea = el("div", {});
  const secretArea = el("div", {});
  const status = statusLine();
  const form = createForm();
  form.hidden = true;
  const toggle = button("New API key", () => {
    form.hidden = !form.hidden;
    toggle.setAttribute("aria-expanded", String(!form.hidden));
    if (!form.hidden) form.querySelector("input")?.focus();
  });
  toggle.setAttribute("aria-expanded", "false");
  root.replaceChildren(pageHeader("API keys", toggle), secretArea, form, status, listArea);

  function createForm(): HTMLFormElement {
    const name = el("input", { type: "text", autocomplete: "off", placeholder: "support desk" });
    const role = el(
      "select",
      {},
      ...[ApiKeyRole.AGENT, ApiKeyRole.ADMIN, ApiKeyRole.WIDGET].map((r) => el("option", { value: String(r) }, apiKeyRoleLabel(r))),
    );
    const origins = el("textarea", { rows: 3, placeholder: "https://shop.example.com" });
    const originsField = field("Allowed origins", origins, {
      field: "api_key.allowed_origins",
      hint: "Widget keys only: one web origin per line; empty allows any origin.",
    });
    const syncRole = () => {
      originsField.hidden = Number(role.value) !== ApiKeyRole.WIDGET;
    };
    role.addEventListener("change", syncRole);
    syncRole();
    const submit = el("button", { type: "submit" }, "Create key");
    const f = el(
      "form",
      { className: "card form", "aria-label": "New API key" },
      el("h2", {}, "New API key"),
      errorArea(),
      field("Display name", name, { field: "api_key.display_name" }),
      field("Role", role, { field: "api_key.role" }),
      originsField,
      el("div", { className: "actions" }, submit),
    );
    f.addEventListener("submit", async (e) => {
      e.preventDefault();
      clearProblem(f);
      const r = Number(role.value) as ApiKeyRole;
      try {
        const key = await busy(submit, () =>
          ctx.api.access.createApiKey({
            apiKey: {
              displayName: name.value.trim(),
              role: r,
              allowedOrigins: r === ApiKeyRole.WIDGET ? parseOrigins(origins.value) : [],
            },
            requestId: requestId(),
          }),
        );
        f.reset();
        syncRole();
        f.hidden = true;
        toggle.setAttribute("aria-expanded", "false");
        secretArea.replaceChildren(
          secretBox(
            `Key created: ${key.displayName || key.prefix}`,
            "Copy the key now: it is shown only this once, and nexus keeps only its hash.",
            key.key,
          ),
        );
        secretArea.querySelector("button")?.focus();
        void load();
      } catch (err) {
        showProblem(f, err);
      }
    });
    return f;
  }

  function revokeCell(k: ApiKey): HTMLElement {
    const cell = el("div", { className: "row-actions" });
    if (k.revokeTime) return cell;
    if (k.name === ctx.caller.apiKey) {
      cell.append(el("span", { className: "muted small" }, "this session's key"));
      return cell;
    }
    const ask = button("Revoke", () => {
      const confirm = button(`Revoke ${k.displayName || k.prefix}`, async () => {
        clearProblem(cell);
        try {
          await busy(confirm, () => ctx.api.access.revokeApiKey({ name: k.name }));
          status.say(`Key ${k.displayName || k.prefix} revoked.`);
          void load();
        } catch (err) {
          showProblem(cell, err);
        }
      }, "danger small");
      const cancel = button("Cancel", () => {
        cell.replaceChildren(ask);
        ask.focus();
      }, "secondary small");
      cell.replaceChildren(el("span", { className: "small" }, "Sure? "), confirm, cancel);
      confirm.focus();
    }, "secondary small");
    cell.append(ask);
    return cell;
  }

  async function load(): Promise<void> {
    try {
      const keys = await listAll(async (pageToken) => {
        const r = await ctx.api.access.listApiKeys({ pageSize: 1000, pageToken, showRevoked: true }, { signal: abort.signal });
        return { items: r.apiKeys, next: r.nextPageToken };
      });
      listArea.replaceChildren(
        keys.length
          ? table(
              "API keys",
              ["Name", "Prefix", "Role", "Allowed origins", "Created", "State", ""],
              keys.map((k) =>
                el(
                  "tr",
                  { dataset: { apiKey: k.name }, className: k.revokeTime ? "revoked" : "" },
                  td(k.displayName || "—"),
                  td(el("code", {}, k.prefix)),
                  td(badge(apiKeyRoleLabel(k.role === ApiKeyRole.UNSPECIFIED ? ApiKeyRole.ADMIN : k.role), "role")),
                  td(k.allowedOrigins.length ? k.allowedOrigins.join("\n") : k.role === ApiKeyRole.WIDGET ? "any" : "—"),
                  td(timeEl(k.createTime)),
                  td(k.revokeTime ? el("span", {}, badge("Revoked", "bad"), " ", timeEl(k.revokeTime)) : badge("Active", "good")),
                  td(revokeCell(k)),
                ),
              ),
            )
          : el("p", { className: "empty-page" }, "No API keys."),
      );
    } catch (err) {
      if (!abort.signal.aborted) {
        listArea.replaceChildren();
        showProblem(listArea, err);
      }
    }
  }
  void load();
  return () => abort.abort();
}
