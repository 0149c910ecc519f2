"""The mail worker's rules: send each email at most once, try again with backoff while SES is busy, give up into
the dead-letter queue, stop at addresses that bounced or complained, and send strangers only a few a day.

The repository, the sender, the dead-letter queue, the clock and the sleep come in as arguments; tested with fakes.
"""

from __future__ import annotations

import importlib
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from typing import Any, Protocol

from aws_lambda_powertools import Logger

from common.aws import is_transient
from common.outbox import RENDERERS, Status, unpacked
from mailing.repository import MailRepository

logger = Logger(child=True)
ATTEMPTS = 5  # sends of one email before it goes to the dead-letter queue
FIRST_WAIT = 0.25  # seconds before the second try; doubled each time (0.25, 0.5, 1, 2)
STRANGER_DAILY_LIMIT = 3  # automatic emails a day to an address that has not filled in a form itself
STUCK_AFTER = timedelta(minutes=15)  # an email in sending this long was cut off half-way: not sent again
SWEEP_AFTER = timedelta(minutes=2)  # a pending email this old was not handed over by the stream
# SES busy through every try (a letter to a thousand people, sent faster than the account's rate): the email goes back
# to pending for the sweep, this many times in all before it is given up on (the sweep runs every five minutes).
DEFERRALS = 24


class Sender(Protocol):
    def send(self, message: EmailMessage, email_id: str) -> str:
        """Hand the message to SES; its message id. Raises as boto3 does."""
        ...

    def reports(self) -> list[dict[str, Any]]:
        """SES events the sender knows of at once (locally: the mailbox simulator's bounces and complaints)."""
        ...


class DeadLetters(Protocol):
    def put(self, email_id: str, reason: str) -> None: ...


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass
class Postman:
    repo: MailRepository
    sender: Sender
    dead_letters: DeadLetters
    clock: Callable[[], datetime] = utc_now
    sleep: Callable[[float], None] = time.sleep
    attempts: int = ATTEMPTS
    counted: dict[str, int] = field(default_factory=dict)
    renderers: dict[str, str] = field(default_factory=lambda: dict(RENDERERS))
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def render(self, draft: dict[str, Any]) -> EmailMessage | None:
        """The message a draft is made into, by the renderer it names (common/outbox.py RENDERERS), imported on
        first use: the worker knows the capabilities' emails only by these names."""
        module, _, name = self.renderers[str(draft["renderer"])].partition(":")
        made: EmailMessage | None = getattr(importlib.import_module(module), name)(draft)
        return made

    def deliver(self, email_id: str) -> Status | None:
        """Send one email if it is still pending; what became of it, or None if it was not this worker's to send."""
        email = self.repo.get(email_id)
        if email is None or email.status != "pending" or not email.has_message:
            return None
        now = self.clock()
        if self.repo.is_suppressed(email.to_key):
            return self._done(email, "suppressed", now)
        if email.stranger and not self.repo.count_to_stranger(email.to_key, now, STRANGER_DAILY_LIMIT):
            return self._done(email, "capped", now)
        if not self.repo.claim(email, now):
            return None
        try:
            message = unpacked(email.body) if email.body is not None else self.render(email.draft or {})
        except Exception as exc:  # noqa: BLE001 - a draft that cannot be made: given up on, its type logged
            message, reason = None, type(exc).__name__
        else:
            reason = "Gone"  # what the draft was about is no more (an erased registration)
        if message is None:
            self.repo.finish(email, "failed", self.clock())
            self.dead_letters.put(email.id, reason)
            logger.warning("email not made", extra={"email_id": email.id, "kind": email.kind, "error": reason})
            self._count("failed")
            return "failed"
        reason = ""
        failure: BaseException | None = None
        for attempt in range(self.attempts):
            try:
                message_id = self.sender.send(message, email.id)
            except Exception as exc:  # noqa: BLE001 - any failure to send: only its type is logged (SES may name the recipient)
                reason, failure = type(exc).__name__, exc
                if not is_transient(exc) or attempt == self.attempts - 1:
                    break
                self.sleep(FIRST_WAIT * 2**attempt)
                continue
            self.repo.finish(email, "sent", self.clock(), message_id)
            self._count("sent")
            for report in self.sender.reports():
                self.record(report)
            return "sent"
        deferrable = failure is not None and is_transient(failure) and email.attempts + 1 < DEFERRALS
        if deferrable and self.repo.defer(email, self.clock()):
            self._count("deferred")
            return "pending"
        self.repo.finish(email, "failed", self.clock())
        self.dead_letters.put(email.id, reason)
        # the exception as its types and frames (common/logs.py): never its message, which may quote the address
        logger.warning(
            "email not sent", extra={"email_id": email.id, "kind": email.kind, "error": reason}, exc_info=failure
        )
        self._count("failed")
        return "failed"

    def _done(self, email: Any, status: Status, now: datetime) -> Status | None:
        if not self.repo.finish(email, status, now):
            return None
        self._count(status)
        return status

    def _count(self, status: str, count: int = 1) -> None:
        with self._lock:
            self.counted[status] = self.counted.get(status, 0) + count

    def unbundle(self, bundle_id: str) -> int:
        """A bundle's emails written out (common/outbox.py): the stream then hands each to a worker."""
        written = self.repo.unbundle(bundle_id)
        if written:
            self._count("unbundled", written)
        return written

    def deliver_all(self, email_ids: Iterable[str], bundle_ids: Iterable[str] = ()) -> dict[str, int]:
        """A batch, one email after the other in the order they were written (a receipt before the promotion it
        caused); the stream runs several batches at once (the template's ParallelizationFactor). A bundle in the
        batch is written out into its emails, which come in later batches."""
        for bundle_id in bundle_ids:
            self.unbundle(bundle_id)
        for email_id in email_ids:
            self.deliver(email_id)
        with self._lock:
            counted, self.counted = self.counted, {}
        return counted

    def sweep(self) -> dict[str, int]:
        """What the stream did not hand over: pending emails older than a couple of minutes are sent now; an email
        cut off while sending (a timeout) is marked failed, not sent again, so that no one gets it twice."""
        now = self.clock()
        for bundle_id in self.repo.bundles_since(now - SWEEP_AFTER):
            self.unbundle(bundle_id)
        for email_id in self.repo.waiting_since(now - SWEEP_AFTER):
            email = self.repo.get(email_id)
            if email is None:
                continue
            if email.status == "pending":
                self.deliver(email_id)
            elif (
                email.status == "sending"
                and (email.claimed_at or email.created_at) < (now - STUCK_AFTER).isoformat()
                and self.repo.finish(email, "failed", now)
            ):
                self.dead_letters.put(email.id, "CutOff")
                self._count("failed")
        with self._lock:
            counted, self.counted = self.counted, {}
        return counted

    def record(self, report: dict[str, Any]) -> Status | None:
        """An SES event (SES's own JSON: eventType, mail.tags, bounce.bounceType): a permanent bounce or a complaint
        marks the email and stops automatic mail to its address until the address is used in a form again."""
        kind = report.get("eventType") or report.get("notificationType")
        status: Status
        if kind == "Bounce" and report.get("bounce", {}).get("bounceType") == "Permanent":
            status = "bounced"
        elif kind == "Complaint":
            status = "complained"
        else:
            return None
        ids = report.get("mail", {}).get("tags", {}).get("email_id", [])
        if not ids:
            return None
        email = self.repo.after_sending(str(ids[0]), status, self.clock())
        if email is None:
            return None
        self.repo.suppress(email.to_key, status, self.clock())
        logger.info("email came back", extra={"email_id": email.id, "status": status})
        return status
