// Admin: the tenant's webhooks — the list with a create form, and one webhook's page with
// its deliveries, their attempts, and the operator's actions (test, redeliver, recover,
// rotate the secret, enable/disable).
import { durationMs, timestampFromDate } from "@bufbuild/protobuf/wkt";
import type { Delivery, DeliveryAttempt } from "../../gen/nexus/v1/delivery_pb";
import { DeliveryStatus } from "../../gen/nexus/v1/delivery_pb";
import type { Webhook } from "../../gen/nexus/v1/webhook_pb";
import { WebhookFormat } from "../../gen/nexus/v1/webhook_pb";
import { badge, listAll, pageHeader, requestId, secretBox, statusLine, table, td, timeEl } from "../components";
import { busy, button, el, field } from "../dom";
import { clearProblem, errorArea, showProblem } from "../fields";
import { deliveryStatusLabel, mediaLabel, shortName } from "../labels";
import { hrefOf } from "../router";
import type { Ctx } from "../session";
import { fromLocalInput, shortDuration, toLocalInput } from "../time";

function stateBadge(w: Webhook): HTMLElement {
  return w.enabled === false ? badge("Disabled", "bad") : badge("Enabled", "good");
}

/** Lines of a textarea, trimmed, empty ones dropped. */
export function lines(text: string): string[] {
  return text
    .split(/\r?\n|,/)
    .map((s) => s.trim())
    .filter(Boolean);
}

// -- the list ------------------------------------------------------------------------------

