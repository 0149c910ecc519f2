"""A person's data and its erasure (functions/people/erasure.py) on moto: Kari has one of every record the table
keeps about a person, and is the nearest leader named in Ola's; the export lists every kind, the erasure leaves no
trace of her address in the whole table, moves Ola up to her seat with an email, keeps Ola's records without her
name, and audits itself without her address; a second erasure does nothing."""

from __future__ import annotations

import contextlib
import hashlib
import os
import zlib
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from email.message import EmailMessage
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest

from attendance.models import Absence, Attendance
from attendance.repository import DynamoAttendanceRepository
from certificates.models import Certificate
from certificates.repository import DynamoCertificateRepository
from common.access import Leader
from common.audit import AuditEntry, DynamoAuditLog
from common.errors import Forbidden
from common.formatting import OSLO
from common.ids import new_ulid
from common.outbox import Mailing, OutgoingEmail, address_key
from common.person_index import person_pk
from common.tokens import new_token, token_hash
from common.unsubscribe import write_opt_out
from courses.repository import DynamoCourseRepository
from evaluations.repository import DynamoEvaluationRepository
from hospitation.models import Hospitation, WishedPeriod
from hospitation.repository import DynamoHospitationRepository, Link
from letters.models import Letter, Recipient
from letters.repository import DynamoLetterRepository
from mailing.repository import DynamoMailRepository
from newsletter.models import SubscriptionForm
from newsletter.repository import DynamoNewsletterRepository, subscription_update
from people import erasure
from people.repository import DynamoPeopleRepository
from roster.models import ChangeReport, RosterEntry
from roster.repository import DynamoRosterRepository
from tests.handlers.test_signup import post as sign_up
from tests.support.samples import course, form, registration

TABLE = "LindraTable"
KARI = "Kari.Nordmann@example.no"  # as she typed it; she asks for erasure in small letters
ASKED = "kari.nordmann@example.no"
KARI_NAME = "Kari Nordmann"
OLA = "ola.hansen@example.no"
COURSE = "grunnkurs-test"
PAST = "grunnkurs-past"
UNIT, AREA = "eidsvoll-sykehjem", "gardermoregionen"
EVERY_KIND = {
    "registration",
    "email_marker",
    "attendance",
    "absence",
    "hospitation",
    "evaluation_sent",
    "roster_entry",
    "roster_marker",
    "change_report",
    "letter_recipient",
    "certificate",
    "email",
    "mail_bundle",
    "suppressed_address",
    "mail_count",
    "opt_out",
    "person_link_asked",
    "person_link",
    "person_session",
    "newsletter_subscription",
    "newsletter_request",
    "newsletter_confirmation",
}


def now() -> datetime:
    return datetime.now(UTC)


def message(to: str, subject: str) -> EmailMessage:
    made = EmailMessage()
    made["From"] = "post@lindra.example"
    made["To"] = to
    made["Subject"] = subject
    made.set_content(f"{subject}.")
    return made


def write(aws: Any, mailing: Mailing) -> None:
    aws.transact_write_items(TransactItems=mailing.items(TABLE))


def hospitation(nurse: str, name: str, leader: str, leader_name: str, held: str = "") -> Hospitation:
    moment = now()
    return Hospitation(
        id=new_ulid(moment),
        name=name,
        email=nurse,
        phone="91234567",
        workplace="Fjellhamar sykehjem",
        municipality="Lørenskog",
        area="nedre-romerike",
        leader_name=leader_name,
        leader_email=leader,
        host_unit="ahus-palliativt-senter",
        host_area="nedre-romerike",
        wishes=(WishedPeriod(first=date.today() + timedelta(days=40), last=date.today() + timedelta(days=41)),),
        goals="Lære mer om symptomlindring.",
        created_at=moment,
        consent_held_id=held,
        expires_at=int((moment + timedelta(days=400)).timestamp()),
    )


def letter(subject: str) -> Letter:
    moment = now()
    return Letter(
        id=new_ulid(moment),
        audience="newsletter",
        area="alle",
        subject=subject,
        text="Hei alle sammen.",
        sender="nettverksleder@example.no",
        sender_name="Nina Nettverksleder",
        sent_at=moment,
        recipients=2,
        expires_at=int((moment + timedelta(days=90)).timestamp()),
    )


