"""The newsletter's rules: double opt-in (the address asking gets one confirmation email, and nothing else until it
confirms; asking again within the week, or when subscribed, sends nothing, and the answer is the same), confirming,
leaving a list, and the subscribers a letter goes to. Repositories come in as arguments (tests/unit/fakes.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from common.outbox import Mailing, OutgoingEmail
from common.tokens import new_token, token_hash
from common.unsubscribe import LISTS
from newsletter.models import Subscriber, SubscriptionForm
from newsletter.repository import NewsletterRepository, as_subscriber

CONFIRM_PATH = "/api/nyhetsbrev/bekreft/"


@dataclass
class Newsletter:
    repo: NewsletterRepository

    def subscribe(self, form: SubscriptionForm, now: datetime) -> bool:
        """Whether a confirmation email was written (never told to the person asking)."""
        from newsletter.emails import confirmation_email  # Jinja2 only when an email is made

        token = new_token()
        message = confirmation_email(form, f"{CONFIRM_PATH}{token}", now)
        mailing = Mailing.of([OutgoingEmail("newsletter_confirm", message)], now)
        return self.repo.ask(form, token_hash(token), now, mailing)

    def confirm(self, token: str, now: datetime) -> bool:
        return self.repo.confirm(token_hash(token[:64]), now)

    def leave(self, list_name: str, key: str, now: datetime) -> None:
        if list_name not in LISTS:
            raise ValueError("no such list")
        self.repo.leave(list_name, key, now)

    def subscribers(self, now: datetime) -> list[Subscriber]:
        """The confirmed subscribers, less those who have left the newsletter, by address."""
        subscriptions = self.repo.subscriptions(now)
        gone = self.repo.opted_out(s.key for s in subscriptions) if subscriptions else set()
        chosen = [as_subscriber(s) for s in subscriptions if s.key not in gone]
        return sorted(chosen, key=lambda s: s.email.lower())
