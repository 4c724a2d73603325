// The console's shell: sign-in, the top bar with navigation, and the router that mounts
// one page at a time into <main> (each page returns its own cleanup: streams, timers).
import { ApiKeyRole, type Caller } from "../gen/nexus/v1/access_pb";
import { connect, type Api } from "../shared/api";
import { refreshTimes } from "./components";
import { el, field } from "./dom";
import { clearProblem, errorArea, showNote, showProblem } from "./fields";
import { apiKeyRoleLabel } from "./labels";
import { ADMIN_PAGES, parseRoute, type Route } from "./router";
import { AGENT_CHANGED, session, type Ctx } from "./session";
import { boardPage } from "./views/board";
import { channelsPage } from "./views/channels";
import { interactionPage } from "./views/interaction";
import { keysPage } from "./views/keys";
import { webhookPage, webhooksPage } from "./views/webhooks";

/** Relative times ("3 min ago") drift; this re-renders them, never calling the API. */
const REFRESH_TIMES_MS = 30_000;

function api(key: string): Api {
  // Served by the same Envoy as the API, so the API is at our own origin.
  return connect(location.origin, () => ({ apiKey: key }));
}

/** GetCaller with `key`: the caller if the key may use the console, else an error message. */
async function identify(key: string): Promise<{ ctx: Ctx } | { error: unknown }> {
  const a = api(key);
  try {
    const caller = await a.access.getCaller({});
    if (caller.role !== ApiKeyRole.AGENT && caller.role !== ApiKeyRole.ADMIN) {
      return {
        error: new Error(
          caller.role === ApiKeyRole.WIDGET
            ? "This is a widget key: it can only start customer chats. Sign in with an agent or admin key."
            : "This key's role is unknown to the console. Sign in with an agent or admin key.",
        ),
      };
    }
    return { ctx: { api: a, caller, admin: caller.role === ApiKeyRole.ADMIN } };
  } catch (error) {
    return { error };
  }
}

export function start(app: HTMLElement): void {
  const key = session.apiKey;
  if (!key) return signIn(app);
  app.replaceChildren(el("p", { className: "loading-page" }, "Signing in…"));
  void identify(key).then((r) => {
    if ("ctx" in r) return shell(app, r.ctx);
    session.apiKey = "";
    signIn(app, r.error);
  });
}

function signIn(app: HTMLElement, earlier?: unknown): void {
  document.title = "Sign in · nexus console";
  const key = el("input", { type: "password", autocomplete: "off", required: true, spellcheck: false });
  const submit = el("button", { type: "submit" }, "Sign in");
  const form = el(
    "form",
    { className: "card signin-form", "aria-labelledby": "signin-h" },
    el("h1", { id: "signin-h" }, "nexus console"),
    el("p", { className: "muted" }, "Sign in with an agent or admin API key. It is kept in this browser tab only and forgotten when you sign out or close the tab."),
    errorArea(),
    field("API key", key, { field: "api_key" }),
    el("div", { className: "actions" }, submit),
  );
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    clearProblem(form);
    const value = key.value.trim();
    if (!value) return showNote(form, "Enter an API key.");
    submit.disabled = true;
    const r = await identify(value);
    submit.disabled = false;
    if ("ctx" in r) {
      session.apiKey = value;
      key.value = "";
      shell(app, r.ctx);
    } else {
      showFailure(form, r.error);
      key.focus();
    }
  });
  app.replaceChildren(el("main", { className: "signin", id: "main" }, form));
  if (earlier !== undefined) showFailure(form, earlier);
  key.focus();
}

function showFailure(form: HTMLElement, err: unknown): void {
  if (err instanceof Error && !("code" in err)) showNote(form, err.message);
  else showProblem(form, err);
}