def send_letter(aws: Any, sent: Letter) -> None:
    recipients = [Recipient(email=KARI, name=KARI_NAME, kind="subscriber"), Recipient(email=OLA, kind="subscriber")]
    emails = [
        OutgoingEmail(
            "letter",
            draft={"renderer": "letter", "letter_id": sent.id, "to": one.email, "name": one.name, "kind": one.kind},
            address=one.email,
            about=(f"LETTER#{sent.id}", f"TO#{number:05d}"),
        )
        for number, one in enumerate(recipients)
    ]
    audit = AuditEntry(at=sent.sent_at, actor=sent.sender, action="letter_sent", subject=sent.id, rows=2)
    DynamoLetterRepository(aws, TABLE, DynamoAuditLog(aws, TABLE, 36)).accept(sent, recipients, emails, audit)


@pytest.fixture
def kari(aws: Any, app: Any, outbox: Any) -> Iterator[dict[str, Any]]:
    """One of every record about Kari, and Ola's, which names her as his nearest leader. What was written before
    the last part is sent; the last part waits in the outbox."""
    moment = now()
    courses = DynamoCourseRepository(aws, TABLE)
    courses.put_course(course(COURSE, capacity=1, now=moment))  # one seat: hers; Ola waits
    assert sign_up(app, COURSE, urlencode(form(email=KARI, name=KARI_NAME)))["statusCode"] == 303
    ola = form(email=OLA, name="Ola Hansen", leader_name=KARI_NAME, leader_email=KARI)
    assert sign_up(app, COURSE, urlencode(ola))["statusCode"] == 303
    expires = int((moment + timedelta(days=400)).timestamp())
    courses.put_course(course(PAST, days_ahead=-10, now=moment))  # begun: her registration only goes
    courses.add_registrations([registration(PAST, KARI, KARI_NAME)])

    marks = DynamoAttendanceRepository(aws, TABLE)
    marks.save(
        [
            Attendance(
                course_id="fagmote-2026-10",
                email=KARI,
                name=KARI_NAME,
                area="nedre-romerike",
                source="registration",
                present=True,
                hours=3.0,
                marked_by="omradeleder@example.no",
                marked_at=moment,
                expires_at=expires,
            )
        ]
    )
    marks.add_absence(
        Absence(course_id="fagmote-2026-12", email=KARI, name=KARI_NAME, reason="Vakt.", created_at=moment,
                expires_at=expires)
    )  # fmt: skip

    requests = DynamoHospitationRepository(aws, TABLE)
    own = hospitation(KARI, KARI_NAME, "lise.leder@example.no", "Lise Leder")
    status_link = Link(token_hash(new_token()), own.id, "status", expires)
    requests.add(own, [status_link], Mailing.of([OutgoingEmail("hospitation", message(KARI, "Mottatt"))], moment))

    evaluation_hash = hashlib.sha256(KARI.lower().encode("utf-8")).hexdigest()
    invitation = Mailing.of([OutgoingEmail("evaluation", message(KARI, "Hva syntes du?"))], moment)
    DynamoEvaluationRepository(aws, TABLE).add_invitation(
        "fagmote-2026-10", evaluation_hash, token_hash(new_token()), expires, invitation
    )

    newsletter = DynamoNewsletterRepository(aws, TABLE)
    assert newsletter.ask(SubscriptionForm(email=KARI, name=KARI_NAME), token_hash(new_token()), moment)
    aws.transact_write_items(TransactItems=[subscription_update(TABLE, KARI, KARI_NAME, "roster", moment)])
    write_opt_out(aws, TABLE, "roster", address_key(KARI), moment)

    roster = DynamoRosterRepository(aws, TABLE)
    entry = RosterEntry(
        id=new_ulid(moment),
        nurse_id=new_ulid(moment),
        unit=UNIT,
        area=AREA,
        name=KARI_NAME,
        email=KARI,
        phone="91234567",
        education="kreftsykepleier",
        listed=True,
        start=date(2024, 2, 1),
        start_reason="import",
        started_by="import",
        created_at=moment,
        expires_at=expires,
    )
    roster.import_entries("import-1", [entry], moment)
    report = {"unit": UNIT, "area": AREA, "effective_date": date.today(), "created_at": moment, "expires_at": expires}
    reporter = {"reporter_name": "Une Enhetsleder", "reporter_email": "une.enhetsleder@eidsvoll.kommune.no"}
    pending = ChangeReport(id="report-new", kind="new", new_name=KARI_NAME, new_email=KARI, **reporter, **report)
    roster.add_report(pending)
    decided = ChangeReport(
        id="report-leaving",
        kind="leaving",
        status="approved",
        leaving_name="Gunn Gammel",
        leaving_email="gunn.gammel@eidsvoll.kommune.no",
        **(report | {"reporter_name": KARI_NAME, "reporter_email": KARI}),
    )
    roster.add_report(decided)

    DynamoCertificateRepository(aws, TABLE).put(
        Certificate(
            code="ABCDEFGHJKLM",
            course_id="fagmote-2026-10",
            title="Fagmøte",
            first_day=date(2026, 10, 1),
            last_day=date(2026, 10, 1),
            hours=3.0,
            name=KARI_NAME,
            email=KARI,
            network="Lindra",
            issued_at=moment,
            expires_at=expires,
        )
    )

    people = DynamoPeopleRepository(aws, TABLE)
    assert people.ask(KARI, "link-used", moment)
    assert people.open("link-used", "session-hash", moment) == KARI
    assert people.ask(KARI, "link-new", moment + timedelta(minutes=2))

    send_letter(aws, letter("Nyhetsbrev for november"))
    sent = outbox()  # all of the above sent (her letter's recipient item is written out with it)
    assert any(m["To"].addresses[0].addr_spec == KARI for m in sent)
    assert any(m["To"].addresses[0].addr_spec == KARI and m["Subject"] == "Nyhetsbrev for november" for m in sent)

    mail = DynamoMailRepository(aws, TABLE)
    mail.suppress(address_key(KARI), "bounced", moment)
    assert mail.count_to_stranger(address_key(KARI), moment, 5)
    held_consent = Mailing.of(
        [OutgoingEmail("consent", message(KARI, "Samtykke til hospitering"), stranger=True)], moment, "confirm-hash"
    )
    theirs = hospitation(OLA, "Ola Hansen", KARI, KARI_NAME, held=held_consent.emails[0].id)
    requests.add(theirs, [], held_consent)  # waits for Ola to confirm his address, then asks Kari
    write(aws, Mailing.of([OutgoingEmail("reminder", message(KARI, "Påminnelse"))], moment))  # waits to be sent
    send_letter(aws, letter("Nyhetsbrev for desember"))  # its bundle waits too
    yield {"sent": len(sent), "ola_request": theirs.id}


