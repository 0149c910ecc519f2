"""The document editor's rules: the network leader uploads a new version of a kind (the older ones stay, listed as
earlier versions), changes one, takes one down or publishes it again, and brings back the state before a change. A
file only if its first bytes say it is the PDF or Word file its name says, within the size limit; every version with a
text for those who cannot open the file. The repository, the file store and the clock come in as arguments (tests
use fakes).

- Only the network leader keeps the documents (common/access.py's roles): they are the network's governance.
- A kind's current version is its newest approved one on the site; the site lists the others as earlier versions.
- Each save is one transaction with its state kept, its audit entry and a publish request (common/versions.py).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from markupsafe import Markup

from common.access import Leader
from common.audit import AuditEntry
from common.errors import DocumentChanged, InvalidInput, UnknownDocument
from common.files import FileStore, Upload, UploadForm, looks_like
from common.i18n import N_, gettext
from common.ids import new_ulid
from common.markdown_text import safe_html
from documents.forms import DocumentDraft, read_document, told
from documents.models import (
    FILE_TYPES,
    MAX_FILE_BYTES,
    DocumentFile,
    DocumentRevision,
    DocumentVersion,
    period_slug,
)

SLUG_ATTEMPTS = 20
REFUSALS = {
    "file_name": N_("Filen må være en PDF eller et Word-dokument (.pdf, .doc eller .docx)."),
    "file_size": N_("Filen kan være høyst 20 MB."),
    "file_type": N_("Filen «%(name)s» er ikke en PDF eller et Word-dokument, selv om navnet sier det."),
    "empty_page": N_("Teksten blir tom på nettsiden. Skriv vanlig tekst; koder og skript tas bort."),
    "no_earlier": N_("Det finnes ingen tidligere utgave av denne versjonen å gå tilbake til."),
}


def _refused(key: str) -> str:
    return gettext(REFUSALS[key])


def document_file(name: object, size: object) -> tuple[str, str, int]:
    """A file to upload, by its name and size as the browser has them: its name, its type by its name's ending, its
    size, at most MAX_FILE_BYTES. InvalidInput at the field otherwise."""
    clean = " ".join(str(name).replace("/", " ").replace("\\", " ").split())[:200]
    ending = clean.rpartition(".")[2].lower() if "." in clean else ""
    if ending not in FILE_TYPES:
        raise InvalidInput(field_errors={"file": _refused("file_name")})
    try:
        wanted = int(str(size))
    except ValueError:
        wanted = 0
    if not 0 < wanted <= MAX_FILE_BYTES:
        raise InvalidInput(field_errors={"file": _refused("file_size")})
    return clean, FILE_TYPES[ending], wanted


class SlugTaken(Exception):
    """A new version's address is in use: the editor tries the next one."""


class DocumentRepository(Protocol):
    def versions(self) -> list[DocumentVersion]: ...

    def document(self, version_id: str) -> DocumentVersion | None: ...

    def revisions(self, version_id: str) -> list[DocumentRevision]:
        """The version's saved states, newest first."""
        ...

    def revision(self, version_id: str, version: int) -> DocumentRevision | None: ...

    def save(
        self, document: DocumentVersion, seen_version: int | None, revision: DocumentRevision, entry: AuditEntry
    ) -> DocumentVersion:
        """Store it at its version with its kept state, the audit entry and a publish request; seen_version None for
        a new one (SlugTaken if its kind's address is used), DocumentChanged when the stored one is not at
        seen_version."""
        ...

    def add_upload(self, upload: Upload) -> None: ...

    def upload(self, upload_id: str) -> Upload | None: ...


@dataclass(frozen=True)
class DocumentView:
    document: DocumentVersion
    revisions: list[DocumentRevision]


def current_versions(found: list[DocumentVersion]) -> dict[str, list[DocumentVersion]]:
    """The published versions by kind, newest approved first (the first is the kind's current one)."""
    kinds: dict[str, list[DocumentVersion]] = {}
    for one in sorted(found, key=lambda d: (d.approved_on, d.updated_at), reverse=True):
        if one.on_site:
            kinds.setdefault(one.kind, []).append(one)
    return kinds


