"""The rules of a leader's letter: who may write to whom, who the recipients are (never anyone outside the leader's
scope, never one address twice), what a file may be, and what sending writes: the letter, its recipients' emails as
bundles for the mail worker (common/outbox.py), the course's copy for the participants' own pages, and the audit
entry, in one transaction. Repositories and sources come in as arguments; tested with fakes."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from dateutil.relativedelta import relativedelta

from attendance.models import Attendance
from common.access import NETWORK_WIDE, Leader
from common.audit import AuditEntry
from common.errors import (
    ArticleNotFound,
    CourseNotFound,
    Forbidden,
    InvalidInput,
    LetterNotFound,
    NobodyToSendTo,
    TooManyRecipients,
)
from common.files import FileStore, Upload, UploadForm, looks_like
from common.i18n import N_, gettext
from common.ids import new_ulid
from common.outbox import UNDELIVERED, OutgoingEmail, address_key
from courses.models import Course, Registration
from letters.forms import LetterDraft
from letters.models import (
    FILE_TYPES,
    KIND_LABELS,
    MAX_ATTACHED_BYTES,
    MAX_RECIPIENTS,
    Article,
    Attachment,
    Delivery,
    Letter,
    MailingList,
    Progress,
    Recipient,
)

UPLOAD_TEXTS: dict[str, str] = {
    "name": N_("Filen må ha et navn som slutter på .pdf, .docx, .doc, .pptx, .ppt, .png eller .jpg."),
    "size": N_("Vedleggene kan være på høyst 10 MB til sammen."),
    "missing": N_("Vedlegget %(name)s kom ikke fram. Last det opp på nytt."),
    "not_type": N_("Filen %(name)s er ikke det navnet sier. Lagre den på nytt som PDF, Word, PowerPoint eller bilde."),
    "unknown": N_("Et av vedleggene finnes ikke lenger. Last det opp på nytt."),
}


def _said(key: str) -> str:
    """A file's message by its key (the keys are not texts to translate: only their values are)."""
    return gettext(UPLOAD_TEXTS[key])


def unreadable_file() -> InvalidInput:
    """A file's start its model refused (not a name and a size): what the composer is told at the file's field."""
    return InvalidInput(field_errors={"file": _said("name")})


class AlreadySent(Exception):
    """The same letter (its composer's send key) was accepted before: its id."""

    def __init__(self, letter_id: str) -> None:
        super().__init__("sent before")
        self.letter_id = letter_id


class LetterRepository(Protocol):
    def accept(
        self,
        letter: Letter,
        recipients: Sequence[Recipient],
        emails: Sequence[OutgoingEmail],
        audit: AuditEntry,
        send_key: str = "",
    ) -> None:
        """The letter, its course copy, its emails as bundles and the audit entry, in one transaction; with a send
        key, once per key and leader (AlreadySent with the first letter's id)."""
        ...

    def letter(self, letter_id: str) -> Letter | None: ...

    def letters(self, scope: str) -> list[Letter]: ...

    def deliveries(self, letter_id: str) -> list[Delivery]: ...

    def add_upload(self, upload: Upload) -> None: ...

    def upload(self, attachment_id: str) -> Upload | None: ...


class People(Protocol):
    """Where the recipients come from: the courses, the attendance, the roster, the newsletter."""

    def course(self, course_id: str) -> Course | None: ...

    def registrations(self, course_id: str, area: str | None) -> Iterator[Registration]: ...

    def attendance(self, course_id: str) -> list[Attendance]: ...

    def nurses(self, areas: Sequence[str]) -> list[Recipient]: ...

    def unit_leaders(self, areas: Sequence[str]) -> list[Recipient]: ...

    def subscribers(self) -> list[Recipient]: ...

    def opted_out(self, mailing_list: MailingList, address_keys: Iterable[str]) -> set[str]: ...

    def article(self, url: str) -> Article | None: ...


