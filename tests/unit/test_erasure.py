"""The erasure's pure rules (functions/people/erasure.py): which items are hers, which name her, in any case of the
address and never by a part of another address; a bundle's entries that are hers; the audit entry's subject."""

from __future__ import annotations

import hashlib
import json
import zlib
from typing import Any

from common.outbox import address_key
from common.person_index import person_pk
from people.erasure import Address, ErasureSummary, bundle_hers, classify

KARI = Address.of("Kari.Nordmann@Example.no ")


def item(**values: str) -> dict[str, Any]:
    return {name: {"S": value} for name, value in values.items()}


def test_an_address_is_the_same_in_any_case_and_in_every_form() -> None:
    assert KARI.email == "kari.nordmann@example.no" and KARI.typed == "Kari.Nordmann@Example.no"
    assert KARI.key == address_key("kari.nordmann@example.no") and KARI.person == person_pk("KARI.nordmann@example.no")
    assert KARI.same(" KARI.NORDMANN@example.NO") and not KARI.same("ekari.nordmann@example.no")


def test_her_items_are_found_by_each_form_of_her_address() -> None:
    own = [
        item(PK=f"ADDRESS#{KARI.key}", SK="SUPPRESSED"),
        item(PK="COURSE#c", SK="REG#1", GSI4PK=KARI.person, email="x@example.no"),
        item(PK="MAIL#1", SK="MAIL", to_key=KARI.key),
        item(PK="NLCONFIRM#h", SK="META", address_key=KARI.key),
        item(PK="NEWSLETTER", SK=f"SUB#{KARI.key}"),
        item(PK="COURSE#c", SK="EVALSENT#" + hashlib.sha256(KARI.email.encode()).hexdigest()),
        item(PK="COURSE#c", SK="ATTEND#kari.nordmann@example.no"),
        item(PK="UNIT#u", SK="ACTIVE#kari.nordmann@example.no"),
        item(PK="MYSESSION#h", SK="META", email="KARI.Nordmann@example.no"),
    ]
    for one in own:
        assert classify(one, KARI) == ("own", ()), one


def test_a_part_of_another_address_is_not_hers() -> None:
    others = [
        item(PK="COURSE#c", SK="ATTEND#ekari.nordmann@example.no"),
        item(PK="COURSE#c", SK="EMAIL#kari.nordmann@example.no.evil"),
        item(PK="MYSESSION#h", SK="META", email="kari.nordmann@example.nope"),
        item(PK="NEWSLETTER", SK=f"SUB#{KARI.key[:-1]}0"),
        item(PK="COURSE#c", SK="REG#2", email="ola@example.no", leader_email="lise@example.no"),
    ]
    for one in others:
        assert classify(one, KARI) is None, one


def test_where_she_is_named_in_someone_elses_record_the_fields_to_blank_are_given() -> None:
    registration = item(PK="COURSE#c", SK="REG#2", email="ola@example.no", leader_email="KARI.nordmann@example.no")
    assert classify(registration, KARI) == ("named", ("leader_name", "leader_email"))
    report = item(PK="CHANGE#1", SK="META", reporter_email="une@example.no", leaving_email=KARI.email)
    assert classify(report, KARI) == ("named", ("leaving_name", "leaving_email"))


def test_her_entries_of_a_bundle_are_found_by_the_emails_key_or_the_recipients_address() -> None:
    entries = [
        {"email": item(to_key="someone"), "record": item(email="ola@example.no")},
        {"email": item(to_key=KARI.key), "record": None},
        {"email": item(to_key="someone else"), "record": item(email="Kari.Nordmann@example.no")},
    ]
    packed = zlib.compress(json.dumps(entries).encode("utf-8"))
    assert bundle_hers({"entries": {"B": packed}}, KARI) == (1, 2)
    assert bundle_hers({}, KARI) == ()


def test_the_audit_subject_holds_counts_only() -> None:
    summary = ErasureSummary({"registration": 2, "absence": 1}, {"roster_entry": 1}, {}, seats_freed=1, promoted=1)
    later = summary.merged(ErasureSummary({"email": 1}))
    assert later.total == 5 and not later.nothing and ErasureSummary().nothing
    assert later.audit_subject() == (
        "removed: absence=1, email=1, registration=2; anonymised: roster_entry=1; seats_freed=1, promoted=1"
    )
