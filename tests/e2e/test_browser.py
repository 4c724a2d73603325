"""The console and the chat widget in a real browser (Debian's Chromium, driven by
Playwright) against a real ``nexus up``: a customer chats from a shop's page on another
origin, an agent answers from the console, the admin sees the webhook deliveries.

Screenshots of the widget and each console view are saved in the test's directory, and
into ``NEXUS_SCREENSHOTS`` when set (``docs/images`` holds the current ones:
``NEXUS_SCREENSHOTS=docs/images pytest tests/e2e/test_browser.py``). Times are printed,
never asserted: bench/web_bench.py measures speed.
"""

from __future__ import annotations

import json
import os
import shutil
import ssl
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from aiohttp import web

from nexus.gateway.process import free_port
from tests.e2e.up_process import Up

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
XSS = '<img src=x onerror="window.__xss=1;alert(1)">'
TIMEOUT_MS = 15_000  # generous: a shared machine; the printed times say how long it took

pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="scripts/test installs it")


def shop_page(nexus: str, widget_key: str) -> str:
    """A shop's page: the one script tag, under a strict CSP of the shop's own."""
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Acme Shop</title></head>
<body><h1>Acme Shop</h1><p>Questions? Our team is one click away.</p>
<script src="{nexus}/widget/widget.js" data-widget-key="{widget_key}" data-queue="support"
  data-title="Acme support" data-test-open-shadow="1" async></script>
