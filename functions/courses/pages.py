"""HTML pages the sign-up function answers with when a browser without JavaScript needs the form again."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from common.errors import DomainError, InvalidInput, RegistrationClosed
from common.formatting import OSLO, date_nb
from common.i18n import N_, gettext
from common.settings import settings
from common.templates import render
from courses.models import FORM_TEXTS, ROLE_LABELS, Course, Registration
from courses.questions import QUESTIONS


def form_context() -> dict[str, Any]:
    """What the sign-up form partial needs besides the course: labels and choices. Used by the site build too."""
    return {
        "FORM_TEXTS": FORM_TEXTS,
        "ROLE_LABELS": ROLE_LABELS,
        "QUESTIONS": QUESTIONS,
        "RETENTION_MONTHS": settings().retention_months,
    }


def course_page(course: Course, fields: dict[str, Any], error: DomainError) -> str:
    """The course page with the form filled in as sent, an error summary on top and a message at each field."""
    values = {name: value for name, value in fields.items() if isinstance(value, str)}
    errors = error.field_errors if isinstance(error, InvalidInput) else {}
    return render(
        "course.html",
        course=course,
        course_content="",
        form=values,
        errors=errors,
        form_message=gettext(error.message),
        is_open=not isinstance(error, RegistrationClosed),
        **form_context(),
    )


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
        is_open=course.is_open(datetime.now(UTC)),
        **form_context(),
    )


def message_page(error: DomainError) -> str:
    return render("message.html", title=gettext(error.title), message=gettext(error.message))


def receipt_page(course: Course, registration: Registration, place: int | None, token: str) -> str:
    return render(
        "receipt.html",
        course=course,
        registration=registration,
        place=place,
        can_cancel=course.can_cancel(datetime.now(UTC)),
        cancel_url=f"/api/pameldinger/{token}/avmelding",
        current_url="kurs/",
    )


def absence_page(course: Course) -> str:
    """The receipt for an absence: the area leader will see it."""
    start = course.start.astimezone(OSLO)
    message = gettext(N_("Områdelederen ser at du ikke kommer på %(title)s %(day)s. Takk for at du sa fra.")) % {
        "title": course.title,
        "day": date_nb(start),
    }
    return render("message.html", title=gettext(N_("Fraværet er meldt")), message=message, tone="success")
