"""The news editor's form: what a leader fills in, read into an ArticleDraft, or InvalidInput with a Norwegian message
at each field that is wrong, all at once. The body models are loose (text where the form has text), so that
Powertools' validation lets every form through to these checks."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ConfigDict

from common.characters import has_hidden_character
from common.errors import InvalidInput
from common.i18n import N_, gettext
from common.validation import Version
from news.models import MAX_ALT, MAX_BODY, MAX_SUMMARY, MAX_TITLE

TEXTS: dict[str, str] = {
    "title": N_("Skriv en tittel på nyheten."),
    "title_long": N_("Tittelen kan ha høyst %(max)s tegn."),
    "summary": N_("Skriv en kort ingress: én eller to setninger som står i nyhetslisten."),
    "summary_long": N_("Ingressen kan ha høyst %(max)s tegn."),
    "body": N_("Skriv teksten i nyheten."),
    "body_long": N_("Teksten kan ha høyst %(max)s tegn."),
    "area": N_("Velg hvem nyheten gjelder: hele nettverket eller et område."),
    "image_alt": N_("Skriv en bildetekst for dem som ikke ser bildet: hva viser det?"),
    "image_alt_long": N_("Bildeteksten kan ha høyst %(max)s tegn."),
    "image": N_("Vi finner ikke bildet. Last det opp på nytt."),
    "hidden": N_("Teksten har et tegn som ikke vises. Skriv den inn på nytt."),
}


def told(key: str) -> str:
    """A field's message by its key (the keys are not texts to translate: only their values are)."""
    return gettext(TEXTS[key])


class ArticleFields(BaseModel):
    """The news editor's body, as sent: the preview and the saving take the same."""

    model_config = ConfigDict(extra="ignore")

    title: str = ""
    summary: str = ""
    body: str = ""
    area: str = ""
    image: str = ""  # an upload's id: a new picture
    image_alt: str = ""
    keep_image: bool = True  # a stored article's picture stays unless this is false (or a new one is given)
    publish: bool = False  # save and publish (or keep published); otherwise a draft, or the published one changed


class ArticleChange(ArticleFields):
    """A change to a stored article: the form and the version the leader saw."""

    version: Version


class ArticleStep(BaseModel):
    """Publish, take down or bring back the version before: the version of the article the leader saw."""

    model_config = ConfigDict(extra="ignore")

    version: Version


class ImageStart(BaseModel):
    """A picture to upload: its name and size as the browser has them."""

    model_config = ConfigDict(extra="ignore")

    name: str = ""
    size: int | str = ""


@dataclass(frozen=True)
class ArticleDraft:
    title: str
    summary: str
    body: str
    area: str
    image: str = ""
    image_alt: str = ""
    keep_image: bool = True
    publish: bool = False


def _text(fields: dict[str, Any], name: str) -> str:
    value = fields.get(name, "")
    return value.strip() if isinstance(value, str) else ""


def _line(fields: dict[str, Any], name: str) -> str:
    return " ".join(_text(fields, name).split())


def _yes(value: object, default: bool) -> bool:
    if value is None:
        return default
    return value in (True, "true", "on", "ja", "1")


def read_article(fields: dict[str, Any]) -> ArticleDraft:
    """The form into a draft; InvalidInput with every field's message."""
    errors: dict[str, str] = {}
    title, summary, alt = _line(fields, "title"), _line(fields, "summary"), _line(fields, "image_alt")
    body = _text(fields, "body").replace("\r\n", "\n")
    for name, value, limit in (("title", title, MAX_TITLE), ("summary", summary, MAX_SUMMARY)):
        if not value:
            errors[name] = told(name)
        elif len(value) > limit:
            errors[name] = told(f"{name}_long") % {"max": limit}
        elif has_hidden_character(value):
            errors[name] = told("hidden")
    if not body:
        errors["body"] = told("body")
    elif len(body) > MAX_BODY:
        errors["body"] = told("body_long") % {"max": MAX_BODY}
    elif has_hidden_character(body, multiline=True):
        errors["body"] = told("hidden")
    area = _text(fields, "area")
    if not area:
        errors["area"] = told("area")
    image = _text(fields, "image")
    if image and (len(image) > 40 or not image.isascii() or not image.isalnum()):
        errors["image"] = told("image")
    if image and not alt and "image" not in errors:
        errors["image_alt"] = told("image_alt")
    elif len(alt) > MAX_ALT:
        errors["image_alt"] = told("image_alt_long") % {"max": MAX_ALT}
    elif has_hidden_character(alt):
        errors["image_alt"] = told("hidden")
    if errors:
        raise InvalidInput(field_errors=errors)
    return ArticleDraft(
        title=title,
        summary=summary,
        body=body,
        area=area,
        image=image,
        image_alt=alt,
        keep_image=_yes(fields.get("keep_image"), True),
        publish=_yes(fields.get("publish"), False),
    )
