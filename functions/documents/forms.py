"""The document form: a kind, its version's title, period, approval and texts, and its file, read into a
DocumentDraft, or InvalidInput with a Norwegian message at each field that is wrong, all at once. The body models are
loose (text where the form has text), so that Powertools' validation lets every form through to these checks."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from pydantic import BaseModel, ConfigDict

from common.characters import has_hidden_character
from common.errors import InvalidInput
from common.formatting import read_day
from common.i18n import N_, gettext
from common.validation import Version
from documents.models import DOCUMENT_KINDS, MAX_APPROVED_BY, MAX_PERIOD, MAX_SUMMARY, MAX_TEXT, MAX_TITLE

TEXTS: dict[str, str] = {
    "kind": N_("Velg hva slags dokument det er."),
    "title": N_("Skriv tittelen, for eksempel «Handlingsplan 2027»."),
    "title_long": N_("Tittelen kan ha høyst %(max)s tegn."),
    "period": N_("Perioden kan ha høyst %(max)s tegn, for eksempel «2024–2026»."),
    "approved_on": N_("Skriv datoen dokumentet ble vedtatt, for eksempel 15.01.2024."),
    "approved_by": N_("Hvem som vedtok det kan ha høyst %(max)s tegn."),
    "summary": N_("Skriv en kort ingress: hva dokumentet handler om, i én eller to setninger."),
    "summary_long": N_("Ingressen kan ha høyst %(max)s tegn."),
    "text": N_("Skriv et sammendrag eller hele teksten, for dem som ikke kan åpne filen (med skjermleser, på mobil)."),
    "text_long": N_("Teksten kan ha høyst %(max)s tegn. Legg resten i filen."),
    "file": N_("Vi finner ikke filen. Last den opp på nytt."),
    "hidden": N_("Teksten har et tegn som ikke vises. Skriv den inn på nytt."),
}


def told(key: str) -> str:
    """A field's message by its key (the keys are not texts to translate: only their values are)."""
    return gettext(TEXTS[key])


class DocumentFields(BaseModel):
    """The document form's body, as sent."""

    model_config = ConfigDict(extra="ignore")

    kind: str = ""
    title: str = ""
    period: str = ""
    approved_on: str = ""
    approved_by: str = ""
    summary: str = ""
    text: str = ""
    file: str = ""  # an upload's id: a new file
    keep_file: bool = True  # a stored version's file stays unless this is false (or a new one is given)


class DocumentChange(DocumentFields):
    """A change to a stored version: the form and the version the leader saw."""

    version: Version


class DocumentStep(BaseModel):
    """Take down, publish again or bring back the state before: the version the leader saw."""

    model_config = ConfigDict(extra="ignore")

    version: Version


class FileStart(BaseModel):
    """A file to upload: its name and size as the browser has them."""

    model_config = ConfigDict(extra="ignore")

    name: str = ""
    size: int | str = ""


@dataclass(frozen=True)
class DocumentDraft:
    kind: str
    title: str
    period: str
    approved_on: date
    approved_by: str
    summary: str
    text: str
    file: str = ""
    keep_file: bool = True


def _text(fields: dict[str, Any], name: str) -> str:
    value = fields.get(name, "")
    return value.strip() if isinstance(value, str) else ""


def _line(fields: dict[str, Any], name: str) -> str:
    return " ".join(_text(fields, name).split())


def read_document(fields: dict[str, Any]) -> DocumentDraft:
    """The form into a draft; InvalidInput with every field's message."""
    errors: dict[str, str] = {}
    kind = _text(fields, "kind")
    if kind not in DOCUMENT_KINDS:
        errors["kind"] = told("kind")
    lines = {name: _line(fields, name) for name in ("title", "period", "approved_by", "summary")}
    limits = {"title": MAX_TITLE, "period": MAX_PERIOD, "approved_by": MAX_APPROVED_BY, "summary": MAX_SUMMARY}
    for name, value in lines.items():
        if not value and name in ("title", "summary"):
            errors[name] = told(name)
        elif len(value) > limits[name]:
            key = f"{name}_long" if f"{name}_long" in TEXTS else name
            errors[name] = told(key) % {"max": limits[name]}
        elif has_hidden_character(value):
            errors[name] = told("hidden")
    approved = read_day(_text(fields, "approved_on"))
    if approved is None:
        errors["approved_on"] = told("approved_on")
    text = _text(fields, "text").replace("\r\n", "\n")
    if not text:
        errors["text"] = told("text")
    elif len(text) > MAX_TEXT:
        errors["text"] = told("text_long") % {"max": MAX_TEXT}
    elif has_hidden_character(text, multiline=True):
        errors["text"] = told("hidden")
    upload = _text(fields, "file")
    if upload and (len(upload) > 40 or not upload.isascii() or not upload.isalnum()):
        errors["file"] = told("file")
    if errors or approved is None:
        raise InvalidInput(field_errors=errors)
    keep = fields.get("keep_file")
    return DocumentDraft(
        kind=kind,
        title=lines["title"],
        period=lines["period"],
        approved_on=approved,
        approved_by=lines["approved_by"],
        summary=lines["summary"],
        text=text,
        file=upload,
        keep_file=True if keep is None else keep in (True, "true", "on", "ja", "1"),
    )
