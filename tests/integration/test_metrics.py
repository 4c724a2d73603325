"""Every process of a running stack is scraped (each server's and notifier's /metrics, and
Envoy's /stats/prometheus), the text parsed with prometheus_client's own parser, and the
figures checked to move as traffic flows: 10 interactions created through Envoy with a
webhook subscribed make 10 more CreateInteraction calls, 10 successful deliveries and 10
delivery lags, whichever replica or notifier did the work."""

from __future__ import annotations

import asyncio
import ssl
import urllib.error
import urllib.request

import httpx
import pytest

from nexus.gateway.process import Stack, free_port

from conftest import LOOPBACK_ALLOWLIST
from helpers import Samples, scrape, total, until

KEY = "nxs_metrics_test_key_0123456789"


def status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=5) as resp:
            return resp.status
    except urllib.error.HTTPError as exc:
        return exc.code


async def test_every_process_is_scraped_and_its_figures_move_with_the_traffic(
    db_url, tmp_path, ca_file, receiver
):
    replicas = 1 if db_url.startswith(("/", "sqlite")) or "://" not in db_url else 2
    env = {
        "NEXUS_NOTIFIER_ALLOWLIST": ",".join(LOOPBACK_ALLOWLIST),
        "NEXUS_NOTIFIER_CA_FILE": ca_file,
        "NEXUS_NOTIFIER_POLL_INTERVAL_S": "0.05",
        "NEXUS_HEARTBEAT_S": "1",
    }
    stack = Stack(
        state_dir=tmp_path / "stack",
        db=db_url,
        api_key=KEY,
        https_port=free_port(),
        server_env=env,
        replicas=replicas,
    )
    await asyncio.to_thread(stack.start)
    try:
        processes = [c.admin for c in (*stack.servers, *stack.notifiers)]
        assert all(processes) and len(processes) == (1 if replicas == 1 else 2 * replicas)
        for admin in processes:
            assert status(f"{admin}/livez") == 200
            await until(lambda a=admin: status(f"{a}/readyz") == 200, blocking=True)
        envoy = f"{stack.envoy_admin}/stats/prometheus"

        def everything() -> tuple[Samples, Samples]:
            ours = [s for admin in processes for s in scrape(f"{admin}/metrics")]
            return ours, scrape(envoy)

        before, envoy_before = await asyncio.to_thread(everything)
        async with httpx.AsyncClient(
            base_url=stack.url,
            verify=ssl.create_default_context(cafile=stack.ca),
            headers={"x-api-key": KEY},
        ) as http:
            hook = {"url": receiver.url(), "eventTypes": ["interaction.created"]}
            assert (await http.post("/v1/webhooks", json=hook)).status_code == 200
            for n in range(10):
                body = {"mediaType": "MEDIA_TYPE_CHAT", "subject": f"metrics {n}"}
                assert (await http.post("/v1/interactions", json=body)).status_code == 200
        await receiver.wait_for(lambda: len(receiver.at("/hook")) == 10)

        def settled() -> bool:  # the notifiers have recorded all ten, and nothing is pending
            ours = [s for admin in processes for s in scrape(f"{admin}/metrics")]
            done = total(ours, "nexus_webhook_attempts_total", outcome="success")
            pending = total(ours, "nexus_webhook_pending_deliveries")
            return done - total(before, "nexus_webhook_attempts_total") >= 10 and not pending

        await until(settled, blocking=True)
        after, envoy_after = await asyncio.to_thread(everything)

        def delta(name: str, **labels: str) -> float:
            return total(after, name, **labels) - total(before, name, **labels)

        created = {"method": "CreateInteraction", "code": "OK"}
        assert delta("nexus_rpc_requests_total", **created) == 10
        assert delta("nexus_rpc_duration_seconds_count", method="CreateInteraction") == 10
        assert delta("nexus_rpc_requests_total", method="CreateWebhook", code="OK") == 1
        assert delta("nexus_webhook_attempts_total", outcome="success") == 10
        assert delta("nexus_webhook_attempts_total", outcome="retry") == 0
        assert delta("nexus_webhook_delivery_lag_seconds_count") == 10
        assert delta("nexus_webhook_attempt_duration_seconds_count") == 10
        assert delta("nexus_store_group_commit_writes_sum") >= 11
        # What every process reads from the database agrees, and moved by the 11 events.
        heads = {v for n, _, v in after if n == "nexus_event_log_head_cursor"}
        assert len(heads) == 1 and delta("nexus_event_log_head_cursor") >= 11 * len(processes)
        assert {v for n, ls, v in after if n == "nexus_webhooks" and ls["state"] == "healthy"} == {
            1.0
        }
        for name in ("nexus_ready", "nexus_store_up"):
            assert [v for n, _, v in after if n == name] == [1.0] * len(processes)
        assert total(after, "process_resident_memory_bytes") > 0
        assert total(after, "nexus_event_loop_lag_seconds_count") > 0
        # Envoy's own figures: the 11 requests went through its nexus cluster.
        upstream = "envoy_cluster_upstream_rq_total"
        moved = total(envoy_after, upstream, envoy_cluster_name="nexus") - total(
            envoy_before, upstream, envoy_cluster_name="nexus"
        )
        assert moved >= 11
    finally:
        await asyncio.to_thread(stack.stop)


@pytest.mark.parametrize("path", ["/nothing", "/metrics/x"])
async def test_the_admin_port_answers_only_its_paths(path):
    from nexus.admin import Admin

    admin = Admin("server")
    await admin.start("127.0.0.1:0")
    try:
        url = f"http://127.0.0.1:{admin.port}"
        assert await asyncio.to_thread(status, url + path) == 404
        assert await asyncio.to_thread(status, url + "/readyz") == 503  # still migrating
        assert await asyncio.to_thread(status, url + "/livez") == 200
    finally:
        await admin.stop()
