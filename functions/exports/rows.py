"""What goes in an export: a header, then one row per item, made lazily (like pretix's `iterate_list`).

Items may come from a generator over many DynamoDB pages, so an exporter never holds them all: it yields the header,
then a row per item as it is read. Headers are msgids marked with N_ and translated when the header row is made, so a
nynorsk network gets nynorsk headers. Cell values stay plain Python values; csv_render turns them into safe text.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Generic, TypeVar

from attendance.service import NurseHours
from common.formatting import OSLO
from common.i18n import N_, gettext
from courses.models import ROLE_LABELS, Course, Registration
from courses.questions import QUESTIONS, Question
from evaluations.models import FORM_TEXTS as EVALUATION_TEXTS
from evaluations.models import RECOMMEND_LABELS as EVALUATION_RECOMMEND_LABELS
from evaluations.models import Evaluation
from hospitation.models import Hospitation
from roster.coverage import AreaCoverage
from roster.models import CHANGE_KIND_LABELS, EDUCATION_LABELS, UNIT_KIND_LABELS, RosterEntry, Unit
from roster.service import grunnkurs_due

T = TypeVar("T")


@dataclass(frozen=True)
class Column(Generic[T]):
    """One column: its header (an N_ msgid) and how to get its cell from an item."""

    header: str
    value: Callable[[T], object]


class Exporter(Generic[T]):
    """Columns over items: the header row, then a row per item."""

    def __init__(self, columns: Sequence[Column[T]]) -> None:
        self.columns = tuple(columns)

    def header(self) -> list[str]:
        return [gettext(column.header) for column in self.columns]

    def rows(self, items: Iterable[T]) -> Iterator[list[object]]:
        """The header first, then one row per item, reading items only as rows are asked for."""
        yield [*self.header()]  # a list[object], like the rows
        for item in items:
            yield [column.value(item) for column in self.columns]


STATUS_LABELS: dict[str, str] = {
    "confirmed": N_("Plass"),
    "waitlisted": N_("Venteliste"),
    "cancelled": N_("Avmeldt"),
}


def _day(moment: datetime) -> str:
    """dd.mm.yyyy on the Oslo calendar: a course at 00:30 Oslo time is on that day, not the UTC day before."""
    return moment.astimezone(OSLO).strftime("%d.%m.%Y")


def _minute(moment: datetime) -> str:
    return moment.astimezone(OSLO).strftime("%d.%m.%Y %H:%M")


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
        return _day(course.start) if course else None

    columns: list[Column[Registration]] = []
    if with_course:
        columns += [Column(N_("Kurs"), course_title), Column(N_("Kursdato"), course_day)]
    columns += [
        Column(N_("Status"), lambda r: gettext(STATUS_LABELS[r.status])),
        Column(N_("Plass på ventelisten"), lambda r: r.position if r.status == "waitlisted" else None),
        Column(N_("Navn"), lambda r: r.name),
        Column(N_("E-post"), lambda r: r.email),
        Column(N_("Mobil"), lambda r: r.phone),
        Column(N_("Arbeidssted"), lambda r: r.workplace),
        Column(N_("Kommune"), lambda r: r.municipality),
        Column(N_("Område"), lambda r: area_names.get(r.area, r.area)),
        Column(N_("Rolle"), lambda r: gettext(ROLE_LABELS[r.role])),
        Column(N_("Nærmeste leder"), lambda r: r.leader_name),
        Column(N_("Lederens e-post"), lambda r: r.leader_email),
        Column(N_("Påmeldt"), lambda r: _minute(r.created_at)),
    ]
    question_ids = dict.fromkeys(question_id for course in courses.values() for question_id in course.questions)
    columns += [Column(QUESTIONS[question_id].label, _answer(QUESTIONS[question_id])) for question_id in question_ids]
    return Exporter(columns)


_NORWEGIAN_LETTERS = str.maketrans({"æ": "ae", "ø": "o", "å": "a"})


def export_filename(stem: str, day: date) -> str:
    """'pameldinger-grunnkurs-2027-var-2026-11-23.csv': only [a-z0-9-], safe unquoted in Content-Disposition."""
    slug = re.sub(r"[^a-z0-9]+", "-", stem.lower().translate(_NORWEGIAN_LETTERS)).strip("-")
    return f"{slug}-{day.isoformat()}.csv" if slug else f"{day.isoformat()}.csv"


def hospitation_export(
    units: Mapping[str, str], area_names: Mapping[str, str], status_labels: Mapping[str, str]
) -> Exporter[Hospitation]:
    """Hospitation requests for a leader: who, where to, the wished periods, each answer and its date."""

    def wish(number: int) -> Callable[[Hospitation], object]:
        def value(request: Hospitation) -> object:
            if len(request.wishes) < number:
                return None
            chosen = request.wishes[number - 1]
            return f"{chosen.first:%d.%m.%Y}–{chosen.last:%d.%m.%Y}"

        return value

    return Exporter(
        [
            Column(N_("Status"), lambda r: gettext(status_labels[r.status])),
            Column(N_("Navn"), lambda r: r.name),
            Column(N_("E-post"), lambda r: r.email),
            Column(N_("Mobil"), lambda r: r.phone),
            Column(N_("Arbeidssted"), lambda r: r.workplace),
            Column(N_("Kommune"), lambda r: r.municipality),
            Column(N_("Område"), lambda r: area_names.get(r.area, r.area)),
            Column(N_("Nærmeste leder"), lambda r: r.leader_name),
            Column(N_("Lederens e-post"), lambda r: r.leader_email),
            Column(N_("Vertsenhet"), lambda r: units.get(r.host_unit, r.host_unit)),
            Column(N_("Ønsket periode 1"), wish(1)),
            Column(N_("Ønsket periode 2"), wish(2)),
            Column(N_("Læringsmål"), lambda r: r.goals),
            Column(N_("Sendt"), lambda r: _minute(r.created_at)),
            Column(N_("Leder svarte"), lambda r: _minute(r.answered_at) if r.answered_at else None),
            Column(N_("Første dag"), lambda r: f"{r.first_day:%d.%m.%Y}" if r.first_day else None),
            Column(N_("Siste dag"), lambda r: f"{r.last_day:%d.%m.%Y}" if r.last_day else None),
            Column(N_("Begrunnelse for nei"), lambda r: r.decline_reason or None),
        ]
    )


def evaluation_export(
    units: Mapping[str, str], area_names: Mapping[str, str], recommend_labels: Mapping[str, str]
) -> Exporter[Hospitation]:
    """The nurses' evaluations, without their names: where, when, from which area, and the three answers."""
    return Exporter(
        [
            Column(N_("Vertsenhet"), lambda r: units.get(r.host_unit, r.host_unit)),
            Column(N_("Første dag"), lambda r: f"{r.first_day:%d.%m.%Y}" if r.first_day else None),
            Column(N_("Siste dag"), lambda r: f"{r.last_day:%d.%m.%Y}" if r.last_day else None),
            Column(N_("Område"), lambda r: area_names.get(r.area, r.area)),
            Column(N_("Hva lærte du?"), lambda r: r.learned),
            Column(
                N_("Vil du anbefale andre å hospitere her?"),
                lambda r: gettext(recommend_labels[r.recommend]) if r.recommend else None,
            ),
            Column(N_("Hva bør vi gjøre annerledes?"), lambda r: r.change),
            Column(N_("Evaluert"), lambda r: _minute(r.evaluated_at) if r.evaluated_at else None),
        ]
    )


