"""The local server sends the security headers CloudFront adds (the template's SecurityHeadersPolicy) with every kind
of page, and every page works under that Content-Security-Policy: nothing inline, nothing from another origin."""

from __future__ import annotations

import json
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from html.parser import HTMLParser
from http.client import HTTPMessage
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import pytest

from local.gateway import Answer, Gateway
from local.server import make_server
from local.template import security_headers
from tests.support.samples import form
from tests.support.stack import Site

HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self'; "
        "font-src 'self'; connect-src 'self'; worker-src 'self'; manifest-src 'self'; form-action 'self'; "
        "frame-ancestors 'none'; base-uri 'none'; object-src 'none'"
    ),
    "Strict-Transport-Security": "max-age=31536000; includeSubDomains",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Permissions-Policy": (
        "accelerometer=(), camera=(), display-capture=(), geolocation=(), gyroscope=(), magnetometer=(), "
        "microphone=(), payment=(), usb=()"
    ),
    "Cross-Origin-Opener-Policy": "same-origin",
}

# One of every kind of page ({course}: the course open for sign-up).
PAGES = {
    "front page": "/",
    "page": "/om/",
    "document": "/dokumenter/strategi/",
    "documents": "/dokumenter/",
    "news": "/nyheter/",
    "article": "/nyheter/ny-strategi-vedtatt/",
    "courses": "/kurs/",
    "course with the sign-up form": "/kurs/{course}/",
    "calendar": "/kalender/",
    "search": "/sok/",
    "leaders' page": "/leder/",
    "page made by a function": "/api/ressurssykepleiere",
}


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


opener = urllib.request.build_opener(NoRedirect)


def fetch(url: str, data: bytes | None = None, headers: dict[str, str] | None = None) -> tuple[int, HTTPMessage, str]:
    request = urllib.request.Request(url, data=data, headers=headers or {})
    try:
        with opener.open(request, timeout=30) as response:
            return response.status, response.headers, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read().decode("utf-8")


def assert_security_headers(headers: HTTPMessage, referrer: str = HEADERS["Referrer-Policy"]) -> None:
    for name, value in (HEADERS | {"Referrer-Policy": referrer}).items():
        assert headers.get_all(name) == [value], name


SOURCES = {"script": "src", "img": "src", "source": "src", "audio": "src", "video": "src", "form": "action"}


class CspCheck(HTMLParser):
    """What a strict CSP refuses, found in a page: inline script or style, and sources from other origins."""

    def __init__(self, url: str) -> None:
        super().__init__()
        self.url = url
        self.problems: list[str] = []
        self._inline_script = False

    def _check_origin(self, tag: str, value: str) -> None:
        if urlsplit(urljoin(self.url, value)).netloc != urlsplit(self.url).netloc:
            self.problems.append(f"<{tag}> from another origin: {value}")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {name: value or "" for name, value in attrs}
        for name, value in attributes.items():
            if name.startswith("on") or name == "style":
                self.problems.append(f"<{tag} {name}=...> is inline")
            if value.strip().lower().startswith("javascript:"):
                self.problems.append(f"<{tag} {name}={value}>")
        if tag in ("style", "iframe", "frame", "object", "embed", "base"):
            self.problems.append(f"<{tag}>")
        data_block = attributes.get("type", "").endswith("json")
        self._inline_script = tag == "script" and "src" not in attributes and not data_block
        if tag in SOURCES and SOURCES[tag] in attributes:
            self._check_origin(tag, attributes[SOURCES[tag]])
        if tag == "link" and {"stylesheet", "icon", "manifest", "preload", "modulepreload"} & set(
            attributes.get("rel", "").split()
        ):
            self._check_origin(tag, attributes.get("href", ""))

    def handle_data(self, data: str) -> None:
        if self._inline_script and data.strip():
            self.problems.append(f"inline <script>: {data.strip()[:60]}")

    def handle_endtag(self, tag: str) -> None:
        self._inline_script = False


