"""Letters' answers in the leaders' API: a file to attach and where its bytes go, the preview, a letter sent, the
lists of letters, and one letter with how far its emails have come. What letters/leader_routes.py sends."""

from __future__ import annotations

from markupsafe import escape
from pydantic import BaseModel

from common.answers import Choice, NamedChoice
from common.downloads import download_url
from common.formatting import OSLO, date_nb, file_size, time_nb
from common.i18n import N_, gettext
from common.leader_api import COOKIE_PATH, area_names
from common.markdown_text import safe_html
from common.outbox import UNDELIVERED_LABELS
from letters.models import AUDIENCE_LABELS, COURSE_GROUP_LABELS, KIND_LABELS, ROSTER_GROUP_LABELS, Attachment, Letter
from letters.service import Preview

SENT_OF = N_("Sendt %(sent)s av %(total)s")


def number_text(value: int) -> str:
    """1 000, as Norwegian writes it."""
    return f"{value:,}".replace(",", "\u00a0")


class FileAnswer(BaseModel):
    id: str
    name: str
    size: int
    size_text: str
    url: str  # the download link, as the recipients have it (empty in a preview: not sent yet)

    @classmethod
    def of(cls, attachment: Attachment, letter_id: str = "") -> FileAnswer:
        return cls(
            id=attachment.id,
            name=attachment.name,
            size=attachment.size,
            size_text=file_size(attachment.size),
            url=download_url(letter_id, attachment.id) if letter_id else "",
        )


class UploadAnswer(BaseModel):
    """A file's id, and the form the browser posts its bytes with: to `url`, the `fields` first, the file last."""

    file: FileAnswer
    url: str
    fields: dict[str, str]


class CountAnswer(BaseModel):
    label: str
    count: int


def _groups_text(letter: Letter) -> str:
    labels = COURSE_GROUP_LABELS if letter.audience == "course" else ROSTER_GROUP_LABELS
    text = ", ".join(gettext(labels[group]) for group in letter.groups if group in labels)
    if letter.leaders_copy:
        text += ", " + gettext(N_("med kopi til nærmeste leder"))
    return text


class LetterAnswer(BaseModel):
    id: str
    audience: str
    audience_label: str
    course_id: str
    course_title: str
    area: str
    area_name: str
    groups_text: str
    subject: str
    sender_name: str
    sent_at: str
    sent_text: str
    recipients: int
    url: str

    @classmethod
    def of(cls, letter: Letter) -> LetterAnswer:
        local = letter.sent_at.astimezone(OSLO)
        return cls(
            id=letter.id,
            audience=letter.audience,
            audience_label=gettext(AUDIENCE_LABELS[letter.audience]),
            course_id=letter.course_id,
            course_title=letter.course_title,
            area=letter.area,
            area_name=area_names().get(letter.area, letter.area),
            groups_text=_groups_text(letter),
            subject=letter.subject,
            sender_name=letter.sender_name,
            sent_at=letter.sent_at.isoformat(),
            sent_text=f"{date_nb(local)} {time_nb(local)}",
            recipients=letter.recipients,
            url=f"{COOKIE_PATH}/meldinger/{letter.id}",
        )


class LetterList(BaseModel):
    letters: list[LetterAnswer]


class PreviewAnswer(BaseModel):
    """The letter as the recipients will read it, and how many of whom get it. Nothing is stored."""

    subject: str
    html: str
    recipients: int
    recipients_text: str
    counts: list[CountAnswer]
    files: list[FileAnswer]
    service_mail: bool  # about the person's own registration: no unsubscribe

    @classmethod
    def of(cls, preview: Preview) -> PreviewAnswer:
        letter = preview.letter
        html = str(safe_html(letter.text)) if letter.text else ""
        if letter.article_html:
            html += f"<h2>{escape(letter.article_title)}</h2>{letter.article_html}"
        return cls(
            subject=letter.subject,
            html=html,  # the article's HTML was cleaned when the feed was read (letters/articles.py)
            recipients=len(preview.recipients),
            recipients_text=gettext(N_("Meldingen går til %(count)s personer."))
            % {"count": number_text(len(preview.recipients))},
            counts=[CountAnswer(label=label, count=count) for label, count in preview.counts()],
            files=[FileAnswer.of(attachment) for attachment in letter.attachments],
            service_mail=letter.audience == "course",
        )


class LetterSent(BaseModel):
    letter: LetterAnswer


class ProgressAnswer(BaseModel):
    total: int
    sent: int
    waiting: int
    undelivered: int
    text: str  # "Sendt 640 av 1 000"


class DeliveryAnswer(BaseModel):
    """A recipient whose email did not arrive, and why: for the leader to phone."""

    name: str
    email: str
    kind_label: str
    problem: str


class LetterDetail(BaseModel):
    letter: LetterAnswer
    html: str
    files: list[FileAnswer]
    progress: ProgressAnswer
    undelivered: list[DeliveryAnswer]


class LetterChoices(BaseModel):
    """What the composer offers this leader: the areas they may write to, the groups, the news articles."""

    areas: list[NamedChoice]
    course_groups: list[Choice]
    roster_groups: list[Choice]
    articles: list[Choice]
    newsletter: bool


def progress_answer(total: int, sent: int, waiting: int, undelivered: int) -> ProgressAnswer:
    return ProgressAnswer(
        total=total,
        sent=sent,
        waiting=waiting,
        undelivered=undelivered,
        text=gettext(SENT_OF) % {"sent": number_text(sent), "total": number_text(total)},
    )


def delivery_problem(status: str) -> str:
    label = UNDELIVERED_LABELS.get(status) or UNDELIVERED_LABELS[next(iter(UNDELIVERED_LABELS))]
    return gettext(label)


def kind_label(kind: str) -> str:
    return gettext(KIND_LABELS.get(kind, kind))
