"""Use cases of webhook deliveries: the attempt log, redelivery, recovery, test, disable."""

from __future__ import annotations

import re

from nexus.core.base import Context, UseCases
from nexus.core.webhooks import Webhooks
from nexus.domain import events as ev
from nexus.domain import tokens
from nexus.domain import validation as val
from nexus.domain.errors import FieldViolation, InvalidArgument, NotFound, Violations
from nexus.egress import payloads
from nexus.egress.deliverer import Deliverer, Job, Result, pending_delivery
from nexus.ids import new_id
from nexus.store.base import (
    AttemptRecord,
    DeliveryFilter,
    DeliveryRecord,
    DeliveryStatus,
    Principal,
)
from nexus.v1 import delivery_pb2 as dpb
from nexus.v1 import webhook_pb2 as wpb
from nexus.v1 import webhook_service_pb2 as wspb

_EVENT_ID = re.compile(r"^evt_[a-z0-9]{1,64}\Z")
NOTIFIER_ACTOR = "system/notifier"


def delivery_proto(d: DeliveryRecord) -> dpb.Delivery:
    out = dpb.Delivery(
        name=f"webhooks/{d.webhook_id}/deliveries/{d.id}",
        event_id=d.event_id,
        event_type=d.event_type,
        interaction=f"interactions/{d.order_key}" if d.order_key else "",
        status=dpb.DeliveryStatus.Name(d.status),
        attempt_count=d.attempts,
        last_status_code=d.last_status_code,
    )
    if d.status == DeliveryStatus.PENDING and d.next_attempt_time_us is not None:
        out.next_attempt_time.FromMicroseconds(d.next_attempt_time_us)
    out.create_time.FromMicroseconds(d.create_time_us)
    out.update_time.FromMicroseconds(d.update_time_us)
    return out


def attempt_proto(webhook_id: str, a: AttemptRecord) -> dpb.DeliveryAttempt:
    out = dpb.DeliveryAttempt(
        name=f"webhooks/{webhook_id}/deliveries/{a.delivery_id}/attempts/{a.id}",
        status_code=a.status_code,
        response_body=a.response_body,
        error_class=a.error_class,
        error=a.error,
        trigger=a.trigger,
    )
    out.attempt_time.FromMicroseconds(a.attempt_time_us)
    out.latency.FromMicroseconds(a.latency_us)
    if a.next_attempt_time_us is not None:
        out.next_attempt_time.FromMicroseconds(a.next_attempt_time_us)
    return out


