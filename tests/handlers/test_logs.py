"""The logs name nobody: an exception whose message holds an address is logged by its type and frames only, and a
handler that fails lets out its type alone (the Lambda runtime would log the message)."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlencode

import pytest

from common.logs import FunctionFailed
from courses.repository import DynamoCourseRepository
from tests.handlers.test_signup import post
from tests.support.samples import course, form

ADDRESS = "kari.nordmann@example.no"


class Rejected(Exception):
    """What SES says of an address it will not send to."""


@pytest.fixture
def log(app: Any) -> Iterator[io.StringIO]:
    """What the sign-up function writes to its log (Powertools' handler on stdout), as text."""
    handler = app.logger.registered_handler
    stream = io.StringIO()
    previous = handler.setStream(stream)
    try:
        yield stream
    finally:
        handler.setStream(previous)


def records(stream: io.StringIO) -> list[dict[str, Any]]:
    return [json.loads(line) for line in stream.getvalue().splitlines() if line.startswith("{")]


def test_a_failed_email_is_logged_by_its_type_never_its_message(
    app: Any, aws: Any, log: io.StringIO, monkeypatch: pytest.MonkeyPatch
) -> None:
    from common import mail

    def refuse(self: Any, message: Any) -> None:
        try:
            raise ValueError(f"bounced: {ADDRESS}")
        except ValueError as inner:
            failure = Rejected(f"Email address is not verified. The following identities failed the check: {ADDRESS}")
            failure.add_note(f"to {ADDRESS}")
            raise failure from inner

    monkeypatch.setattr(mail.OutboxMailer, "send", refuse)
    DynamoCourseRepository(aws, "LindraTable").put_course(course("grunnkurs-test", now=datetime.now(UTC)))

    response = post(app, "grunnkurs-test", urlencode(form(email=ADDRESS)))
    assert response["statusCode"] == 303, "the sign-up is stored whatever the email does"
    from tests.support.mail import deliver_outbox

    assert deliver_outbox() == {"failed": 1}, "the mail worker gives it up (not a failure that waiting cures)"
    text = log.getvalue()
    assert "kari.nordmann" not in text and "example.no" not in text
    failed = [record for record in records(log) if record.get("exception_name")]
    assert failed and failed[0]["exception_name"] == "Rejected"
    assert failed[0]["exception_chain"] == ["Rejected", "ValueError"]
    assert "mailing/service.py" in failed[0]["exception"], "the frames are kept"


def test_a_handler_that_fails_lets_out_the_type_only(
    app: Any, aws: Any, log: io.StringIO, monkeypatch: pytest.MonkeyPatch
) -> None:
    from courses import app as course_routes

    def broken(*args: Any, **kwargs: Any) -> None:
        raise KeyError(ADDRESS)

    monkeypatch.setattr(course_routes, "shared_repository", broken)

    with pytest.raises(FunctionFailed) as failed:
        post(app, "grunnkurs-test", urlencode(form()))

    assert str(failed.value) == "KeyError" and failed.value.__cause__ is None and failed.value.__suppress_context__
    assert ADDRESS not in log.getvalue()
    assert [r["exception_name"] for r in records(log) if r.get("exception_name")] == ["KeyError"]
