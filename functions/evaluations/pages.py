"""The HTML pages of course evaluations: the form behind a participant's link (again with its errors), the thanks,
the refusals, and the leaders' summary of a course with a chart per question."""

from __future__ import annotations

from typing import Any

from common.charts import Bar, Chart, bar_chart
from common.errors import DomainError, EvaluationAnswered, InvalidInput
from common.formatting import date_nb
from common.i18n import N_, gettext
from common.person import NO_PATIENT_DATA, RECOMMEND_LABELS
from common.templates import render
from courses.models import Course
from evaluations.emails import dates_text
from evaluations.models import FORM_TEXTS, MIN_SHOWN, RATINGS, SCALE, answer_path, closes_at
from evaluations.service import Summary

TOO_FEW = N_("For få svar til å vise resultatene uten at det kan avsløre hvem som svarte.")
ANSWERS = N_("%(count)s svar")
AVERAGE = N_("Gjennomsnitt: %(average)s av 5")


def _values(fields: dict[str, Any]) -> dict[str, str]:
    return {name: value for name, value in fields.items() if isinstance(value, str)}


def form_page(course: Course, token: str, fields: dict[str, Any], errors: dict[str, str], message: str = "") -> str:
    """The evaluation form, empty or as sent with a message at each field, or over it (common.errors.LookAgain)."""
    return render(
        "evaluation.html",
        course=course,
        dates_text=dates_text(course),
        closes_text=date_nb(closes_at(course)),
        action=answer_path(token),
        form=_values(fields),
        errors=errors,
        form_message=gettext(InvalidInput.message) if errors else message,
        RATINGS=RATINGS,
        SCALE=SCALE,
        FORM_TEXTS=FORM_TEXTS,
        RECOMMEND_LABELS=RECOMMEND_LABELS,
        NO_PATIENT_DATA=NO_PATIENT_DATA,
    )


def thanks_page() -> str:
    return render(
        "message.html",
        title=gettext(N_("Takk for svarene!")),
        message=gettext(N_("Svarene er lagret uten navn og e-postadresse. De hjelper oss å gjøre kursene bedre.")),
        tone="success",
    )


def message_page(error: DomainError) -> str:
    """A refusal: kind (a success) for a second answer, a warning for anything else."""
    tone = "success" if isinstance(error, EvaluationAnswered) else None
    return render("message.html", title=gettext(error.title), message=gettext(error.message), tone=tone)


def _number(value: float) -> str:
    return f"{value:g}".replace(".", ",")


def charts(summary: Summary) -> list[dict[str, str]]:
    """One bar chart per rating question (bars 1 to 5 with their counts), with its average as text."""
    found = []
    for question in RATINGS:
        title = gettext(FORM_TEXTS[question.id].label)
        counts = summary.counts(question.id)
        ends = {1: gettext(question.low), 5: gettext(question.high)}
        bars = [
            Bar(f"{value} ({ends[value]})" if value in ends else str(value), count, gettext(ANSWERS) % {"count": count})
            for value, count in zip(SCALE, counts, strict=True)
        ]
        average = summary.average(question.id)
        found.append(
            {
                "id": question.id,
                "title": title,
                "svg": bar_chart(Chart(id=f"diagram-{question.id}", title=title, bars=bars)),
                "average": gettext(AVERAGE) % {"average": _number(average)} if average is not None else "",
            }
        )
    return found


def summary_page(summary: Summary, area_name: str) -> str:
    course = summary.course
    csv_url = f"/api/leder/kurs/{course.id}/evaluering.csv"
    return render(
        "evaluation_summary.html",
        course=course,
        dates_text=dates_text(course),
        area_name=area_name,
        summary=summary,
        too_few=gettext(TOO_FEW),
        min_shown=MIN_SHOWN,
        charts=charts(summary) if summary.shown else [],
        recommend=[(gettext(label), summary.recommend()[choice]) for choice, label in RECOMMEND_LABELS.items()],
        best=summary.texts("best"),
        improve=summary.texts("improve"),
        FORM_TEXTS=FORM_TEXTS,
        csv_url=csv_url,
        csv_comma_url=f"{csv_url}?format=komma",
    )
