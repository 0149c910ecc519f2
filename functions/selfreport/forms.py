"""Reading the self-report's forms: every mistake named at once, next to its field, in the order the form shows them."""

from __future__ import annotations

from typing import Any

from common.validation import validate
from selfreport.models import (
    LEADER_TEXTS,
    NURSE_TEXTS,
    ROUND_TEXTS,
    LeaderAnswer,
    NurseAnswer,
    Role,
    RoundChange,
    RoundForm,
)


def validate_answer(role: Role, fields: dict[str, Any]) -> NurseAnswer | LeaderAnswer:
    """The nurse's form or the leader's, as her invitation is."""
    if role == "nurse":
        return validate(NurseAnswer, fields, NURSE_TEXTS)
    return validate(LeaderAnswer, fields, LEADER_TEXTS)


def validate_round(fields: dict[str, Any]) -> RoundForm:
    return validate(RoundForm, fields, ROUND_TEXTS)


def validate_round_change(fields: dict[str, Any]) -> RoundChange:
    return validate(RoundChange, fields, ROUND_TEXTS)
