"""The pages of an absence from a local meeting, for a browser without JavaScript: the meeting's page with the form
again and a message at each field, and the receipt."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from common.errors import InvalidInput
from common.formatting import OSLO, date_nb
from common.i18n import N_, gettext
from common.templates import render
from courses.models import Course
from courses.pages import form_context


def absence_form_page(course: Course, fields: dict[str, Any], error: InvalidInput) -> str:
    """The meeting's page with the absence form as sent and a message at each field (a browser without JavaScript)."""
    values = {name: value for name, value in fields.items() if isinstance(value, str)}
    return render(
        "course.html",
        course=course,
        course_content="",
        form={},
        errors={},
        absence_form=values,
        absence_errors=error.field_errors,
        absence_message=gettext(error.message),  # shown when no field has a message (common.errors.LookAgain)
        is_open=course.is_open(datetime.now(UTC)),
        **form_context(),
    )


def absence_page(course: Course) -> str:
    """The receipt for an absence: the area leader will see it."""
    start = course.start.astimezone(OSLO)
    message = gettext(N_("Områdelederen ser at du ikke kommer på %(title)s %(day)s. Takk for at du sa fra.")) % {
        "title": course.title,
        "day": date_nb(start),
    }
    return render("message.html", title=gettext(N_("Fraværet er meldt")), message=message, tone="success")