export function webhooksPage(root: HTMLElement, ctx: Ctx): () => void {
  const abort = new AbortController();
  const listArea = el("div", {});
  const secretArea = el("div", {});
  const form = createForm();
  const toggle = button("New webhook", () => {
    form.hidden = !form.hidden;
    toggle.setAttribute("aria-expanded", String(!form.hidden));
    if (!form.hidden) form.querySelector("input")?.focus();
  });
  toggle.setAttribute("aria-expanded", "false");
  form.hidden = true;
  root.replaceChildren(pageHeader("Webhooks", toggle), secretArea, form, listArea);

  function createForm(): HTMLFormElement {
    const url = el("input", { type: "url", required: true, placeholder: "https://example.com/hooks/nexus", autocomplete: "off" });
    const description = el("input", { type: "text", autocomplete: "off" });
    const types = el("textarea", { rows: 3, placeholder: "interaction.state_changed\nmessage.*" });
    const submit = el("button", { type: "submit" }, "Create webhook");
    const f = el(
      "form",
      { className: "card form", "aria-label": "New webhook" },
      el("h2", {}, "New webhook"),
      errorArea(),
      field("URL", url, { field: "webhook.url" }),
      field("Description", description, { field: "webhook.description" }),
      field("Event types", types, { field: "webhook.event_types", hint: "One per line; family.* matches a family; empty: every type." }),
      el("div", { className: "actions" }, submit),
    );
    f.addEventListener("submit", async (e) => {
      e.preventDefault();
      clearProblem(f);
      try {
        const w = await busy(submit, () =>
          ctx.api.webhooks.createWebhook({
            webhook: { url: url.value.trim(), description: description.value.trim(), eventTypes: lines(types.value) },
            requestId: requestId(),
          }),
        );
        f.reset();
        f.hidden = true;
        toggle.setAttribute("aria-expanded", "false");
        secretArea.replaceChildren(
          secretBox(
            "Webhook created: its signing secret",
            `Copy the secret of ${w.url} now: it is shown only this once. Receivers verify signatures with it.`,
            w.secret,
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

  async function load(): Promise<void> {
    try {
      const hooks = await listAll(async (pageToken) => {
        const r = await ctx.api.webhooks.listWebhooks({ pageSize: 1000, pageToken }, { signal: abort.signal });
        return { items: r.webhooks, next: r.nextPageToken };
      });
      if (!hooks.length) {
        listArea.replaceChildren(el("p", { className: "empty-page" }, "No webhooks yet."));
        return;
      }
      listArea.replaceChildren(
        table(
          "Webhooks",
          ["URL", "Description", "Event types", "State", "Created"],
          hooks.map((w) =>
            el(
              "tr",
              { dataset: { webhook: w.name } },
              td(el("a", { href: hrefOf(w.name) }, w.url)),
              td(w.description || "—"),
              td(w.eventTypes.length ? w.eventTypes.join(", ") : "all"),
              td(stateBadge(w), w.disabledReason ? el("span", { className: "muted small" }, ` ${w.disabledReason}`) : ""),
              td(timeEl(w.createTime)),
            ),
          ),
        ),
      );
    } catch (err) {
      if (!abort.signal.aborted) showProblem(listArea, err);
    }
  }
  void load();
  return () => abort.abort();
}

// -- one webhook ---------------------------------------------------------------------------

export function webhookPage(root: HTMLElement, ctx: Ctx, name: string): () => void {
  const abort = new AbortController();
  const { webhooks } = ctx.api;
  let hook: Webhook | undefined;
  const title = pageHeader("Webhook");
  const facts = el("dl", { className: "facts" });
  const status = statusLine();
  const secretArea = el("div", {});
  const actions = el("div", { className: "action-buttons" });
  const actionsCard = el(
    "section",
    { className: "card", "aria-labelledby": "wh-actions-h" },
    el("h2", { id: "wh-actions-h" }, "Actions"),
    errorArea(),
    actions,
    recoverForm(),
    status,
  );
  const deliveries = el("tbody", {});
  const more = el("div", { className: "actions" });
  const deliveriesCard = el(
    "section",
    { className: "card", "aria-labelledby": "wh-deliveries-h" },
    el("h2", { id: "wh-deliveries-h" }, "Deliveries"),
    errorArea(),
    el(
      "table",
      { className: "data" },
      el("caption", { className: "visually-hidden" }, "Deliveries, newest first"),
      el(
        "thead",
        {},
        el("tr", {}, ...["Event", "Interaction", "Status", "Attempts", "Last code", "Created", "Next attempt", ""].map((h) => el("th", { scope: "col" }, h))),
      ),
      deliveries,
    ),
    more,
  );
  root.replaceChildren(
    el("a", { href: "#/webhooks", className: "back" }, "← Webhooks"),
    title,
    secretArea,
    el("section", { className: "card", "aria-label": "Details" }, facts),
    actionsCard,
    deliveriesCard,
  );

  function render(w: Webhook): void {
    hook = w;
    title.querySelector("h1")!.textContent = w.url;
    document.title = `${w.url} · nexus console`;
    const rows: [string, Node | string][] = [
      ["State", stateBadge(w)],
      ["URL", w.url],
      ["Description", w.description || "—"],
      ["Event types", w.eventTypes.length ? w.eventTypes.join(", ") : "all"],
      ["Media types", w.mediaTypes.length ? w.mediaTypes.map(mediaLabel).join(", ") : "all"],
      ["Format", w.format === WebhookFormat.GENESYS ? "Genesys" : "Standard Webhooks"],
      ["Created", timeEl(w.createTime)],
      ["Updated", timeEl(w.updateTime)],
    ];
    if (w.disabledReason) rows.splice(1, 0, ["Disabled because", w.disabledReason]);
    if (w.previousSecretExpireTime) rows.push(["Previous secret signs until", timeEl(w.previousSecretExpireTime)]);
    facts.replaceChildren(...rows.map(([k, v]) => el("div", { className: "fact" }, el("dt", {}, k), el("dd", {}, v))));

    const enabled = w.enabled !== false;
    const test = button("Send test", () =>
      act(test, async () => {
        const r = await webhooks.testWebhook({ name });
        const a = r.attempt;
        const took = a?.latency ? ` in ${shortDuration(durationMs(a.latency))}` : "";
        status.say(a?.errorClass ? `Test failed: ${a.errorClass}${a.error ? ` — ${a.error}` : ""}${took}` : `Test sent: HTTP ${a?.statusCode ?? "?"}${took}.`);
        void loadDeliveries(true);
      }),
    );
    const rotate = button("Rotate secret", () =>
      act(rotate, async () => {
        const r = await webhooks.rotateWebhookSecret({ name, requestId: requestId() });
        if (r.webhook) render(r.webhook);
        const until = r.previousSecretExpireTime;
        secretArea.replaceChildren(
          secretBox(
            "New signing secret",
            `Copy it now: it is shown only this once.${until ? ` The previous secret keeps signing until ${new Date(Number(until.seconds) * 1000).toISOString()}.` : ""}`,
            r.secret,
          ),
        );
        status.say("Secret rotated.");
        secretArea.querySelector("button")?.focus();
      }),
      "secondary",
    );
    const flip = button(enabled ? "Disable" : "Enable", () =>
      act(flip, async () => {
        const w2 = await webhooks.updateWebhook({
          webhook: { name, enabled: !enabled, etag: hook?.etag ?? "" },
          updateMask: { paths: ["enabled"] },
        });
        render(w2);
        status.say(w2.enabled === false ? "Webhook disabled." : "Webhook enabled.");
      }),
      enabled ? "danger" : "",
    );
    actions.replaceChildren(test, rotate, flip);
  }

  async function act(b: HTMLButtonElement, work: () => Promise<void>, scope: HTMLElement = actionsCard): Promise<void> {
    clearProblem(scope);
    status.say("");
    try {
      await busy(b, work);
    } catch (err) {
      showProblem(scope, err);
    }
  }

  function recoverForm(): HTMLFormElement {
    const since = el("input", { type: "datetime-local", required: true, value: toLocalInput(new Date(Date.now() - 24 * 3600_000)) });
    const submit = el("button", { type: "submit", className: "secondary" }, "Recover failed deliveries");
    const f = el(
      "form",
      { className: "inline-form recover" },
      errorArea(),
      field("Recover since", since, { field: "start_time", hint: "Re-queues every FAILED delivery created since then." }),
      el("div", { className: "actions" }, submit),
    );
    f.addEventListener("submit", (e) => {
      e.preventDefault();
      const start = fromLocalInput(since.value);
      void act(submit, async () => {
        const r = await webhooks.recoverDeliveries({ name, startTime: start ? timestampFromDate(start) : undefined });
        status.say(`${r.recoveredCount} ${r.recoveredCount === 1 ? "delivery" : "deliveries"} re-queued.`);
        void loadDeliveries(true);
      }, f);
    });
    return f;
  }

  // -- deliveries --------------------------------------------------------------------------
  let nextToken = "";
  function deliveryRow(d: Delivery): HTMLTableRowElement[] {
    const detail = el("tr", { className: "attempts-row", hidden: true }, el("td", { colSpan: 8 }));
    const show = button("Attempts", () => toggleAttempts(d, detail, show), "link");
    show.setAttribute("aria-expanded", "false");
    const redeliver = button("Redeliver", () =>
      act(redeliver, async () => {
        await webhooks.redeliverEvent({ name, eventId: d.eventId });
        status.say(`Redelivery of ${d.eventId} queued.`);
        void loadDeliveries(true);
      }, deliveriesCard),
      "secondary small",
    );
    const kind = d.status === DeliveryStatus.SUCCEEDED ? "good" : d.status === DeliveryStatus.FAILED ? "bad" : "warn";
    const row = el(
      "tr",
      { dataset: { delivery: d.name } },
      td(el("span", { className: "mono" }, d.eventType), el("br", {}), el("span", { className: "muted small mono" }, d.eventId)),
      td(d.interaction ? el("a", { href: hrefOf(d.interaction) }, shortName(d.interaction)) : "—"),
      td(badge(deliveryStatusLabel(d.status), kind)),
      td(String(d.attemptCount)),
      td(d.lastStatusCode ? String(d.lastStatusCode) : "—"),
      td(timeEl(d.createTime)),
      td(d.status === DeliveryStatus.PENDING ? timeEl(d.nextAttemptTime) : "—"),
      td(el("div", { className: "row-actions" }, show, redeliver)),
    );
    return [row, detail];
  }

  async function toggleAttempts(d: Delivery, detail: HTMLTableRowElement, b: HTMLButtonElement): Promise<void> {
    const open = detail.hidden;
    detail.hidden = !open;
    b.setAttribute("aria-expanded", String(open));
    if (!open) return;
    const cell = detail.firstElementChild as HTMLElement;
    cell.replaceChildren(el("p", { className: "muted" }, "Loading attempts…"));
    try {
      const attempts = await listAll(async (pageToken) => {
        const r = await webhooks.listDeliveryAttempts({ parent: d.name, pageSize: 1000, pageToken });
        return { items: r.attempts, next: r.nextPageToken };
      });
      cell.replaceChildren(
        attempts.length
          ? table("Attempts", ["Time", "Status code", "Latency", "Result", "Response (excerpt)"], attempts.map(attemptRow))
          : el("p", { className: "muted" }, "No attempt yet."),
      );
    } catch (err) {
      cell.replaceChildren();
      showProblem(cell, err);
    }
  }

  async function loadDeliveries(reset: boolean): Promise<void> {
    if (reset) nextToken = "";
    clearProblem(deliveriesCard);
    try {
      const r = await webhooks.listDeliveries({ parent: name, pageSize: 50, pageToken: nextToken }, { signal: abort.signal });
      const rows = r.deliveries.flatMap(deliveryRow);
      if (reset) deliveries.replaceChildren(...rows);
      else deliveries.append(...rows);
      if (!deliveries.childElementCount) deliveries.append(el("tr", {}, el("td", { colSpan: 8, className: "muted" }, "No deliveries yet.")));
      nextToken = r.nextPageToken;
      more.replaceChildren(nextToken ? button("Load more", () => void loadDeliveries(false), "secondary") : "");
    } catch (err) {
      if (!abort.signal.aborted) showProblem(deliveriesCard, err);
    }
  }

  webhooks
    .getWebhook({ name }, { signal: abort.signal })
    .then((w) => {
      render(w);
      return loadDeliveries(true);
    })
    .catch((err) => {
      if (!abort.signal.aborted) showProblem(actionsCard, err);
    });
  return () => abort.abort();
}

/** The first part of a response body as text (it is stored as bytes; most are JSON or
 * plain text). */
export function responseExcerpt(body: Uint8Array, max = 300): string {
  if (!body.length) return "";
  const text = new TextDecoder("utf-8", { fatal: false }).decode(body).replace(/\s+/g, " ").trim();
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

function attemptRow(a: DeliveryAttempt): HTMLTableRowElement {
  const ok = !a.errorClass;
  return el(
    "tr",
    {},
    td(timeEl(a.attemptTime)),
    td(a.statusCode ? String(a.statusCode) : "—"),
    td(a.latency ? shortDuration(durationMs(a.latency)) : "—"),
    td(
      ok ? badge("OK", "good") : badge(a.errorClass, "bad"),
      a.error ? el("span", { className: "small" }, ` ${a.error}`) : "",
      a.trigger === "test" ? el("span", { className: "muted small" }, " (test)") : "",
    ),
    td(el("code", { className: "excerpt" }, responseExcerpt(a.responseBody) || "—")),
  );
}