def course_evaluation_export() -> Exporter[Evaluation]:
    """A course's evaluation: one row per answer, in the answers' random order; nothing about who answered, or when."""
    return Exporter(
        [
            Column(EVALUATION_TEXTS["overall"].label, lambda e: e.overall),
            Column(EVALUATION_TEXTS["useful"].label, lambda e: e.useful),
            Column(EVALUATION_TEXTS["practical"].label, lambda e: e.practical),
            Column(EVALUATION_TEXTS["recommend"].label, lambda e: gettext(EVALUATION_RECOMMEND_LABELS[e.recommend])),
            Column(EVALUATION_TEXTS["best"].label, lambda e: e.best or None),
            Column(EVALUATION_TEXTS["improve"].label, lambda e: e.improve or None),
        ]
    )


def _date(day: date | None) -> str | None:
    return f"{day:%d.%m.%Y}" if day else None


REASON_LABELS: dict[str, str] = {**CHANGE_KIND_LABELS, "import": N_("Fra den importerte navnelisten")}


def roster_export(units: Mapping[str, Unit], area_names: Mapping[str, str]) -> Exporter[RosterEntry]:
    """The roster: one row per period of a resource nurse at a unit, with the function description's signatures
    and the courses taken."""

    def of_unit(read: Callable[[Unit], object]) -> Callable[[RosterEntry], object]:
        def value(entry: RosterEntry) -> object:
            found = units.get(entry.unit)
            return read(found) if found else None

        return value

    return Exporter(
        [
            Column(N_("Område"), lambda e: area_names.get(e.area, e.area)),
            Column(N_("Kommune eller bydel"), of_unit(lambda u: u.municipality)),
            Column(N_("Enhet"), lambda e: units[e.unit].name if e.unit in units else e.unit),
            Column(N_("Type enhet"), of_unit(lambda u: gettext(UNIT_KIND_LABELS[u.kind]))),
            Column(N_("Navn"), lambda e: e.name),
            Column(N_("E-post"), lambda e: e.email),
            Column(N_("Mobil"), lambda e: e.phone or None),
            Column(N_("Utdanning"), lambda e: gettext(EDUCATION_LABELS[e.education])),
            Column(N_("Fra"), lambda e: _date(e.start)),
            Column(N_("Til"), lambda e: _date(e.end)),
            Column(N_("Hvorfor startet"), lambda e: gettext(REASON_LABELS[e.start_reason])),
            Column(N_("Hvorfor sluttet"), lambda e: gettext(REASON_LABELS[e.end_reason]) if e.end_reason else None),
            Column(N_("Signert av ressurssykepleier"), lambda e: _date(e.signed_by_nurse)),
            Column(N_("Signert av nærmeste leder"), lambda e: _date(e.signed_by_leader)),
            Column(N_("Signert av nettverksleder"), lambda e: _date(e.signed_by_network)),
            Column(N_("Grunnkurs"), lambda e: _grunnkurs(e)),
            Column(N_("Kurs"), lambda e: "; ".join(f"{c.title} ({c.day:%d.%m.%Y})" for c in e.courses) or None),
            Column(N_("Vises på nettsiden"), lambda e: gettext(N_("Ja")) if e.listed else gettext(N_("Nei"))),
        ]
    )