def every_item(aws: Any) -> list[dict[str, Any]]:
    pages = aws.get_paginator("scan").paginate(TableName=TABLE, ConsistentRead=True)
    return [item for page in pages for item in page.get("Items", [])]


def texts(value: Any) -> Iterator[str]:
    """Every text an attribute holds, however deep (a map, a list, a set), and a compressed one's bytes as text."""
    if isinstance(value, dict):
        for kind, inner in value.items():
            if kind in ("S", "N"):
                yield str(inner)
            elif kind == "B":
                data = bytes(inner)
                with contextlib.suppress(zlib.error):
                    data = zlib.decompress(data)
                yield data.decode("utf-8", "replace")
            elif kind in ("SS", "NS"):
                yield from (str(one) for one in inner)
            elif kind == "L":
                for one in inner:
                    yield from texts(one)
            elif kind == "M":
                for one in inner.values():
                    yield from texts(one)


def traces(aws: Any, *wanted: str) -> list[str]:
    """The keys of the items where any of `wanted` is found in a key or a value, in any case."""
    found = []
    for item in every_item(aws):
        for name, value in item.items():
            if any(part.lower() in text.lower() for text in [name, *texts(value)] for part in wanted):
                found.append(f"{item['PK']['S']} {item['SK']['S']} {name}")
    return found


def kinds_in_export(aws: Any) -> set[str]:
    return set(erasure.export(aws, TABLE, ASKED)["entities"])


def test_the_export_lists_every_kind_of_record_and_only_her_part_of_others(aws: Any, kari: dict[str, Any]) -> None:
    exported = erasure.export(aws, TABLE, ASKED)
    assert set(exported["entities"]) == EVERY_KIND
    assert set(exported["entities"]) <= set(erasure.ENTITY_LABELS)
    registrations = exported["entities"]["registration"]
    mine = next(r for r in registrations if r.get("email") == KARI)
    assert mine["name"] == KARI_NAME and mine["status"] == "confirmed" and "token_hash" not in mine
    named = next(r for r in registrations if "email" not in r)  # Ola's: only her fields in it
    assert named["leader_email"] == KARI and "name" not in named and OLA not in str(named)
    report = next(r for r in exported["entities"]["change_report"] if r.get("reporter_email") == KARI)
    assert "Gunn Gammel" not in str(report)
    letters = exported["entities"]["email"]
    assert any(r.get("subject") == "Påminnelse" and r["to_you"] for r in letters), "a message still kept is shown"
    assert exported["entities"]["mail_bundle"][0]["kind"] == "letter"
    text = str(exported)
    assert address_key(KARI) not in text and "GSI4PK" not in text and "session-hash" not in text
    assert OLA not in text