</body></html>"""


async def no_icon(_: web.Request) -> web.Response:
    return web.Response(status=204)


@pytest.fixture
async def shop() -> AsyncIterator[dict[str, Any]]:
    """A website on another origin than nexus, which embeds the widget."""
    state: dict[str, Any] = {"html": ""}

    async def page(_: web.Request) -> web.Response:
        csp = (
            f"default-src 'none'; script-src {state['nexus']}; connect-src {state['nexus']};"
            " style-src 'self'; img-src 'self'"
        )
        return web.Response(
            text=state["html"], content_type="text/html", headers={"content-security-policy": csp}
        )

    app = web.Application()
    app.router.add_get("/", page)
    app.router.add_get("/favicon.ico", no_icon)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    port = free_port()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    state["origin"] = f"http://127.0.0.1:{port}"
    try:
        yield state
    finally:
        await runner.cleanup()


@pytest.fixture
def stack(tmp_path: Path, ca_file: str) -> Any:
    env = {
        "NEXUS_NOTIFIER_ALLOWLIST": "127.0.0.1/32,::1/128",
        "NEXUS_NOTIFIER_CA_FILE": ca_file,
        "NEXUS_NOTIFIER_RETRY_SCHEDULE_S": "0,1,2",
    }
    # The operator's CORS list names only its own app, as in production: the shop's origin
    # is on no list, so the widget's calls are readable only because its key admits it.
    up = Up(tmp_path, free_port(), env=env, args=("--cors-origin", "https://app.example"))
    try:
        yield up, tmp_path / ".nexus"
    finally:
        assert up.stop() == 0


class Watch:
    """Console errors, uncaught exceptions and dialogs of a page: none may happen."""

    def __init__(self, page: Any, name: str) -> None:
        self.problems: list[str] = []
        page.on("pageerror", lambda e: self.problems.append(f"{name}: {e}"))
        page.on(
            "console",
            lambda m: (
                m.type == "error"
                and "net::ERR_ABORTED" not in m.text
                and self.problems.append(f"{name} console: {m.text}")
            ),
        )

        async def dialog(d: Any) -> None:
            self.problems.append(f"{name}: a dialog opened: {d.message}")
            await d.dismiss()

        page.on("dialog", dialog)


async def test_a_customer_and_an_agent_chat_through_the_browser(
    stack, shop, receiver, tmp_path: Path
) -> None:
    from playwright.async_api import async_playwright

    up, state = stack
    port = up.value(r"nexus is up at https://[^:]+:(\d+)")
    base = f"https://127.0.0.1:{port}"
    admin = (state / "api_key").read_text().strip()
    shots = tmp_path / "screenshots"
    shots.mkdir()
    times: dict[str, float] = {}
    trust = ssl.create_default_context(cafile=str(state / "tls" / "ca.crt"))
    api = httpx.AsyncClient(base_url=base, verify=trust, headers={"x-api-key": admin})

    async def rest(method: str, path: str, body: dict | None = None) -> dict:
        r = await api.request(method, path, json=body)
        assert r.status_code == 200, r.text
        return r.json()

    agent_key = (await rest("POST", "/v1/apiKeys", {"role": "API_KEY_ROLE_AGENT"}))["key"]
    widget_key = (
        await rest(
            "POST",
            "/v1/apiKeys",
            {"role": "API_KEY_ROLE_WIDGET", "allowedOrigins": [shop["origin"]]},
        )
    )["key"]
    hook = await rest("POST", "/v1/webhooks", {"url": receiver.url()})
    shop["nexus"] = base
    shop["html"] = shop_page(base, widget_key)

    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            customer_ctx = await browser.new_context(
                ignore_https_errors=True, viewport={"width": 1100, "height": 760}
            )
            desk_ctx = await browser.new_context(
                ignore_https_errors=True, viewport={"width": 1360, "height": 1000}
            )
            customer, desk = await customer_ctx.new_page(), await desk_ctx.new_page()
            watches = [Watch(customer, "widget"), Watch(desk, "console")]
            w = "#nexus-chat"

            # -- the agent signs in; the board is live --------------------------------------
            await desk.goto(f"{base}/console/")
            await desk.get_by_label("API key").fill(agent_key)
            await desk.get_by_role("button", name="Sign in").click()
            await desk.locator(".live-status[data-live=live]").wait_for(timeout=TIMEOUT_MS)
            assert await desk.evaluate("sessionStorage.length") >= 1
            assert agent_key not in desk.url
            await desk.get_by_label("Agent name").fill("agent-7")
            await desk.get_by_label("Agent name").press("Tab")
            # when each interaction's row first appears (wall clock, as the server's)
            await desk.evaluate(
                """() => { window.__appeared = {};
                new MutationObserver(() => {
                  for (const r of document.querySelectorAll('[data-interaction]')) {
                    const n = r.dataset.interaction;
                    if (!(n in window.__appeared)) window.__appeared[n] = Date.now();
                  }
                }).observe(document.body, {subtree: true, childList: true}); }"""
            )

            # -- the customer opens the widget on the shop's page and writes ---------------
            started = time.monotonic()
            await customer.goto(shop["origin"] + "/")
            await customer.locator(f"{w}[data-ready='1']").wait_for(state="attached")
            times["widget first render (s)"] = time.monotonic() - started
            await customer.locator(f"{w} .launcher").click()
            await customer.locator(f"{w} #name").fill(f"Ada {XSS}")
            await customer.locator(f"{w} #subject").fill("My order has not arrived")
            await customer.locator(f"{w} #name").press("Enter")
            await customer.locator(f"{w}[data-state='chatting']").wait_for(state="attached")
            session = await customer.evaluate(
                """() => JSON.parse(sessionStorage.getItem(
                    Object.keys(sessionStorage).find(k => k.startsWith('nexus-chat:'))))"""
            )
            name = session["interaction"]
            assert session["token"] not in customer.url and not await customer_ctx.cookies()
            await customer.locator(f"{w} #message").fill("Hello! Where is my parcel?")
            await customer.locator(f"{w} #message").press("Enter")
            await customer.locator(f"{w} .msg.mine[data-status='sent']").wait_for()

            # -- it appears on the agent's board -------------------------------------------
            row = desk.locator(f'[data-interaction="{name}"][data-state="QUEUED"]')
            await row.wait_for(timeout=TIMEOUT_MS)
            created = (await rest("GET", f"/v1/{name}"))["createTime"]
            appeared_ms = await desk.evaluate(f"window.__appeared[{json.dumps(name)}]")
            times["chat on the board after it was created (s)"] = appeared_ms / 1000 - _epoch(
                created
            )
            assert "Ada" in await row.inner_text()
            await desk.screenshot(path=str(shots / "console-board.png"))

            # -- the agent accepts, types and replies; the customer sees both -------------
            await row.click()
            await desk.locator(".facts[data-state=QUEUED]").wait_for()
            await desk.get_by_role("button", name="Accept").click()
            await desk.locator(".facts[data-state=ACTIVE]").wait_for(timeout=TIMEOUT_MS)
            await desk.get_by_role("button", name="Join as agent-7").click()
            reply_box = desk.get_by_role("textbox", name="Reply")
            await reply_box.click()
            await desk.keyboard.type("Hi Ada", delay=50)
            await customer.locator(f"{w} .typing", has_text="typing").wait_for(timeout=TIMEOUT_MS)
            await customer.screenshot(path=str(shots / "widget-typing.png"))
            await reply_box.fill("Hi Ada, I'm checking the tracking for you.")
            await desk.get_by_role("button", name="Send").click()
            await customer.locator(f"{w} .msg.theirs", has_text="checking the tracking").wait_for(
                timeout=TIMEOUT_MS
            )
            # the agent read the customer's message: the widget says so
            await customer.locator(f"{w} .msg.mine[data-status='read']").first.wait_for(
                timeout=TIMEOUT_MS
            )

            # -- markup from the customer is text, in both pages ---------------------------
            await customer.locator(f"{w} #message").fill(XSS)
            await customer.locator(f"{w} #message").press("Enter")
            # (the customer's name holds markup too: two messages carry it)
            xss_message = desk.locator(".msg", has_text="onerror").nth(1)
            await xss_message.wait_for(timeout=TIMEOUT_MS)
            await customer.locator(f"{w} .msg.mine", has_text="onerror").wait_for()
            for page in (desk, customer):
                assert await page.evaluate("window.__xss") is None
            assert await desk.locator("main img").count() == 0
            assert await customer.locator(f"{w} img").count() == 0
            assert XSS in await xss_message.inner_text()
            await desk.screenshot(path=str(shots / "console-interaction.png"), full_page=True)
            await customer.screenshot(path=str(shots / "widget.png"))

            # -- a reload of the shop's page resumes the conversation ----------------------
            await customer.reload()
            await customer.locator(f"{w}[data-ready='1']").wait_for(state="attached")
            await customer.evaluate("window.NexusChat.open()")
            await customer.locator(f"{w}[data-state='chatting']").wait_for(state="attached")
            await customer.locator(f"{w} .msg.theirs", has_text="checking the tracking").wait_for()
            assert await customer.locator(f"{w} .msg").count() == 3
            await reply_box.fill("It arrives tomorrow.")
            await desk.get_by_role("button", name="Send").click()
            await customer.locator(f"{w} .msg.theirs", has_text="arrives tomorrow").wait_for(
                timeout=TIMEOUT_MS
            )

            # -- the admin sees the webhook's deliveries of these events, with attempts ----
            await receiver.wait_for(
                lambda: sum(name.encode() in r.body for r in receiver.received) >= 5
            )
            # (a new tab: the key is kept per tab, in sessionStorage)
            admin_page = await desk_ctx.new_page()
            watches.append(Watch(admin_page, "admin console"))
            await admin_page.goto(f"{base}/console/")
            await admin_page.get_by_label("API key").fill(admin)
            await admin_page.get_by_role("button", name="Sign in").click()
            await admin_page.locator(".live-status[data-live=live]").wait_for(timeout=TIMEOUT_MS)
            await admin_page.screenshot(path=str(shots / "console-board-admin.png"))
            await admin_page.goto(f"{base}/console/#/webhooks")
            await admin_page.locator("table.data a").first.wait_for()
            await admin_page.screenshot(path=str(shots / "console-webhooks.png"), full_page=True)
            await admin_page.goto(f"{base}/console/#/{hook['name']}")
            delivery = admin_page.locator("tr[data-delivery]", has_text="message.created").first
            await delivery.wait_for(timeout=TIMEOUT_MS)
            assert "Succeeded" in await delivery.inner_text()
            await delivery.get_by_role("button", name="Attempts").click()
            await admin_page.locator(
                ".attempts-row:not([hidden]) td", has_text="200"
            ).first.wait_for()
            await admin_page.screenshot(path=str(shots / "console-webhook.png"), full_page=True)
            await admin_page.goto(f"{base}/console/#/channels")
            await admin_page.locator("main h1").wait_for()
            await admin_page.screenshot(path=str(shots / "console-channels.png"), full_page=True)
            await admin_page.goto(f"{base}/console/#/keys")
            await admin_page.locator("tr[data-api-key]").first.wait_for()
            await admin_page.screenshot(path=str(shots / "console-keys.png"), full_page=True)

            # -- the agent completes the chat; the widget says it ended --------------------
            await desk.get_by_role("button", name="Complete…").click()
            await desk.locator(".action-form").get_by_role("button", name="Complete").click()
            await desk.locator(".facts[data-state=COMPLETED]").wait_for(timeout=TIMEOUT_MS)
            await customer.locator(f"{w}[data-state='ended']").wait_for(
                state="attached", timeout=TIMEOUT_MS
            )
            assert not await customer.evaluate(
                "Object.keys(sessionStorage).filter(k => k.startsWith('nexus-chat:')).length"
            )
            await customer.screenshot(path=str(shots / "widget-ended.png"))

            # the token lived only in the shop's sessionStorage: no cookie, nothing in
            # localStorage, and another origin's page has none of it
            assert not await customer_ctx.cookies()
            assert await customer.evaluate("localStorage.length") == 0
            elsewhere = await customer_ctx.new_page()
            await elsewhere.goto(shop["origin"].replace("127.0.0.1", "localhost") + "/")
            assert session["token"] not in await elsewhere.evaluate(
                "JSON.stringify({...sessionStorage, ...localStorage})"
            )

            problems = [p for watch in watches for p in watch.problems]
            assert problems == []
        finally:
            await browser.close()
            await api.aclose()

    # no key and no token in any log: nexus's, Envoy's access log, nexus up's own output
    logs = "\n".join(p.read_text() for p in (state / "logs").iterdir())
    logs += "\n".join(up.banner)
    for secret in (agent_key, widget_key, session["token"], session["token"].split(".")[2]):
        assert secret not in logs
    print("\n" + "\n".join(f"{k}: {v:.3f}" for k, v in times.items()))
    target = os.environ.get("NEXUS_SCREENSHOTS")
    if target:
        for shot in shots.iterdir():
            shutil.copyfile(shot, Path(target) / shot.name)


def _epoch(rfc3339: str) -> float:
    from datetime import datetime

    return datetime.fromisoformat(rfc3339.replace("Z", "+00:00")).timestamp()


AXE = Path(__file__).resolve().parents[2] / "clients/web/node_modules/axe-core/axe.min.js"


async def audit(page: Any, scope: str | None = None) -> list[str]:
    """axe-core's WCAG 2.1 A and AA rules on the page (or one element of it): the
    violations of serious or critical impact, one line each."""
    await page.add_script_tag(path=str(AXE))
    found = await page.evaluate(
        """async (scope) => {
          const r = await axe.run(scope ? document.querySelector(scope) : document,
            {runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']});
          return r.violations.filter(v => ['serious', 'critical'].includes(v.impact))
            .map(v => v.id + ': ' + v.help + ' @ ' + v.nodes.map(n => n.target.join(' ')).join(', '));
        }""",
        scope,
    )
    return list(found)


@pytest.mark.skipif(not AXE.exists(), reason="npm ci in clients/web installs axe-core")
async def test_console_and_widget_pass_an_accessibility_audit(stack, shop) -> None:
    """WCAG 2.1 AA, as axe-core checks it (contrast, labels, names, roles, landmarks), on
    each view an agent and a customer use."""
    from playwright.async_api import async_playwright

    up, state = stack
    port = up.value(r"nexus is up at https://[^:]+:(\d+)")
    base = f"https://127.0.0.1:{port}"
    admin = (state / "api_key").read_text().strip()
    trust = ssl.create_default_context(cafile=str(state / "tls" / "ca.crt"))
    async with httpx.AsyncClient(base_url=base, verify=trust, headers={"x-api-key": admin}) as api:
        widget = await api.post(
            "/v1/apiKeys",
            json={"role": "API_KEY_ROLE_WIDGET", "allowedOrigins": [shop["origin"]]},
        )
        chat = await api.post(
            "/v1/interactions", json={"mediaType": "MEDIA_TYPE_CHAT", "subject": "audit"}
        )
    shop["nexus"] = base
    shop["html"] = shop_page(base, widget.json()["key"])
    found: dict[str, list[str]] = {}
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            # the audit's script is injected into pages whose CSP would refuse it
            # Reduced motion: the panel opens without its fade, so colours are judged as
            # they stay, not half-way through the animation.
            ctx = await browser.new_context(
                ignore_https_errors=True, bypass_csp=True, reduced_motion="reduce"
            )
            page = await ctx.new_page()
            await page.goto(f"{base}/console/")
            await page.get_by_label("API key").wait_for()
            found["sign-in"] = await audit(page)
            await page.get_by_label("API key").fill(admin)
            await page.get_by_role("button", name="Sign in").click()
            await page.locator(".live-status[data-live=live]").wait_for(timeout=TIMEOUT_MS)
            found["board"] = await audit(page)
            for view, ready in [
                (chat.json()["name"], ".facts[data-state]"),
                ("webhooks", "main h1"),
                ("channels", "main h1"),
                ("keys", "main h1"),
            ]:
                await page.goto(f"{base}/console/#/{view}")
                await page.locator(ready).first.wait_for(timeout=TIMEOUT_MS)
                found[view.split("/")[0]] = await audit(page)
            # the audit can fail: an input without a label, low contrast
            await page.evaluate(
                """() => { const i = document.createElement('input');
                  const p = document.createElement('p'); p.textContent = 'faint';
                  p.style.color = '#eee'; document.querySelector('main').append(i, p); }"""
            )
            control = " ".join(await audit(page))
            assert "label" in control and "color-contrast" in control, control
            shop_page_ = await ctx.new_page()
            await shop_page_.goto(shop["origin"] + "/")
            w = "#nexus-chat"
            await shop_page_.locator(f"{w}[data-ready='1']").wait_for(state="attached")
            found["widget (closed)"] = await audit(shop_page_, w)
            await shop_page_.locator(f"{w} .launcher").click()
            await shop_page_.locator(f"{w}[data-state='start']").wait_for(state="attached")
            found["widget (start)"] = await audit(shop_page_, w)
            await shop_page_.locator(f"{w} #name").fill("Ada")
            await shop_page_.locator(f"{w} #name").press("Enter")
            await shop_page_.locator(f"{w}[data-state='chatting']").wait_for(state="attached")
            await shop_page_.locator(f"{w} #message").fill("Hello")
            await shop_page_.locator(f"{w} #message").press("Enter")
            await shop_page_.locator(f"{w} .msg.mine[data-status='sent']").wait_for()
            found["widget (chatting)"] = await audit(shop_page_, w)
        finally:
            await browser.close()
    assert {view: v for view, v in found.items() if v} == {}
