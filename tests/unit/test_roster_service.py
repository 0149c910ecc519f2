"""The roster's use cases on a fake repository, a list-collecting mailer and a fixed clock: change reports and their
decisions, history kept across replacements, the welcome, signatures, scope, and the first import."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from email.message import EmailMessage
from email.utils import parseaddr
from typing import Any

import pytest

from common.errors import (
    AlreadyOnRoster,
    Forbidden,
    ImportDone,
    ImportInterrupted,
    InvalidInput,
    ReportDecided,
    RosterChanged,
)
from common.formatting import OSLO
from roster.forms import validate_change_report, validate_signatures
from roster.importer import parse
from roster.models import ChangeReport, RosterEntry, area_contacts, configured_units
from roster.service import Roster
from roster.training import grunnkurs_due
from tests.support.roster import AREA, OTHER_AREA, OTHER_UNIT, REPORTER, UNIT, clean_file, report_fields
from tests.support.samples import NOW
from tests.unit.fakes import FakeAuditLog, FakeMailer, FakeRosterRepository
from tests.unit.test_hospitation_service import leader

TODAY = NOW.astimezone(OSLO).date()
NETWORK_LEADER = leader("nettverksleder")
AREA_LEADER = leader("omradeleder", area=AREA)
OTHER_AREA_LEADER = leader("omradeleder", area=OTHER_AREA)
HOST = leader("vertsenhet", unit="ahus-palliativt-senter")
EVERY_AREA = [area for area in area_contacts()]


@dataclass
class World:
    repo: FakeRosterRepository = field(default_factory=FakeRosterRepository)
    mailer: Any = field(default_factory=FakeMailer)
    audit: FakeAuditLog = field(default_factory=FakeAuditLog)

    def __post_init__(self) -> None:
        self.repo.mailer = self.mailer  # the emails each change writes with it

    @property
    def roster(self) -> Roster:
        return Roster(self.repo, configured_units(), 36, area_contacts())

    def report(self, kind: str = "new", at: datetime = NOW, **overrides: Any) -> ChangeReport:
        form = validate_change_report(report_fields(kind, **overrides), configured_units(), at.astimezone(OSLO).date())
        return self.roster.submit(form, at)

    def approve(
        self, report: ChangeReport, entry: str = "", by: Any = NETWORK_LEADER, at: datetime = NOW
    ) -> ChangeReport:
        return self.roster.approve(by, report.id, report.version, entry, self.audit, at)

    def open_at(self, unit: str = UNIT) -> list[RosterEntry]:
        return [entry for entry in self.repo.entries_for_unit(unit) if entry.open]

    def sent(self) -> list[tuple[str, str]]:
        """(subject, address) of every email since the last look."""
        messages: list[EmailMessage] = list(self.mailer.sent)
        self.mailer.sent.clear()
        return [(str(m["Subject"]), parseaddr(str(m["To"]))[1]) for m in messages]


@pytest.fixture
def world() -> World:
    return World()


def test_a_report_is_stored_pending_and_the_reporter_and_area_leader_are_told(world: World) -> None:
    report = world.report()

    assert world.repo.report(report.id) == report and report.status == "pending"
    assert report.area == AREA and report.unit == UNIT
    assert report.leaving_name == "", "a new nurse's report keeps nothing of the other kinds"
    sent = world.sent()
    assert sent[0] == ("Vi har fått endringsmeldingen for Eidsvoll sykehjem", REPORTER)
    assert sent[1][1] == area_contacts()[AREA].email
    assert world.repo.entries == {}, "nothing on the list before someone approves"


def test_approving_a_new_nurse_starts_an_entry_and_sends_the_welcome(world: World) -> None:
    report = world.report()
    world.sent()

    decided = world.approve(report)

    (entry,) = world.open_at()
    assert (entry.name, entry.email, entry.start, entry.start_reason, entry.started_by) == (
        "Nora Ny",
        "nora.ny@eidsvoll.kommune.no",
        date(2027, 1, 4),
        "new",
        report.id,
    )
    assert not entry.signed and grunnkurs_due(entry)
    assert decided.status == "approved" and decided.started_entries == (entry.id,)
    subjects = dict((address, subject) for subject, address in world.sent())
    assert subjects[REPORTER] == "Endringsmeldingen for Eidsvoll sykehjem er godkjent"
    assert "Velkommen som ressurssykepleier" in subjects["nora.ny@eidsvoll.kommune.no"]
    assert world.audit.entries[-1].action == "approval"


def test_each_step_writes_its_emails_with_it_and_only_the_welcome_is_to_a_stranger_never_held(world: World) -> None:
    report = world.report()
    decided = world.approve(report)
    (entry,) = world.open_at()
    kinds = [(email.kind, email.about, email.stranger) for email in world.mailer.emails]
    assert kinds == [
        ("received", (f"CHANGE#{report.id}", "META"), False),
        ("to_area_leader", None, False),
        ("approved", (f"CHANGE#{decided.id}", "META"), False),
        ("welcome", (f"UNIT#{entry.unit}", f"NURSE#{entry.id}"), True),
    ]
    assert world.mailer.held == [], "a leader's approval, not a public form: nothing waits for a confirmation"


def test_the_welcome_names_the_introduction_course_the_e_learning_and_the_function_description(world: World) -> None:
    world.approve(world.report())

    welcome = next(m for m in world.mailer.sent if "Velkommen" in str(m["Subject"]))
    body = welcome.get_body(("plain",))
    assert body is not None
    text = str(body.get_content())
    assert "introduksjonskurset" in text and "/kurs/" in text
    assert "/dokumenter/kompetanseplan/" in text, "the recommended e-learning, from network.json"
    assert "/dokumenter/funksjonsbeskrivelse/" in text and "signeres" in text
    assert "grunnkurset" in text, "no cancer or palliative education: the grunnkurs is recommended"


def test_a_unit_keeps_its_whole_history_through_three_replacements(world: World) -> None:
    world.approve(
        world.report(new_name="Anne Først", new_email="anne@eidsvoll.kommune.no", effective_date="2026-01-05")
    )
    people = [("Anne Først", "anne@eidsvoll.kommune.no")]
    for number, (name, email, day) in enumerate(
        [
            ("Berit Andre", "berit@eidsvoll.kommune.no", "2026-03-02"),
            ("Cecilie Tredje", "cecilie@eidsvoll.kommune.no", "2026-06-01"),
            ("Dina Fjerde", "dina@eidsvoll.kommune.no", "2026-09-01"),
        ]
    ):
        leaving_name, leaving_email = people[-1]
        report = world.report(
            "replacement",
            leaving_name=leaving_name,
            leaving_email=leaving_email,
            new_name=name,
            new_email=email,
            effective_date=day,
        )
        (current,) = world.open_at()
        assert world.roster.suggested(report, [current]) == current.id
        world.approve(report, current.id, by=AREA_LEADER if number % 2 else NETWORK_LEADER)
        people.append((name, email))

    history = world.roster.history(NETWORK_LEADER, UNIT)
    assert [entry.name for entry in history] == [name for name, _ in people]
    assert [(e.start, e.end) for e in history] == [
        (date(2026, 1, 5), date(2026, 3, 2)),
        (date(2026, 3, 2), date(2026, 6, 1)),
        (date(2026, 6, 1), date(2026, 9, 1)),
        (date(2026, 9, 1), None),
    ]
    assert [e.start_reason for e in history] == ["new", "replacement", "replacement", "replacement"]
    assert [e.end_reason for e in history] == ["replacement", "replacement", "replacement", None]
    assert all(e.email for e in history), "an ended period keeps its details"
    assert [e.active(TODAY) for e in history] == [False, False, False, True]


def test_leaving_ends_the_chosen_entry_on_the_effective_date(world: World) -> None:
    world.approve(world.report(effective_date="2026-01-05"))
    (entry,) = world.open_at()

    world.approve(
        world.report("leaving", leaving_name="Nora Ny", leaving_email="", effective_date="2026-12-01"), entry.id
    )

    (ended,) = world.repo.entries_for_unit(UNIT)
    assert (ended.end, ended.end_reason) == (date(2026, 12, 1), "leaving")
    assert ended.active(TODAY) and not ended.active(date(2026, 12, 1)), "in the role until the effective date"
    assert ended.expires_at > entry.expires_at - 10 * 366 * 86400


def test_a_contact_change_starts_a_new_period_for_the_same_nurse_with_the_signatures(world: World) -> None:
    world.approve(world.report(effective_date="2026-01-05"))
    (entry,) = world.open_at()
    signed = world.roster.sign(
        NETWORK_LEADER,
        UNIT,
        entry.id,
        entry.version,
        validate_signatures({"nurse": "2026-01-10", "leader": "2026-01-11", "network": "2026-01-12"}, TODAY),
        world.audit,
        NOW,
    )

    world.approve(world.report("contact", effective_date="2026-11-01"), signed.id)

    old, new = world.roster.history(NETWORK_LEADER, UNIT)
    assert (old.email, old.end, old.end_reason) == ("nora.ny@eidsvoll.kommune.no", date(2026, 11, 1), "contact")
    assert (new.email, new.start, new.start_reason, new.nurse_id) == (
        "nora.ny@ullensaker.kommune.no",
        date(2026, 11, 1),
        "contact",
        old.nurse_id,
    )
    assert new.signed and new.phone == old.phone and new.name == old.name


def test_a_report_about_someone_must_name_an_open_entry_that_started_before_it(world: World) -> None:
    world.approve(world.report(effective_date="2026-06-01"))
    (entry,) = world.open_at()
    report = world.report("leaving", effective_date="2026-05-01")

    with pytest.raises(InvalidInput) as missing:
        world.approve(report)
    with pytest.raises(InvalidInput) as early:
        world.approve(report, entry.id)

    assert "Velg ressurssykepleieren" in missing.value.field_errors["entry"]
    assert "begynte 1. juni 2026" in early.value.field_errors["entry"]
    assert world.repo.reports[report.id].status == "pending" and world.open_at() == [entry]


def test_the_same_address_cannot_be_on_a_units_list_twice(world: World) -> None:
    world.approve(world.report())
    second = world.report()

    with pytest.raises(AlreadyOnRoster):
        world.approve(second)
    assert len(world.open_at()) == 1 and world.repo.reports[second.id].status == "pending"


def test_a_decided_report_cannot_be_decided_again_and_a_stale_version_is_refused(world: World) -> None:
    report = world.report()
    world.approve(report)

    with pytest.raises(ReportDecided):
        world.approve(report)
    other = world.report(new_email="other@eidsvoll.kommune.no")
    with pytest.raises(RosterChanged):
        world.roster.approve(NETWORK_LEADER, other.id, other.version + 1, "", world.audit, NOW)


def test_declining_keeps_the_list_and_tells_the_reporter_why(world: World) -> None:
    report = world.report()
    world.sent()

    decided = world.roster.decline(AREA_LEADER, report.id, report.version, "Hun har sagt nei.", world.audit, NOW)

    assert decided.status == "declined" and decided.decline_reason == "Hun har sagt nei."
    assert world.repo.entries == {}
    ((subject, address),) = world.sent()
    assert address == REPORTER and "ikke godkjent" in subject
    assert world.audit.entries[-1].action == "decline"


def test_an_area_leader_sees_and_decides_only_their_area(world: World) -> None:
    mine = world.report()
    theirs = world.report(unit=OTHER_UNIT, new_email="per@lillestrom.kommune.no")

    assert [r.id for r in world.roster.reports(AREA_LEADER, EVERY_AREA)] == [mine.id]
    with pytest.raises(Forbidden):
        world.approve(theirs, by=AREA_LEADER)
    with pytest.raises(Forbidden):
        world.roster.history(AREA_LEADER, OTHER_UNIT)
    with pytest.raises(Forbidden):
        world.roster.entries(AREA_LEADER, EVERY_AREA, OTHER_AREA)
    with pytest.raises(Forbidden):
        world.roster.reports(HOST, EVERY_AREA)
    world.approve(theirs, by=OTHER_AREA_LEADER)
    assert [e.unit for e in world.roster.entries(OTHER_AREA_LEADER, EVERY_AREA)] == [OTHER_UNIT]
    assert world.roster.entries(AREA_LEADER, EVERY_AREA) == []


def test_only_the_network_leader_records_the_network_leaders_signature(world: World) -> None:
    world.approve(world.report())
    (entry,) = world.open_at()
    dates = {"nurse": "2026-11-20", "leader": "2026-11-21", "network": "2026-11-22"}

    with pytest.raises(InvalidInput) as refused:
        world.roster.sign(
            AREA_LEADER, UNIT, entry.id, entry.version, validate_signatures(dates, TODAY), world.audit, NOW
        )
    signed = world.roster.sign(
        AREA_LEADER,
        UNIT,
        entry.id,
        entry.version,
        validate_signatures(dates | {"network": ""}, TODAY),
        world.audit,
        NOW,
    )

    assert "nettverksleder" in refused.value.field_errors["network"]
    assert (signed.signed_by_nurse, signed.signed_by_leader, signed.signed_by_network) == (
        date(2026, 11, 20),
        date(2026, 11, 21),
        None,
    )
    with pytest.raises(InvalidInput):
        validate_signatures({"nurse": (TODAY + timedelta(days=1)).isoformat()}, TODAY)


def test_an_import_is_shown_only_once_complete_and_a_rerun_of_the_same_file_finishes_it(world: World) -> None:
    report = world.roster.check_import(NETWORK_LEADER, "liste.csv", clean_file(), EVERY_AREA, TODAY)
    world.repo.fail_import_after = 2

    with pytest.raises(ConnectionError):
        world.roster.run_import(NETWORK_LEADER, report, world.audit, NOW)
    assert len(world.repo.entries) == 2 and world.roster.in_areas(EVERY_AREA) == [], "half an import is never shown"
    with pytest.raises(ImportInterrupted):
        other = parse("annen.csv", clean_file() + b"\r\n", configured_units(), TODAY)
        world.roster.run_import(NETWORK_LEADER, other, world.audit, NOW)

    again = world.roster.check_import(NETWORK_LEADER, "liste.csv", clean_file(), EVERY_AREA, TODAY)
    assert world.roster.run_import(NETWORK_LEADER, again, world.audit, NOW) == 3

    shown = world.roster.in_areas(EVERY_AREA)
    assert sorted(e.name for e in shown) == ["Kari Nordmann", "Per Hansen", "Åse Ødegård"]
    assert len(world.repo.entries) == 3, "the same items written again, not twice"
    kari = next(e for e in shown if e.name == "Kari Nordmann")
    assert kari.signed and kari.start == date(2024, 2, 1) and kari.start_reason == "import"
    with pytest.raises(ImportDone):
        world.roster.check_import(NETWORK_LEADER, "liste.csv", clean_file(), EVERY_AREA, TODAY)
    assert world.audit.entries[-1].action == "import" and world.audit.entries[-1].rows == 3


def test_only_the_network_leader_imports_and_a_file_with_problems_writes_nothing(world: World) -> None:
    with pytest.raises(Forbidden):
        world.roster.check_import(AREA_LEADER, "liste.csv", clean_file(), EVERY_AREA, TODAY)
    bad = parse("liste.csv", clean_file() + b"\r\nOla;ola@;;;Ukjent;;;", configured_units(), TODAY)

    with pytest.raises(InvalidInput):
        world.roster.run_import(NETWORK_LEADER, bad, world.audit, NOW)
    assert world.repo.entries == {} and world.repo.state is None


def test_the_daily_run_records_a_finished_course_on_the_nurses_entry_once(world: World) -> None:
    from roster.schedule import record_courses
    from tests.support.samples import course, registration
    from tests.unit.fakes import FakeCourseRepository

    world.approve(world.report(effective_date="2026-01-05"))
    (entry,) = world.open_at()
    assert grunnkurs_due(entry)
    finished = course("grunnkurs-host-2026", days_ahead=-5)
    coming = course("grunnkurs-var-2027", days_ahead=40)
    courses = FakeCourseRepository(finished, coming)
    waiting = registration(coming.id, entry.email)
    courses.stored += [
        registration(finished.id, entry.email),
        registration(finished.id, "someone.else@example.no"),
        waiting,
    ]

    first = record_courses(world.roster, courses, EVERY_AREA, NOW)
    again = record_courses(world.roster, courses, EVERY_AREA, NOW)

    (recorded,) = world.open_at()
    assert (first, again) == (1, 0)
    assert [(c.course_id, c.kind) for c in recorded.courses] == [("grunnkurs-host-2026", "grunnkurs")]
    assert not grunnkurs_due(recorded), "taken, and kept after the registration is deleted"
