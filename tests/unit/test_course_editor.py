"""The course editor's rules with fakes (tests/unit/fakes.py): who may make and change what, the form's messages,
versions, seats to the line when a course grows, the emails of a change and a cancellation, copies and series, and
that every change asks for the site to be built again and is in the audit log."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from common.access import Leader
from common.errors import CourseChanged, CourseNotChangeable, CourseNotDraft, Forbidden, InvalidInput
from courses.course_form import course_id_for
from courses.editor import CourseEditor
from tests.support.samples import registration
from tests.unit.fakes import FakeAuditLog, FakeCourseRepository, FakeMailer

NOW = datetime(2026, 12, 2, 10, 0, tzinfo=UTC)
AREAS = ["nedre-romerike", "folloregionen"]
NETWORK = Leader("nina@example.no", "Nina", "nettverksleder", None, None, "s1", 0)
AREA = Leader("olav@example.no", "Olav", "omradeleder", "nedre-romerike", None, "s2", 0)
OTHER = Leader("anne@example.no", "Anne", "omradeleder", "folloregionen", None, "s3", 0)


def form(**overrides: Any) -> dict[str, Any]:
    day = date(2027, 1, 12)
    values: dict[str, Any] = {
        "title": "Nettverksmøte Nedre Romerike",
        "kind": "nettverksmote",
        "area": "nedre-romerike",
        "days": [{"day": day.isoformat(), "start": "12:30", "end": "15:30"}],
        "place": "Helsehuset i Lørenskog",
        "capacity": "2",
        "registration_deadline": (day - timedelta(days=7)).isoformat(),
        "audience": "Ressurssykepleiere",
        "summary": "",
        "description": "## Program",
        "questions": [],
    }
    return values | overrides


@pytest.fixture
def parts() -> tuple[CourseEditor, FakeCourseRepository, FakeMailer, FakeAuditLog]:
    repo, audit = FakeCourseRepository(), FakeAuditLog()
    return CourseEditor(repo, AREAS, audit, lambda: NOW), repo, repo.mailer, audit


def test_a_draft_is_made_with_an_id_from_its_title_and_day_and_asks_for_a_build(parts: Any) -> None:
    editor, repo, _, audit = parts
    made = editor.create(AREA, form())
    assert made.course.id == "nettverksmote-nedre-romerike-2027-01-12"
    assert made.course.status == "draft" and made.course.hours == 3.0
    second = editor.create(AREA, form())
    assert second.course.id == "nettverksmote-nedre-romerike-2027-01-12-2", "an id is never used twice"
    assert repo.publish_requests == [f"COURSE#{made.course.id}", f"COURSE#{second.course.id}"]
    assert [(e.action, e.actor) for e in audit.entries] == [("course_created", AREA.username)] * 2


def test_an_area_leader_uses_only_their_own_area(parts: Any) -> None:
    editor, *_ = parts
    with pytest.raises(InvalidInput) as refused:
        editor.create(OTHER, form())
    assert refused.value.field_errors == {"area": "Du kan bare lage og endre møter i ditt eget område."}
    with pytest.raises(InvalidInput):
        editor.create(AREA, form(area="alle"))
    made = editor.create(AREA, form())
    with pytest.raises(Forbidden):
        editor.draft(OTHER, made.course.id)
    with pytest.raises(Forbidden):
        editor.change(OTHER, made.course.id, form(area="folloregionen"), 1, notify=False)
    assert editor.create(NETWORK, form(area="alle", kind="fagdag")).course.area == "alle"


def test_a_two_day_course_is_two_days_and_every_mistake_is_told_at_once(parts: Any) -> None:
    editor, *_ = parts
    days = [
        {"day": "2027-03-11", "start": "09:00", "end": "15:30"},
        {"day": "2027-03-10", "start": "09:00", "end": "15:30"},
    ]
    made = editor.create(NETWORK, form(kind="grunnkurs", area="alle", days=days, registration_deadline="2027-02-24"))
    assert [d.day.isoformat() for d in made.course.days] == ["2027-03-10", "2027-03-11"], "in date order"
    assert made.course.hours == 13.0, "two days of 6.5 hours, not the night between"
    with pytest.raises(InvalidInput) as refused:
        editor.create(
            NETWORK,
            form(
                days=[{"day": "2026-11-30", "start": "10:00", "end": "09:00"}],
                capacity="0",
                place=" ",
                cancellation_deadline="i morgen",
            ),
        )
    assert refused.value.field_errors == {
        "days.0.day": "Dagen har vært. Velg en dato fra i dag og fremover.",
        "days.0.end": "Sluttiden må være etter starttiden.",
        "place": "Skriv hvor kurset eller møtet er, for eksempel sted og rom.",
        "capacity": "Skriv antall plasser som et helt tall fra 1 til 5000.",
        "cancellation_deadline": (
            "Skriv fristen for å melde seg av som en dato, ÅÅÅÅ-MM-DD, eller la feltet stå tomt."
        ),
    }


def test_a_stale_version_is_refused(parts: Any) -> None:
    editor, repo, *_ = parts
    made = editor.create(AREA, form())
    editor.change(AREA, made.course.id, form(place="Rom 2"), 1, notify=False)
    with pytest.raises(CourseChanged):
        editor.change(NETWORK, made.course.id, form(place="Rom 3"), 1, notify=False)
    assert repo.get_course(made.course.id).place == "Rom 2"


def test_more_seats_go_to_the_line_in_order_each_with_an_email(parts: Any) -> None:
    editor, repo, mailer, _ = parts
    made = editor.publish(AREA, editor.create(AREA, form()).course.id, 1).course
    for n, name in enumerate(["Anne", "Berit", "Cato", "Dina"]):
        repo.add_registrations([registration(made.id, f"p{n}@example.no", name)])
    with pytest.raises(InvalidInput) as refused:
        editor.change(AREA, made.id, form(capacity="1"), 2, notify=False)
    assert "capacity" in refused.value.field_errors
    outcome = editor.change(AREA, made.id, form(capacity="3"), 2, notify=False)
    assert outcome.promoted == 1
    assert [m["To"] for m in mailer.sent if "fått plass" in m["Subject"]] == ["Cato <p2@example.no>"]


def test_a_new_place_is_emailed_when_asked_and_a_cancellation_always(parts: Any) -> None:
    editor, repo, mailer, _ = parts
    made = editor.publish(NETWORK, editor.create(NETWORK, form(capacity="1")).course.id, 1).course
    repo.add_registrations([registration(made.id, "seat@example.no", "Sete")])
    repo.add_registrations([registration(made.id, "line@example.no", "Linje")])
    assert editor.change(NETWORK, made.id, form(capacity="1", place="Sal B"), 2, notify=False).notified == 0
    assert editor.change(NETWORK, made.id, form(capacity="1", place="Sal C"), 3, notify=True).notified == 2
    assert (
        editor.change(NETWORK, made.id, form(capacity="1", place="Sal C", summary="Ny"), 4, notify=True).notified == 0
    )
    cancelled = editor.cancel(NETWORK, made.id, 5)
    assert cancelled.course.status == "cancelled" and cancelled.notified == 2
    subjects = [m["Subject"] for m in mailer.sent]
    assert subjects.count(f"Avlyst: {made.title}") == 2
    assert subjects.count(f"Ny tid eller nytt sted: {made.title}") == 2
    with pytest.raises(CourseNotChangeable):
        editor.change(NETWORK, made.id, form(capacity="1"), 6, notify=False)
    with pytest.raises(CourseNotDraft):
        editor.delete(NETWORK, made.id, 6)


def test_a_copy_is_a_new_draft_on_new_days_and_a_series_one_meeting_per_date(parts: Any) -> None:
    editor, repo, *_ = parts
    source = editor.create(NETWORK, form(kind="fagdag", area="alle", description="## Program\n\nKaffe")).course
    copy = editor.copy(
        NETWORK,
        source.id,
        {"days": [{"day": "2028-01-11", "start": "09:00", "end": "15:00"}], "registration_deadline": "2028-01-01"},
    )
    assert copy.course.id == course_id_for(source.title, date(2028, 1, 11))
    assert copy.description == "## Program\n\nKaffe" and copy.course.status == "draft"
    editor.delete(NETWORK, source.id, 1)
    assert repo.get_course(source.id) is None

    series = editor.series(
        AREA,
        form()
        | {"dates": ["2027-02-09", "2027-04-13", "2027-06-08"], "start": "12:30", "end": "15:00", "deadline_days": 7},
    )
    assert [m.course.days[0].day.isoformat() for m in series] == ["2027-02-09", "2027-04-13", "2027-06-08"]
    assert [m.course.registration_deadline.date().isoformat() for m in series] == [
        "2027-02-02",
        "2027-04-06",
        "2027-06-01",
    ]
    with pytest.raises(InvalidInput) as refused:
        editor.series(AREA, form() | {"dates": ["2027-02-09"], "start": "12:30", "end": "11:00"})
    assert list(refused.value.field_errors) == ["dates", "end"]


def test_a_days_messages_come_in_the_forms_order(parts: Any) -> None:
    editor, *_ = parts
    with pytest.raises(InvalidInput) as refused:
        editor.create(AREA, form(days=[{"day": "", "start": "", "end": ""}] * 2 + [{}] * 9))
    assert list(refused.value.field_errors) == ["days"], "more than ten days: one message"
    with pytest.raises(InvalidInput) as refused:
        editor.create(AREA, form(days=[{}, {}]))
    assert list(refused.value.field_errors)[:6] == [
        "days.0.day",
        "days.0.start",
        "days.0.end",
        "days.1.day",
        "days.1.start",
        "days.1.end",
    ]