def csp_problems(url: str, html: str) -> list[str]:
    check = CspCheck(url)
    check.feed(html)
    check.close()
    return check.problems


def test_the_local_server_sends_what_the_template_says_cloudfront_sends() -> None:
    assert {header.name: header.value for header in security_headers()} == HEADERS


@pytest.mark.parametrize("kind", PAGES)
def test_every_kind_of_page_has_the_security_headers_and_nothing_the_csp_refuses(site: Site, kind: str) -> None:
    url = site.url + PAGES[kind].format(course=site.open_course)
    status, headers, html = fetch(url)
    assert status == 200, url
    assert headers.get_content_type() == "text/html"
    assert_security_headers(headers)
    assert csp_problems(url, html) == []


def test_the_check_finds_what_the_csp_refuses() -> None:
    page = """<html><head><style>p {}</style><script>go()</script><script type="application/ld+json">{}</script>
    <link rel="stylesheet" href="https://cdn.example/x.css"><script src="/theme/js/x.js"></script></head>
    <body><p style="color: red" onclick="go()"><img src="//cdn.example/i.png"><a href="javascript:go()">x</a>
    <a href="https://example.org/">fine</a><form action="https://example.org/"></form></p></body></html>"""
    assert csp_problems("http://127.0.0.1:8000/om/", page) == [
        "<style>",
        "inline <script>: go()",
        "<link> from another origin: https://cdn.example/x.css",
        "<p style=...> is inline",
        "<p onclick=...> is inline",
        "<img> from another origin: //cdn.example/i.png",
        "<a href=javascript:go()>",
        "<form> from another origin: https://example.org/",
    ]


def test_a_page_behind_a_secret_link_keeps_its_own_no_referrer(site: Site) -> None:
    body = json.dumps(form(email="sikkerhet.hoder@example.no")).encode()
    json_headers = {"Content-Type": "application/json", "Accept": "application/json"}
    status, headers, answer = fetch(f"{site.url}/api/kurs/{site.open_course}/pameldinger", body, json_headers)
    assert status == 201
    assert_security_headers(headers)
    url = site.url + json.loads(answer)["receipt_url"]
    status, headers, html = fetch(url)
    assert status == 200
    assert_security_headers(headers, referrer="no-referrer")
    assert csp_problems(url, html) == []


def test_json_files_and_not_found_have_the_security_headers_too(site: Site) -> None:
    for path, expected in [
        (f"/api/kurs/{site.open_course}/plasser", 200),
        ("/api/finnes-ikke", 404),
        ("/theme/css/site.css", 200),
        ("/theme/js/leder/main.js", 200),
        ("/pagefind/pagefind.js", 200),
        ("/finnes-ikke/", 404),
    ]:
        status, headers, _ = fetch(site.url + path)
        assert status == expected, path
        assert_security_headers(headers)


class OwnHeaders(Gateway):
    """A function that sends some security headers of its own."""

    def __init__(self) -> None:
        super().__init__([])

    def handle(self, *args: Any) -> Answer:
        own = [
            ("Referrer-Policy", "no-referrer"),
            ("X-Frame-Options", "SAMEORIGIN"),
            ("X-Content-Type-Options", "nosniff"),
        ]
        return Answer(200, [("Content-Type", "application/json"), *own], b"{}")


@pytest.fixture
def local_server(tmp_path: Path) -> Iterator[str]:
    server = make_server(tmp_path, port=0, gateway=OwnHeaders(), outbox_dir=tmp_path)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_the_policys_headers_replace_a_functions_own_but_its_referrer_policy_as_cloudfront_does(
    local_server: str,
) -> None:
    _, headers, _ = fetch(local_server + "/api/egne-hoder")
    assert_security_headers(headers, referrer="no-referrer")
    _, outbox, _ = fetch(local_server + "/_outbox/")
    assert outbox.get_all("Content-Security-Policy") is None, "the emails, local only, show as a mail client would"
