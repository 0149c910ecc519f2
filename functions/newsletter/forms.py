"""Reading the newsletter's form: a message at each field."""

from __future__ import annotations

from typing import Any

from common.validation import validate
from newsletter.models import FORM_TEXTS, SubscriptionForm


def validate_subscription(fields: dict[str, Any]) -> SubscriptionForm:
    values = {name: fields[name] for name in FORM_TEXTS if isinstance(fields.get(name), str) and fields[name].strip()}
    return validate(SubscriptionForm, values, FORM_TEXTS)
