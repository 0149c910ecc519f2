"""The network's documents: a kind (the mandate, the strategy, the action plan, ...) and its versions, each with its
period, when and by whom it was approved, a text for those who cannot open the file (a summary or the whole text),
and the file itself (PDF or Word). The site shows a kind's newest approved version, and lists the ones before it as
earlier versions."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict

from common.i18n import N_
from common.places import slug

# The kinds, in the order the site lists them.
DOCUMENT_KINDS: dict[str, str] = {
    "mandat": N_("Mandat og samarbeidsavtale"),
    "strategi": N_("Strategi"),
    "handlingsplan": N_("Handlingsplan"),
    "arsplan": N_("Årsplan"),
    "kompetanseplan": N_("Kompetanseplan"),
    "funksjonsbeskrivelse": N_("Funksjonsbeskrivelse"),
    "hospitering": N_("Hospitering"),
    "arsrapport": N_("Årsrapport"),
}
MAX_TITLE = 150
MAX_PERIOD = 40
MAX_APPROVED_BY = 100
MAX_SUMMARY = 300
MAX_TEXT = 100_000
MAX_FILE_BYTES = 20 * 1024 * 1024
# A document's file by its name's ending; its first bytes must say the same (common/files.py looks_like).
FILE_TYPES = {
    "pdf": "application/pdf",
    "doc": "application/msword",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
FILE_ENDINGS = {content_type: ending for ending, content_type in FILE_TYPES.items()}

VersionStatus = Literal["published", "withdrawn"]
STATUS_LABELS: dict[str, str] = {"published": N_("Publisert"), "withdrawn": N_("Tatt ned")}


def period_slug(period: str) -> str:
    """A version's address from its period: "2024–2026" -> "2024-2026" (the dash a hyphen, not dropped)."""
    return slug(period.replace("–", "-").replace("—", "-"))


class DocumentFile(BaseModel):
    """A version's file: where it is kept (the store's key under nettsted/; empty for a file of the site's own
    content, as the seed's) and where the site serves it, with its name, type and size."""

    model_config = ConfigDict(frozen=True)

    key: str = ""
    path: str  # on the site, relative to its root: dokumenter/filer/...
    name: str
    content_type: str
    size: int

    @classmethod
    def stored(cls, key: str, name: str, content_type: str, size: int) -> DocumentFile:
        stem = slug(name.rpartition(".")[0] or name)
        tail = key.rpartition("/")[2][-6:].lower()
        ending = FILE_ENDINGS.get(content_type, "bin")
        return cls(
            key=key, path=f"dokumenter/filer/{stem}-{tail}.{ending}", name=name, content_type=content_type, size=size
        )


class DocumentVersion(BaseModel):
    """One version of a kind of document, as stored."""

    model_config = ConfigDict(frozen=True)

    id: str
    kind: str
    slug: str  # its page: dokumenter/{kind}/{slug}/
    title: str
    period: str = ""
    approved_on: date
    approved_by: str = ""
    summary: str
    text: str  # Markdown, made safe where it is shown (common/markdown_text.py)
    file: DocumentFile | None = None
    status: VersionStatus = "published"
    aliases: tuple[str, ...] = ()  # older addresses of its page (the seed's), written too
    updated_at: datetime
    version: int = 0

    @property
    def url(self) -> str:
        return f"dokumenter/{self.kind}/{self.slug}/"

    @property
    def on_site(self) -> bool:
        return self.status == "published"


class DocumentRevision(BaseModel):
    """One saved state of a document version, who saved it and what they did."""

    model_config = ConfigDict(frozen=True)

    document: DocumentVersion
    changed_by: str
    action: str
