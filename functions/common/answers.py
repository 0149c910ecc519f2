"""The small pieces the leaders' JSON answers share: a choice in a list (a status, an area, a unit) and a change's
plain outcome. Each capability's own answers are in its `answers.py` (roster: `leader_json.py`)."""

from __future__ import annotations

from pydantic import BaseModel


class Choice(BaseModel):
    """A status to filter by: its id and its label in the network's language."""

    id: str
    label: str


class NamedChoice(BaseModel):
    """An area or a unit to choose: its id and its name."""

    id: str
    name: str


class Outcome(BaseModel):
    """What a change without a record to show says: "signed_out", "erased"."""

    status: str
