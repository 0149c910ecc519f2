"""A local stand-in for API Gateway's HTTP API: requests become payload 2.0 events for the handlers SAM deploys.

The routes come from infra/template.yaml. Each function handles one event at a time, as a Lambda container does.
"""

from __future__ import annotations

import base64
import importlib
import logging
import threading
import time
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qsl

from local.template import Route, routes

TEXT_TYPES = ("text/", "application/json")
logger = logging.getLogger("local.server")


def http_event(
    method: str,
    path: str,
    headers: Mapping[str, str] | None = None,
    body: bytes | str | None = None,
    query: str = "",
    path_parameters: dict[str, str] | None = None,
    route_key: str | None = None,
) -> dict[str, Any]:
    """An API Gateway HTTP API (payload format 2.0) event, as AWS would send it."""
    lowered: dict[str, str] = {}
    cookies: list[str] = []
    for name, value in (headers or {}).items():
        if name.lower() == "cookie":
            cookies.extend(part.strip() for part in value.split(";") if part.strip())
            continue
        key = name.lower()
        lowered[key] = f"{lowered[key]},{value}" if key in lowered else value
    raw = body.encode("utf-8") if isinstance(body, str) else (body or b"")
    media_type = lowered.get("content-type", "").split(";")[0].strip().lower()
    is_text = media_type.startswith(TEXT_TYPES)
    try:
        text = raw.decode("utf-8") if is_text else None
    except UnicodeDecodeError:
        text = None
    now = datetime.now(UTC)
    event: dict[str, Any] = {
        "version": "2.0",
        "routeKey": route_key or f"{method} {path}",
        "rawPath": path,
        "rawQueryString": query,
        "headers": lowered,
        "requestContext": {
            "accountId": "000000000000",
            "apiId": "local",
            "domainName": lowered.get("host", "127.0.0.1"),
            "domainPrefix": "local",
            "http": {
                "method": method,
                "path": path,
                "protocol": "HTTP/1.1",
                "sourceIp": "127.0.0.1",
                "userAgent": lowered.get("user-agent", ""),
            },
            "requestId": uuid.uuid4().hex,
            "routeKey": route_key or f"{method} {path}",
            "stage": "$default",
            "time": now.strftime("%d/%b/%Y:%H:%M:%S +0000"),
            "timeEpoch": int(now.timestamp() * 1000),
        },
        "isBase64Encoded": bool(raw) and text is None,
    }
    if raw:
        event["body"] = text if text is not None else base64.b64encode(raw).decode("ascii")
    if cookies:
        event["cookies"] = cookies
    if query:
        event["queryStringParameters"] = dict(parse_qsl(query, keep_blank_values=True))
    if path_parameters:
        event["pathParameters"] = path_parameters
    return event


@dataclass
class LambdaContext:
    """What Powertools reads from a Lambda context."""

    function_name: str
    memory_limit_in_mb: int = 512
    timeout_ms: int = 10_000
    aws_request_id: str = field(default_factory=lambda: str(uuid.uuid4()))
    _started: float = field(default_factory=time.monotonic)

    @property
    def invoked_function_arn(self) -> str:
        return f"arn:aws:lambda:eu-north-1:000000000000:function:{self.function_name}"

    @property
    def log_group_name(self) -> str:
        return f"/aws/lambda/{self.function_name}"

    def get_remaining_time_in_millis(self) -> int:
        return max(0, self.timeout_ms - int((time.monotonic() - self._started) * 1000))


@dataclass(frozen=True)
class Answer:
    status: int
    headers: list[tuple[str, str]]
    body: bytes


class Gateway:
    """Routes requests to handlers, importing each handler module on first use."""

    def __init__(self, route_table: list[Route] | None = None) -> None:
        self.routes = route_table if route_table is not None else routes()
        self._handlers: dict[str, Callable[[dict[str, Any], Any], Any]] = {}
        self._locks: dict[str, threading.Lock] = {route.function: threading.Lock() for route in self.routes}
        self._import_lock = threading.Lock()

    def _handler(self, route: Route) -> Callable[[dict[str, Any], Any], Any]:
        with self._import_lock:
            if route.handler not in self._handlers:
                module_name, _, attribute = route.handler.rpartition(".")
                self._handlers[route.handler] = getattr(importlib.import_module(module_name), attribute)
            return self._handlers[route.handler]

    def handle(self, method: str, path: str, query: str, headers: Mapping[str, str], body: bytes) -> Answer:
        for route in self.routes:
            parameters = route.match(method, path)
            if parameters is None:
                continue
            event = http_event(method, path, headers, body, query, parameters, f"{route.method} {route.path}")
            handler = self._handler(route)
            with self._locks[route.function]:
                try:
                    result = handler(event, LambdaContext(route.function))
                except Exception:
                    # What API Gateway answers when a function fails; the traceback goes to the log.
                    logger.exception("function %s failed", route.function)
                    return Answer(500, [("Content-Type", "application/json")], b'{"message":"Internal Server Error"}')
            return self._answer(result)
        return Answer(404, [("Content-Type", "application/json")], b'{"message":"Not Found"}')

    @staticmethod
    def _answer(result: dict[str, Any]) -> Answer:
        body = result.get("body") or ""
        raw = base64.b64decode(body) if result.get("isBase64Encoded") else body.encode("utf-8")
        headers = [(str(k), str(v)) for k, v in (result.get("headers") or {}).items()]
        headers += [("Set-Cookie", cookie) for cookie in result.get("cookies") or []]
        return Answer(int(result.get("statusCode", 200)), headers, raw)
