"""HTML pages the sign-up function answers with when a browser without JavaScript needs the form again."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from common.downloads import download_url
from common.errors import DomainError, InvalidInput, RegistrationClosed
from common.i18n import gettext
from common.markdown_text import safe_html
from common.settings import settings
from common.templates import render
from courses.models import FORM_TEXTS, ROLE_LABELS, Course, CourseLetter, Registration
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


def message_page(error: DomainError) -> str:
    return render("message.html", title=gettext(error.title), message=gettext(error.message))


def letter_views(letters: Sequence[CourseLetter]) -> list[dict[str, Any]]:
    """The letters a course's leaders sent a person, as her pages show them: the text made safe, each file's link
    (common/downloads.py)."""
    return [
        {
            "letter": letter,
            "html": safe_html(letter.text),
            "files": [(file, download_url(letter.id, file.id)) for file in letter.attachments],
        }
        for letter in letters
    ]


def receipt_page(
    course: Course, registration: Registration, place: int | None, token: str, letters: Sequence[CourseLetter] = ()
) -> str:
    """The person's own page: the registration, cancelling, and the letters the course's leaders sent them (with
    their files: common/downloads.py)."""
    return render(
        "receipt.html",
        course=course,
        registration=registration,
        place=place,
        letters=letter_views(letters),
        can_cancel=course.can_cancel(datetime.now(UTC)),
        cancel_url=f"/api/pameldinger/{token}/avmelding",
        current_url="kurs/",
    )
