"""A course's registrations as rows for a leader's CSV file."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from common.i18n import N_, gettext
from courses.models import REGISTRATION_STATUS_LABELS, ROLE_LABELS, Course, Registration
from courses.questions import QUESTIONS, Question
from exports.columns import Column, Exporter, day_text, leader_columns, minute_text, person_columns


def _answer(question: Question) -> Callable[[Registration], object]:
    """A question's cell: the label of the chosen option (as the form showed it), or the free text; empty if none."""

    def value(registration: Registration) -> object:
        answer = registration.answers.get(question.id, "")
        if answer and question.options:
            return gettext(question.options.get(answer, answer))
        return answer

    return value


def registration_export(
    courses: Mapping[str, Course], area_names: Mapping[str, str], with_course: bool
) -> Exporter[Registration]:
    """Registrations for a leader: one course (with_course=False) or many (the course in the first columns).

    The question columns are those any of the courses ask, in the order the courses are given. A registration whose
    course is missing from `courses` still gets a row, with its course id as the title and no date.
    """

    def course_title(registration: Registration) -> object:
        course = courses.get(registration.course_id)
        return course.title if course else registration.course_id

    def course_day(registration: Registration) -> object:
        course = courses.get(registration.course_id)
        return day_text(course.start) if course else None

    columns: list[Column[Registration]] = []
    if with_course:
        columns += [Column(N_("Kurs"), course_title), Column(N_("Kursdato"), course_day)]
    columns += [
        Column(N_("Status"), lambda r: gettext(REGISTRATION_STATUS_LABELS[r.status])),
        Column(N_("Plass på ventelisten"), lambda r: r.position if r.status == "waitlisted" else None),
        *person_columns(area_names),
        Column(N_("Rolle"), lambda r: gettext(ROLE_LABELS[r.role])),
        *leader_columns(),
        Column(N_("Påmeldt"), lambda r: minute_text(r.created_at)),
    ]
    question_ids = dict.fromkeys(question_id for course in courses.values() for question_id in course.questions)
    columns += [Column(QUESTIONS[question_id].label, _answer(QUESTIONS[question_id])) for question_id in question_ids]
    return Exporter(columns)
