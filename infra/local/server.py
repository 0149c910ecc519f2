"""The local web server: output/ as static files, /api/* through the local gateway to the real handlers; every
answer with the security headers CloudFront adds (the template's SecurityHeadersPolicy)."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from local import files, outbox
from local.gateway import Gateway
from local.template import SecurityHeader, security_headers

logger = logging.getLogger("local.server")
MAX_REQUEST_BYTES = 1024 * 1024
OUTBOX_PATH = "/_outbox"  # the emails, local only (never behind CloudFront): no security headers, as in a mail client
FILES_PATH = "/_vedlegg"  # a letter's files, local only: the attachment bucket's stand-in (local/files.py)


class LocalRequestHandler(SimpleHTTPRequestHandler):
    server_version = "LindraLocal"
    sys_version = ""
    gateway: Gateway
    outbox: Path | None
    security: Sequence[SecurityHeader]
    _sent: set[str]

    def __init__(
        self,
        *args: Any,
        gateway: Gateway,
        outbox: Path | None = None,
        security: Sequence[SecurityHeader] = (),
        **kwargs: Any,
    ) -> None:
        self.gateway = gateway
        self.outbox = outbox
        self.security = security
        self._sent = set()
        super().__init__(*args, **kwargs)

    # The security headers, as CloudFront's response headers policy adds them: a header with Override replaces the
    # one the origin sent; one without is added only when the origin sent none.
    def _secured(self) -> bool:
        return bool(self.security) and not urlsplit(getattr(self, "path", "")).path.startswith(OUTBOX_PATH)

    def send_response(self, code: int, message: str | None = None) -> None:
        self._sent = set()
        super().send_response(code, message)

    def send_header(self, keyword: str, value: str) -> None:
        if self._secured() and any(h.override and h.name.lower() == keyword.lower() for h in self.security):
            return
        self._sent.add(keyword.lower())
        super().send_header(keyword, value)

    def end_headers(self) -> None:
        if self._secured():
            for header in self.security:
                if header.override or header.name.lower() not in self._sent:
                    super().send_header(header.name, header.value)
        super().end_headers()

    def _is_api(self) -> bool:
        return urlsplit(self.path).path.startswith("/api/")

    def do_GET(self) -> None:
        if self._is_api():
            self._api()
        elif urlsplit(self.path).path == f"{FILES_PATH}/fil":
            status, headers, body = files.download(urlsplit(self.path).query)
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(body)
        elif self.outbox is not None and urlsplit(self.path).path.startswith(OUTBOX_PATH):
            self._outbox(self.outbox, urlsplit(self.path).path.removeprefix(OUTBOX_PATH).strip("/"))
        else:
            super().do_GET()

    def _outbox(self, outbox_dir: Path, name: str) -> None:
        """/_outbox/ lists the emails; /_outbox/{name} shows one, with .eml (the file) and .html (its HTML part)."""
        stem, _, suffix = name.partition(".")
        path = outbox.find(outbox_dir, stem) if stem else None
        if not name:
            self._send(200, "text/html; charset=utf-8", outbox.index_page(outbox_dir).encode())
        elif path is None or suffix not in ("", "eml", "html"):
            self.send_error(404, "Not Found")
        elif suffix == "eml":
            self._send(200, "message/rfc822", path.read_bytes())
        elif suffix == "html":
            self._send(200, "text/html; charset=utf-8", outbox.html_part(path).encode())
        else:
            self._send(200, "text/html; charset=utf-8", outbox.message_page(path).encode())

    def _empty(self, status: int) -> None:
        self.send_response(status)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _send(self, status: int, content_type: str, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)

    def do_HEAD(self) -> None:
        if self._is_api():
            self._api()
        else:
            super().do_HEAD()

    def do_POST(self) -> None:
        if self._is_api():
            self._api()
        elif urlsplit(self.path).path == f"{FILES_PATH}/opplasting":
            length = int(self.headers.get("Content-Length") or 0)
            if length > files.MAX_UPLOAD_BYTES:
                self.send_error(413, "Payload Too Large")
                return
            status, body = files.upload(self.headers.get("Content-Type", ""), self.rfile.read(length))
            self._send(status, "text/plain; charset=utf-8", body) if body else self._empty(status)
        else:
            self.send_error(405, "Method Not Allowed")

    do_PUT = do_DELETE = do_PATCH = do_POST  # noqa: N815

    def _api(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_REQUEST_BYTES:
            self.send_error(413, "Payload Too Large")
            return
        body = self.rfile.read(length) if length else b""
        url = urlsplit(self.path)
        answer = self.gateway.handle(self.command, url.path, url.query, dict(self.headers.items()), body)
        self.send_response(answer.status)
        for name, value in answer.headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(answer.body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(answer.body)

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        # Method, path and status only: bodies (personal data) are never logged.
        logger.info("%s %s", self.address_string(), format % args)


class LocalServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    # socketserver's listen backlog is 5: 25 sign-ups at once (a test, a fagdag opening) overflowed it on a busy
    # machine, and a connection was reset.
    request_queue_size = 128


def make_server(
    output_dir: Path,
    host: str = "127.0.0.1",
    port: int = 8000,
    gateway: Gateway | None = None,
    outbox_dir: Path | None = None,
) -> LocalServer:
    """outbox_dir: where the functions write their emails, listed at /_outbox/."""
    handler = partial(
        LocalRequestHandler,
        gateway=gateway or Gateway(),
        outbox=outbox_dir,
        security=security_headers(),
        directory=str(output_dir),
    )
    return LocalServer((host, port), handler)
