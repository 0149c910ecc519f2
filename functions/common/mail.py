"""Email messages: the shared notice (`notice`), and the local mailbox (`OutboxMailer`: .eml files in a folder,
var/outbox/ under `make run`) that the mail worker writes to instead of SES (mailing/senders.py).

A message is a standard library EmailMessage, built by the feature that causes it and written into the table's
outbox in the same transaction as its change (common/outbox.py); only the mail worker sends it.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from email.message import EmailMessage
from pathlib import Path
from typing import Any

from common.settings import settings


class OutboxMailer:
    """Writes each message to `directory` as an .eml file that any mail program opens. Named by time, so that a
    listing sorted by name is the order they were sent in."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory

    def send(self, message: EmailMessage) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        name = f"{datetime.now(UTC):%Y%m%dT%H%M%S%f}-{uuid.uuid4().hex[:8]}.eml"
        partial = self.directory / f".{name}.part"
        partial.write_bytes(message.as_bytes())
        partial.replace(self.directory / name)  # whole files only: a reader never sees half a message


def notice(to: tuple[str, str], reply_to: str, context: dict[str, Any], now: datetime) -> EmailMessage:
    """An email from the shared notice templates (email/notice.txt and .html; `context` has the title, which is the
    subject too, a greeting, paragraphs, facts and links), from the network, marked as sent automatically."""
    from email.utils import format_datetime, formataddr, make_msgid
    from urllib.parse import urlsplit

    from common.site import network
    from common.templates import render

    config = settings()
    message = EmailMessage()
    message["Subject"] = context["title"]
    message["From"] = formataddr((network()["name"], config.mail_from))
    message["To"] = formataddr(to)
    message["Reply-To"] = reply_to
    message["Date"] = format_datetime(now)
    message["Message-ID"] = make_msgid(domain=urlsplit(config.site_url).hostname or "lindra.local")
    message["Auto-Submitted"] = "auto-generated"
    message.set_content(render("email/notice.txt", **context))
    message.add_alternative(render("email/notice.html", **context), subtype="html")
    return message
