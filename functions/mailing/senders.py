"""Where the worker hands an email: SES v2 in AWS (with the configuration set whose events report bounces and
complaints, and the email's id as a tag to find it by), or a folder of .eml files locally, which plays SES's
mailbox simulator: bounce@ and complaint@simulator.amazonses.com report as SES would. And the dead-letter queue:
SQS in AWS, a folder of small JSON files locally."""

from __future__ import annotations

import json
from email.message import EmailMessage
from pathlib import Path
from typing import Any

from common.mail import OutboxMailer
from common.outbox import recipient_of

SIMULATOR = {
    "bounce@simulator.amazonses.com": {"eventType": "Bounce", "bounce": {"bounceType": "Permanent"}},
    "complaint@simulator.amazonses.com": {"eventType": "Complaint", "complaint": {}},
}


class SesSender:
    def __init__(self, ses: Any, configuration_set: str = "") -> None:
        self._ses = ses
        self._configuration_set = configuration_set

    def send(self, message: EmailMessage, email_id: str) -> str:
        options: dict[str, Any] = {"EmailTags": [{"Name": "email_id", "Value": email_id}]}
        if self._configuration_set:
            options["ConfigurationSetName"] = self._configuration_set
        answer = self._ses.send_email(Content={"Raw": {"Data": message.as_bytes()}}, **options)
        return str(answer.get("MessageId", ""))

    def reports(self) -> list[dict[str, Any]]:
        return []  # SES reports through the configuration set's SNS topic


class FolderSender:
    """The local SES: each email a file in `directory` (`make run` shows them at /_outbox). A send to one of the
    simulator's addresses is written too, and reported back as SES's simulator does."""

    def __init__(self, directory: Path) -> None:
        self._mailbox = OutboxMailer(directory)
        self._reports: list[dict[str, Any]] = []

    def send(self, message: EmailMessage, email_id: str) -> str:
        self._mailbox.send(message)
        simulated = SIMULATOR.get(recipient_of(message).lower())
        if simulated:
            self._reports.append(simulated | {"mail": {"tags": {"email_id": [email_id]}}})
        return f"local-{email_id}"

    def reports(self) -> list[dict[str, Any]]:
        reports, self._reports = self._reports, []
        return reports


class SqsDeadLetters:
    def __init__(self, sqs: Any, queue_url: str) -> None:
        self._sqs = sqs
        self._url = queue_url

    def put(self, email_id: str, reason: str) -> None:
        self._sqs.send_message(QueueUrl=self._url, MessageBody=json.dumps({"email_id": email_id, "reason": reason}))


class FolderDeadLetters:
    """The local dead-letter queue: one JSON file per email given up on (no address in it, only the email's id)."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory

    def put(self, email_id: str, reason: str) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        path = self.directory / f"{email_id}.json"
        path.write_text(json.dumps({"email_id": email_id, "reason": reason}), encoding="utf-8")

    def email_ids(self) -> list[str]:
        return sorted(path.stem for path in self.directory.glob("*.json")) if self.directory.is_dir() else []