def sent_so_far() -> int:
    """How many emails the worker has sent (without handing it what waits)."""
    folder = Path(os.environ["MAIL_OUTBOX"])
    return len(list(folder.glob("*.eml"))) if folder.exists() else 0


def test_erasure_leaves_no_trace_of_her_and_gives_ola_her_seat(aws: Any, outbox: Any, kari: dict[str, Any]) -> None:
    before = sent_so_far()
    assert before == kari["sent"], "what waits for her is still waiting"
    assert traces(aws, ASKED, address_key(ASKED))
    summary = erasure.erase(aws, TABLE, ASKED, now)

    assert traces(aws, ASKED, address_key(ASKED), person_pk(ASKED), KARI_NAME) == []
    assert (summary.seats_freed, summary.promoted) == (1, 1)
    assert summary.anonymised == {"roster_entry": 1}
    assert summary.unnamed == {"registration": 1, "hospitation": 1, "change_report": 1}
    assert summary.removed["registration"] == 2 and summary.removed["change_report"] == 1

    courses = DynamoCourseRepository(aws, TABLE)
    (ola,) = list(courses.registrations(COURSE))
    assert (ola.email, ola.status, ola.leader_name, ola.leader_email) == (OLA, "confirmed", "", "")
    counts = courses.counts(COURSE)
    assert (counts.confirmed, counts.waiting) == (1, 0)
    assert list(courses.registrations(PAST)) == []
    after = outbox()[before:]
    assert [m for m in after if m["To"].addresses[0].addr_spec.lower() == ASKED] == [], "nothing waiting went to her"
    assert any(m["To"].addresses[0].addr_spec == OLA and "plass" in m["Subject"].lower() for m in after)
    assert any(m["To"].addresses[0].addr_spec == OLA and m["Subject"] == "Nyhetsbrev for desember" for m in after)

    request = DynamoHospitationRepository(aws, TABLE).get(kari["ola_request"])
    assert request is not None and (request.leader_name, request.leader_email, request.status) == ("", "", "expired")
    report = DynamoRosterRepository(aws, TABLE).report("report-leaving")
    assert report is not None and report.leaving_name == "Gunn Gammel" and report.reporter_email == ""
    assert DynamoRosterRepository(aws, TABLE).report("report-new") is None, "a pending report about her is gone"
    (entry,) = DynamoRosterRepository(aws, TABLE).entries_for_unit(UNIT)
    assert (entry.name, entry.email, entry.listed, entry.start) == ("", "", False, date(2024, 2, 1))
    assert entry.end == datetime.now(OSLO).date() and entry.end_reason == "leaving", "kept for the counts, ended"

    entries = [item for item in every_item(aws) if item["entity"]["S"] == "audit" and item["action"]["S"] == "erasure"]
    (audit,) = entries
    assert audit["actor"]["S"] == erasure.SELF and "registration=1" in audit["subject"]["S"]
    assert int(audit["rows"]["N"]) == summary.total


def test_a_second_erasure_finds_nothing_and_writes_nothing(aws: Any, kari: dict[str, Any]) -> None:
    erasure.erase(aws, TABLE, ASKED, now)
    before = sorted(every_item(aws), key=lambda item: (item["PK"]["S"], item["SK"]["S"]))
    again = erasure.erase(aws, TABLE, KARI, now)
    assert again.nothing and again == erasure.ErasureSummary()
    assert sorted(every_item(aws), key=lambda item: (item["PK"]["S"], item["SK"]["S"])) == before
    assert erasure.find(aws, TABLE, ASKED) == [] and kinds_in_export(aws) == set()


def leader(role: str, area: str | None = None) -> Leader:
    return Leader(
        username=f"{role}@example.no", name=role, role=role, area=area, unit=None, session_id="s", expires_at=0,
        sub=f"sub-{role}",
    )  # fmt: skip


def test_a_leader_erases_only_a_person_in_their_scope(aws: Any, kari: dict[str, Any]) -> None:
    with pytest.raises(Forbidden):
        erasure.erase(aws, TABLE, ASKED, now, leader("omradeleder", "kongsvingerregionen"))
    assert erasure.find(aws, TABLE, ASKED), "nothing was erased"
    summary = erasure.erase(aws, TABLE, ASKED, now, leader("omradeleder", "nedre-romerike"))
    assert summary.removed["registration"] == 2
    (audit,) = [item for item in every_item(aws) if item.get("action", {}).get("S") == "erasure"]
    assert (audit["actor"]["S"], audit["actor_sub"]["S"]) == ("omradeleder@example.no", "sub-omradeleder")
