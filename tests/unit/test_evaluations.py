"""Course evaluations on a fake repository: who is asked and when, one email per person however often the run goes,
one answer per link that says nothing of who gave it, the form's messages, and what each leader sees."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from attendance.models import Attendance
from common.errors import (
    CourseNotFound,
    EvaluationAnswered,
    EvaluationClosed,
    EvaluationNotFound,
    Forbidden,
    InvalidInput,
)
from common.formatting import OSLO
from common.tokens import token_hash
from courses.models import Course
from evaluations.export import course_evaluation_export
from evaluations.forms import validate_evaluation
from evaluations.models import EvaluationForm, Participant, answer_expires_at, closes_at, send_at
from evaluations.pages import summary_page
from evaluations.service import Evaluations, due, participants
from tests.support.samples import course, registration
from tests.unit.fakes import FakeCourseRepository, FakeEvaluationRepository, FakeMailer
from tests.unit.test_hospitation_service import leader

END = datetime(2027, 3, 4, 14, 0, tzinfo=UTC)  # 15:00 in Oslo
MORNING_AFTER = datetime(2027, 3, 5, 6, 0, tzinfo=OSLO)
ANSWER = {"overall": "5", "useful": "4", "practical": "3", "recommend": "ja", "best": "Samtalene.", "improve": ""}


def finished(course_id: str = "grunnkurs-mars", area: str = "alle", kind: str = "grunnkurs") -> Course:
    start = END - timedelta(days=1, hours=6)
    return course(
        course_id, area=area, kind=kind, start=start, end=END, registration_deadline=start - timedelta(days=7)
    )


def mark(email: str, present: bool, name: str = "Walk In") -> Attendance:
    return Attendance(
        course_id="grunnkurs-mars",
        email=email,
        name=name,
        area="nedre-romerike",
        source="walk_in",
        present=present,
        hours=6.0,
        marked_by="leder@example.no",
        marked_at=END,
        expires_at=2_000_000_000,
    )


def service(*courses: Course, mailer: FakeMailer | None = None) -> Evaluations:
    return Evaluations(FakeEvaluationRepository(mailer), FakeCourseRepository(*courses))


def mailer_of(evaluations: Evaluations) -> FakeMailer:
    repo = evaluations.repo
    assert isinstance(repo, FakeEvaluationRepository)
    return repo.mailer


def link_of(message: Any) -> str:
    body = message.get_body(("plain",)).get_content()
    return str(body.split("/api/evaluering/")[1].split()[0])


def asked(evaluations: Evaluations, chosen: Course, *people: Participant) -> list[str]:
    """Ask these people; the tokens their emails carry."""
    mailer = mailer_of(evaluations)
    before = len(mailer.sent)
    evaluations.ask(chosen, list(people), MORNING_AFTER)
    return [link_of(message) for message in mailer.sent[before:]]


# Who is asked, and when ---------------------------------------------------------------------------------------------


def test_those_with_a_seat_are_asked_unless_marked_absent_and_walk_ins_marked_present_too() -> None:
    cancelled = registration("grunnkurs-mars", "avmeldt@example.no", "Avmeldt").model_copy(
        update={"status": "cancelled"}
    )
    seats = [
        registration("grunnkurs-mars", "kari@example.no", "Kari"),
        registration("grunnkurs-mars", "ola@example.no", "Ola"),
        registration("grunnkurs-mars", "Kari@Example.no", "Kari igjen"),
        cancelled,
    ]
    marks = [mark("OLA@example.no", present=False), mark("walk@example.no", present=True), mark("x@example.no", False)]

    found = participants(seats, marks)

    assert [(p.email_key, p.name) for p in found] == [("kari@example.no", "Kari"), ("walk@example.no", "Walk In")]


def test_a_course_is_due_from_the_morning_after_its_last_day_for_a_week_and_meetings_never() -> None:
    chosen = finished()
    assert send_at(chosen) == MORNING_AFTER
    assert not due(chosen, MORNING_AFTER - timedelta(minutes=1))
    assert due(chosen, MORNING_AFTER) and due(chosen, MORNING_AFTER + timedelta(days=7))
    assert not due(chosen, MORNING_AFTER + timedelta(days=7, minutes=1))
    assert not due(finished(kind="nettverksmote"), MORNING_AFTER)
    assert not due(chosen.model_copy(update={"status": "cancelled"}), MORNING_AFTER), "a cancelled course is not asked"


def test_each_participant_gets_one_email_with_a_link_of_their_own_however_often_the_run_goes() -> None:
    chosen = finished()
    evaluations = service(chosen)
    people = [Participant("kari@example.no", "Kari"), Participant("ola@example.no", "Ola")]

    first = asked(evaluations, chosen, *people)
    again = asked(evaluations, chosen, *people, Participant("KARI@example.no", "Kari"))

    assert len(first) == 2 and len(set(first)) == 2 and again == []
    assert evaluations.repo.invited(chosen.id) == 2
    message = mailer_of(evaluations).sent[0]
    assert message["Subject"] == "Hvordan var Grunnkurs i palliasjon?" and "Kari" in str(message["To"])
    text = message.get_body(("plain",)).get_content()
    assert "anonyme" in text and "pasientopplysninger" in text and "til og med 3. april 2027" in text


def test_the_invitation_is_written_with_its_marker_and_link_and_names_nothing_it_is_about() -> None:
    chosen = finished()
    evaluations = service(chosen)
    assert evaluations.ask(chosen, [Participant("kari@example.no", "Kari")], MORNING_AFTER).sent == 1
    (email,) = mailer_of(evaluations).emails
    assert (email.kind, email.about, email.stranger) == ("evaluation", None, False)
    assert evaluations.ask(chosen, [Participant("kari@example.no", "Kari")], MORNING_AFTER).sent == 0
    assert len(mailer_of(evaluations).emails) == 1


# Answering ----------------------------------------------------------------------------------------------------------


def test_an_answer_is_stored_once_with_nothing_about_the_person_or_the_time() -> None:
    chosen = finished()
    evaluations = service(chosen)
    (token,) = asked(evaluations, chosen, Participant("kari@example.no", "Kari Nordmann"))

    stored = evaluations.answer(token, validate_evaluation(ANSWER), MORNING_AFTER)

    with pytest.raises(EvaluationAnswered):
        evaluations.answer(token, validate_evaluation(ANSWER), MORNING_AFTER)
    with pytest.raises(EvaluationAnswered):
        evaluations.open(token, MORNING_AFTER)
    assert evaluations.repo.answers(chosen.id) == [stored]
    values = set(map(str, stored.json_values().values()))
    assert values.isdisjoint({token, token_hash(token), "kari@example.no", "Kari Nordmann"})
    assert set(stored.json_values()) == {
        "id",
        "course_id",
        "overall",
        "useful",
        "practical",
        "recommend",
        "best",
        "improve",
        "expires_at",
    }
    assert stored.expires_at == answer_expires_at(chosen)  # from the course, the same for every answer


def test_a_forged_link_is_not_found_and_a_late_one_is_closed() -> None:
    chosen = finished()
    evaluations = service(chosen)
    (token,) = asked(evaluations, chosen, Participant("kari@example.no", "Kari"))

    for forged in ("", "x" * 65, token[:-1] + ("A" if token[-1] != "A" else "B")):
        with pytest.raises(EvaluationNotFound):
            evaluations.open(forged, MORNING_AFTER)
    evaluations.open(token, closes_at(chosen))
    with pytest.raises(EvaluationClosed):
        evaluations.answer(token, validate_evaluation(ANSWER), closes_at(chosen) + timedelta(seconds=1))


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"overall": ""}, "overall", "Velg hvor fornøyd du er med kurset, fra 1 til 5."),
        ({"useful": "6"}, "useful", "Velg hvor nyttig innholdet var, fra 1 til 5."),
        ({"practical": "tre"}, "practical", "Velg hvordan det praktiske fungerte, fra 1 til 5."),
        ({"practical": True}, "practical", "Velg hvordan det praktiske fungerte, fra 1 til 5."),
        ({"practical": 2.5}, "practical", "Velg hvordan det praktiske fungerte, fra 1 til 5."),
        ({"recommend": "kanskje"}, "recommend", "Velg ja, nei eller usikker."),
        ({"best": "<script>"}, "best", "Skriv svaret som vanlig tekst, uten tegnene < og >."),
        ({"improve": "x" * 1001}, "improve", "Hva kan vi gjøre bedre? kan ha høyst 1000 tegn."),
    ],
)
def test_each_mistake_is_named_at_its_field(changes: dict[str, Any], field: str, message: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        validate_evaluation(ANSWER | changes)
    assert refused.value.field_errors == {field: message}


def test_a_missing_answer_is_named_and_numbers_from_json_are_taken() -> None:
    with pytest.raises(InvalidInput) as refused:
        validate_evaluation({})
    assert list(refused.value.field_errors) == ["overall", "useful", "practical", "recommend"]
    form = validate_evaluation({"overall": 1, "useful": " 5 ", "practical": 3, "recommend": "usikker"})
    assert form == EvaluationForm(overall=1, useful=5, practical=3, recommend="usikker")


# What leaders see ---------------------------------------------------------------------------------------------------


def answered(chosen: Course, *ratings: int) -> Evaluations:
    evaluations = service(chosen)
    people = [Participant(f"p{n}@example.no", f"P {n}") for n in range(len(ratings) + 1)]
    tokens = asked(evaluations, chosen, *people)
    for token, rating in zip(tokens, ratings, strict=False):
        texts = {"best": f"Best {rating}", "recommend": "ja" if rating > 2 else "nei"}
        evaluations.answer(token, validate_evaluation(ANSWER | {"overall": str(rating)} | texts), MORNING_AFTER)
    return evaluations


def test_the_summary_counts_each_rating_and_the_rate_from_three_answers_on() -> None:
    chosen = finished()
    found = answered(chosen, 5, 4, 5).summary(leader("nettverksleder"), chosen.id, ["nedre-romerike"])

    assert (found.invited, found.answered, found.rate, found.shown) == (4, 3, 75, True)
    assert found.counts("overall") == [0, 0, 0, 1, 2] and found.average("overall") == 4.7
    assert found.recommend() == {"ja": 3, "nei": 0, "usikker": 0}
    assert sorted(found.texts("best")) == ["Best 4", "Best 5", "Best 5"] and found.texts("improve") == []
    html = summary_page(found, "Hele nettverket")
    assert "Gjennomsnitt: 4,7 av 5" in html and html.count("<svg") == 3 and "For få svar" not in html


def test_fewer_than_three_answers_show_only_the_counts_and_export_only_the_header() -> None:
    chosen = finished()
    found = answered(chosen, 1, 2).summary(leader("nettverksleder"), chosen.id, ["nedre-romerike"])

    assert (found.invited, found.answered, found.shown, found.answers) == (3, 2, False, ())
    html = summary_page(found, "Hele nettverket")
    assert "For få svar til å vise resultatene" in html and "<svg" not in html and "Best 1" not in html
    rows = list(course_evaluation_export().rows(found.answers))
    assert rows == [
        [
            "Hvor fornøyd er du med kurset alt i alt?",
            "Hvor nyttig var innholdet for arbeidet ditt?",
            "Hvordan fungerte det praktiske (sted, tid, påmelding)?",
            "Vil du anbefale kurset til en kollega?",
            "Hva var best?",
            "Hva kan vi gjøre bedre?",
        ]
    ]


def test_leaders_see_the_courses_of_their_scope_only() -> None:
    network_wide, romerike, follo = finished("kurs-alle"), finished("kurs-nr", "nedre-romerike"), finished("kurs-fo")
    follo = follo.model_copy(update={"area": "folloregionen"})
    evaluations = service(network_wide, romerike, follo)
    areas = ["nedre-romerike", "folloregionen"]
    romerike_leader = leader("omradeleder", area="nedre-romerike")

    for chosen in (network_wide, romerike, follo):
        assert evaluations.summary(leader("nettverksleder"), chosen.id, areas).course == chosen
    assert evaluations.summary(romerike_leader, network_wide.id, areas).course == network_wide
    assert evaluations.summary(romerike_leader, romerike.id, areas).course == romerike
    with pytest.raises(Forbidden):
        evaluations.summary(romerike_leader, follo.id, areas)
    with pytest.raises(Forbidden):
        evaluations.summary(leader("vertsenhet", unit="ahus-palliativt-senter"), network_wide.id, areas)
    with pytest.raises(CourseNotFound):
        evaluations.summary(leader("nettverksleder"), "finnes-ikke", areas)