def _grunnkurs(entry: RosterEntry) -> str:
    taken = [course.day for course in entry.courses if course.kind == "grunnkurs"]
    if taken:
        return f"{max(taken):%d.%m.%Y}"
    return gettext(N_("Anbefales")) if grunnkurs_due(entry) else gettext(N_("Ikke nødvendig"))


def coverage_export() -> Exporter[AreaCoverage]:
    """Coverage per area: units with and without a resource nurse, and the function descriptions not yet signed."""
    return Exporter(
        [
            Column(N_("Område"), lambda r: r.name),
            Column(N_("Enheter"), lambda r: r.units),
            Column(N_("Med ressurssykepleier"), lambda r: r.covered),
            Column(N_("Uten ressurssykepleier"), lambda r: r.uncovered),
            Column(N_("Dekning i prosent"), lambda r: r.percent),
            Column(N_("Ressurssykepleiere"), lambda r: r.nurses),
            Column(N_("Funksjonsbeskrivelse ikke signert"), lambda r: r.unsigned),
            Column(N_("Grunnkurs anbefales"), lambda r: r.grunnkurs_due),
        ]
    )


def _hours(value: float) -> str:
    """3, or 3,5: a decimal comma, as Norwegian Excel reads a number."""
    return f"{value:g}".replace(".", ",")


def hours_export(units: Mapping[str, Unit], area_names: Mapping[str, str]) -> Exporter[NurseHours]:
    """Hours at local meetings per resource nurse in a year, against the goal."""
    return Exporter(
        [
            Column(N_("Område"), lambda r: area_names.get(r.entry.area, r.entry.area)),
            Column(N_("Enhet"), lambda r: units[r.entry.unit].name if r.entry.unit in units else r.entry.unit),
            Column(N_("Navn"), lambda r: r.entry.name),
            Column(N_("Timer"), lambda r: _hours(r.hours)),
            Column(N_("Mål"), lambda r: _hours(r.goal)),
            Column(N_("Timer som mangler"), lambda r: _hours(max(0.0, r.goal - r.hours))),
        ]
    )
