"""The newsletter's rules on fakes: double opt-in, the signed unsubscribe links, and what the roster writes with an
approval or the import (the unit's leader, the newsletter's subscriptions unless an address has left it)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import pytest

from common.errors import InvalidInput
from common.formatting import OSLO
from common.outbox import NO_MAIL, Mailing, address_key
from common.unsubscribe import LISTS, read_unsubscribe_token, token_for_key, unsubscribe_token, unsubscribe_url
from newsletter.forms import validate_subscription
from newsletter.models import Subscription, SubscriptionForm
from newsletter.service import Newsletter
from roster.importer import parse
from roster.models import area_contacts, configured_units
from roster.service import Roster
from tests.support.roster import AREA, REPORTER, UNIT, report_fields
from tests.support.samples import NOW
from tests.unit.fakes import FakeAuditLog, FakeMailer, FakeRosterRepository
from tests.unit.test_hospitation_service import leader

NETWORK_LEADER = leader("nettverksleder")
TODAY = NOW.astimezone(OSLO).date()
NURSE = "nora.ny@eidsvoll.kommune.no"


# the unsubscribe link -------------------------------------------------------------------------------------------


def test_a_link_carries_the_list_and_the_address_key_signed_and_never_the_address() -> None:
    token = unsubscribe_token("newsletter", " Kari@Example.no ")
    assert read_unsubscribe_token(token) == ("newsletter", address_key("kari@example.no"))
    assert "kari" not in token.lower() and token == unsubscribe_token("newsletter", "kari@example.no")
    assert all(c.isalnum() or c in "._-" for c in token), "URL-safe"
    assert unsubscribe_url("roster", "kari@example.no").endswith(
        f"/api/epostliste/{unsubscribe_token('roster', 'kari@example.no')}"
    )
    key = address_key("kari@example.no")
    other_list = token_for_key("roster", key).split(".")[2]
    for forged in (f"newsletter.{key}.{other_list}", f"newsletter.{key}.", f"nope.{key}.x", "", "a.b.c", None, 5):
        assert read_unsubscribe_token(forged) is None
    assert set(LISTS) == {"newsletter", "roster"}


# the form and double opt-in --------------------------------------------------------------------------------------


class FakeNewsletterRepository:
    def __init__(self) -> None:
        self.mailer = FakeMailer()
        self.asked: dict[str, datetime] = {}
        self.links: dict[str, SubscriptionForm] = {}
        self.subs: dict[str, Subscription] = {}
        self.out: set[tuple[str, str]] = set()

    def ask(self, form: SubscriptionForm, link_hash: str, now: datetime, mailing: Mailing = NO_MAIL) -> bool:
        key = address_key(form.email)
        if key in self.subs or (key in self.asked and now - self.asked[key] < timedelta(days=7)):
            return False
        self.asked[key] = now
        self.links[link_hash] = form
        self.mailer.record(mailing)
        return True

    def confirm(self, link_hash: str, now: datetime) -> bool:
        form = self.links.pop(link_hash, None)
        if form is None:
            return False
        key = address_key(form.email)
        self.subs[key] = Subscription(
            key=key, email=form.email, name=form.name, source="form", confirmed_at=now, expires_at=0
        )
        self.out.discard(("newsletter", key))
        return True

    def leave(self, list_name: str, key: str, now: datetime) -> None:
        self.out.add((list_name, key))
        if list_name == "newsletter":
            self.subs.pop(key, None)

    def subscriptions(self, now: datetime) -> list[Subscription]:
        return list(self.subs.values())

    def opted_out(self, keys: Iterable[str]) -> set[str]:
        return {key for key in keys if ("newsletter", key) in self.out}


def link_in(message: Any) -> str:
    text = message.get_body(("plain",)).get_content()
    return text.split("/api/nyhetsbrev/bekreft/")[1].split()[0]


def test_the_address_asking_gets_one_email_a_week_and_is_subscribed_only_by_its_link() -> None:
    repo = FakeNewsletterRepository()
    service = Newsletter(repo)
    form = validate_subscription({"email": "kari@example.no", "name": "Kari"})
    assert service.subscribe(form, NOW) is True
    assert service.subscribe(form, NOW + timedelta(days=1)) is False, "no second email within the week"
    (email,) = repo.mailer.sent
    assert str(email["To"]).endswith("<kari@example.no>") and service.subscribers(NOW) == []
    assert service.confirm(link_in(email), NOW) is True
    assert [(s.email, s.name, s.source) for s in service.subscribers(NOW)] == [("kari@example.no", "Kari", "form")]
    assert service.subscribe(form, NOW + timedelta(days=8)) is False, "subscribed: nothing sent"
    assert service.confirm(link_in(email), NOW) is False, "a link confirms once"
    service.leave("newsletter", address_key("kari@example.no"), NOW)
    assert service.subscribers(NOW) == []


def test_the_form_needs_an_address_and_takes_a_name_if_given() -> None:
    with pytest.raises(InvalidInput) as missing:
        validate_subscription({"email": " "})
    assert list(missing.value.field_errors) == ["email"]
    with pytest.raises(InvalidInput) as wrong:
        validate_subscription({"email": "kari@", "name": "<b>"})
    assert list(wrong.value.field_errors) == ["name", "email"]
    assert validate_subscription({"email": "kari@example.no"}).name == ""


# the roster: unit leaders and subscriptions ------------------------------------------------------------------------


@dataclass
class World:
    repo: FakeRosterRepository = field(default_factory=FakeRosterRepository)
    audit: FakeAuditLog = field(default_factory=FakeAuditLog)
    subscribing: bool = True

    @property
    def roster(self) -> Roster:
        return Roster(self.repo, configured_units(), 36, area_contacts(), newsletter_on_roster=self.subscribing)

    def approve_new(self, **overrides: Any) -> None:
        from roster.forms import validate_change_report

        form = validate_change_report(report_fields("new", **overrides), configured_units(), TODAY)
        report = self.roster.submit(form, NOW)
        self.roster.approve(NETWORK_LEADER, report.id, report.version, "", self.audit, NOW)


def test_an_approval_keeps_the_reporter_as_the_units_leader_and_subscribes_the_nurse_and_the_leader() -> None:
    world = World()
    world.approve_new()
    leader_record = world.repo.leaders[UNIT]
    assert (leader_record.email, leader_record.source.split(":")[0]) == (REPORTER, "report")
    assert leader_record.expires_at > (NOW + timedelta(days=365 * 3 - 2)).timestamp()
    assert {email for email, _ in world.repo.subscriptions.values()} == {REPORTER, NURSE}
    welcome = next(m for m in world.repo.mailer.sent if "Velkommen" in str(m["Subject"]))
    text = welcome.get_body(("plain",)).get_content()
    assert "nyhetsbrevet" in text and f"/api/epostliste/{unsubscribe_token('newsletter', NURSE)}" in text
    (found,) = world.roster.unit_leaders(AREA, TODAY)
    assert (found.unit_id, found.unit_name, found.area, found.email) == (UNIT, "Eidsvoll sykehjem", AREA, REPORTER)
    assert world.roster.unit_leaders(None, TODAY) == [found] and world.roster.unit_leaders("oslo-x", TODAY) == []


def test_an_address_that_left_the_newsletter_is_not_subscribed_again_and_the_network_may_turn_it_off() -> None:
    world = World()
    world.repo.opted_out = {address_key(NURSE)}
    world.approve_new()
    assert {email for email, _ in world.repo.subscriptions.values()} == {REPORTER}
    welcome = next(m for m in world.repo.mailer.sent if "Velkommen" in str(m["Subject"]))
    assert "/api/epostliste/" not in welcome.get_body(("plain",)).get_content()
    off = World(subscribing=False)
    off.approve_new()
    assert off.repo.subscriptions == {} and UNIT in off.repo.leaders, "the leader is kept either way"


def test_the_import_reads_the_unit_leaders_columns() -> None:
    world = World()
    data = (
        b"Navn;E-post;Enhet;Enhetsleder;Enhetsleders e-post\r\n"
        b"Kari Nordmann;kari.nordmann@eidsvoll.kommune.no;Eidsvoll sykehjem;Une Enhetsleder;une@eidsvoll.kommune.no\r\n"
        b"Nils Nilsen;nils@eidsvoll.kommune.no;Eidsvoll sykehjem;;\r\n"
    )
    report = world.roster.check_import(NETWORK_LEADER, "liste.csv", data, list(area_contacts()), TODAY)
    assert report.ready, report.problems
    world.roster.run_import(NETWORK_LEADER, report, world.audit, NOW)
    assert world.repo.leaders[UNIT].email == "une@eidsvoll.kommune.no"
    assert world.repo.leaders[UNIT].source.startswith("import:")
    emails = {email for email, _ in world.repo.subscriptions.values()}
    assert emails == {"kari.nordmann@eidsvoll.kommune.no", "nils@eidsvoll.kommune.no", "une@eidsvoll.kommune.no"}
    bad = parse(
        "x.csv",
        b"Navn;E-post;Enhet;Enhetsleders e-post\r\nA B;a@b.no;Eidsvoll sykehjem;une@\r\n",
        configured_units(),
        TODAY,
    )
    assert not bad.ready


def test_the_current_nurses_by_area_are_those_in_the_role_today() -> None:
    world = World()
    world.approve_new(effective_date=TODAY.strftime("%Y-%m-%d"))
    nurses = world.roster.current_nurses([AREA], TODAY + timedelta(days=1))
    assert [n.email for n in nurses] == [NURSE]
    assert world.roster.current_nurses(["nedre-romerike"], TODAY + timedelta(days=1)) == []