class DocumentEditor:
    def __init__(self, repo: DocumentRepository, store: FileStore, clock: Callable[[], datetime]) -> None:
        self.repo = repo
        self.store = store
        self.clock = clock

    def versions(self, leader: Leader) -> list[DocumentVersion]:
        """Every version of every kind, by kind, newest approved first."""
        leader.require("nettverksleder")
        return sorted(self.repo.versions(), key=lambda d: (d.kind, d.approved_on, d.updated_at), reverse=True)

    def view(self, leader: Leader, version_id: str) -> DocumentView:
        return DocumentView(self._document(leader, version_id), self.repo.revisions(version_id))

    def start_file(self, leader: Leader, name: object, size: object) -> tuple[Upload, UploadForm]:
        leader.require("nettverksleder")
        clean, content_type, wanted = document_file(name, size)
        now = self.clock()
        upload_id = new_ulid(now)
        owner = leader.sub or leader.username
        upload = Upload(upload_id, clean, wanted, content_type, f"nettsted/{upload_id}", owner, now)
        self.repo.add_upload(upload)
        return upload, self.store.upload_form(upload.key, upload.content_type, MAX_FILE_BYTES)

    def preview(self, leader: Leader, fields: dict[str, object]) -> Markup:
        leader.require("nettverksleder")
        return self._page_text(read_document(dict(fields)).text)

    def add(self, leader: Leader, fields: dict[str, object]) -> DocumentVersion:
        """A new version of a kind, on the site at once; the kind's other versions stay, as earlier ones."""
        leader.require("nettverksleder")
        draft = read_document(dict(fields))
        self._page_text(draft.text)
        file = self._file(leader, draft, None)
        now = self.clock()
        base = period_slug(draft.period) if any(c.isalnum() for c in draft.period) else str(draft.approved_on.year)
        for attempt in range(SLUG_ATTEMPTS):
            document = DocumentVersion(
                id=new_ulid(now),
                kind=draft.kind,
                slug=base if attempt == 0 else f"{base}-{attempt + 1}",
                title=draft.title,
                period=draft.period,
                approved_on=draft.approved_on,
                approved_by=draft.approved_by,
                summary=draft.summary,
                text=draft.text,
                file=file,
                updated_at=now,
                version=1,
            )
            try:
                return self._save(leader, document, None, "document_added")
            except SlugTaken:
                continue
        raise SlugTaken(base)

    def change(self, leader: Leader, version_id: str, fields: dict[str, object], version: int) -> DocumentVersion:
        stored = self._document(leader, version_id, version)
        draft = read_document(dict(fields) | {"kind": stored.kind})  # a version stays of its kind
        self._page_text(draft.text)
        file = self._file(leader, draft, stored.file)
        changed = stored.model_copy(
            update={
                "title": draft.title,
                "period": draft.period,
                "approved_on": draft.approved_on,
                "approved_by": draft.approved_by,
                "summary": draft.summary,
                "text": draft.text,
                "file": file,
                "updated_at": self.clock(),
                "version": version + 1,
            }
        )
        return self._save(leader, changed, version, "document_changed")

    def withdraw(self, leader: Leader, version_id: str, version: int) -> DocumentVersion:
        """Off the site (kept here): the kind's version before it is the current one again."""
        return self._status(leader, version_id, version, "withdrawn", "document_withdrawn")

    def publish(self, leader: Leader, version_id: str, version: int) -> DocumentVersion:
        return self._status(leader, version_id, version, "published", "document_published")

    def restore(self, leader: Leader, version_id: str, version: int) -> DocumentVersion:
        """The state before the one the leader saw, brought back as a new state."""
        stored = self._document(leader, version_id, version)
        earlier = self.repo.revision(version_id, version - 1) if version > 1 else None
        if earlier is None:
            raise InvalidInput(field_errors={"": _refused("no_earlier")})
        back = earlier.document.model_copy(update={"updated_at": self.clock(), "version": version + 1})
        back = back.model_copy(update={"slug": stored.slug, "aliases": stored.aliases})
        return self._save(leader, back, version, "document_restored")

    # the rest --------------------------------------------------------------------------------------------------

    def _status(self, leader: Leader, version_id: str, version: int, status: str, action: str) -> DocumentVersion:
        stored = self._document(leader, version_id, version)
        changed = stored.model_copy(update={"status": status, "updated_at": self.clock(), "version": version + 1})
        return self._save(leader, changed, version, action)

    def _file(self, leader: Leader, draft: DocumentDraft, stored: DocumentFile | None) -> DocumentFile | None:
        if not draft.file:
            return stored if draft.keep_file else None
        upload = self.repo.upload(draft.file)
        mine = upload is not None and upload.owner == (leader.sub or leader.username)
        if upload is None or not mine or not upload.key.startswith("nettsted/"):
            raise InvalidInput(field_errors={"file": told("file")})
        size = self.store.size(upload.key)
        if size is None:
            raise InvalidInput(field_errors={"file": told("file")})
        if size > MAX_FILE_BYTES:
            raise InvalidInput(field_errors={"file": _refused("file_size")})
        if not looks_like(upload.content_type, self.store.first_bytes(upload.key)):
            raise InvalidInput(field_errors={"file": _refused("file_type") % {"name": upload.name}})
        return DocumentFile.stored(upload.key, upload.name, upload.content_type, size)

    def _save(self, leader: Leader, document: DocumentVersion, seen: int | None, action: str) -> DocumentVersion:
        entry = AuditEntry(
            at=document.updated_at,
            actor=leader.username,
            action=action,
            subject=f"dokumenter/{document.kind}/{document.slug}",
            actor_sub=leader.sub or None,
        )
        revision = DocumentRevision(document=document, changed_by=leader.name, action=action)
        return self.repo.save(document, seen, revision, entry)

    def _document(self, leader: Leader, version_id: str, version: int | None = None) -> DocumentVersion:
        leader.require("nettverksleder")
        document = self.repo.document(version_id)
        if document is None:
            raise UnknownDocument()
        if version is not None and document.version != version:
            raise DocumentChanged()
        return document

    @staticmethod
    def _page_text(text: str) -> Markup:
        html = safe_html(text)
        if not html.striptags().strip():
            raise InvalidInput(field_errors={"text": _refused("empty_page")})
        return html
