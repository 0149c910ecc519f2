"""The registrations export: stable Norwegian headers, one row per registration, items read only as rows are made."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime

from courses.export import registration_export
from courses.models import Registration
from exports.columns import export_filename
from tests.support.samples import course, registration

AREAS = {"nedre-romerike": "Nedre Romerike"}
PERSON = [
    "Kari Nordmann",
    "kari@example.no",
    "91234567",
    "Fjellhamar sykehjem",
    "Lørenskog",
    "Nedre Romerike",
    "Ressurssykepleier",
    "Lise Leder",
    "lise.leder@example.no",
    "23.11.2026 13:00",  # samples.NOW, 12:00 UTC, is 13:00 in Oslo in November
]
HEADER = [
    "Status",
    "Plass på ventelisten",
    "Navn",
    "E-post",
    "Mobil",
    "Arbeidssted",
    "Kommune",
    "Område",
    "Rolle",
    "Nærmeste leder",
    "Lederens e-post",
    "Påmeldt",
]


def kari(course_id: str = "grunnkurs-test", **update: object) -> Registration:
    return registration(course_id, "kari@example.no", name="Kari Nordmann").model_copy(update=update)


def test_the_header_is_stable_with_and_without_the_course_columns() -> None:
    courses = {"grunnkurs-test": course()}
    assert registration_export(courses, AREAS, with_course=False).header() == HEADER
    assert registration_export(courses, AREAS, with_course=True).header() == ["Kurs", "Kursdato", *HEADER]


def test_confirmed_waitlisted_and_cancelled_registrations() -> None:
    exporter = registration_export({"grunnkurs-test": course()}, AREAS, with_course=False)
    header, confirmed, waiting, cancelled = exporter.rows(
        [kari(), kari(status="waitlisted", position=2), kari(status="cancelled", position=4)]
    )
    assert header == HEADER
    assert confirmed == ["Plass", None, *PERSON]
    assert waiting == ["Venteliste", 2, *PERSON]
    assert cancelled == ["Avmeldt", None, *PERSON]  # a cancelled registration has no place in the line


def test_the_course_columns_give_its_title_and_its_day_in_oslo() -> None:
    late = course("fagdag-natt", now=datetime(2026, 11, 22, 23, 30, tzinfo=UTC), title="Fagdag om natten")
    courses = {"grunnkurs-test": course(), "fagdag-natt": late}  # grunnkurs: 2026-12-23 12:00 UTC
    rows = list(registration_export(courses, AREAS, with_course=True).rows([kari(), kari("fagdag-natt")]))
    assert rows[1][:3] == ["Grunnkurs i palliasjon", "23.12.2026", "Plass"]
    assert rows[2][:2] == ["Fagdag om natten", "23.12.2026"]  # 23:30 UTC on the 22nd is 00:30 in Oslo on the 23rd


def test_an_unknown_area_shows_its_id_and_a_leader_their_role() -> None:
    exporter = registration_export({"grunnkurs-test": course()}, AREAS, with_course=False)
    [_, row] = exporter.rows([kari(area="glemt-omrade", role="leder")])
    assert row[HEADER.index("Område")] == "glemt-omrade"
    assert row[HEADER.index("Rolle")] == "Leder"


def test_each_question_of_the_courses_gets_one_column_in_course_order() -> None:
    courses = {
        "grunnkurs-test": course(questions="diet"),
        "fagdag": course("fagdag", questions="workplace_type, diet"),
    }
    exporter = registration_export(courses, AREAS, with_course=True)
    assert exporter.header()[-2:] == ["Allergier eller spesialkost (valgfritt)", "Type arbeidssted"]
    _, answered, unanswered = exporter.rows(
        [kari("fagdag", answers={"workplace_type": "langtidshjem", "diet": "Glutenfri"}), kari()]
    )
    assert answered[-2:] == ["Glutenfri", "Langtidshjem (sykehjem)"]
    assert unanswered[-2:] == ["", ""]


def test_no_questions_no_question_columns() -> None:
    assert len(registration_export({"grunnkurs-test": course()}, AREAS, with_course=True).header()) == 14


def test_rows_reads_the_registrations_only_as_rows_are_asked_for() -> None:
    taken: list[int] = []

    def pages() -> Iterator[Registration]:
        for number in range(3):
            taken.append(number)
            yield kari()

    rows = registration_export({"grunnkurs-test": course()}, AREAS, with_course=False).rows(pages())
    assert next(rows) == HEADER
    assert taken == []
    next(rows)
    assert taken == [0]
    assert len(list(rows)) == 2
    assert taken == [0, 1, 2]


def test_the_file_name_is_plain_ascii_safe_in_a_header() -> None:
    day = date(2026, 11, 23)
    assert export_filename("pameldinger-grunnkurs-2027-var", day) == "pameldinger-grunnkurs-2027-var-2026-11-23.csv"
    assert export_filename("Påmeldinger Grunnkurs 2027 vår", day) == "pameldinger-grunnkurs-2027-var-2026-11-23.csv"
    assert export_filename("Fagdag: Ærlig talt, søvn!", day) == "fagdag-aerlig-talt-sovn-2026-11-23.csv"
    assert export_filename('"; filename=x.exe', day) == "filename-x-exe-2026-11-23.csv"
    assert export_filename("ÆØÅ", day) == "aeoa-2026-11-23.csv"
    assert export_filename("", day) == "2026-11-23.csv"
