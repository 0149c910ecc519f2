"""The yearly self-report on a fake repository: a round opened by the network leader asks each resource nurse and
each unit leader once, with a link each; the reminder goes once, to those who have not answered; a link takes one
answer; the leaders see their areas; the annual report counts it."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from typing import Any

import pytest

from common.errors import (
    Forbidden,
    InvalidInput,
    RoundChanged,
    SelfReportAnswered,
    SelfReportClosed,
    SelfReportNotFound,
)
from common.formatting import OSLO
from reports import documents
from reports.service import annual_report
from roster.models import RosterEntry, UnitLeader
from selfreport.export import self_report_export
from selfreport.forms import validate_answer
from selfreport.models import LeaderAnswer, NurseAnswer, RoundChange, RoundForm
from selfreport.pages import form_page, results_page
from selfreport.service import OnRoster, SelfReports, area_counts
from tests.unit.fakes import FakeAuditLog, FakeMailer, FakeSelfReportRepository
from tests.unit.test_attendance import nurse
from tests.unit.test_hospitation_service import NETWORK_LEADER, leader

OPENED = datetime(2026, 11, 2, 9, 0, tzinfo=OSLO)
CLOSES = date(2026, 12, 15)
AREAS = ["folloregionen", "nedre-romerike"]
UNITS = {"as-sykehjem": "Ås sykehjem", "frogn-sykehjem": "Frogn sykehjem", "lillestrom-helsehus": "Lillestrøm helsehus"}
NURSE_ANSWER = {"did": "Undervisning om lindring på to personalmøter.", "next_year": "Tiltakspakken.", "planned": "ja"}
LEADER_ANSWER = {"time_given": "delvis", "planned": "ja", "comment": ""}


def unit_leader(unit: str, area: str, name: str, email: str) -> UnitLeader:
    return UnitLeader(unit_id=unit, unit_name=UNITS[unit], area=area, name=name, email=email)


def roster() -> list[RosterEntry]:
    ada = nurse("Ada Ås", "ada@as.kommune.no", "as-sykehjem", "folloregionen")
    return [
        ada,
        # the same nurse at a second unit: asked once
        ada.model_copy(update={"id": "e-ada-2", "unit": "frogn-sykehjem"}),
        nurse("Frode Frogn", "frode@frogn.kommune.no", "frogn-sykehjem", "folloregionen"),
        nurse("Lise Lillestrøm", "lise@lillestrom.kommune.no", "lillestrom-helsehus", "nedre-romerike"),
    ]


LEADERS = [
    unit_leader("as-sykehjem", "folloregionen", "Åse Leder", "leder@follo.kommune.no"),
    # one leader of two units: one invitation
    unit_leader("frogn-sykehjem", "folloregionen", "Åse Leder", "Leder@follo.kommune.no"),
    unit_leader("lillestrom-helsehus", "nedre-romerike", "Lars Leder", "lars@lillestrom.kommune.no"),
]


class Setup:
    def __init__(self) -> None:
        self.mailer = FakeMailer()
        self.repo = FakeSelfReportRepository(self.mailer)
        self.nurses = roster()
        self.leaders = list(LEADERS)
        self.audit = FakeAuditLog()

        def email(invitation: Any, path: str, found: Any, now: datetime, reminder: bool) -> Any:
            from selfreport.emails import self_report_email

            return self_report_email(invitation, path, found, UNITS, now, reminder)

        self.service = SelfReports(
            self.repo, lambda _day: OnRoster(self.nurses, self.leaders, UNITS), email, self.audit
        )

    def open(self) -> None:
        self.service.open_round(NETWORK_LEADER, RoundForm(year=2026, closes_on=CLOSES), OPENED)

    def token(self, address: str, index: int = -1) -> str:
        """The token in the newest (or the index-th) email to the address."""
        text = self.mailer.to(address)[index].get_body(("plain",)).get_content()  # type: ignore[union-attr]
        found = re.search(r"/api/egenrapport/([A-Za-z0-9_-]+)", text)
        assert found, text
        return found.group(1)


def test_a_round_asks_each_nurse_and_each_unit_leader_once_with_a_link_of_her_own() -> None:
    setup = Setup()
    found, sent = setup.service.open_round(NETWORK_LEADER, RoundForm(year=2026, closes_on=CLOSES), OPENED)
    assert (sent.nurses, sent.leaders) == (3, 2), "Ada once for two units; Åse once for two units"
    addresses = sorted(str(message["To"]) for message in setup.mailer.sent)
    assert len(addresses) == 5 and len(set(addresses)) == 5
    ada = next(one for one in setup.repo.invitations(2026) if one.name == "Ada Ås")
    assert ada.units == ("as-sykehjem", "frogn-sykehjem") and ada.area == "folloregionen"
    ase = next(one for one in setup.repo.invitations(2026) if one.role == "leader" and one.area == "folloregionen")
    assert ase.units == ("as-sykehjem", "frogn-sykehjem") and ase.email == "leder@follo.kommune.no"
    tokens = {setup.token(str(message["To"]).split("<")[-1].rstrip(">")) for message in setup.mailer.sent}
    assert len(tokens) == 5, "a link of her own"
    assert setup.audit.entries[-1].action == "self_report_opened" and found.reminder_on == date(2026, 12, 8)
    # the same run again (the daily schedule, a retry) asks nobody twice
    assert setup.service.send(found, OPENED + timedelta(days=1)).total == 0
    assert len(setup.mailer.sent) == 5


def test_the_email_says_who_reads_it_when_it_closes_and_warns_of_patient_data() -> None:
    setup = Setup()
    setup.open()
    text = setup.mailer.to("ada@as.kommune.no")[0].get_body(("plain",)).get_content()  # type: ignore[union-attr]
    assert "15. desember 2026" in text and "pasientopplysninger" in text and "nettverkslederen" in text
    leader_text = setup.mailer.to("lars@lillestrom.kommune.no")[0]["Subject"]
    assert "får ressurssykepleieren tid til rollen" in leader_text


def test_a_unit_without_a_resource_nurse_has_no_leader_asked_and_a_nurse_without_an_address_is_left_out() -> None:
    setup = Setup()
    setup.nurses = [one for one in roster() if one.unit != "lillestrom-helsehus"]
    setup.nurses.append(nurse("Uten Adresse", "", "lillestrom-helsehus", "nedre-romerike"))
    setup.open()
    asked = setup.repo.invitations(2026)
    assert {one.name for one in asked} == {"Ada Ås", "Frode Frogn", "Åse Leder"}


def test_only_the_network_leader_opens_a_round_once_a_year_with_a_closing_day_in_reach() -> None:
    setup = Setup()
    with pytest.raises(Forbidden):
        setup.service.open_round(leader("omradeleder", "folloregionen"), RoundForm(year=2026, closes_on=CLOSES), OPENED)
    with pytest.raises(InvalidInput) as too_soon:
        setup.service.open_round(NETWORK_LEADER, RoundForm(year=2026, closes_on=date(2026, 11, 10)), OPENED)
    assert "Velg en frist mellom 16. november 2026 og 2. mars 2027." in too_soon.value.field_errors["closes_on"]
    with pytest.raises(InvalidInput) as old_year:
        setup.service.open_round(NETWORK_LEADER, RoundForm(year=2024, closes_on=CLOSES), OPENED)
    assert set(old_year.value.field_errors) == {"year"}
    with pytest.raises(InvalidInput) as last_year_in_november:
        setup.service.open_round(NETWORK_LEADER, RoundForm(year=2025, closes_on=CLOSES), OPENED)
    assert last_year_in_november.value.field_errors == {"year": "Velg i år (eller i fjor, fram til april)."}
    with pytest.raises(InvalidInput) as no_day:
        setup.service.open_round(NETWORK_LEADER, RoundForm(year=2026, closes_on=None), OPENED)
    assert no_day.value.field_errors == {"closes_on": "Velg datoen runden stenger."}
    assert setup.repo.rounds() == [] and setup.mailer.sent == [], "nothing written when it is refused"
    setup.open()
    with pytest.raises(InvalidInput) as twice:
        setup.open()
    assert twice.value.field_errors == {"year": "Runden for 2026 er allerede åpnet."}
    # last year's round early in the new year
    other = Setup()
    january = datetime(2027, 1, 10, 9, 0, tzinfo=OSLO)
    other.service.open_round(NETWORK_LEADER, RoundForm(year=2026, closes_on=date(2027, 2, 1)), january)
    assert [one.year for one in other.repo.rounds()] == [2026]


def test_a_link_takes_one_answer_of_its_own_kind_until_the_round_closes() -> None:
    setup = Setup()
    setup.open()
    ada = setup.token("ada@as.kommune.no")
    lars = setup.token("lars@lillestrom.kommune.no")
    later = OPENED + timedelta(days=3)
    with pytest.raises(SelfReportNotFound):
        setup.service.answer(ada, LeaderAnswer(time_given="ja", planned="ja"), later)
    answered = setup.service.answer(ada, NurseAnswer(**NURSE_ANSWER), later)
    assert answered.answered_at == later and answered.did.startswith("Undervisning")
    with pytest.raises(SelfReportAnswered):
        setup.service.open(ada, later)
    with pytest.raises(SelfReportNotFound):
        setup.service.open("forged-token", later)
    closed = datetime.combine(CLOSES + timedelta(days=1), datetime.min.time(), OSLO)
    with pytest.raises(SelfReportClosed):
        setup.service.answer(lars, LeaderAnswer(time_given="ja", planned="ja"), closed)
    setup.service.answer(lars, LeaderAnswer(time_given="nei", planned="nei"), closed - timedelta(minutes=1))


def test_one_reminder_a_week_before_the_close_to_those_who_have_not_answered() -> None:
    setup = Setup()
    setup.open()
    setup.service.answer(setup.token("ada@as.kommune.no"), NurseAnswer(**NURSE_ANSWER), OPENED + timedelta(days=1))
    sent, reminded = setup.service.daily(datetime(2026, 12, 7, 7, 15, tzinfo=OSLO))
    assert (sent.total, reminded) == (0, 0), "not before the reminder's day"
    sent, reminded = setup.service.daily(datetime(2026, 12, 8, 7, 15, tzinfo=OSLO))
    assert reminded == 4 and len(setup.mailer.to("ada@as.kommune.no")) == 1, "Ada answered: no reminder"
    assert setup.mailer.to("frode@frogn.kommune.no")[-1]["Subject"].startswith("Påminnelse: ")
    assert setup.repo.round(2026).reminded  # type: ignore[union-attr]
    assert setup.service.daily(datetime(2026, 12, 9, 7, 15, tzinfo=OSLO)) == (sent, 0), "once"
    # the first link and the reminder's both open the same invitation, which takes one answer
    first, second = setup.token("frode@frogn.kommune.no", 0), setup.token("frode@frogn.kommune.no", 1)
    assert first != second
    setup.service.answer(second, NurseAnswer(**NURSE_ANSWER), datetime(2026, 12, 10, tzinfo=OSLO))
    with pytest.raises(SelfReportAnswered):
        setup.service.answer(first, NurseAnswer(**NURSE_ANSWER), datetime(2026, 12, 10, tzinfo=OSLO))


def test_a_nurse_added_to_the_roster_while_the_round_is_open_is_asked_at_the_next_run() -> None:
    setup = Setup()
    setup.open()
    setup.nurses.append(nurse("Ny Sykepleier", "ny@lillestrom.kommune.no", "lillestrom-helsehus", "nedre-romerike"))
    sent, _reminded = setup.service.daily(OPENED + timedelta(days=2))
    assert (sent.nurses, sent.leaders) == (1, 0)
    assert len(setup.mailer.to("ny@lillestrom.kommune.no")) == 1
    after = datetime.combine(CLOSES + timedelta(days=1), datetime.min.time(), OSLO)
    setup.nurses.append(nurse("For Sen", "sen@lillestrom.kommune.no", "lillestrom-helsehus", "nedre-romerike"))
    assert setup.service.daily(after)[0].total == 0, "a closed round asks nobody"


def test_the_closing_day_moves_on_the_version_seen() -> None:
    setup = Setup()
    setup.open()
    moved = setup.service.change_closing(
        NETWORK_LEADER, 2026, RoundChange(closes_on=date(2027, 1, 8), version=1), OPENED + timedelta(days=5)
    )
    assert moved.closes_on == date(2027, 1, 8) and moved.version == 2 and moved.reminder_on == date(2027, 1, 1)
    with pytest.raises(RoundChanged):
        setup.service.change_closing(
            NETWORK_LEADER, 2026, RoundChange(closes_on=date(2027, 1, 9), version=1), OPENED + timedelta(days=5)
        )
    with pytest.raises(InvalidInput):
        setup.service.change_closing(
            NETWORK_LEADER, 2026, RoundChange(closes_on=date(2026, 11, 1), version=2), OPENED + timedelta(days=5)
        )
    with pytest.raises(Forbidden):
        setup.service.change_closing(
            leader("omradeleder", "folloregionen"), 2026, RoundChange(closes_on=CLOSES, version=2), OPENED
        )


def test_each_leader_sees_the_answers_of_her_areas_counted_per_area() -> None:
    setup = Setup()
    setup.open()
    setup.service.answer(setup.token("ada@as.kommune.no"), NurseAnswer(**NURSE_ANSWER), OPENED)
    setup.service.answer(setup.token("leder@follo.kommune.no"), LeaderAnswer(**LEADER_ANSWER), OPENED)
    area_leader = leader("omradeleder", "nedre-romerike")
    mine = setup.service.results(area_leader, 2026, AREAS)
    assert {one.name for one in mine.invitations} == {"Lise Lillestrøm", "Lars Leder"}
    with pytest.raises(Forbidden):
        setup.service.results(area_leader, 2026, AREAS, "folloregionen")
    (status,) = setup.service.overview(NETWORK_LEADER, AREAS)
    follo, nedre = status.areas
    assert (follo.nurses_asked, follo.nurses_answered, follo.planned["ja"]) == (2, 1, 1)
    assert (follo.leaders_asked, follo.leaders_answered, follo.time_given["delvis"]) == (1, 1, 1)
    assert (nedre.nurses_asked, nedre.nurses_answered, nedre.leaders_asked) == (1, 0, 1)
    every = setup.service.results(NETWORK_LEADER, 2026, AREAS)
    page = results_page(every, {"folloregionen": "Folloregionen", "nedre-romerike": "Nedre Romerike"}, UNITS)
    assert "Undervisning om lindring" in page and "Ikke svart ennå" in page and "Delvis" in page
    rows = list(self_report_export({}, UNITS).rows(every.invitations))
    assert rows[0][:4] == ["Område", "Enhet", "Rolle", "Navn"] and len(rows) == 6
    ada = next(row for row in rows if row[3] == "Ada Ås")
    assert ada[1] == "Ås sykehjem, Frogn sykehjem" and ada[8].startswith("Undervisning") and ada[10] == "Ja"


def test_the_forms_name_each_missing_answer_at_its_field_and_warn_of_patient_data() -> None:
    with pytest.raises(InvalidInput) as nurse_form:
        validate_answer("nurse", {"did": " ", "next_year": "<b>", "planned": "kanskje"})
    assert list(nurse_form.value.field_errors) == ["did", "next_year", "planned"]
    assert nurse_form.value.field_errors["did"] == "Skriv kort hva du har gjort som ressurssykepleier i år."
    with pytest.raises(InvalidInput) as leader_form:
        validate_answer("leader", {"planned": "ja", "comment": "x" * 2001})
    assert list(leader_form.value.field_errors) == ["time_given", "comment"]
    assert isinstance(validate_answer("leader", LEADER_ANSWER), LeaderAnswer)
    setup = Setup()
    setup.open()
    found, invitation = setup.service.open(setup.token("leder@follo.kommune.no"), OPENED)
    page = form_page(found, invitation, "t", UNITS, {}, {}, nurses=["Ada Ås", "Frode Frogn"])
    assert "Ikke skriv pasientopplysninger" in page and "Ada Ås, Frode Frogn" in page and 'name="time_given"' in page
    assert 'name="did"' not in page


def test_the_annual_report_counts_the_years_round_per_area() -> None:
    setup = Setup()
    setup.open()
    setup.service.answer(setup.token("ada@as.kommune.no"), NurseAnswer(**NURSE_ANSWER), OPENED)
    setup.service.answer(setup.token("lars@lillestrom.kommune.no"), LeaderAnswer(**LEADER_ANSWER), OPENED)
    names = {"folloregionen": "Folloregionen", "nedre-romerike": "Nedre Romerike"}

    def report(self_reports: Any) -> Any:
        return annual_report(
            year=2026,
            today=date(2027, 1, 20),
            areas=names,
            units={},
            entries=roster(),
            courses=[],
            registrations={},
            marks={},
            hospitations=[],
            whole_network=True,
            self_reports=self_reports,
        )

    assert "egenrapport" not in [table.id for table in documents.tables(report(None))], "no round, no table"
    table = next(one for one in documents.tables(report(setup.repo.invitations(2026))) if one.id == "egenrapport")
    assert [list(row) for row in table.rows] == [
        ["Folloregionen", 2, 1, "50 %", 1, 1, 0, 0, 0, 0],
        ["Nedre Romerike", 1, 0, "0 %", 0, 1, 1, 0, 1, 0],
    ]
    assert list(table.total) == ["I alt", 3, 1, "33 %", 1, 2, 1, 0, 1, 0]
    assert area_counts(setup.repo.invitations(2026), ["nedre-romerike"])[0].time_given["delvis"] == 1