class Deliveries(UseCases):
    """Deliveries of a webhook's events: listing, redelivery, recovery, tests."""

    def __init__(self, ctx: Context, webhooks: Webhooks) -> None:
        super().__init__(ctx)
        self.webhooks = webhooks
        self._deliverer: Deliverer | None = None

    @property
    def deliverer(self) -> Deliverer:
        """Sends TestWebhook pings from this process, with the notifier's client and rules."""
        if self._deliverer is None:
            self._deliverer = Deliverer(
                self.ctx.store, self.ctx.config.notifier, self.ctx.clock, self.disable_webhook
            )
        return self._deliverer

    async def close_egress(self) -> None:
        """Closes the HTTP connections TestWebhook opened."""
        if self._deliverer is not None:
            await self._deliverer.client.close()

    def _webhook(self, p: Principal, name: str, field: str) -> tuple[str, wpb.Webhook]:
        (webhook_id,) = val.parse_name(name, field, "webhooks")
        webhook = self.ctx.store.get_webhook(p.tenant_id, webhook_id)
        if webhook is None:
            raise NotFound(name)
        return webhook_id, webhook

    def list_deliveries(
        self, p: Principal, req: wspb.ListDeliveriesRequest
    ) -> wspb.ListDeliveriesResponse:
        size = val.page_size(req.page_size)
        v = Violations()
        for n, s in enumerate(req.statuses):
            val.enum_value(v, f"statuses[{n}]", dpb.DeliveryStatus, s, required=True)
        for n, t in enumerate(req.event_types):
            if t not in ev.EVENT_TYPES:
                v.add(f"event_types[{n}]", f"unknown event type {t!r}")
        start = req.start_time.ToMicroseconds() if req.HasField("start_time") else None
        end = req.end_time.ToMicroseconds() if req.HasField("end_time") else None
        if start is not None and end is not None and end <= start:
            v.add("end_time", "must be after start_time")
        v.raise_if_any()
        webhook_id, _ = self._webhook(p, req.parent, "parent")
        flt = DeliveryFilter(tuple(req.statuses), tuple(req.event_types), start, end)
        fp = tokens.fingerprint("deliveries", p.tenant_id, webhook_id, flt)
        after = self.ctx.page_tokens.decode(req.page_token, fp, tokens.keyset)
        rows = self.ctx.store.list_deliveries(p.tenant_id, webhook_id, flt, after, size + 1)
        page, token = self.ctx.page_tokens.split_page(
            rows, size, lambda d: [d.create_time_us, d.id], fp
        )
        return wspb.ListDeliveriesResponse(
            deliveries=[delivery_proto(d) for d in page], next_page_token=token
        )

    def list_attempts(
        self, p: Principal, req: wspb.ListDeliveryAttemptsRequest
    ) -> wspb.ListDeliveryAttemptsResponse:
        size = val.page_size(req.page_size)
        webhook_id, delivery_id = val.parse_name(req.parent, "parent", "webhooks", "deliveries")
        if self.ctx.store.get_delivery(p.tenant_id, webhook_id, delivery_id) is None:
            raise NotFound(req.parent)
        fp = tokens.fingerprint("attempts", p.tenant_id, delivery_id)
        after = self.ctx.page_tokens.decode(req.page_token, fp, tokens.integer) or 0
        rows = self.ctx.store.list_attempts(delivery_id, after, size + 1)
        page, token = self.ctx.page_tokens.split_page(rows, size, lambda a: a.id, fp)
        return wspb.ListDeliveryAttemptsResponse(
            attempts=[attempt_proto(webhook_id, a) for a in page], next_page_token=token
        )

    def redeliver(self, p: Principal, req: wspb.RedeliverEventRequest) -> dpb.Delivery:
        if not _EVENT_ID.match(req.event_id):
            what = "required" if not req.event_id else "must look like evt_..."
            raise InvalidArgument([FieldViolation("event_id", what)])
        webhook_id, webhook = self._webhook(p, req.name, "name")

        def work() -> dpb.Delivery:
            found = self.ctx.store.get_event(p.tenant_id, req.event_id)
            if found is None:
                raise NotFound(f"events/{req.event_id}")
            cursor, _, event = found
            if (
                webhook.format == wpb.WEBHOOK_FORMAT_GENESYS
                and payloads.genesys_event(event, first_queue=True) is None
            ):
                raise InvalidArgument(
                    [FieldViolation("event_id", "not an event GENESYS-format webhooks receive")]
                )
            now = self.ctx.clock.now_us()
            existing = self.ctx.store.find_delivery(webhook_id, cursor)
            if existing is not None:
                self.ctx.store.requeue_deliveries([existing.id], now)
                delivery_id = existing.id
            else:
                delivery_id = new_id()
                self.ctx.store.insert_deliveries(
                    [pending_delivery(webhook_id, p.tenant_id, cursor, event, now, delivery_id)]
                )
            self.ctx.pending_notify = True
            record = self.ctx.store.get_delivery(p.tenant_id, webhook_id, delivery_id)
            assert record is not None
            return delivery_proto(record)

        return self.ctx.write(work)

    def recover(
        self, p: Principal, req: wspb.RecoverDeliveriesRequest
    ) -> wspb.RecoverDeliveriesResponse:
        v = Violations()
        if not req.HasField("start_time"):
            v.add("start_time", "required")
        start = req.start_time.ToMicroseconds()
        end = req.end_time.ToMicroseconds() if req.HasField("end_time") else None
        if end is not None and end <= start:
            v.add("end_time", "must be after start_time")
        v.raise_if_any()
        webhook_id, _ = self._webhook(p, req.name, "name")

        def work() -> wspb.RecoverDeliveriesResponse:
            ids = self.ctx.store.failed_delivery_ids(p.tenant_id, webhook_id, start, end)
            self.ctx.store.requeue_deliveries(ids, self.ctx.clock.now_us())
            self.ctx.pending_notify = bool(ids)
            return wspb.RecoverDeliveriesResponse(recovered_count=len(ids))

        return self.ctx.write(work)

    def start_test(self, p: Principal, req: wspb.TestWebhookRequest) -> Job:
        """TestWebhook, before the call: a ``webhook.ping`` event and its delivery, leased
        to this request (the notifier leaves it alone)."""
        webhook_id, webhook = self._webhook(p, req.name, "name")

        def work() -> Job:
            now = self.ctx.clock.now_us()
            event = ev.webhook_event(
                ev.WEBHOOK_PING, webhook, actor=self.ctx.actor(p, ""), now_us=now
            )
            cursor = self.ctx.append_cursor(p, event)
            delivery_id = new_id()
            self.ctx.store.insert_deliveries(
                [pending_delivery(webhook_id, p.tenant_id, cursor, event, now, delivery_id)]
            )
            lease = now + int(self.ctx.config.notifier.lease_s * 1_000_000)
            claimed = self.ctx.store.lease_delivery(p.tenant_id, webhook_id, delivery_id, lease)
            assert claimed is not None
            return Job(claimed, webhook, self.ctx.store.webhook_secrets(webhook_id, now))

        return self.ctx.write(work)

    def finish_test(self, p: Principal, result: Result) -> wspb.TestWebhookResponse:
        """TestWebhook, after the call: records the attempt and answers with it."""
        self.deliverer.record([result])
        job = result.job
        webhook_id = job.delivery.webhook_id
        record = self.ctx.store.get_delivery(p.tenant_id, webhook_id, job.delivery.id)
        attempt = self.ctx.store.list_attempts(job.delivery.id, 0, 1000)[-1]
        assert record is not None
        return wspb.TestWebhookResponse(
            delivery=delivery_proto(record), attempt=attempt_proto(webhook_id, attempt)
        )

    def disable_webhook(self, tenant_id: str, webhook_id: str, reason: str) -> None:
        """The notifier's decision: disable and record ``webhook.disabled`` (joins the caller's
        transaction)."""
        p = Principal(tenant_id, "notifier", "notifier")

        def work() -> None:
            webhook = self.ctx.store.get_webhook(tenant_id, webhook_id)
            if webhook is None or not webhook.enabled:
                return
            now = self.ctx.clock.now_us()
            webhook.enabled = False
            webhook.disabled_reason = reason
            self.webhooks.store_webhook(p, webhook, now)
            self.ctx.append(
                p,
                ev.webhook_event(
                    ev.WEBHOOK_DISABLED,
                    webhook,
                    actor=NOTIFIER_ACTOR,
                    now_us=now,
                    changed_fields=["enabled", "disabled_reason"],
                ),
            )

        self.ctx.write(work)
