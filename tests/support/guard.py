"""The public forms' guards (functions/common/form_guard.py) as the test code meets them: a stamp made with the
test stack's key (settings' default, as infra/local runs it) some time ago, as if the person had taken a minute to
fill in the form. Tests of the guard itself send no stamp, a forged one, or one made just now."""

from __future__ import annotations

import time
from typing import Any

from common.form_guard import STAMP, new_stamp


def aged_stamp(age: float = 60.0) -> str:
    """A form started `age` seconds ago (more than MIN_SECONDS, less than MAX_AGE)."""
    return new_stamp(time.time() - age)


def guarded(fields: dict[str, Any]) -> dict[str, Any]:
    """The fields with a stamp of a minute ago, unless they have one (or None, for none at all) already."""
    if STAMP in fields:
        return {name: value for name, value in fields.items() if not (name == STAMP and value is None)}
    return fields | {STAMP: aged_stamp()}