def scope_of(letter: Letter) -> str:
    """The key a letter is listed under: its course, or the roster, or the newsletter."""
    if letter.audience == "course":
        return f"COURSE#{letter.course_id}"
    return "ROSTER" if letter.audience == "roster" else "NEWSLETTER"


def sees(leader: Leader, letter: Letter) -> bool:
    """The leaders in a letter's scope: the network leader, and the area leader of the area it went to."""
    return leader.role == "nettverksleder" or (leader.role == "omradeleder" and letter.area == leader.area)


@dataclass(frozen=True)
class Preview:
    letter: Letter
    recipients: list[Recipient]

    def counts(self) -> list[tuple[str, int]]:
        counted: dict[str, int] = {}
        for recipient in self.recipients:
            counted[recipient.kind] = counted.get(recipient.kind, 0) + 1
        return [(gettext(KIND_LABELS[kind]), count) for kind, count in counted.items()]


class Letters:
    def __init__(
        self,
        repo: LetterRepository,
        people: People,
        store: FileStore,
        every_area: list[str],
        clock: Callable[[], datetime],
        retention_months: int = 12,
    ) -> None:
        self.repo, self.people, self.store = repo, people, store
        self.every_area, self.clock, self.retention_months = every_area, clock, retention_months

    # files -----------------------------------------------------------------------------------------------------

    def start_upload(self, leader: Leader, name: str, size: object, content_type: str) -> tuple[Attachment, UploadForm]:
        """A file's record and the form its bytes go to the store with: its type by its name's ending, its size
        within the letter's limit."""
        leader.require_courses()
        name = " ".join(str(name).replace("/", " ").replace("\\", " ").split())[:200]
        ending = name.rpartition(".")[2].lower() if "." in name else ""
        if ending not in FILE_TYPES:
            raise InvalidInput(field_errors={"file": _said("name")})
        try:
            wanted = int(str(size))
        except ValueError:
            wanted = 0
        if not 0 < wanted <= MAX_ATTACHED_BYTES:
            raise InvalidInput(field_errors={"file": _said("size")})
        now = self.clock()
        attachment = Attachment(id=new_ulid(now), name=name, size=wanted, content_type=FILE_TYPES[ending])
        upload = Upload(
            attachment.id, name, wanted, attachment.content_type, attachment.key, leader.sub or leader.username, now
        )
        self.repo.add_upload(upload)
        return attachment, self.store.upload_form(attachment.key, attachment.content_type, MAX_ATTACHED_BYTES)

    def _attachments(self, leader: Leader, ids: Sequence[str]) -> tuple[Attachment, ...]:
        found: list[Attachment] = []
        for attachment_id in ids:
            upload = self.repo.upload(attachment_id)
            if (
                upload is None
                or upload.owner != (leader.sub or leader.username)
                or not upload.key.startswith("vedlegg/")
            ):
                raise InvalidInput(field_errors={"attachments": _said("unknown")})
            attachment = Attachment(id=upload.id, name=upload.name, size=upload.size, content_type=upload.content_type)
            size = self.store.size(attachment.key)
            if size is None:
                raise InvalidInput(field_errors={"attachments": _said("missing") % {"name": attachment.name}})
            if not looks_like(attachment.content_type, self.store.first_bytes(attachment.key)):
                raise InvalidInput(field_errors={"attachments": _said("not_type") % {"name": attachment.name}})
            found.append(attachment.model_copy(update={"size": size}))
        if sum(attachment.size for attachment in found) > MAX_ATTACHED_BYTES:
            raise InvalidInput(field_errors={"attachments": _said("size")})
        return tuple(found)

    # the recipients --------------------------------------------------------------------------------------------

    def _course_recipients(self, leader: Leader, draft: LetterDraft) -> tuple[Course, str, list[Recipient]]:
        leader.require_courses()
        course = self.people.course(draft.course_id)
        if course is None:
            raise CourseNotFound()
        area = leader.registrations_area(course)  # Forbidden outside the leader's scope
        registrations = list(self.people.registrations(course.id, area))
        by_id = {registration.id: registration for registration in registrations}
        chosen: list[Registration] = []
        people: list[Recipient] = []
        if "confirmed" in draft.groups:
            chosen += [r for r in registrations if r.status == "confirmed"]
        if "waiting" in draft.groups:
            chosen += [r for r in registrations if r.status == "waitlisted"]
        if {"came", "absent"} & set(draft.groups):
            for mark in self.people.attendance(course.id):
                if area is not None and mark.area != area:
                    continue
                if ("came" if mark.present else "absent") not in draft.groups:
                    continue
                registration = by_id.get(mark.registration_id)
                if registration is not None:
                    chosen.append(registration)
                else:
                    people.append(Recipient(email=mark.email, name=mark.name, kind="participant", area=mark.area))
        people = [
            Recipient(email=r.email, name=r.name, kind="participant", area=r.area, registration_id=r.id) for r in chosen
        ] + people
        if draft.leaders_copy:
            leaders: dict[str, list[str]] = {}
            names: dict[str, str] = {}
            for registration in chosen:
                if registration.role == "leder" or not registration.leader_email:
                    continue  # a leader who signed up is a participant, not a nearest leader on copy
                key = address_key(registration.leader_email)
                leaders.setdefault(key, []).append(registration.name)
                names.setdefault(key, registration.leader_email)
            for key, copy_for in leaders.items():
                leader_of = next(r for r in chosen if r.leader_email and address_key(r.leader_email) == key)
                people.append(
                    Recipient(
                        email=names[key],
                        name=leader_of.leader_name,
                        kind="leader",
                        area=leader_of.area,
                        copy_for=tuple(dict.fromkeys(copy_for)),
                    )
                )
        return course, area or course.area, people

    def _roster_areas(self, leader: Leader, area: str) -> list[str]:
        leader.require_courses()
        if area == NETWORK_WIDE:
            if leader.role != "nettverksleder":
                raise Forbidden()
            return list(self.every_area)
        if area not in leader.roster_areas(self.every_area):
            raise Forbidden()
        return [area]

    def _recipients(self, leader: Leader, draft: LetterDraft) -> tuple[dict[str, str], list[Recipient]]:
        """What the letter is about (course, area, article) and its recipients, one per address."""
        about: dict[str, str] = {}
        people: list[Recipient]
        mailing_list: MailingList | None = None
        if draft.audience == "course":
            course, area, people = self._course_recipients(leader, draft)
            about = {"course_id": course.id, "course_title": course.title, "area": area}
        elif draft.audience == "roster":
            areas = self._roster_areas(leader, draft.area)
            people = []
            if "nurses" in draft.groups:
                people += self.people.nurses(areas)
            if "unit_leaders" in draft.groups:
                people += self.people.unit_leaders(areas)
            about = {"area": draft.area}
            mailing_list = "roster"
        else:
            leader.require("nettverksleder")
            article = self.people.article(draft.article)
            if article is None:
                raise ArticleNotFound()
            people = self.people.subscribers()
            about = {
                "area": NETWORK_WIDE,
                "article_url": article.url,
                "article_title": article.title,
                "article_html": article.html,
            }
            mailing_list = "newsletter"
        unique: dict[str, Recipient] = {}
        for person in people:
            if person.email.strip():
                unique.setdefault(address_key(person.email), person)
        if mailing_list is not None:
            for key in self.people.opted_out(mailing_list, unique):
                unique.pop(key, None)
        return about, list(unique.values())

    def _letter(self, leader: Leader, draft: LetterDraft, recipients: int, about: dict[str, str]) -> Letter:
        now = self.clock()
        subject = draft.subject or about.get("article_title", "")
        return Letter(
            id=new_ulid(now),
            audience=draft.audience,
            groups=draft.groups,
            leaders_copy=draft.leaders_copy,
            subject=subject,
            text=draft.text,
            sender=leader.username,
            sender_name=leader.name,
            sent_at=now,
            recipients=recipients,
            expires_at=int((now + relativedelta(months=self.retention_months)).timestamp()),
            **about,
        )

    # preview and sending ---------------------------------------------------------------------------------------

    def preview(self, leader: Leader, draft: LetterDraft) -> Preview:
        """The letter as it would go, and to whom: nothing is stored."""
        about, recipients = self._recipients(leader, draft)
        attachments = self._attachments(leader, draft.attachments)
        letter = self._letter(leader, draft, len(recipients), about).model_copy(update={"attachments": attachments})
        return Preview(letter, recipients)

    def send(self, leader: Leader, draft: LetterDraft) -> Preview:
        """The letter accepted: stored with its recipients' emails, which the mail worker sends at SES's pace."""
        preview = self.preview(leader, draft)
        if not preview.recipients:
            raise NobodyToSendTo()
        if len(preview.recipients) > MAX_RECIPIENTS:
            raise TooManyRecipients()
        letter = preview.letter
        emails = [
            OutgoingEmail(
                "letter",
                draft={
                    "renderer": "letter",
                    "letter_id": letter.id,
                    "to": recipient.email,
                    "name": recipient.name,
                    "kind": recipient.kind,
                    "copy_for": list(recipient.copy_for),
                },
                address=recipient.email,
                about=(f"LETTER#{letter.id}", f"TO#{number:05d}"),
                # a nearest leader typed in by a nurse: the worker's daily limit for strangers holds
                stranger=recipient.kind == "leader",
            )
            for number, recipient in enumerate(preview.recipients)
        ]
        audit = AuditEntry(
            at=letter.sent_at,
            actor=leader.username,
            actor_sub=leader.sub or None,
            action="letter_sent",
            subject=f"{scope_of(letter).lower().replace('#', ':')}:{letter.id}",
            rows=len(emails),
        )
        key = f"{leader.sub or leader.username}#{draft.send_key}" if draft.send_key else ""
        try:
            self.repo.accept(letter, preview.recipients, emails, audit, key)
        except AlreadySent as sent:
            first = self.repo.letter(sent.letter_id)
            if first is None:
                raise LetterNotFound() from sent
            return Preview(first, [])  # a double click, or the browser's retry: the first one stands
        return preview

    # the archive -----------------------------------------------------------------------------------------------

    def letters_of_course(self, leader: Leader, course_id: str) -> list[Letter]:
        leader.require_courses()
        course = self.people.course(course_id)
        if course is None:
            raise CourseNotFound()
        leader.registrations_area(course)
        return [letter for letter in self.repo.letters(f"COURSE#{course_id}") if sees(leader, letter)]

    def letters_to_network(self, leader: Leader) -> list[Letter]:
        """The roster's letters in the leader's scope, and the newsletters."""
        leader.require_courses()
        found = self.repo.letters("ROSTER") + self.repo.letters("NEWSLETTER")
        return sorted((letter for letter in found if sees(leader, letter)), key=lambda letter: letter.id, reverse=True)

    def letter(self, leader: Leader, letter_id: str) -> tuple[Letter, Progress, list[Delivery]]:
        """A letter in the leader's scope, how far its emails have come, and those that did not arrive."""
        leader.require_courses()
        letter = self.repo.letter(letter_id)
        if letter is None or not sees(leader, letter):
            raise LetterNotFound()
        deliveries = self.repo.deliveries(letter_id)
        sent = sum(1 for d in deliveries if d.mail_status == "sent")
        undelivered = [d for d in deliveries if d.mail_status in UNDELIVERED]
        progress = Progress(
            total=letter.recipients,
            sent=sent,
            undelivered=len(undelivered),
            waiting=max(0, letter.recipients - sent - len(undelivered)),
        )
        return letter, progress, undelivered
