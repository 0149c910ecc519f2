"""Logs that name nobody. An exception's message may carry personal data: SES's "MessageRejected: ... failed the
check: kari@kommune.no", a DynamoDB condition's item, pydantic's input value. So a log record carries the exception's
type, the types of the exceptions it was raised from, and the traceback's frames (file, line, function, the code
line), never a message nor the exception's notes. Every function's root logger uses this formatter
(`function_logger`), and its handler lets no exception out with its message either (`types_only`): the Lambda
runtime would write that message to the log itself.

What a route logs of its own accord (`extra=`) is ids, counts and kinds, never a name, an address or a free text."""

from __future__ import annotations

import copy
import functools
import logging
import traceback
from collections.abc import Callable
from types import TracebackType
from typing import Any, TypeVar

from aws_lambda_powertools import Logger
from aws_lambda_powertools.logging.formatter import LambdaPowertoolsFormatter

Handler = TypeVar("Handler", bound=Callable[..., Any])
ExcInfo = tuple[type[BaseException], BaseException, TracebackType | None] | tuple[None, None, None]


def exception_chain(exc: BaseException | None) -> list[str]:
    """The exception's type and those it was raised from or during, innermost last: `["BadRequest",
    "JSONDecodeError"]`."""
    names: list[str] = []
    seen: set[int] = set()
    while exc is not None and id(exc) not in seen and len(names) < 10:
        seen.add(id(exc))
        names.append(type(exc).__name__)
        exc = exc.__cause__ or (None if exc.__suppress_context__ else exc.__context__)
    return names


class TypesOnlyFormatter(LambdaPowertoolsFormatter):
    """Powertools' JSON lines, with an exception as its types and frames only (no `stack_trace`: it holds the
    exception's value)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(serialize_stacktrace=False, **kwargs)

    def format(self, record: logging.LogRecord) -> str:
        if isinstance(record.exc_info, tuple) and record.exc_info[1] is not None:
            kind, value, frames = record.exc_info
            record = copy.copy(record)
            # The value goes: Powertools' exception_notes and any formatter further on read it.
            record.exc_info = (kind, None, frames)  # type: ignore[assignment]
            record.exc_text = None
            record.exception_chain = exception_chain(value)
        return super().format(record)

    def formatException(self, ei: Any) -> str:  # noqa: N802 - logging's name
        kind, _value, frames = ei
        lines = ["Traceback (most recent call last):\n", *traceback.format_tb(frames)]
        return "".join(lines) + (kind.__name__ if kind is not None else "")


def function_logger() -> Logger:
    """A Lambda function's root logger, with TypesOnlyFormatter (on the handler Powertools set up already, when
    another module of the same process made the service's logger first)."""
    logger = Logger(logger_formatter=TypesOnlyFormatter())
    handler = logger.registered_handler
    if not isinstance(handler.formatter, TypesOnlyFormatter):
        handler.setFormatter(TypesOnlyFormatter())
    return logger


class FunctionFailed(Exception):
    """What leaves a handler instead of the exception that failed it: its type, not its message."""


def types_only(logger: Logger) -> Callable[[Handler], Handler]:
    """A handler's failure logged (types and frames, TypesOnlyFormatter) and raised again as FunctionFailed with the
    exception's type alone: the Lambda runtime logs what leaves a handler, message and all."""

    def decorate(handler: Handler) -> Handler:
        @functools.wraps(handler)
        def run(*args: Any, **kwargs: Any) -> Any:
            try:
                return handler(*args, **kwargs)
            except Exception as exc:
                logger.exception("function failed", extra={"error": type(exc).__name__})
                raise FunctionFailed(type(exc).__name__) from None

        return run  # type: ignore[return-value]

    return decorate
