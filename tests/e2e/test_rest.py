"""REST/JSON through Envoy's transcoder over TLS: every RPC and the error mapping."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml
from openapi_schema_validator import OAS30Validator

CHAT = {"mediaType": "MEDIA_TYPE_CHAT", "subject": "order 42"}


def create(rest, **fields) -> dict:
    resp = rest.post("/v1/interactions", json={**CHAT, **fields})
    assert resp.status_code == 200, resp.text
    return resp.json()


def post(rest, name: str, verb: str, body: dict | None = None) -> dict:
    resp = rest.post(f"/v1/{name}:{verb}", json=body or {})
    assert resp.status_code == 200, resp.text
    return resp.json()


def detail(body: dict, kind: str) -> dict:
    return next(d for d in body["details"] if d["@type"].endswith(f"google.rpc.{kind}"))


def test_create_and_get_interaction(rest):
    created = create(rest, attributes={"lang": "en"})
    assert created["name"].startswith("interactions/")
    assert created["state"] == "STATE_NEW"
    got = rest.get(f"/v1/{created['name']}")
    assert got.status_code == 200
    assert got.json() == created
    assert got.headers["content-type"] == "application/json"


def test_list_pages_through_all_interactions(rest):
    names = {create(rest, channel="paging")["name"] for _ in range(5)}
    seen: list[str] = []
    token = ""
    pages = 0
    while True:
        params = {"pageSize": 2, "channel": "paging"} | ({"pageToken": token} if token else {})
        resp = rest.get("/v1/interactions", params=params)
        assert resp.status_code == 200, resp.text
        page = resp.json()
        assert len(page["interactions"]) <= 2
        seen += [i["name"] for i in page["interactions"]]
        pages += 1
        token = page["nextPageToken"]
        if not token:
            break
    assert set(seen) == names and len(seen) == len(names)
    assert pages >= 3


def test_update_with_field_mask_and_etag(rest):
    created = create(rest)
    resp = rest.patch(
        f"/v1/{created['name']}",
        params={"updateMask": "subject,priority"},
        json={"subject": "changed", "priority": 7, "etag": created["etag"], "channel": "ignored"},
    )
    assert resp.status_code == 200, resp.text
    updated = resp.json()
    assert (updated["subject"], updated["priority"]) == ("changed", 7)
    assert updated["channel"] == created["channel"]  # not in the mask
    assert updated["etag"] != created["etag"]

    stale = rest.patch(
        f"/v1/{created['name']}",
        params={"updateMask": "subject"},
        json={"subject": "again", "etag": created["etag"]},
    )
    assert stale.status_code == 409
    body = stale.json()
    assert body["code"] == 10  # ABORTED
    assert detail(body, "ErrorInfo")["reason"]


def test_every_lifecycle_method(rest):
    i = create(rest)
    name = i["name"]
    tomorrow = (dt.datetime.now(dt.UTC) + dt.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
    steps = [
        ("automate", {"bot": "bots/faq"}, "STATE_AUTOMATED"),
        ("wait", {"reason": "customer typing"}, "STATE_WAITING"),
        ("resume", {}, "STATE_AUTOMATED"),
        ("queue", {"queue": "queues/billing"}, "STATE_QUEUED"),
        ("offer", {"agent": "agents/ann"}, "STATE_OFFERED"),
        ("decline", {"reason": "busy"}, "STATE_QUEUED"),
        ("offer", {"agent": "agents/bob"}, "STATE_OFFERED"),
        ("accept", {}, "STATE_ACTIVE"),
        ("transfer", {"agent": "agents/cy"}, "STATE_ACTIVE"),
        ("snooze", {"snoozeUntil": tomorrow}, "STATE_SNOOZED"),
        ("resume", {}, "STATE_ACTIVE"),
        ("wrapUp", {}, "STATE_WRAP_UP"),
        ("complete", {"reason": "COMPLETION_REASON_RESOLVED"}, "STATE_COMPLETED"),
    ]
    for verb, body, state in steps:
        i = post(rest, name, verb, {**body, "etag": i["etag"]})
        assert i["state"] == state, verb
    assert i["completionReason"] == "COMPLETION_REASON_RESOLVED"
    model = rest.get("/v1/stateModel").json()
    assert "STATE_COMPLETED" in model["finalStates"]


def test_participants_and_messages(rest):
    name = create(rest)["name"]
    p = rest.post(
        f"/v1/{name}/participants",
        json={"role": "PARTICIPANT_ROLE_CUSTOMER", "displayName": "Dana", "identity": "+15550100"},
    )
    assert p.status_code == 200, p.text
    listed = rest.get(f"/v1/{name}/participants").json()["participants"]
    assert [x["name"] for x in listed] == [p.json()["name"]]
    removed = post(rest, p.json()["name"], "remove")
    assert removed["leaveTime"]

    m = rest.post(f"/v1/{name}/messages", json={"direction": "DIRECTION_INBOUND", "text": "hi"})
    assert m.status_code == 200, m.text
    msg = m.json()
    assert rest.get(f"/v1/{msg['name']}").json()["text"] == "hi"
    assert [x["name"] for x in rest.get(f"/v1/{name}/messages").json()["messages"]] == [msg["name"]]
    assert post(rest, msg["name"], "markRead")["readTime"]
    assert rest.get(f"/v1/{name}").json()["unreadCount"] == 0


def test_webhook_crud_and_rotation(rest):
    created = rest.post(
        "/v1/webhooks",
        json={"url": "https://hooks.example.com/nexus", "eventTypes": ["interaction.created"]},
    )
    assert created.status_code == 200, created.text
    hook = created.json()
    assert hook["secret"].startswith("whsec_")
    assert rest.get(f"/v1/{hook['name']}").json()["url"] == hook["url"]
    assert hook["name"] in [h["name"] for h in rest.get("/v1/webhooks").json()["webhooks"]]
    upd = rest.patch(
        f"/v1/{hook['name']}", params={"updateMask": "description"}, json={"description": "crm"}
    )
    assert upd.status_code == 200, upd.text
    assert upd.json()["description"] == "crm"
    rotated = post(rest, hook["name"], "rotateSecret", {"gracePeriod": "60s"})
    assert rotated["secret"].startswith("whsec_") and rotated["secret"] != hook["secret"]
    deleted = rest.delete(f"/v1/{hook['name']}")
    assert deleted.status_code == 200 and deleted.json() == {}
    assert rest.get(f"/v1/{hook['name']}").status_code == 404


def test_list_events(rest):
    name = create(rest)["name"]
    resp = rest.get("/v1/events", params={"interaction": name})
    assert resp.status_code == 200, resp.text
    assert [e["type"] for e in resp.json()["events"]] == ["interaction.created"]


def test_invalid_argument_is_400_with_field_violations(rest):
    resp = rest.post("/v1/interactions", json={"subject": "no media type"})
    assert resp.status_code == 400
    body = resp.json()
    assert body["code"] == 3 and body["message"]
    fields = [v["field"] for v in detail(body, "BadRequest")["fieldViolations"]]
    assert any("media_type" in f or "mediaType" in f for f in fields)


def test_illegal_transition_is_400_with_precondition_failure(rest):
    name = create(rest)["name"]
    resp = rest.post(f"/v1/{name}:accept", json={})
    assert resp.status_code == 400
    body = resp.json()
    assert body["code"] == 9  # FAILED_PRECONDITION
    assert detail(body, "PreconditionFailure")["violations"][0]["subject"] == name


def test_missing_or_wrong_key_is_401(gateway):
    with gateway.http() as anonymous:
        resp = anonymous.get("/v1/interactions")
    assert resp.status_code == 401
    assert resp.json()["code"] == 16
    with gateway.http("nxs_not_a_key") as wrong:
        assert wrong.get("/v1/interactions").status_code == 401


def test_other_tenants_resource_is_404(gateway, rest):
    name = create(rest)["name"]
    with gateway.http(gateway.key_b) as b:
        resp = b.get(f"/v1/{name}")
        assert resp.status_code == 404
        assert resp.json()["code"] == 5
        assert detail(resp.json(), "ResourceInfo")["resourceName"] == name
        assert name not in [i["name"] for i in b.get("/v1/interactions").json()["interactions"]]


@pytest.mark.parametrize(
    ("method", "path", "body", "status", "code", "reason"),
    [
        ("GET", "/v1/interactions?colour=blue", None, 400, 3, "MALFORMED_REQUEST"),
        ("POST", "/v1/interactions", b"{not json", 400, 3, "MALFORMED_REQUEST"),
        ("GET", "/v1/nowhere", None, 404, 5, "UNKNOWN_METHOD"),
        ("POST", "/v1/interactions/abc:explode", b"{}", 404, 5, "UNKNOWN_METHOD"),
    ],
)
def test_malformed_requests_rejected_by_envoy_with_status_body(
    rest, method, path, body, status, code, reason
):
    resp = rest.request(method, path, content=body)
    assert resp.status_code == status
    assert resp.headers["content-type"] == "application/json"
    error = resp.json()
    assert (error["code"], detail(error, "ErrorInfo")["reason"]) == (code, reason)
    assert error["message"]


def test_body_over_limit_is_413(rest):
    resp = rest.post("/v1/interactions", json={**CHAT, "subject": "x" * (2 * 1024 * 1024)})
    assert resp.status_code == 413
    error = resp.json()
    assert error["code"] == 8  # RESOURCE_EXHAUSTED
    assert detail(error, "ErrorInfo")["reason"] == "REQUEST_TOO_LARGE"


def test_responses_match_the_openapi_document(rest):
    """What Envoy returns is what docs/openapi.yaml promises (types and property names)."""
    spec = yaml.safe_load((Path(__file__).parents[2] / "docs" / "openapi.yaml").read_text())

    def check(instance: dict, schema_name: str) -> None:
        schema = spec["components"]["schemas"][schema_name]
        OAS30Validator({**schema, "components": spec["components"]}).validate(instance)
        assert set(instance) <= set(schema["properties"]), schema_name

    created = create(rest)
    check(created, "nexus.v1.Interaction")
    check(
        rest.get("/v1/interactions", params={"pageSize": 1}).json(),
        "nexus.v1.ListInteractionsResponse",
    )
    events = rest.get("/v1/events", params={"interaction": created["name"]}).json()
    check(events, "nexus.v1.ListEventsResponse")
    check(events["events"][0], "nexus.v1.Event")
    check(rest.get("/v1/interactions/missing").json(), "google.rpc.Status")


def test_timer_policies_over_rest(rest):
    listed = rest.get("/v1/timerPolicies")
    assert listed.status_code == 200, listed.text
    names = [p["name"] for p in listed.json()["timerPolicies"]]
    assert names == [f"timerPolicies/{m}" for m in ("chat", "email", "sms", "third-party")]
    resp = rest.patch(
        "/v1/timerPolicies/sms",
        params={"updateMask": "offerTimeout,queueTimeout"},
        json={"offerTimeout": "45s", "queueTimeout": "3600s"},
    )
    assert resp.status_code == 200, resp.text
    sms = resp.json()
    assert (sms["offerTimeout"], sms["queueTimeout"]) == ("45s", "3600s")
    assert (
        "offerTimeout" not in sms["defaultFields"] and "offer_timeout" not in sms["defaultFields"]
    )
    assert rest.get("/v1/timerPolicies/sms").json() == sms
    bad = rest.patch("/v1/timerPolicies/sms", json={"offerTimeout": "0s"})
    assert bad.status_code == 400
    violation = detail(bad.json(), "BadRequest")["fieldViolations"][0]
    assert violation["field"] == "timer_policy.offer_timeout"
    unknown = rest.get("/v1/timerPolicies/fax")
    assert unknown.status_code == 400
    # An offered chat shows its next timer.
    i = create(rest)
    post(rest, i["name"], "queue", {"queue": "sales"})
    offered = post(rest, i["name"], "offer", {"agent": "ann"})
    assert offered["nextTimer"]["timer"] == "TIMER_OFFER_TIMEOUT"
    listed = rest.get("/v1/interactions", params={"nextTimer": "TIMER_OFFER_TIMEOUT"})
    assert i["name"] in [x["name"] for x in listed.json()["interactions"]]
