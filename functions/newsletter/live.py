"""The newsletter on the live parts (the table): one factory for its routes and the capabilities above it (the
roster writes subscriptions; the letters read the subscribers). Tests build the service from fakes instead."""

from __future__ import annotations

from datetime import UTC, datetime

from common.aws import dynamodb
from common.settings import settings
from newsletter.models import Subscriber
from newsletter.repository import DynamoNewsletterRepository
from newsletter.service import Newsletter


def newsletter_repository() -> DynamoNewsletterRepository:
    return DynamoNewsletterRepository(dynamodb(), settings().table_name)


def newsletter() -> Newsletter:
    return Newsletter(newsletter_repository())


def subscribers() -> list[Subscriber]:
    """Everyone a letter to the newsletter goes to: confirmed (from the form) or from the roster, less those who
    have left it (an opt-out), one per address, by address."""
    return newsletter().subscribers(datetime.now(UTC))


def erase_address(address: str) -> None:
    """The newsletter's part of a person's erasure request (the network leader's, for now from a shell on the
    stack): the subscription deleted. A pending confirmation (keyed by its link) expires within ASK_DAYS."""
    from common.outbox import address_key

    newsletter_repository().erase(address_key(address))
