"""The newsletter's nouns: a subscription, the form that asks for one, and a subscriber as the letters read it."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from common.i18n import N_
from common.person import PERSON_TEXTS, Email, PlainText
from common.site import network
from common.validation import FieldText

Source = Literal["form", "roster"]
ASK_DAYS = 7  # a request waits this long for its confirmation; the same address asking again meanwhile gets nothing
KEEP_YEARS = 3  # a subscription's TTL, renewed by the roster when it writes one again

FORM_TEXTS: dict[str, FieldText] = {
    "name": FieldText(N_("Navn"), N_("Skriv inn navnet ditt."), PERSON_TEXTS["name"].invalid),
    "email": PERSON_TEXTS["email"],
}


class SubscriptionForm(BaseModel):
    """The public form: an address, and a name if the person gives one."""

    model_config = ConfigDict(str_strip_whitespace=True, extra="ignore")

    name: PlainText = Field(default="", max_length=120)
    email: Email = Field(max_length=254)


class Subscriber(BaseModel):
    """A confirmed subscriber who has not left the newsletter: what a letter to the newsletter is sent to."""

    model_config = ConfigDict(frozen=True)

    email: str
    name: str = ""
    source: Source = "form"


class Subscription(Subscriber):
    """The stored subscription (`NEWSLETTER` / `SUB#<address key>`)."""

    key: str
    confirmed_at: datetime
    expires_at: int


def roster_subscribed() -> bool:
    """Whether the roster subscribes its resource nurses and their unit leaders to the newsletter when they enter it
    (network.json: `"newsletter": {"roster_subscribed": true}`, the default), each with the right to leave."""
    return bool(network().get("newsletter", {}).get("roster_subscribed", True))
