"""A leader's letter: who gets it (never anyone outside the leader's scope, never one address twice), what a file may
be, and what sending stores; with fakes for the table, the sources and the file store."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from attendance.models import Attendance
from common.access import Leader
from common.audit import AuditEntry
from common.errors import ArticleNotFound, CourseNotFound, Forbidden, InvalidInput, LetterNotFound, NobodyToSendTo
from common.files import Upload
from common.outbox import OutgoingEmail, address_key
from courses.models import Course, Registration
from letters.forms import LetterDraft, read_letter
from letters.models import Article, Delivery, Letter, MailingList, Recipient
from letters.service import AlreadySent, Letters
from tests.support.samples import course, registration
from tests.unit.fakes import FakeStore

NOW = datetime(2026, 12, 1, 10, 0, tzinfo=UTC)
NETWORK = Leader("nina@example.no", "Nina", "nettverksleder", None, None, "s1", 0, sub="sub-nina")
FOLLO = Leader("anne@example.no", "Anne", "omradeleder", "folloregionen", None, "s2", 0, sub="sub-anne")
ROMERIKE = Leader("olav@example.no", "Olav", "omradeleder", "nedre-romerike", None, "s3", 0, sub="sub-olav")
AREAS = ["gardermoregionen", "nedre-romerike", "kongsvingerregionen", "folloregionen", "oslo", "ahus"]
PDF = b"%PDF-1.7\n..."
MARKED: dict[str, Any] = {"marked_by": "anne@example.no", "marked_at": NOW, "expires_at": 2_000_000_000}


class FakeLetterRepository:
    def __init__(self) -> None:
        self.sent: list[tuple[Letter, list[Recipient], list[OutgoingEmail], AuditEntry]] = []
        self.uploads: dict[str, Upload] = {}
        self.statuses: dict[str, str] = {}  # recipient email -> mail_status
        self.keys: dict[str, str] = {}  # send key -> letter id

    def accept(
        self,
        letter: Letter,
        recipients: Sequence[Recipient],
        emails: Sequence[OutgoingEmail],
        audit: AuditEntry,
        send_key: str = "",
    ) -> None:
        if send_key and send_key in self.keys:
            raise AlreadySent(self.keys[send_key])
        if send_key:
            self.keys[send_key] = letter.id
        self.sent.append((letter, list(recipients), list(emails), audit))

    def letter(self, letter_id: str) -> Letter | None:
        return next((letter for letter, *_ in self.sent if letter.id == letter_id), None)

    def letters(self, scope: str) -> list[Letter]:
        from letters.service import scope_of

        return [letter for letter, *_ in reversed(self.sent) if scope_of(letter) == scope]

    def deliveries(self, letter_id: str) -> list[Delivery]:
        recipients = next(r for letter, r, *_ in self.sent if letter.id == letter_id)
        return [
            Delivery(email=r.email, name=r.name, kind=r.kind, mail_status=self.statuses.get(r.email, ""))
            for r in recipients
        ]

    def add_upload(self, upload: Upload) -> None:
        self.uploads[upload.id] = upload

    def upload(self, attachment_id: str) -> Upload | None:
        return self.uploads.get(attachment_id)


class FakePeople:
    def __init__(self) -> None:
        self.courses: dict[str, Course] = {}
        self.people: list[Registration] = []
        self.marks: list[Attendance] = []
        self.roster: list[Recipient] = []
        self.leaders: list[Recipient] = []
        self.subscribed: list[Recipient] = []
        self.opted: dict[str, set[str]] = {"roster": set(), "newsletter": set()}
        self.news = [Article(url="nyheter/ny-strategi/", title="Ny strategi", date="2026-11-30", html="<p>Ny!</p>")]

    def course(self, course_id: str) -> Course | None:
        return self.courses.get(course_id)

    def registrations(self, course_id: str, area: str | None) -> Iterator[Registration]:
        return iter([r for r in self.people if r.course_id == course_id and (area is None or r.area == area)])

    def attendance(self, course_id: str) -> list[Attendance]:
        return [mark for mark in self.marks if mark.course_id == course_id]

    def nurses(self, areas: Sequence[str]) -> list[Recipient]:
        return [r for r in self.roster if r.area in areas]

    def unit_leaders(self, areas: Sequence[str]) -> list[Recipient]:
        return [r for r in self.leaders if r.area in areas]

    def subscribers(self) -> list[Recipient]:
        return list(self.subscribed)

    def opted_out(self, mailing_list: MailingList, address_keys: Iterable[str]) -> set[str]:
        return set(address_keys) & self.opted[mailing_list]

    def article(self, url: str) -> Article | None:
        return next((a for a in self.news if a.url == url), None)


def person(course_id: str, email: str, area: str, leader_email: str, **changes: Any) -> Registration:
    made = registration(course_id, email, name=email.split("@")[0])
    values = {"area": area, "leader_email": leader_email, "leader_name": "Leder " + leader_email.split("@")[0]}
    return made.model_copy(update=values | changes)


def service() -> tuple[Letters, FakeLetterRepository, FakePeople, FakeStore]:
    repo, people, store = FakeLetterRepository(), FakePeople(), FakeStore()
    return Letters(repo, people, store, AREAS, lambda: NOW), repo, people, store


def a_course(people: FakePeople, area: str = "folloregionen") -> Course:
    found = course("nettverksmote-follo", area=area, now=NOW)
    people.courses[found.id] = found
    people.people += [
        person(found.id, "kari@ski.kommune.no", "folloregionen", "lise@ski.kommune.no"),
        person(found.id, "per@ski.kommune.no", "folloregionen", "lise@ski.kommune.no"),
        person(found.id, "ola@as.kommune.no", "folloregionen", "berit@as.kommune.no"),
        person(found.id, "vera@ski.kommune.no", "folloregionen", "lise@ski.kommune.no", status="waitlisted"),
        person(found.id, "siv@ski.kommune.no", "folloregionen", "lise@ski.kommune.no", status="cancelled"),
        person(found.id, "rune@lorenskog.kommune.no", "nedre-romerike", "tone@lorenskog.kommune.no"),
    ]
    return found


def draft(**changes: Any) -> LetterDraft:
    values: dict[str, Any] = {"audience": "course", "subject": "Agenda", "text": "Hei! Se agendaen."}
    return LetterDraft(**(values | changes))


def test_a_course_letter_goes_to_each_confirmed_person_and_once_to_each_distinct_leader() -> None:
    letters, repo, people, _ = service()
    found = a_course(people)
    sent = letters.send(FOLLO, draft(course_id=found.id, groups=("confirmed",), leaders_copy=True))
    addresses = sorted(r.email for r in sent.recipients)
    assert addresses == sorted(
        [
            "kari@ski.kommune.no",
            "per@ski.kommune.no",
            "ola@as.kommune.no",
            "rune@lorenskog.kommune.no",  # the Follo leader's own course: every participant, from any area
            "lise@ski.kommune.no",
            "berit@as.kommune.no",
            "tone@lorenskog.kommune.no",
        ]
    ), "nobody on the waiting list, nobody cancelled, each leader once"
    lise = next(r for r in sent.recipients if r.email == "lise@ski.kommune.no")
    assert lise.kind == "leader" and lise.copy_for == ("kari", "per")
    letter, recipients, emails, audit = repo.sent[0]
    assert [e.to for e in emails] == [r.email for r in recipients], "one email per recipient, in order"
    assert all(e.draft and e.draft["letter_id"] == letter.id and e.draft["renderer"] == "letter" for e in emails)
    assert [e.about for e in emails][:2] == [(f"LETTER#{letter.id}", "TO#00000"), (f"LETTER#{letter.id}", "TO#00001")]
    assert [e.stranger for e in emails].count(True) == 3, "the leaders typed in by nurses count as strangers"
    assert audit.action == "letter_sent" and audit.rows == 7 and audit.actor == FOLLO.username
    assert letter.area == "folloregionen" and letter.course_title == found.title


def test_an_area_leader_writes_only_to_their_own_areas_people_of_a_network_wide_course_and_no_other_areas() -> None:
    letters, _, people, _ = service()
    found = a_course(people, area="alle")
    sent = letters.send(ROMERIKE, draft(course_id=found.id, groups=("confirmed", "waiting")))
    assert [r.email for r in sent.recipients] == ["rune@lorenskog.kommune.no"]
    assert sent.letter.area == "nedre-romerike"
    follo_meeting = course("follo-only", area="folloregionen", now=NOW)
    people.courses[follo_meeting.id] = follo_meeting
    with pytest.raises(Forbidden):
        letters.preview(ROMERIKE, draft(course_id=follo_meeting.id, groups=("confirmed",)))
    with pytest.raises(CourseNotFound):
        letters.preview(NETWORK, draft(course_id="nothing", groups=("confirmed",)))


def test_came_and_did_not_come_are_read_from_the_attendance_marks() -> None:
    letters, _, people, _ = service()
    found = a_course(people)
    kari = people.people[0]
    people.marks = [
        Attendance(
            course_id=found.id,
            email=kari.email,
            name=kari.name,
            area=kari.area,
            source="registration",
            registration_id=kari.id,
            present=True,
            hours=3,
            **MARKED,
        ),
        Attendance(
            course_id=found.id,
            email="walkin@ski.kommune.no",
            name="Walk In",
            area="folloregionen",
            source="walk_in",
            present=False,
            hours=0,
            **MARKED,
        ),
    ]
    came = letters.preview(FOLLO, draft(course_id=found.id, groups=("came",)))
    assert [(r.email, r.registration_id) for r in came.recipients] == [(kari.email, kari.id)]
    absent = letters.preview(FOLLO, draft(course_id=found.id, groups=("absent",)))
    assert [r.email for r in absent.recipients] == ["walkin@ski.kommune.no"]


def test_a_roster_letter_is_for_the_leaders_own_area_and_skips_those_who_left_the_list() -> None:
    letters, _, people, _ = service()
    people.roster = [
        Recipient(email="a@ski.kommune.no", name="A", kind="nurse", area="folloregionen"),
        Recipient(email="A@Ski.kommune.no", name="A twice", kind="nurse", area="folloregionen"),
        Recipient(email="b@ski.kommune.no", name="B", kind="nurse", area="folloregionen"),
        Recipient(email="c@lorenskog.kommune.no", name="C", kind="nurse", area="nedre-romerike"),
    ]
    people.leaders = [Recipient(email="l@ski.kommune.no", name="L", kind="unit_leader", area="folloregionen")]
    people.opted["roster"] = {address_key("b@ski.kommune.no")}
    roster = draft(audience="roster", area="folloregionen", groups=("nurses", "unit_leaders"))
    sent = letters.send(FOLLO, roster)
    assert [r.email for r in sent.recipients] == ["a@ski.kommune.no", "l@ski.kommune.no"]
    assert sent.letter.mailing_list == "roster"
    with pytest.raises(Forbidden):
        letters.preview(FOLLO, replace(roster, area="nedre-romerike"))
    with pytest.raises(Forbidden):
        letters.preview(FOLLO, replace(roster, area="alle"))
    everyone = letters.preview(NETWORK, replace(roster, area="alle", groups=("nurses",)))
    assert len(everyone.recipients) == 2 + 1 - 1, "every area's nurses, one address once, minus who left"


def test_the_newsletter_is_the_network_leaders_and_carries_a_news_article_to_the_subscribers() -> None:
    letters, _, people, _ = service()
    people.subscribed = [
        Recipient(email="x@example.no", kind="subscriber"),
        Recipient(email="y@example.no", kind="subscriber"),
    ]
    people.opted["newsletter"] = {address_key("y@example.no")}
    issue = draft(audience="newsletter", subject="", text="", article="nyheter/ny-strategi/")
    sent = letters.send(NETWORK, issue)
    assert [r.email for r in sent.recipients] == ["x@example.no"]
    assert sent.letter.subject == "Ny strategi" and sent.letter.article_html == "<p>Ny!</p>"
    with pytest.raises(Forbidden):
        letters.preview(FOLLO, issue)
    with pytest.raises(ArticleNotFound):
        letters.preview(NETWORK, replace(issue, article="nyheter/borte/"))


def test_the_same_letter_sent_twice_with_its_key_goes_once() -> None:
    letters, repo, people, _ = service()
    found = a_course(people)
    letter = draft(course_id=found.id, groups=("confirmed",), send_key="b1c2-key")
    first = letters.send(FOLLO, letter)
    again = letters.send(FOLLO, letter)
    assert len(repo.sent) == 1 and again.letter.id == first.letter.id
    letters.send(FOLLO, replace(letter, send_key="another"))
    assert len(repo.sent) == 2, "a new letter: a new key"


def test_a_letter_to_nobody_is_not_sent() -> None:
    letters, repo, people, _ = service()
    found = a_course(people)
    with pytest.raises(NobodyToSendTo):
        letters.send(FOLLO, draft(course_id=found.id, groups=("came",)))
    assert repo.sent == []


def test_a_file_must_be_what_its_name_says_within_ten_megabytes_and_the_leaders_own() -> None:
    letters, _, people, store = service()
    found = a_course(people)
    with pytest.raises(InvalidInput) as refused:
        letters.start_upload(FOLLO, "program.exe", 100, "application/octet-stream")
    assert "file" in refused.value.field_errors
    with pytest.raises(InvalidInput):
        letters.start_upload(FOLLO, "stor.pdf", 11 * 1024 * 1024, "application/pdf")
    upload, form = letters.start_upload(FOLLO, "Agenda mars.pdf", len(PDF), "application/pdf")
    assert upload.content_type == "application/pdf" and form.fields["key"] == upload.key
    letter = draft(course_id=found.id, groups=("confirmed",), attachments=(upload.id,))
    with pytest.raises(InvalidInput) as missing:
        letters.preview(FOLLO, letter)
    assert "kom ikke fram" in missing.value.field_errors["attachments"], "not uploaded (yet)"
    store.files[upload.key] = b"MZ\x90\x00 not a pdf"
    with pytest.raises(InvalidInput) as wrong:
        letters.preview(FOLLO, letter)
    assert "Agenda mars.pdf" in wrong.value.field_errors["attachments"]
    store.files[upload.key] = PDF
    with pytest.raises(InvalidInput):
        letters.preview(NETWORK, letter)  # another leader's file
    sent = letters.send(FOLLO, letter)
    assert [a.name for a in sent.letter.attachments] == ["Agenda mars.pdf"]
    assert sent.letter.attachments[0].size == len(PDF), "the size as stored, not as told"


def test_a_letters_progress_counts_its_emails_and_names_those_that_did_not_arrive() -> None:
    letters, repo, people, _ = service()
    found = a_course(people)
    sent = letters.send(FOLLO, draft(course_id=found.id, groups=("confirmed",)))
    repo.statuses = {"kari@ski.kommune.no": "sent", "per@ski.kommune.no": "bounced"}
    letter, progress, undelivered = letters.letter(FOLLO, sent.letter.id)
    assert (progress.total, progress.sent, progress.undelivered, progress.waiting) == (4, 1, 1, 2)
    assert [d.email for d in undelivered] == ["per@ski.kommune.no"]
    assert [found_letter.id for found_letter in letters.letters_of_course(FOLLO, found.id)] == [letter.id]
    with pytest.raises(LetterNotFound):
        letters.letter(ROMERIKE, sent.letter.id)
    assert letters.letters_of_course(NETWORK, found.id) != []


def test_the_form_says_at_each_field_what_is_missing() -> None:
    with pytest.raises(InvalidInput) as refused:
        read_letter({"audience": "course", "groups": ["everyone"], "subject": "x" * 151})
    assert set(refused.value.field_errors) == {"course_id", "groups", "subject", "text"}
    with pytest.raises(InvalidInput) as refused:
        read_letter({"audience": "roster", "subject": "Hei", "text": "Hei\u200b", "attachments": "x/y"})
    assert set(refused.value.field_errors) == {"area", "groups", "text", "attachments"}
    with pytest.raises(InvalidInput) as refused:
        read_letter({"audience": "alle"})
    assert set(refused.value.field_errors) == {"audience"}
    read = read_letter(
        {"audience": "course", "course_id": "k", "groups": ["confirmed"], "subject": " Agenda ", "text": "Hei"}
    )
    assert read.subject == "Agenda" and read.groups == ("confirmed",) and not read.leaders_copy


def test_the_email_says_why_it_came_and_only_a_mailing_list_has_an_unsubscribe() -> None:
    from letters.emails import letter_email
    from letters.models import Attachment

    letters, repo, people, _ = service()
    found = a_course(people)
    letters.send(FOLLO, draft(course_id=found.id, groups=("confirmed",), leaders_copy=True))
    letter = repo.sent[0][0].model_copy(
        update={"attachments": (Attachment(id="01FILE", name="Agenda.pdf", size=2048, content_type="application/pdf"),)}
    )
    to_nurse = letter_email(letter, {"to": "kari@ski.kommune.no", "name": "Kari", "kind": "participant"}, NOW)
    assert to_nurse["List-Unsubscribe"] is None and to_nurse["To"] == "Kari <kari@ski.kommune.no>"
    text = to_nurse.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    assert "Hei, Kari!" in text and "Agenda.pdf (2 kB): http" in text and "/api/vedlegg/" in text
    assert "ikke en e-postliste" in text and to_nurse["Reply-To"] == FOLLO.username
    to_leader = letter_email(letter, {"to": "lise@ski.kommune.no", "kind": "leader", "copy_for": ["Kari", "Per"]}, NOW)
    assert "nærmeste leder for Kari og Per" in to_leader.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    roster = letter.model_copy(update={"audience": "roster", "course_id": "", "course_title": ""})
    listed = letter_email(roster, {"to": "a@ski.kommune.no", "kind": "nurse"}, NOW)
    assert listed["List-Unsubscribe"].startswith("<http") and "/api/epostliste/" in listed["List-Unsubscribe"]
    assert listed["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "Cc" not in listed and "Bcc" not in listed


def test_the_own_page_lists_the_courses_letters_with_their_files() -> None:
    from courses.models import CourseLetter, LetterFile
    from courses.pages import receipt_page

    found = course("k", now=datetime.now(UTC) + timedelta(days=10))
    kari = registration("k", "kari@example.no", "Kari")
    letter = CourseLetter(
        id="01LETTER",
        subject="Referat fra møtet",
        text="Her er **referatet**.",
        sent_at=NOW,
        attachments=(LetterFile(id="01FILE", name="Referat.pdf", size=4096),),
        registrations=frozenset({kari.id}),
    )
    html = receipt_page(found, kari, None, "token", [letter])
    assert "Referat fra møtet" in html and "<strong>referatet</strong>" in html
    assert "/api/vedlegg/01LETTER.01FILE." in html and "Referat.pdf" in html
