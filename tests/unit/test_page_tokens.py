"""Page tokens: signed, bound to their filter, and refused with INVALID_PAGE_TOKEN whatever
the bytes."""

from __future__ import annotations

import base64
import json

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from nexus.domain import tokens
from nexus.domain.errors import InvalidArgument

KEY = b"k" * 32
SIGNER = tokens.PageTokens(KEY)
SHAPES = [tokens.integer, tokens.identifier, tokens.keyset]

positions = st.one_of(
    st.integers(0, 2**63 - 1),
    st.text(min_size=1, max_size=64),
    st.tuples(st.integers(-(2**63), 2**63 - 1), st.text(min_size=1, max_size=64)).map(list),
)
# Anything JSON can hold, nested: what a forger with the key could put in a payload.
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=20,
)


def _shape_of(position):
    if isinstance(position, int):
        return tokens.integer
    if isinstance(position, str):
        return tokens.identifier
    return tokens.keyset


def _refused(token: str, shape=tokens.keyset, signer=SIGNER, fp="fp") -> InvalidArgument:
    with pytest.raises(InvalidArgument) as info:
        signer.decode(token, fp, shape)
    exc = info.value
    assert exc.reason == "INVALID_PAGE_TOKEN"
    assert [v.field for v in exc.violations] == ["page_token"]
    return exc


def _forge(payload: object, signer=SIGNER) -> str:
    """A token with any JSON inside, correctly signed (as if the key had leaked)."""
    body = base64.urlsafe_b64encode(json.dumps(payload).encode()).decode().rstrip("=")
    return f"{body}.{signer._mac(body)}"


@given(position=positions, fp=st.text(max_size=20))
def test_round_trip(position, fp):
    token = SIGNER.encode(position, fp)
    decoded = SIGNER.decode(token, fp, _shape_of(position))
    assert decoded == (tuple(position) if isinstance(position, list) else position)
    assert token.isascii() and len(token) <= tokens.MAX_TOKEN


def test_empty_token_is_the_first_page():
    assert SIGNER.decode("", "fp", tokens.integer) is None


@given(garbage=st.text(max_size=200) | st.binary(max_size=200).map(lambda b: b.decode("latin-1")))
@example(garbage="e30")  # base64 of "{}", unsigned
@example(garbage="." * 5000)
@example(garbage="\udcff")
def test_any_string_is_refused_with_invalid_page_token(garbage):
    if not garbage:
        return
    exc = _refused(garbage)
    assert exc.violations[0].description == "not a page token this API issued"


@given(position=positions, index=st.integers(0), char=st.characters())
def test_altered_token_is_refused(position, index, char):
    token = SIGNER.encode(position, "fp")
    index %= len(token)
    altered = token[:index] + char + token[index + 1 :]
    if altered != token:
        _refused(altered, _shape_of(position))


@given(position=positions, cut=st.integers(1))
def test_truncated_token_is_refused(position, cut):
    token = SIGNER.encode(position, "fp")
    _refused(token[: 1 + cut % (len(token) - 1)], _shape_of(position))


def test_re_encoded_token_is_refused():
    """The same bytes in another base64 spelling are not the token that was issued."""
    token = SIGNER.encode([1_700_000_000_000_000, "abc"], "fp")
    payload, mac = token.split(".")
    padded = payload + "=" * (-len(payload) % 4)
    standard = base64.b64encode(base64.urlsafe_b64decode(padded)).decode()
    for variant in (f"{padded}.{mac}", f"{standard}.{mac}", f"{payload}.{mac}=", f" {token}"):
        if variant != token:
            _refused(variant)


def test_token_signed_with_another_key_is_refused():
    other = tokens.PageTokens(b"o" * 32)
    _refused(other.encode([1, "a"], "fp"))


def test_token_for_another_filter_keeps_its_message():
    exc = _refused(SIGNER.encode([1, "a"], "a"), fp="b")
    assert "changed since this token was issued" in exc.violations[0].description


@given(payload=json_values, shape=st.sampled_from(SHAPES))
@example(payload={"p": [10**400, "a"], "f": "fp"}, shape=tokens.keyset)
@example(payload={"p": 2**63, "f": "fp"}, shape=tokens.integer)
@example(payload={"p": True, "f": "fp"}, shape=tokens.integer)
@example(payload={"p": -1, "f": "fp"}, shape=tokens.integer)
@example(payload={"p": ["1", "a"], "f": "fp"}, shape=tokens.keyset)
@example(payload={"p": "", "f": "fp"}, shape=tokens.identifier)
def test_signed_payload_of_the_wrong_shape_is_refused(payload, shape):
    token = _forge(payload)
    try:
        SIGNER.decode(token, "fp", shape)
    except InvalidArgument as exc:
        assert exc.reason == "INVALID_PAGE_TOKEN"


def test_deeply_nested_payload_is_refused_not_a_recursion_error():
    body = base64.urlsafe_b64encode(b'{"p":' + b"[" * 100_000 + b"]" * 100_000 + b', "f":1}')
    payload = body.decode().rstrip("=")
    signer = tokens.PageTokens(KEY)
    # Past the length cap, and, signed anyway, still only INVALID_ARGUMENT.
    _refused(f"{payload}.{signer._mac(payload)}")
    # Within the cap, signed: nested lists are not a position.
    _refused(_forge({"p": json.loads("[" * 300 + "]" * 300), "f": "fp"}))


def test_enormous_token_is_refused_before_any_work():
    _refused("a" * 10_000_000)


def test_short_keys_are_refused():
    with pytest.raises(ValueError):
        tokens.PageTokens(b"short")
