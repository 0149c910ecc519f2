"""The local web server: output/ as static files, /api/* through the local gateway to the real handlers."""

from __future__ import annotations

import logging
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from local.gateway import Gateway

logger = logging.getLogger("local.server")
MAX_REQUEST_BYTES = 1024 * 1024


class LocalRequestHandler(SimpleHTTPRequestHandler):
    server_version = "LindraLocal"
    sys_version = ""
    gateway: Gateway

    def __init__(self, *args: Any, gateway: Gateway, **kwargs: Any) -> None:
        self.gateway = gateway
        super().__init__(*args, **kwargs)

    def _is_api(self) -> bool:
        return urlsplit(self.path).path.startswith("/api/")

    def do_GET(self) -> None:
        if self._is_api():
            self._api()
        else:
            super().do_GET()

    def do_HEAD(self) -> None:
        if self._is_api():
            self._api()
        else:
            super().do_HEAD()

    def do_POST(self) -> None:
        if self._is_api():
            self._api()
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


def make_server(
    output_dir: Path, host: str = "127.0.0.1", port: int = 8000, gateway: Gateway | None = None
) -> LocalServer:
    handler = partial(LocalRequestHandler, gateway=gateway or Gateway(), directory=str(output_dir))
    return LocalServer((host, port), handler)
