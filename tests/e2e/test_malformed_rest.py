"""REST bodies that do not fit the request message: 400 with a google.rpc.Status JSON body.

Most are refused by Envoy's transcoder itself (its reply is rewritten into a Status). One
is not: a JSON object where a string map value belongs is passed on as protobuf bytes the
server cannot parse; the server answers INVALID_ARGUMENT, which Envoy maps to 400.
"""

from __future__ import annotations

import pytest

CHAT = {"mediaType": "MEDIA_TYPE_CHAT"}


def _status(resp) -> dict:
    assert resp.status_code == 400, resp.text
    assert resp.headers["content-type"] == "application/json"
    status = resp.json()
    assert status["code"] == 3
    assert status["message"]
    for leak in ("Traceback", "DecodeError", "class '"):
        assert leak not in status["message"]
    return status


def _reason(status: dict) -> str:
    return next(d["reason"] for d in status["details"] if d["@type"].endswith("ErrorInfo"))


def test_object_for_a_string_map_value_is_400_from_the_server(rest):
    """The transcoder encodes it, the server cannot parse it: before, HTTP 500."""
    resp = rest.post("/v1/interactions", json={**CHAT, "attributes": {"k": {"x": 1}}})
    status = _status(resp)
    assert status["message"] == (
        "request is not a valid nexus.v1.CreateInteractionRequest: wire format was corrupt"
    )
    assert _reason(status) == "MALFORMED_REQUEST"


@pytest.mark.parametrize(
    "body",
    [
        pytest.param({**CHAT, "attributes": {"k": 1}}, id="number-map-value"),
        pytest.param({**CHAT, "attributes": ["k"]}, id="list-for-map"),
        pytest.param({**CHAT, "priority": "high"}, id="string-for-int"),
        pytest.param({**CHAT, "priority": 2**40}, id="int-overflow"),
        pytest.param({"mediaType": "NO_SUCH_VALUE"}, id="unknown-enum-name"),
        pytest.param({**CHAT, "subject": {"a": 1}}, id="object-for-string"),
        pytest.param({**CHAT, "createTime": "10000-01-01T00:00:00Z"}, id="timestamp-out-of-range"),
    ],
)
def test_body_of_the_wrong_shape_is_400_with_a_status(rest, body):
    assert _reason(_status(rest.post("/v1/interactions", json=body))) == "MALFORMED_REQUEST"


def test_out_of_range_time_in_a_query_is_400_naming_the_field(rest):
    """Over REST the transcoder refuses such a Timestamp itself (gRPC callers reach the
    server's check: tests/integration/test_bad_input.py)."""
    resp = rest.get("/v1/interactions", params={"createTimeAfter": "0000-12-31T00:00:00Z"})
    status = _status(resp)
    assert _reason(status) == "MALFORMED_REQUEST"
    assert "create_time_after" in status["message"]


def test_forged_page_token_is_400_invalid_page_token(rest):
    resp = rest.get("/v1/interactions", params={"pageToken": "eyJwIjpbMSwiYSJdLCJmIjoieCJ9"})
    status = _status(resp)
    assert status["message"] == "invalid request: page_token: not a page token this API issued"
    assert _reason(status) == "INVALID_PAGE_TOKEN"
    bad = next(d for d in status["details"] if d["@type"].endswith("BadRequest"))
    assert [(v["field"], v["description"]) for v in bad["fieldViolations"]] == [
        ("page_token", "not a page token this API issued")
    ]
