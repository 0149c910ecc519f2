"""The hospitation workflow on a fake repository, a list-collecting mailer and a fixed clock: each step, who is emailed
what, the one-time consent links, withdrawal, the daily schedule, retention, and which leader sees and answers what."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from email.message import EmailMessage
from email.utils import parseaddr
from typing import Any

import pytest
from dateutil.relativedelta import relativedelta

from common.access import Leader
from common.errors import (
    AlreadyAnswered,
    ChangedMeanwhile,
    Forbidden,
    HospitationNotFound,
    LinkExpired,
    LinkNotFound,
    LinkUsed,
    NotNow,
)
from common.formatting import OSLO
from common.i18n import gettext
from common.site import municipality_areas
from common.tokens import new_token, token_hash
from hospitation.emails import SUBJECTS
from hospitation.forms import validate_consent, validate_evaluation, validate_host_answer, validate_request
from hospitation.models import CONSENT_VALID, REMIND_AFTER, Hospitation, configured_host_units
from hospitation.service import LINK_OUTLIVES, Submitted, Workflow
from tests.support.samples import NOW
from tests.unit.fakes import FakeAuditLog, FakeHospitationRepository, FakeMailer
from tests.unit.test_hospitation_forms import request_fields

TODAY = NOW.astimezone(OSLO).date()
NURSE = "kari.nordmann@example.no"
LEADER = "lise.leder@lorenskog.kommune.no"  # an employer domain: the consent request goes at once
HOST = "palliativt.senter@example.no"  # ahus-palliativt-senter, in the area "ahus"
HOST_UNIT = "ahus-palliativt-senter"


def oslo(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), OSLO)


def leader(role: str, area: str | None = None, unit: str | None = None) -> Leader:
    email = f"{role}.{area or unit or 'alle'}@example.no"
    claims: dict[str, Any] = {"sub": "s", "jti": "j", "exp": 2_000_000_000, "email": email}
    claims |= {"cognito:groups": [role], "name": f"{role} {area or unit or ''}".strip()}
    claims |= {"custom:area": area} if area else {}
    claims |= {"custom:unit": unit} if unit else {}
    return Leader.from_claims(claims)


NETWORK_LEADER = leader("nettverksleder")
HOST_LEADER = leader("vertsenhet", unit=HOST_UNIT)


@dataclass
class World:
    repo: FakeHospitationRepository = field(default_factory=FakeHospitationRepository)
    mailer: Any = field(default_factory=FakeMailer)
    audit: FakeAuditLog = field(default_factory=FakeAuditLog)
    retention_months: int = 12

    def __post_init__(self) -> None:
        self.repo.mailer = self.mailer  # the emails each change writes with it

    @property
    def flow(self) -> Workflow:
        return Workflow(self.repo, configured_host_units(), self.retention_months)

    def stored(self, request_id: str) -> Hospitation:
        found = self.repo.get(request_id)
        assert found is not None
        return found


def kind_of(message: EmailMessage) -> str:
    """Which step an email is, from its subject (a subject with no name in it is preferred over one with)."""
    subject = str(message["Subject"])
    found = []
    for kind, text in SUBJECTS.items():
        parts = re.split(r"%\(\w+\)s", gettext(text))
        if re.fullmatch(".+".join(re.escape(part) for part in parts), subject):
            found.append((len(parts), kind))
    assert found, subject
    return min(found)[1]


def sent(world: World) -> list[tuple[str, str]]:
    """(step, address) of every email sent since the last look, oldest first."""
    messages = list(world.mailer.sent)
    world.mailer.sent.clear()
    return [(kind_of(message), parseaddr(str(message["To"]))[1]) for message in messages]


def text(message: EmailMessage) -> str:
    body = message.get_body(("plain",))
    assert body is not None
    return str(body.get_content())


def token_in(message: EmailMessage, prefix: str) -> str:
    (token,) = set(re.findall(re.escape(prefix) + r"([A-Za-z0-9_-]+)", text(message)))
    return str(token)


def last_to(world: World, address: str) -> EmailMessage:
    found: list[EmailMessage] = [m for m in world.mailer.sent if parseaddr(str(m["To"]))[1] == address]
    return found[-1]


def submit(world: World, at: datetime = NOW, **overrides: str) -> tuple[Submitted, str]:
    """A nurse's request as the handler sends it on; the receipt and the consent link's token."""
    form, wishes = validate_request(request_fields(**overrides), municipality_areas(), configured_host_units(), TODAY)
    submitted = world.flow.submit(form, wishes, municipality_areas()[form.municipality], at)
    return submitted, token_in(last_to(world, overrides.get("leader_email", LEADER)), "/api/samtykke/")


def form(**overrides: str) -> tuple[Any, Any]:
    """A request form as read, and its wished periods."""
    return validate_request(request_fields(**overrides), municipality_areas(), configured_host_units(), TODAY)


def consented(world: World, at: datetime = NOW, **overrides: str) -> Hospitation:
    _, consent = submit(world, at, **overrides)
    return world.flow.answer_consent(consent, validate_consent({"decision": "ja"}), at + timedelta(hours=1))


def host_answer(first: int = 20, last: int = 21, meeting: str = "08.30") -> Any:
    fields = {"first_day": (TODAY + timedelta(days=first)).isoformat(), "meeting_time": meeting}
    fields |= {"last_day": (TODAY + timedelta(days=last)).isoformat(), "message": "Møt i resepsjonen."}
    return validate_host_answer(fields, TODAY)


def confirmed(world: World, first: int = 20, last: int = 21) -> Hospitation:
    request = consented(world)
    return world.flow.confirm(HOST_LEADER, request.id, request.version, host_answer(first, last), world.audit, NOW)


# The whole way --------------------------------------------------------------------------------------------------------


def test_a_request_goes_from_the_nurse_to_the_leader_the_host_and_back_to_an_evaluation() -> None:
    from icalendar import Calendar

    world = World()
    # Given a nurse's request
    submitted, consent = submit(world)
    request = submitted.request
    assert (request.status, request.version, request.area, request.host_area) == (
        "awaiting_consent",
        1,
        "nedre-romerike",
        "ahus",
    )
    assert world.stored(request.id) == request
    assert submitted.url == f"/api/hospitering/{submitted.token}"
    assert token_in(world.mailer.sent[0], "/api/hospitering/") == submitted.token
    assert sent(world) == [("received", NURSE), ("consent_request", LEADER)]
    assert submitted.token not in request.model_dump_json() and consent not in request.model_dump_json()

    # When the nearest leader says yes, the host is asked and the nurse told, with a new link to her page
    after_consent = world.flow.answer_consent(consent, validate_consent({"decision": "ja"}), NOW + timedelta(hours=1))
    assert (after_consent.status, after_consent.version) == ("awaiting_host", 2)
    assert after_consent.answered_at == NOW + timedelta(hours=1)
    consented_email = world.mailer.sent[0]
    assert sent(world) == [("consented", NURSE), ("host_request", HOST)]
    assert world.flow.by_status_link(token_in(consented_email, "/api/hospitering/")).id == request.id

    # When the host sets the dates, the nurse gets them with a calendar entry and the leader a copy
    stay = world.flow.confirm(HOST_LEADER, request.id, 2, host_answer(20, 21), world.audit, NOW + timedelta(hours=2))
    assert (stay.status, stay.first_day, stay.last_day, stay.meeting_time) == (
        "confirmed",
        TODAY + timedelta(days=20),
        TODAY + timedelta(days=21),
        "08:30",
    )
    assert (stay.confirmed_by, stay.dates_as_wished) == (HOST_LEADER.name, True)
    confirmation = world.mailer.sent[0]
    assert sent(world) == [("confirmed", NURSE), ("confirmed_leader", LEADER)]
    (attachment,) = confirmation.iter_attachments()
    event = Calendar.from_ical(attachment.get_content()).walk("VEVENT")[0]
    assert (event.decoded("dtstart"), event.decoded("dtend")) == (stay.first_day, TODAY + timedelta(days=22))
    assert [(e.actor, e.action, e.subject) for e in world.audit.entries] == [
        (HOST_LEADER.username, "approval", request.id)
    ]

    # Then the schedule asks for the evaluation the morning after the last day, once
    last_day = TODAY + timedelta(days=21)
    assert world.flow.run_schedule(oslo(last_day, 23, 59)) == {}
    assert world.flow.run_schedule(oslo(last_day + timedelta(days=1), 7)) == {"evaluation": 1}
    evaluation_email = world.mailer.sent[0]
    assert sent(world) == [("evaluation", NURSE)]
    assert world.flow.run_schedule(oslo(last_day + timedelta(days=2), 7)) == {}
    assert sent(world) == []
    assert world.stored(request.id).status == "evaluating"

    # And the nurse evaluates once, through the evaluation email's link; the request is completed
    token = token_in(evaluation_email, "/api/hospitering/")
    assert f"/api/hospitering/{token}#evaluering" in text(evaluation_email)
    answers = validate_evaluation({"learned": "Mye.", "recommend": "ja", "change": "Lengre opphold."})
    done = world.flow.evaluate(token, answers, oslo(last_day + timedelta(days=1), 9))
    assert (done.status, done.learned, done.recommend, done.change) == ("completed", "Mye.", "ja", "Lengre opphold.")
    with pytest.raises(AlreadyAnswered) as again:
        world.flow.evaluate(submitted.token, answers, oslo(last_day + timedelta(days=1), 10))
    assert "allerede sendt evalueringen" in gettext(again.value.message)
    assert world.stored(request.id) == done
    assert sent(world) == []


def test_the_evaluation_is_not_open_before_the_schedule_asks_for_it() -> None:
    world = World()
    stay = confirmed(world)
    token = token_in(last_to(world, NURSE), "/api/hospitering/")
    with pytest.raises(NotNow):
        world.flow.evaluate(token, validate_evaluation({"learned": "x", "recommend": "ja"}), NOW)
    assert world.stored(stay.id) == stay


def test_a_leaders_no_ends_the_request_with_the_reason_to_the_nurse_and_the_host_never_sees_it() -> None:
    world = World()
    _, consent = submit(world)
    sent(world)
    answer = validate_consent({"decision": "nei", "reason": "Turnusen er full i mars."})
    declined = world.flow.answer_consent(consent, answer, NOW + timedelta(hours=1))
    assert (declined.status, declined.decline_reason) == ("declined_by_leader", "Turnusen er full i mars.")
    email = world.mailer.sent[0]
    assert sent(world) == [("declined_by_leader", NURSE)]
    assert "Begrunnelse: Turnusen er full i mars." in text(email)
    assert world.flow.by_status_link(token_in(email, "/api/hospitering/")).status == "declined_by_leader"
    assert world.flow.visible(HOST_LEADER, []) == []
    with pytest.raises(Forbidden):
        world.flow.one(HOST_LEADER, declined.id)
    assert world.flow.run_schedule(NOW + timedelta(days=60)) == {}


def test_a_host_declines_with_a_reason_and_it_is_audited() -> None:
    world = World()
    request = consented(world)
    sent(world)
    declined = world.flow.decline(HOST_LEADER, request.id, request.version, "Fullt i vår.", world.audit, NOW)
    assert (declined.status, declined.decline_reason, declined.declined_at) == ("declined_by_host", "Fullt i vår.", NOW)
    email = world.mailer.sent[0]
    assert sent(world) == [("declined_by_host", NURSE)]
    assert "Begrunnelse: Fullt i vår." in text(email)
    assert [(e.actor, e.action, e.subject, e.at) for e in world.audit.entries] == [
        (HOST_LEADER.username, "decline", request.id, NOW)
    ]
    with pytest.raises(NotNow):
        world.flow.decline(HOST_LEADER, request.id, declined.version, "Igjen.", world.audit, NOW)
    with pytest.raises(NotNow):
        world.flow.confirm(HOST_LEADER, request.id, declined.version, host_answer(), world.audit, NOW)
    assert len(world.audit.entries) == 1


def test_a_stale_version_changes_nothing() -> None:
    world = World()
    request = consented(world)
    sent(world)
    with pytest.raises(ChangedMeanwhile):
        world.flow.confirm(HOST_LEADER, request.id, request.version - 1, host_answer(), world.audit, NOW)
    with pytest.raises(ChangedMeanwhile):
        world.flow.decline(NETWORK_LEADER, request.id, request.version + 1, "Nei.", world.audit, NOW)
    assert world.stored(request.id) == request
    assert world.audit.entries == [] and sent(world) == []


def test_confirmed_dates_may_be_moved_until_the_first_day_and_the_calendar_entry_is_updated() -> None:
    from icalendar import Calendar

    world = World()
    stay = confirmed(world, 20, 21)
    sent(world)
    moved = world.flow.confirm(HOST_LEADER, stay.id, stay.version, host_answer(22, 23), world.audit, NOW)
    assert (moved.first_day, moved.version) == (TODAY + timedelta(days=22), stay.version + 1)
    confirmation = world.mailer.sent[0]
    assert sent(world) == [("confirmed", NURSE), ("confirmed_leader", LEADER)]
    (attachment,) = confirmation.iter_attachments()
    event = Calendar.from_ical(attachment.get_content()).walk("VEVENT")[0]
    assert str(event["uid"]).startswith(f"hospitering-{stay.id}@") and str(event["sequence"]) == str(moved.version)
    on_the_day = oslo(TODAY + timedelta(days=22), 7)
    with pytest.raises(NotNow):
        world.flow.confirm(HOST_LEADER, stay.id, moved.version, host_answer(24, 24), world.audit, on_the_day)


# The consent link -----------------------------------------------------------------------------------------------------


def test_a_forged_consent_link_opens_nothing() -> None:
    world = World()
    submitted, consent = submit(world)
    for forged in ("", "x" * 32, consent[:-1] + ("A" if consent[-1] != "A" else "B"), consent + "x" * 64, new_token()):
        with pytest.raises(LinkNotFound):
            world.flow.consent_request(forged, NOW)
    with pytest.raises(LinkNotFound):
        world.flow.answer_consent(submitted.token, validate_consent({"decision": "ja"}), NOW)  # the nurse's own link
    with pytest.raises(LinkNotFound):
        world.flow.by_status_link(consent)  # and the leader's link is no way into the nurse's page
    assert world.stored(submitted.request.id) == submitted.request


def test_a_consent_link_runs_out_after_two_weeks() -> None:
    world = World()
    submitted, consent = submit(world)
    request, link = world.flow.consent_request(consent, NOW + CONSENT_VALID)
    assert (request.id, link.valid_until, link.used_at) == (submitted.request.id, NOW + CONSENT_VALID, None)
    writes = world.repo.writes
    with pytest.raises(LinkExpired):
        world.flow.answer_consent(
            consent, validate_consent({"decision": "ja"}), NOW + CONSENT_VALID + timedelta(seconds=1)
        )
    assert world.stored(request.id) == submitted.request and world.repo.writes == writes


def test_a_consent_link_works_once() -> None:
    world = World()
    _, consent = submit(world)
    yes = validate_consent({"decision": "ja"})
    answered = world.flow.answer_consent(consent, yes, NOW)
    assert world.repo.links[token_hash(consent)].used_at == NOW
    sent(world)
    for replay in (
        lambda: world.flow.consent_request(consent, NOW),
        lambda: world.flow.answer_consent(consent, yes, NOW),
    ):
        with pytest.raises(LinkUsed):
            replay()
    no = validate_consent({"decision": "nei", "reason": "Likevel ikke."})
    with pytest.raises(LinkUsed):
        world.flow.answer_consent(consent, no, NOW)
    assert world.stored(answered.id) == answered and sent(world) == []


def test_an_answer_through_the_reminders_link_closes_the_first_link() -> None:
    world = World()
    _, first = submit(world)
    assert world.flow.run_schedule(NOW + REMIND_AFTER) == {"consent_reminder": 1}
    reminder = world.mailer.sent[-1]
    second = token_in(reminder, "/api/samtykke/")
    assert second != first
    assert sent(world)[-1] == ("consent_reminder", LEADER)
    world.flow.answer_consent(second, validate_consent({"decision": "ja"}), NOW + REMIND_AFTER + timedelta(hours=1))
    later = NOW + REMIND_AFTER + timedelta(hours=2)
    with pytest.raises(AlreadyAnswered):
        world.flow.consent_request(first, later)
    with pytest.raises(LinkUsed):
        world.flow.consent_request(second, later)


def test_an_answer_meanwhile_through_the_other_link_or_a_withdrawal_wins_and_the_link_stays_unused() -> None:
    class Meanwhile(FakeHospitationRepository):
        """Someone else changes the request between our read and our write."""

        def __init__(self) -> None:
            super().__init__()
            self.before_save: Any = None

        def save(self, request: Hospitation, *args: Any, **kwargs: Any) -> Hospitation:
            if self.before_save is not None:
                first, self.before_save = self.before_save, None
                first()
            return super().save(request, *args, **kwargs)

    repo = Meanwhile()
    world = World(repo=repo)
    submitted, consent = submit(world)
    repo.before_save = lambda: world.flow.withdraw(submitted.token, NOW)
    with pytest.raises(AlreadyAnswered):
        world.flow.answer_consent(consent, validate_consent({"decision": "ja"}), NOW)
    assert world.stored(submitted.request.id).status == "withdrawn"
    assert repo.links[token_hash(consent)].used_at is None, "all or nothing"
    assert [kind for kind, _ in sent(world)] == ["received", "consent_request", "withdrawn"]


# Withdrawing ----------------------------------------------------------------------------------------------------------


def test_withdrawing_before_the_leader_answers_tells_only_the_nurse_and_closes_the_consent_link() -> None:
    world = World()
    submitted, consent = submit(world)
    sent(world)
    withdrawn = world.flow.withdraw(submitted.token, NOW)
    assert (withdrawn.status, withdrawn.withdrawn_at) == ("withdrawn", NOW)
    assert sent(world) == [("withdrawn", NURSE)]
    with pytest.raises(AlreadyAnswered):
        world.flow.consent_request(consent, NOW)
    assert world.flow.withdraw(submitted.token, NOW) == withdrawn, "twice is harmless"
    assert sent(world) == [] and world.flow.run_schedule(NOW + timedelta(days=30)) == {}


def test_withdrawing_after_the_host_was_asked_tells_the_host_too() -> None:
    world = World()
    request = consented(world)
    token = token_in(last_to(world, NURSE), "/api/hospitering/")
    sent(world)
    assert world.flow.withdraw(token, NOW).status == "withdrawn"
    assert sent(world) == [("withdrawn", NURSE), ("withdrawn_host", HOST)]
    assert world.flow.one(HOST_LEADER, request.id).status == "withdrawn"


def test_a_confirmed_stay_may_be_withdrawn_until_its_first_day() -> None:
    world = World()
    stay = confirmed(world, 20, 21)
    token = token_in(last_to(world, NURSE), "/api/hospitering/")
    first_day = TODAY + timedelta(days=20)
    with pytest.raises(NotNow):
        world.flow.withdraw(token, oslo(first_day, 7))
    assert world.stored(stay.id) == stay
    sent(world)
    assert world.flow.withdraw(token, oslo(first_day - timedelta(days=1), 22)).status == "withdrawn"
    assert sent(world) == [("withdrawn", NURSE), ("withdrawn_host", HOST)]


def test_nothing_is_withdrawn_once_the_evaluation_is_asked_for() -> None:
    world = World()
    stay = confirmed(world, 20, 21)
    world.flow.run_schedule(oslo(TODAY + timedelta(days=22), 7))
    token = token_in(last_to(world, NURSE), "/api/hospitering/")
    with pytest.raises(NotNow):
        world.flow.withdraw(token, oslo(TODAY + timedelta(days=22), 8))
    assert world.stored(stay.id).status == "evaluating"


# The daily schedule ---------------------------------------------------------------------------------------------------


def test_the_leader_is_reminded_once_after_a_week_and_the_request_expires_when_the_reminders_link_runs_out() -> None:
    world = World()
    submitted, first = submit(world)
    sent(world)
    assert world.flow.run_schedule(NOW + REMIND_AFTER - timedelta(seconds=1)) == {}
    reminded_at = NOW + REMIND_AFTER
    assert world.flow.run_schedule(reminded_at) == {"consent_reminder": 1}
    reminder = world.mailer.sent[0]
    assert sent(world) == [("consent_reminder", LEADER)]
    second = token_in(reminder, "/api/samtykke/")
    assert world.repo.links[token_hash(second)].valid_until == reminded_at + CONSENT_VALID
    assert {link.expires_at for link in world.repo.links.values()} == {submitted.request.expires_at + LINK_OUTLIVES}
    # a second run, the same day or any day until the reminder's link runs out, sends nothing
    for later in (reminded_at, reminded_at + timedelta(days=1), reminded_at + CONSENT_VALID - timedelta(seconds=1)):
        assert world.flow.run_schedule(later) == {}
    assert sent(world) == []
    # the first link ran out a week after the reminder; the reminder's link still works
    with pytest.raises(LinkExpired):
        world.flow.consent_request(first, NOW + CONSENT_VALID + timedelta(seconds=1))
    assert world.flow.consent_request(second, NOW + CONSENT_VALID + timedelta(seconds=1))[0].id == submitted.request.id
    # when it runs out too, the request expires and the nurse is told
    assert world.flow.run_schedule(reminded_at + CONSENT_VALID) == {"expired": 1}
    expired_email = world.mailer.sent[0]
    assert sent(world) == [("expired", NURSE)]
    assert world.stored(submitted.request.id).status == "expired"
    assert world.flow.by_status_link(token_in(expired_email, "/api/hospitering/")).status == "expired"
    assert world.flow.run_schedule(reminded_at + CONSENT_VALID + timedelta(days=30)) == {}
    # and both consent links say they ran out (not that somebody answered)
    for token in (first, second):
        with pytest.raises(LinkExpired):
            world.flow.consent_request(token, reminded_at + CONSENT_VALID)


def test_the_host_is_reminded_once_a_week_after_it_was_asked() -> None:
    world = World()
    request = consented(world)
    asked = request.answered_at
    assert asked is not None
    sent(world)
    assert world.flow.run_schedule(asked + REMIND_AFTER - timedelta(seconds=1)) == {}
    assert world.flow.run_schedule(asked + REMIND_AFTER) == {"host_reminder": 1}
    assert sent(world) == [("host_reminder", HOST)]
    for later in (asked + REMIND_AFTER, asked + 2 * REMIND_AFTER, asked + timedelta(days=60)):
        assert world.flow.run_schedule(later) == {}
    assert sent(world) == []
    assert world.stored(request.id).status == "awaiting_host"


def test_the_evaluation_is_asked_for_at_the_daily_run_the_morning_after_the_last_day() -> None:
    world = World()
    stay = confirmed(world, 20, 21)
    sent(world)
    last_day = TODAY + timedelta(days=21)
    assert world.flow.run_schedule(oslo(last_day, 7)) == {}
    assert world.flow.run_schedule(oslo(last_day + timedelta(days=1), 7)) == {"evaluation": 1}, "07:00, Oslo time"
    assert sent(world) == [("evaluation", NURSE)]
    assert world.stored(stay.id).evaluation_sent_at == oslo(last_day + timedelta(days=1), 7)


def test_one_run_does_everything_that_is_due_and_nothing_twice() -> None:
    world = World()
    waiting, _ = submit(world)
    asked = consented(world, email="ola@example.no", leader_email="leif@lillestrom.kommune.no")
    stay = confirmed(world, 3, 4)
    sent(world)
    morning = oslo(TODAY + timedelta(days=8), 7)
    assert world.flow.run_schedule(morning) == {"consent_reminder": 1, "host_reminder": 1, "evaluation": 1}
    # the longest due first: the stay that ended on day 4, the leader asked on day 0, the host asked an hour later
    assert sent(world) == [("evaluation", NURSE), ("consent_reminder", LEADER), ("host_reminder", HOST)]
    assert world.stored(waiting.request.id).consent_reminded_at == morning
    assert world.stored(asked.id).host_reminded_at == morning
    assert world.stored(stay.id).status == "evaluating"
    assert world.flow.run_schedule(morning) == {}


# Retention ------------------------------------------------------------------------------------------------------------


def kept_until(last: date, months: int) -> int:
    return int((datetime.combine(last, time.max, OSLO) + relativedelta(months=months)).timestamp())


@pytest.mark.parametrize("months", [12, 3])
def test_a_request_and_its_links_are_kept_until_months_after_the_last_wished_day(months: int) -> None:
    world = World(retention_months=months)
    submitted, _ = submit(world)
    expected = kept_until(TODAY + timedelta(days=55), months)  # the end of the second wished period
    assert submitted.request.expires_at == expected
    assert [link.expires_at for link in world.repo.links.values()] == [expected + LINK_OUTLIVES] * 2
    assert [link.purpose for link in world.repo.links.values()] == ["status", "consent"]


def test_a_stay_later_than_the_wishes_keeps_the_request_longer_and_its_new_links_carry_that() -> None:
    world = World()
    submitted, consent = submit(world, period2_first="", period2_last="")
    assert submitted.request.expires_at == kept_until(TODAY + timedelta(days=34), 12)
    request = world.flow.answer_consent(consent, validate_consent({"decision": "ja"}), NOW)
    before = set(world.repo.links)
    stay = world.flow.confirm(HOST_LEADER, request.id, request.version, host_answer(36, 38), world.audit, NOW)
    assert stay.expires_at == kept_until(TODAY + timedelta(days=38), 12)
    assert stay.dates_as_wished is False
    (new_link,) = [world.repo.links[h] for h in set(world.repo.links) - before]
    assert (new_link.purpose, new_link.expires_at) == ("status", stay.expires_at + LINK_OUTLIVES)
    first_links = [link for link in world.repo.links.values() if link is not new_link]
    assert all(link.expires_at > stay.expires_at for link in first_links), "older links outlive the request too"
    assert "Datoene er andre enn du ønsket" in text(last_to(world, NURSE))


# Who sees and answers what --------------------------------------------------------------------------------------------


@pytest.fixture
def four() -> tuple[World, dict[str, Hospitation]]:
    """A: Lørenskog (Nedre Romerike) to Ahus, asked; B: Ås (Follo) to Bjørkelia (Nedre Romerike), asked; C: Ås to
    Solstua (Follo), asked; D: Lørenskog to Ahus, the leader not yet asked. Made a minute apart, A first."""
    world = World()
    nurses = {
        "A": {"municipality": "Lørenskog", "host_unit": HOST_UNIT},
        "B": {"municipality": "Ås", "host_unit": "bjorkelia-lindrende-enhet"},
        "C": {"municipality": "Ås", "host_unit": "solstua-hospice"},
    }
    made = {
        name: consented(world, NOW + timedelta(minutes=n), email=f"{name.lower()}@example.no", **values)
        for n, (name, values) in enumerate(nurses.items())
    }
    made["D"] = submit(world, NOW + timedelta(minutes=3), email="d@example.no")[0].request
    return world, made


AREAS = ["gardermoregionen", "nedre-romerike", "kongsvingerregionen", "folloregionen", "oslo", "ahus"]


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        (leader("nettverksleder"), "DCBA"),
        (leader("omradeleder", area="nedre-romerike"), "DBA"),  # their nurses, and those to Bjørkelia
        (leader("omradeleder", area="folloregionen"), "CB"),
        (leader("omradeleder", area="ahus"), "A"),  # to the host units of their area, once consented (not D)
        (leader("omradeleder", area="oslo"), ""),
        (leader("vertsenhet", unit=HOST_UNIT), "A"),  # D's leader has not said yes
        (leader("vertsenhet", unit="solstua-hospice"), "C"),
        (leader("vertsenhet", unit="granly-lindrende-enhet"), ""),
    ],
    ids=lambda value: getattr(value, "username", str(value) or "none"),
)
def test_each_leader_sees_the_requests_in_their_scope_newest_first(
    four: tuple[World, dict[str, Hospitation]], who: Leader, expected: str
) -> None:
    world, made = four
    names = {request.id: name for name, request in made.items()}
    assert "".join(names[r.id] for r in world.flow.visible(who, AREAS)) == expected
    for name, request in made.items():
        if name in expected:
            assert world.flow.one(who, request.id).id == request.id
        else:
            with pytest.raises(Forbidden):
                world.flow.one(who, request.id)


def test_the_list_is_filtered_by_status_and_host_unit(four: tuple[World, dict[str, Hospitation]]) -> None:
    world, made = four
    assert [r.id for r in world.flow.visible(NETWORK_LEADER, AREAS, status="awaiting_consent")] == [made["D"].id]
    assert [r.id for r in world.flow.visible(NETWORK_LEADER, AREAS, unit="solstua-hospice")] == [made["C"].id]
    assert world.flow.visible(leader("omradeleder", area="oslo"), AREAS, unit="solstua-hospice") == []
    with pytest.raises(HospitationNotFound):
        world.flow.one(NETWORK_LEADER, "01JXXXXXXXXXXXXXXXXXXXXXXX")


@pytest.mark.parametrize(
    ("who", "request_name", "allowed"),
    [
        (leader("omradeleder", area="nedre-romerike"), "A", False),  # sees their nurse's request; Ahus answers it
        (leader("omradeleder", area="nedre-romerike"), "B", True),  # Bjørkelia is in their area
        (leader("omradeleder", area="folloregionen"), "A", False),  # another area's
        (leader("omradeleder", area="ahus"), "A", True),
        (leader("vertsenhet", unit="solstua-hospice"), "A", False),
        (leader("vertsenhet", unit=HOST_UNIT), "A", True),
        (leader("nettverksleder"), "C", True),
    ],
    ids=lambda value: getattr(value, "username", str(value) or "none"),
)
def test_only_the_host_units_side_sets_dates_or_declines(
    four: tuple[World, dict[str, Hospitation]], who: Leader, request_name: str, allowed: bool
) -> None:
    world, made = four
    request = made[request_name]
    if allowed:
        stay = world.flow.confirm(who, request.id, request.version, host_answer(), world.audit, NOW)
        assert stay.status == "confirmed"
        assert [(e.actor, e.action) for e in world.audit.entries] == [(who.username, "approval")]
        return
    with pytest.raises(Forbidden):
        world.flow.confirm(who, request.id, request.version, host_answer(), world.audit, NOW)
    with pytest.raises(Forbidden):
        world.flow.decline(who, request.id, request.version, "Nei.", world.audit, NOW)
    assert world.stored(request.id) == request and world.audit.entries == []


def test_a_host_unit_cannot_answer_a_request_its_nurses_leader_has_not_said_yes_to(
    four: tuple[World, dict[str, Hospitation]],
) -> None:
    world, made = four
    with pytest.raises(Forbidden):
        world.flow.confirm(HOST_LEADER, made["D"].id, 1, host_answer(), world.audit, NOW)
    with pytest.raises(NotNow):  # the network leader may, but not before the leader has said yes
        world.flow.confirm(NETWORK_LEADER, made["D"].id, 1, host_answer(), world.audit, NOW)
    assert world.stored(made["D"].id) == made["D"]


# Erasure --------------------------------------------------------------------------------------------------------------


def test_only_the_network_leader_erases_a_request_and_it_is_audited(four: tuple[World, dict[str, Hospitation]]) -> None:
    world, made = four
    request = made["A"]
    for who in (leader("omradeleder", area="nedre-romerike"), HOST_LEADER, leader("omradeleder", area="ahus")):
        with pytest.raises(Forbidden):
            world.flow.erase(who, request.id, world.audit, NOW)
    assert world.stored(request.id) == request and world.audit.entries == []
    world.flow.erase(NETWORK_LEADER, request.id, world.audit, NOW)
    assert world.repo.get(request.id) is None
    assert [(e.actor, e.action, e.subject, e.at) for e in world.audit.entries] == [
        (NETWORK_LEADER.username, "erasure", request.id, NOW)
    ]
    with pytest.raises(HospitationNotFound):
        world.flow.erase(NETWORK_LEADER, request.id, world.audit, NOW)
    assert request.id not in {r.id for r in world.flow.visible(NETWORK_LEADER, AREAS)}


def test_the_nurse_erases_her_request_through_her_link_and_then_every_link_is_dead() -> None:
    world = World()
    submitted, consent = submit(world)
    world.flow.erase_own(submitted.token)
    assert world.repo.get(submitted.request.id) is None
    with pytest.raises(LinkNotFound):
        world.flow.by_status_link(submitted.token)
    with pytest.raises(LinkNotFound):
        world.flow.consent_request(consent, NOW)
    assert world.flow.run_schedule(NOW + timedelta(days=30)) == {}


# The outbox ----------------------------------------------------------------------------------------------------------


def test_every_step_writes_its_emails_with_it_about_the_request_and_only_the_consent_request_is_a_strangers() -> None:
    world = World()
    submitted, consent = submit(world)
    after = world.flow.answer_consent(consent, validate_consent({"decision": "ja"}), NOW)
    world.flow.confirm(HOST_LEADER, after.id, after.version, host_answer(20, 21), world.audit, NOW)
    assert world.flow.run_schedule(oslo(TODAY + timedelta(days=22), 7)) == {"evaluation": 1}
    emails = world.mailer.emails
    assert [email.kind for email in emails] == [
        "received",
        "consent_request",
        "consented",
        "host_request",
        "confirmed",
        "confirmed_leader",
        "evaluation",
    ]
    assert {email.about for email in emails} == {(f"HOSP#{submitted.request.id}", "META")}
    assert [email.kind for email in emails if email.stranger] == ["consent_request"]
    assert world.mailer.held == []


def test_a_consent_request_to_an_address_outside_the_employers_waits_for_the_nurses_confirmation() -> None:
    world = World()
    submitted = world.flow.submit(*form(leader_email="lise@gmail.com"), "nedre-romerike", NOW)
    (received,) = world.mailer.sent
    assert [email.kind for email in world.mailer.held] == ["consent_request"]
    assert submitted.request.consent_held_id == world.mailer.held[0].id
    assert world.stored(submitted.request.id).consent_held_id == world.mailer.held[0].id
    body = text(received)
    assert re.search(r"/api/epost/[A-Za-z0-9_-]+", body), body
    assert "Vi sender e-posten til" in body and "Den er sendt til lederen din" not in body


def test_a_consent_request_to_an_employers_address_goes_at_once_and_the_receipt_asks_for_nothing() -> None:
    world = World()
    submitted, _consent = submit(world)
    assert submitted.request.consent_held_id == ""
    assert world.mailer.held == []
    received = next(m for m in world.mailer.sent if kind_of(m) == "received")
    assert "/api/epost/" not in text(received)


def test_the_schedule_sends_no_reminder_for_a_consent_request_still_held_and_ends_the_request_quietly() -> None:
    world = World()
    submitted = world.flow.submit(*form(leader_email="lise@gmail.com"), "nedre-romerike", NOW)
    sent(world)
    assert world.flow.run_schedule(NOW + REMIND_AFTER) == {"unconfirmed": 1}
    assert sent(world) == []
    assert world.stored(submitted.request.id).status == "expired"
    assert world.flow.run_schedule(NOW + REMIND_AFTER + CONSENT_VALID) == {}
    assert sent(world) == []


@pytest.mark.parametrize("how", ["withdrawn", "erased"])
def test_a_request_withdrawn_or_erased_before_the_nurse_confirmed_takes_its_held_consent_request_away(how: str) -> None:
    world = World()
    submitted = world.flow.submit(*form(leader_email="lise@gmail.com"), "nedre-romerike", NOW)
    assert len(world.mailer.held) == 1
    if how == "withdrawn":
        world.flow.withdraw(submitted.token, NOW)
    else:
        world.flow.erase_own(submitted.token)
    assert world.mailer.held == [], "nothing left for her confirmation to send"


def test_the_schedule_reminds_the_leader_once_the_nurse_confirmed_and_the_consent_request_went() -> None:
    world = World()
    world.flow.submit(*form(leader_email="lise@gmail.com"), "nedre-romerike", NOW)
    world.mailer.held.clear()  # released by the nurse's confirmation (mailing/repository.py)
    sent(world)
    assert world.flow.run_schedule(NOW + REMIND_AFTER) == {"consent_reminder": 1}
    assert sent(world) == [("consent_reminder", "lise@gmail.com")]
    assert [email.stranger for email in world.mailer.emails if email.kind == "consent_reminder"] == [True]


# The fake keeps DynamoDB's promises -----------------------------------------------------------------------------------


def test_the_fake_repository_writes_only_over_the_version_it_read_and_uses_a_link_once() -> None:
    world = World()
    submitted, consent = submit(world)
    request = submitted.request
    world.repo.save(request.model_copy(update={"goals": "Nytt."}))
    with pytest.raises(ChangedMeanwhile):
        world.repo.save(request.model_copy(update={"goals": "Gammelt."}))
    assert world.stored(request.id).goals == "Nytt." and world.stored(request.id).version == 2
    link = world.repo.links[token_hash(consent)]
    current = world.stored(request.id)
    world.repo.save(current, use=link, now=NOW)
    with pytest.raises(LinkUsed):
        world.repo.save(world.stored(request.id), use=link, now=NOW)
    late = datetime(2030, 1, 1, tzinfo=UTC)
    other, other_consent = submit(world, email="ola@example.no", leader_email="leif@lillestrom.kommune.no")
    with pytest.raises(LinkUsed):  # ran out
        world.repo.save(other.request, use=world.repo.links[token_hash(other_consent)], now=late)
    assert world.stored(other.request.id) == other.request
