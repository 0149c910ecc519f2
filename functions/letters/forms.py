"""The letter composer's form: what a leader fills in, read into a LetterDraft, or InvalidInput with a Norwegian message
at each field that is wrong, all at once. The body model is loose (text where the form has text), so that Powertools'
validation lets every form through to these checks."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ConfigDict

from common.characters import has_hidden_character
from common.errors import InvalidInput
from common.i18n import N_, gettext
from letters.models import (
    COURSE_GROUP_LABELS,
    MAX_ATTACHMENTS,
    MAX_SUBJECT,
    MAX_TEXT,
    ROSTER_GROUP_LABELS,
    Audience,
)

TEXTS: dict[str, str] = {
    "audience": N_("Velg hvem meldingen skal til."),
    "course_id": N_("Velg kurset eller møtet meldingen gjelder."),
    "groups_course": N_("Velg minst én gruppe: har plass, på ventelisten, kom eller kom ikke."),
    "groups_roster": N_("Velg ressurssykepleierne, enhetslederne eller begge."),
    "area": N_("Velg området, eller hele nettverket."),
    "subject": N_("Skriv emnet, det som står i emnefeltet i e-posten."),
    "subject_long": N_("Emnet kan ha høyst %(max)s tegn."),
    "text": N_("Skriv meldingen."),
    "text_long": N_("Meldingen kan ha høyst %(max)s tegn. Legg heller det lange i et vedlegg."),
    "hidden": N_("Teksten har et tegn som ikke vises. Skriv den inn på nytt."),
    "attachments": N_("En melding kan ha høyst %(max)s vedlegg."),
    "article": N_("Velg nyheten som skal sendes som nyhetsbrev."),
}


def _said(key: str) -> str:
    """A field's message by its key (the keys are not texts to translate: only their values are)."""
    return gettext(TEXTS[key])


class LetterFields(BaseModel):
    """The composer's body, as sent: the preview and the sending take the same."""

    model_config = ConfigDict(extra="ignore")

    audience: str = ""
    course_id: str = ""
    area: str = ""
    groups: list[str] = []
    leaders_copy: bool = False
    subject: str = ""
    text: str = ""
    attachments: list[str] = []
    article: str = ""
    send_key: str = ""  # the composer's own key for this letter: the same letter sent again is sent once


@dataclass(frozen=True)
class LetterDraft:
    audience: Audience
    subject: str
    text: str
    course_id: str = ""
    area: str = ""
    groups: tuple[str, ...] = ()
    leaders_copy: bool = False
    attachments: tuple[str, ...] = ()
    article: str = ""
    send_key: str = ""


def _text(fields: dict[str, Any], name: str) -> str:
    value = fields.get(name, "")
    return value.strip() if isinstance(value, str) else ""


def _names(value: object) -> list[str] | None:
    if isinstance(value, str):
        return [value] if value else []
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return list(dict.fromkeys(value))
    return None


def read_letter(fields: dict[str, Any]) -> LetterDraft:
    """The form into a draft; InvalidInput with every field's message."""
    errors: dict[str, str] = {}
    audience = _text(fields, "audience")
    if audience not in ("course", "roster", "newsletter"):
        raise InvalidInput(field_errors={"audience": _said("audience")})
    groups = _names(fields.get("groups", []))
    course_id, area, article = _text(fields, "course_id"), _text(fields, "area"), _text(fields, "article")
    if audience == "course":
        if not course_id:
            errors["course_id"] = _said("course_id")
        if not groups or any(group not in COURSE_GROUP_LABELS for group in groups):
            errors["groups"] = _said("groups_course")
    elif audience == "roster":
        if not area:
            errors["area"] = _said("area")
        if not groups or any(group not in ROSTER_GROUP_LABELS for group in groups):
            errors["groups"] = _said("groups_roster")
    elif not article:
        errors["article"] = _said("article")
    subject = " ".join(_text(fields, "subject").split())
    if not subject and not (audience == "newsletter" and article):
        errors["subject"] = _said("subject")
    elif len(subject) > MAX_SUBJECT:
        errors["subject"] = _said("subject_long") % {"max": MAX_SUBJECT}
    elif has_hidden_character(subject):
        errors["subject"] = _said("hidden")
    text = _text(fields, "text").replace("\r\n", "\n")
    if not text and audience != "newsletter":
        errors["text"] = _said("text")
    elif len(text) > MAX_TEXT:
        errors["text"] = _said("text_long") % {"max": MAX_TEXT}
    elif has_hidden_character(text, multiline=True):
        errors["text"] = _said("hidden")
    attachments = _names(fields.get("attachments", []))
    if attachments is None or len(attachments) > MAX_ATTACHMENTS or not all(a.isalnum() for a in attachments):
        errors["attachments"] = _said("attachments") % {"max": MAX_ATTACHMENTS}
    copy = fields.get("leaders_copy", False)
    send_key = _text(fields, "send_key")
    if len(send_key) > 64 or not all(c.isascii() and (c.isalnum() or c == "-") for c in send_key):
        send_key = ""  # not the composer's: a letter without one is simply sent
    if errors:
        raise InvalidInput(field_errors=errors)
    return LetterDraft(
        audience=audience,  # type: ignore[arg-type]
        subject=subject,
        text=text,
        course_id=course_id if audience == "course" else "",
        area=area if audience == "roster" else "",
        groups=tuple(groups or ()) if audience != "newsletter" else (),
        leaders_copy=audience == "course" and copy in (True, "true", "on", "ja"),
        attachments=tuple(attachments or ()),
        article=article if audience == "newsletter" else "",
        send_key=send_key,
    )
