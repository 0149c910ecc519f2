"""A leader's letter: a message (subject, text in Markdown, attached files) sent to a group of people: a course's
participants (with their nearest leaders on copy, if the leader wants), the resource nurses of an area or the whole
network and their unit leaders, or the newsletter's subscribers (a news article of the site as the issue). Each
person gets an email of their own; the letter keeps who got it and how each email went (its recipients), for the
leaders in scope, for as long as the course's registrations are kept (`RETENTION_MONTHS`)."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from common.i18n import N_

Audience = Literal["course", "roster", "newsletter"]
CourseGroup = Literal["confirmed", "waiting", "came", "absent"]
RosterGroup = Literal["nurses", "unit_leaders"]
RecipientKind = Literal["participant", "leader", "nurse", "unit_leader", "subscriber"]
# The mailing list an email is on, for its one-click unsubscribe (common/unsubscribe.py); a course's letter is
# service mail about the person's own registration, on no list.
MailingList = Literal["roster", "newsletter"]

AUDIENCE_LABELS: dict[str, str] = {
    "course": N_("Deltakere på et kurs eller møte"),
    "roster": N_("Ressurssykepleiere og enhetsledere"),
    "newsletter": N_("Nyhetsbrevet"),
}
COURSE_GROUP_LABELS: dict[str, str] = {
    "confirmed": N_("Har plass"),
    "waiting": N_("På ventelisten"),
    "came": N_("Kom"),
    "absent": N_("Kom ikke"),
}
ROSTER_GROUP_LABELS: dict[str, str] = {
    "nurses": N_("Ressurssykepleierne"),
    "unit_leaders": N_("Enhetslederne"),
}
KIND_LABELS: dict[str, str] = {
    "participant": N_("Deltaker"),
    "leader": N_("Nærmeste leder (kopi)"),
    "nurse": N_("Ressurssykepleier"),
    "unit_leader": N_("Enhetsleder"),
    "subscriber": N_("Abonnent"),
}

MAX_SUBJECT = 150
MAX_TEXT = 10_000
MAX_ATTACHMENTS = 10
MAX_ATTACHED_BYTES = 10 * 1024 * 1024  # all of a letter's files together
MAX_RECIPIENTS = 4000  # one accepting transaction: the letter and its bundles (common/outbox.py BUNDLE_SIZE)
# The files a letter may carry: the agenda, the minutes, the slides, a picture. Each is checked by its first bytes
# too (common/files.py), not by its name alone.
FILE_TYPES: dict[str, str] = {
    "pdf": "application/pdf",
    "doc": "application/msword",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "ppt": "application/vnd.ms-powerpoint",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "png": "image/png",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
}


class Attachment(BaseModel):
    """A file a leader has put in S3 for a letter (locally: a folder), by its id; the name is the file's own."""

    model_config = ConfigDict(frozen=True)

    id: str
    name: str
    size: int
    content_type: str

    @property
    def key(self) -> str:
        return f"vedlegg/{self.id}"


class Recipient(BaseModel):
    """One person a letter goes to: one email each, to one address (the same address is never mailed twice by one
    letter). `copy_for` names the participants whose nearest leader this is; `registration_id` is set for a
    course's participant, whose own page then lists the letter."""

    model_config = ConfigDict(frozen=True)

    email: str
    name: str = ""
    kind: RecipientKind
    area: str = ""
    registration_id: str = ""
    copy_for: tuple[str, ...] = ()


class Letter(BaseModel):
    """A letter as sent: what it said, to whom (the audience and its groups, not the people: they are its
    recipients), who sent it and when. It never changes after it is sent."""

    model_config = ConfigDict(frozen=True)

    id: str
    audience: Audience
    course_id: str = ""
    course_title: str = ""
    area: str  # whose people it went to: an area, or "alle" (the whole network)
    groups: tuple[str, ...] = ()
    leaders_copy: bool = False
    subject: str
    text: str
    attachments: tuple[Attachment, ...] = ()
    article_url: str = ""  # the news article it carries, for the newsletter
    article_title: str = ""
    article_html: str = ""
    sender: str  # the leader's email (user name), as in the audit log
    sender_name: str
    sent_at: datetime
    recipients: int
    expires_at: int

    @property
    def mailing_list(self) -> MailingList | None:
        return None if self.audience == "course" else self.audience


class Progress(BaseModel):
    """How a letter's emails went: "sendt 640 av 1 000"."""

    total: int
    sent: int = 0
    waiting: int = 0
    undelivered: int = 0


class Delivery(BaseModel):
    """One recipient and how their email went, as the mail worker wrote it."""

    email: str
    name: str
    kind: RecipientKind
    area: str = ""
    mail_status: str = ""


class LetterSummary(BaseModel):
    """What the leaders' list shows of a letter."""

    id: str
    audience: Audience
    course_id: str = ""
    area: str
    subject: str
    sender_name: str
    sent_at: datetime
    recipients: int


class Article(BaseModel):
    """A news article of the site, as the newsletter sends it."""

    model_config = ConfigDict(frozen=True)

    url: str  # the site's path, e.g. nyheter/ny-strategi-vedtatt/
    title: str
    date: str
    summary: str = ""
    html: str = ""


class UploadStart(BaseModel):
    """A file a leader wants to attach: its name, size and type, before its bytes go to S3."""

    model_config = ConfigDict(extra="ignore")

    name: str = Field(default="", max_length=300)
    size: int | str = 0
    content_type: str = Field(default="", max_length=200)
