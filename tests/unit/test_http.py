"""Reading a request body: only a form or a JSON object gets through; anything else is a clear 4xx."""

from __future__ import annotations

import base64
import json

import pytest
from aws_lambda_powertools.utilities.data_classes import APIGatewayProxyEventV2

from common.errors import BadRequest, PayloadTooLarge, UnsupportedMediaType
from common.http import read_form, wants_json
from local.gateway import http_event


def event(body: bytes | str, content_type: str, accept: str = "") -> APIGatewayProxyEventV2:
    headers = {"Content-Type": content_type} | ({"Accept": accept} if accept else {})
    return APIGatewayProxyEventV2(http_event("POST", "/api/kurs/x/pameldinger", headers, body))


def test_a_form_body_is_read_as_utf8_whether_or_not_it_was_base64_encoded() -> None:
    raw = b"name=Bj%C3%B8rn+%C3%85s&consent=ja"
    assert read_form(event(raw, "application/x-www-form-urlencoded")) == {"name": "Bjørn Ås", "consent": "ja"}
    plain = http_event("POST", "/", {"Content-Type": "application/x-www-form-urlencoded"}, b"")
    plain |= {"body": raw.decode(), "isBase64Encoded": False}
    assert read_form(APIGatewayProxyEventV2(plain)) == {"name": "Bjørn Ås", "consent": "ja"}


def test_a_json_object_is_read() -> None:
    assert read_form(event(json.dumps({"name": "Ås"}), "application/json; charset=utf-8")) == {"name": "Ås"}


@pytest.mark.parametrize(
    ("body", "content_type", "error"),
    [
        ("name=B%F8rn", "application/x-www-form-urlencoded", BadRequest),
        (b"name=B\xf8rn", "application/x-www-form-urlencoded", BadRequest),
        (b'{"name": "B\xf8rn"}', "application/json", BadRequest),
        ("[1, 2]", "application/json", BadRequest),
        ('"navn"', "application/json", BadRequest),
        ("{not json", "application/json", BadRequest),
        # A lone surrogate is valid JSON but not text: nothing downstream (Cognito, DynamoDB, an email) could take it.
        ('{"name": "Kari \\ud91a"}', "application/json", BadRequest),
        ('{"ok": "ja", "nested": {"name": ["\\udc96"]}}', "application/json", BadRequest),
        ("name=Kari", "text/plain", UnsupportedMediaType),
        ("name=Kari", "multipart/form-data; boundary=x", UnsupportedMediaType),
        ("name=Kari", "", UnsupportedMediaType),
        ("name=" + "x" * 20_000, "application/x-www-form-urlencoded", PayloadTooLarge),
    ],
)
def test_bodies_that_cannot_be_read_get_a_4xx_error(body: bytes | str, content_type: str, error: type) -> None:
    with pytest.raises(error) as caught:
        read_form(event(body, content_type))
    assert 400 <= caught.value.status < 500
    assert caught.value.message


def test_broken_base64_is_a_bad_request() -> None:
    raw = http_event("POST", "/", {"Content-Type": "application/x-www-form-urlencoded"}, b"")
    raw |= {"body": "###", "isBase64Encoded": True}
    with pytest.raises(BadRequest):
        read_form(APIGatewayProxyEventV2(raw))
    assert base64.b64encode(b"ok")


def test_json_is_answered_with_json_and_a_browser_form_with_html() -> None:
    assert wants_json(event("{}", "application/json"))
    assert wants_json(event("a=b", "application/x-www-form-urlencoded", accept="application/json"))
    browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    assert not wants_json(event("a=b", "application/x-www-form-urlencoded", accept=browser))


@pytest.mark.parametrize("depth", [5_000, 100_000])
def test_json_nested_too_deep_is_refused_with_a_4xx_not_a_500(depth: int) -> None:
    """Python's parser gives up (RecursionError) long before 16 KB of brackets; a 4xx either way: 400 when the body
    fits in 16 KB, 413 when it is too big to be read at all."""
    with pytest.raises((BadRequest, PayloadTooLarge)) as caught:
        read_form(event('{"a": ' + "[" * depth + "]" * depth + "}", "application/json"))
    assert caught.value.status == (400 if depth * 2 < 16_000 else 413)
    with pytest.raises(BadRequest):
        read_form(event("[" * 15_000, "application/json"))
