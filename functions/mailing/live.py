"""The mail worker on the live parts: the table, SES (or the local folder) and the dead-letter queue."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from common.aws import client, dynamodb
from common.settings import settings
from mailing.repository import DynamoMailRepository
from mailing.senders import FolderDeadLetters, FolderSender, SesSender, SqsDeadLetters
from mailing.service import Postman


def mail_repository() -> DynamoMailRepository:
    return DynamoMailRepository(dynamodb(), settings().table_name)


@lru_cache(maxsize=1)
def postman() -> Postman:
    config = settings()
    if config.mail_outbox:
        outbox = Path(config.mail_outbox)
        return Postman(mail_repository(), FolderSender(outbox), FolderDeadLetters(outbox / "dead-letters"))
    return Postman(
        mail_repository(),
        SesSender(client("sesv2"), config.mail_configuration_set),
        SqsDeadLetters(client("sqs"), config.mail_dead_letter_queue),
    )