function shell(app: HTMLElement, ctx: Ctx): void {
  const main = el("main", { id: "main", tabIndex: -1 });
  const links: [string, string, Route["page"][]][] = [["#/board", "Board", ["board", "interaction"]]];
  if (ctx.admin) {
    links.push(["#/webhooks", "Webhooks", ["webhooks", "webhook"]], ["#/channels", "Channels", ["channels"]], ["#/keys", "API keys", ["keys"]]);
  }
  const navLinks = links.map(([href, label, pages]) => {
    const a = el("a", { href }, label);
    return { a, pages };
  });
  const agent = el("input", { type: "text", id: "agent-name", autocomplete: "off", placeholder: "e.g. agent-7", value: session.agent });
  agent.addEventListener("change", () => {
    session.agent = agent.value.trim();
    agent.value = session.agent;
    window.dispatchEvent(new Event(AGENT_CHANGED));
  });
  const signOut = el("button", { type: "button", className: "secondary" }, "Sign out");
  const skip = el("a", { href: "#main", className: "skip-link" }, "Skip to content");
  skip.addEventListener("click", (e) => {
    e.preventDefault();
    main.focus();
  });
  const topbar = el(
    "header",
    { className: "topbar" },
    el("div", { className: "brand" }, "nexus", el("span", {}, " console")),
    el("nav", { "aria-label": "Main" }, ...navLinks.map((l) => l.a)),
    el(
      "div",
      { className: "who" },
      field("Agent name", agent),
      el(
        "div",
        { className: "identity", title: `${ctx.caller.tenant} · ${ctx.caller.apiKey}` },
        el("span", { className: "tenant" }, tenantLabel(ctx.caller)),
        el("span", { className: `badge badge-role` }, apiKeyRoleLabel(ctx.caller.role)),
      ),
      signOut,
    ),
  );
  app.replaceChildren(skip, topbar, main);

  let cleanup: (() => void) | undefined;
  let first = true;
  const route = () => {
    cleanup?.();
    cleanup = undefined;
    const r = parseRoute(location.hash);
    for (const l of navLinks) {
      if (l.pages.includes(r.page)) l.a.setAttribute("aria-current", "page");
      else l.a.removeAttribute("aria-current");
    }
    main.replaceChildren();
    document.title = "nexus console";
    cleanup = mount(main, ctx, r);
    // Move focus to the new page's heading so keyboard and screen-reader users land there.
    if (!first) main.querySelector<HTMLElement>("h1")?.focus();
    first = false;
  };
  window.addEventListener("hashchange", route);
  const ticker = setInterval(() => requestAnimationFrame(() => refreshTimes(main)), REFRESH_TIMES_MS);
  signOut.addEventListener("click", () => {
    cleanup?.();
    window.removeEventListener("hashchange", route);
    clearInterval(ticker);
    session.clear();
    signIn(app);
  });
  route();
}

/** The tenant id, shortened: ids are long hex strings; the full one is in the title. */
function tenantLabel(c: Caller): string {
  const id = c.tenant.replace(/^tenants\//, "");
  return id.length > 12 ? `tenant ${id.slice(0, 8)}…` : `tenant ${id || "?"}`;
}

function mount(main: HTMLElement, ctx: Ctx, r: Route): (() => void) | undefined {
  if (ADMIN_PAGES.has(r.page) && !ctx.admin) {
    main.append(el("h1", { tabIndex: -1 }, "Admins only"), el("p", {}, "This page needs an admin API key."));
    return undefined;
  }
  switch (r.page) {
    case "board":
      document.title = "Board · nexus console";
      return boardPage(main, ctx);
    case "interaction":
      return interactionPage(main, ctx, r.name);
    case "webhooks":
      document.title = "Webhooks · nexus console";
      return webhooksPage(main, ctx);
    case "webhook":
      return webhookPage(main, ctx, r.name);
    case "channels":
      document.title = "Channels · nexus console";
      return channelsPage(main, ctx);
    case "keys":
      document.title = "API keys · nexus console";
      return keysPage(main, ctx);
    default: {
      const h = el("h1", { tabIndex: -1 }, "Page not found");
      const p = el("p", {}, "There is no page at ");
      p.append(el("code", {}, r.hash), ". ", el("a", { href: "#/board" }, "Go to the board"), ".");
      main.append(h, p);
      return undefined;
    }
  }
}
