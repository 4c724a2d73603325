"""Use cases of WebhookService (subscriptions; delivery is the notifier's)."""

from __future__ import annotations

import base64
import hashlib
import secrets

from nexus.core.base import IssuedSecret, UseCases, check_etag
from nexus.domain import events as ev
from nexus.domain import tokens
from nexus.domain import validation as val
from nexus.domain.errors import NotFound, Violations
from nexus.ids import new_id
from nexus.store.base import Principal
from nexus.v1 import webhook_pb2 as wpb
from nexus.v1 import webhook_service_pb2 as wspb

SECRET_PREFIX = "whsec_"
SECRET_BYTES = 32


def generate_secret() -> str:
    """``whsec_`` + base64 of 32 random bytes (Standard Webhooks allows 24 to 64)."""
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(SECRET_BYTES)).decode()


def etag_of(webhook: wpb.Webhook) -> str:
    copy = wpb.Webhook()
    copy.CopyFrom(webhook)
    copy.ClearField("etag")
    copy.ClearField("secret")
    return '"' + hashlib.sha256(copy.SerializeToString(deterministic=True)).hexdigest()[:16] + '"'


class Webhooks(UseCases):
    def _load_webhook(self, p: Principal, webhook_id: str, name: str) -> wpb.Webhook:
        webhook = self.ctx.store.get_webhook(p.tenant_id, webhook_id)
        if webhook is None:
            raise NotFound(name)
        return webhook

    def _normal_url(self, src: wpb.Webhook, v: Violations) -> wpb.Webhook:
        """``src`` with its URL in the egress client's normal form (``normal_url``)."""
        if not src.url:
            return src  # the domain's rules say "required"
        normal = wpb.Webhook()
        normal.CopyFrom(src)
        normal.url = self.ctx.normal_url(src.url, "webhook.url", v)
        return normal

    async def vet_webhook_url(
        self, req: wspb.CreateWebhookRequest | wspb.UpdateWebhookRequest
    ) -> None:
        """The SSRF guard before the write (``vet_url``)."""
        if isinstance(req, wspb.UpdateWebhookRequest):
            mask = list(req.update_mask.paths)
            if mask and mask != ["*"] and "url" not in mask:
                return
        await self.ctx.vet_url(req.webhook.url, "webhook.url")

    def store_webhook(self, p: Principal, webhook: wpb.Webhook, now: int) -> None:
        webhook.update_time.FromMicroseconds(now)
        webhook.etag = etag_of(webhook)
        self.ctx.store.put_webhook(p.tenant_id, webhook)

    def create_webhook(self, p: Principal, req: wspb.CreateWebhookRequest) -> wpb.Webhook:
        v = Violations()
        src = self._normal_url(req.webhook, v)
        val.webhook(src, v, set(val.UPDATABLE_WEBHOOK))
        val.request_meta(v, req.request_id)
        v.raise_if_any()
        issued = IssuedSecret()

        def work() -> wpb.Webhook:
            now = self.ctx.clock.now_us()
            webhook = wpb.Webhook(
                name=f"webhooks/{new_id()}",
                url=src.url,
                description=src.description,
                event_types=src.event_types,
                media_types=src.media_types,
                headers=src.headers,
                enabled=src.enabled if src.HasField("enabled") else True,
                format=src.format or wpb.WEBHOOK_FORMAT_STANDARD,
            )
            webhook.create_time.FromMicroseconds(now)
            self.store_webhook(p, webhook, now)
            secret = generate_secret()
            issued.secret_id = self.ctx.store.add_webhook_secret(
                webhook.name.rsplit("/", 1)[-1], secret, now
            )
            self.ctx.append(
                p,
                ev.webhook_event(
                    ev.WEBHOOK_CREATED, webhook, actor=self.ctx.actor(p, ""), now_us=now
                ),
            )
            created = wpb.Webhook()
            created.CopyFrom(webhook)
            created.secret = secret
            return created

        return self.ctx.idempotent(
            p, "CreateWebhook", req, req.request_id, wpb.Webhook, work, issued
        )

    def get_webhook(self, p: Principal, req: wspb.GetWebhookRequest) -> wpb.Webhook:
        (webhook_id,) = val.parse_name(req.name, "name", "webhooks")
        return self._load_webhook(p, webhook_id, req.name)

    def list_webhooks(
        self, p: Principal, req: wspb.ListWebhooksRequest
    ) -> wspb.ListWebhooksResponse:
        size = val.page_size(req.page_size)
        fp = tokens.fingerprint("webhooks", p.tenant_id)
        after = self.ctx.page_tokens.decode(req.page_token, fp, tokens.keyset)
        rows = self.ctx.store.list_webhooks(p.tenant_id, after, size + 1)
        page, token = self.ctx.page_tokens.split_page(rows, size, tokens.by_create_time, fp)
        return wspb.ListWebhooksResponse(webhooks=page, next_page_token=token)

    def update_webhook(self, p: Principal, req: wspb.UpdateWebhookRequest) -> wpb.Webhook:
        (webhook_id,) = val.parse_name(req.webhook.name, "webhook.name", "webhooks")
        src = req.webhook
        populated = [f.name for f, _ in src.ListFields()]
        paths = val.update_paths(list(req.update_mask.paths), populated, val.UPDATABLE_WEBHOOK)
        v = Violations()
        if "url" in paths:
            src = self._normal_url(src, v)
        val.webhook(src, v, set(paths))
        v.raise_if_any()

        def work() -> wpb.Webhook:
            webhook = self._load_webhook(p, webhook_id, src.name)
            check_etag(webhook, src.etag)
            changed = []
            for path in paths:
                if path == "enabled":
                    new = src.enabled if src.HasField("enabled") else True
                    if webhook.enabled != new:
                        webhook.enabled = new
                        changed.append(path)
                    if new:
                        webhook.ClearField("disabled_reason")
                elif getattr(webhook, path) != getattr(src, path):
                    field = getattr(webhook, path)
                    if path == "headers":
                        field.clear()
                        field.update(src.headers)
                    elif path in ("event_types", "media_types"):
                        del field[:]
                        field.extend(getattr(src, path))
                    else:
                        setattr(webhook, path, getattr(src, path))
                    changed.append(path)
            if not changed:
                return webhook
            now = self.ctx.clock.now_us()
            self.store_webhook(p, webhook, now)
            self.ctx.append(
                p,
                ev.webhook_event(
                    ev.WEBHOOK_UPDATED,
                    webhook,
                    actor=self.ctx.actor(p, ""),
                    now_us=now,
                    changed_fields=changed,
                ),
            )
            return webhook

        return self.ctx.write(work)

    def delete_webhook(self, p: Principal, req: wspb.DeleteWebhookRequest) -> None:
        (webhook_id,) = val.parse_name(req.name, "name", "webhooks")

        def work() -> wpb.Webhook:
            webhook = self._load_webhook(p, webhook_id, req.name)
            check_etag(webhook, req.etag)
            self.ctx.store.delete_webhook(p.tenant_id, webhook_id)
            self.ctx.append(
                p,
                ev.webhook_event(
                    ev.WEBHOOK_DELETED,
                    webhook,
                    actor=self.ctx.actor(p, ""),
                    now_us=self.ctx.clock.now_us(),
                ),
            )
            return webhook

        self.ctx.write(work)

    def rotate_secret(
        self, p: Principal, req: wspb.RotateWebhookSecretRequest
    ) -> wspb.RotateWebhookSecretResponse:
        (webhook_id,) = val.parse_name(req.name, "name", "webhooks")
        v = Violations()
        val.request_meta(v, req.request_id)
        grace_us = self.ctx.grace_period_us(req, v)
        v.raise_if_any()
        issued = IssuedSecret()

        def work() -> wspb.RotateWebhookSecretResponse:
            webhook = self._load_webhook(p, webhook_id, req.name)
            now = self.ctx.clock.now_us()
            secret = generate_secret()
            issued.secret_id = self.ctx.store.add_webhook_secret(webhook_id, secret, now)
            self.ctx.store.expire_webhook_secrets(
                webhook_id, keep=secret, expire_time_us=now + grace_us
            )
            webhook.previous_secret_expire_time.FromMicroseconds(now + grace_us)
            self.store_webhook(p, webhook, now)
            self.ctx.append(
                p,
                ev.webhook_event(
                    ev.WEBHOOK_SECRET_ROTATED, webhook, actor=self.ctx.actor(p, ""), now_us=now
                ),
            )
            return wspb.RotateWebhookSecretResponse(
                webhook=webhook,
                secret=secret,
                previous_secret_expire_time=webhook.previous_secret_expire_time,
            )

        return self.ctx.idempotent(
            p,
            "RotateWebhookSecret",
            req,
            req.request_id,
            wspb.RotateWebhookSecretResponse,
            work,
            issued,
        )
