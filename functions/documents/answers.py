"""Documents' answers in the leaders' API: every version by kind, one version with its saved states, the preview,
and a file to upload with where its bytes go. What documents/leader_routes.py sends."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel

from common.answers import Choice
from common.audit import ACTION_LABELS
from common.formatting import OSLO, date_nb, file_size, time_nb
from common.i18n import gettext
from documents.models import DOCUMENT_KINDS, STATUS_LABELS, DocumentRevision, DocumentVersion
from documents.service import DocumentView


def _when(moment: datetime) -> str:
    return f"{date_nb(moment.astimezone(OSLO).date())} {time_nb(moment)}"


class FileAnswer(BaseModel):
    name: str
    size_text: str
    url: str  # where the site serves it once published

    @classmethod
    def of(cls, document: DocumentVersion) -> FileAnswer | None:
        file = document.file
        return cls(name=file.name, size_text=file_size(file.size), url="/" + file.path) if file else None


class DocumentAnswer(BaseModel):
    id: str
    kind: str
    kind_label: str
    title: str
    period: str
    approved_on: str
    approved_text: str
    approved_by: str
    summary: str
    text: str
    status: str
    status_label: str
    current: bool  # the kind's version the site shows first
    updated_text: str
    version: int
    url: str
    file: FileAnswer | None

    @classmethod
    def of(cls, document: DocumentVersion, current: bool = False) -> DocumentAnswer:
        return cls(
            id=document.id,
            kind=document.kind,
            kind_label=gettext(DOCUMENT_KINDS.get(document.kind, document.kind)),
            title=document.title,
            period=document.period,
            approved_on=document.approved_on.isoformat(),
            approved_text=date_nb(document.approved_on),
            approved_by=document.approved_by,
            summary=document.summary,
            text=document.text,
            status=document.status,
            status_label=gettext(STATUS_LABELS[document.status]),
            current=current,
            updated_text=_when(document.updated_at),
            version=document.version,
            url="/" + document.url,
            file=FileAnswer.of(document),
        )


class RevisionAnswer(BaseModel):
    version: int
    saved_text: str
    changed_by: str
    action_label: str
    title: str

    @classmethod
    def of(cls, revision: DocumentRevision) -> RevisionAnswer:
        document = revision.document
        return cls(
            version=document.version,
            saved_text=_when(document.updated_at),
            changed_by=revision.changed_by,
            action_label=gettext(ACTION_LABELS.get(revision.action, revision.action)),
            title=document.title,
        )


class DocumentDetail(BaseModel):
    document: DocumentAnswer
    revisions: list[RevisionAnswer]
    can_restore: bool

    @classmethod
    def of(cls, view: DocumentView) -> DocumentDetail:
        versions = {revision.document.version for revision in view.revisions}
        return cls(
            document=DocumentAnswer.of(view.document),
            revisions=[RevisionAnswer.of(revision) for revision in view.revisions],
            can_restore=view.document.version - 1 in versions,
        )


class DocumentList(BaseModel):
    documents: list[DocumentAnswer]  # by kind, newest approved first
    kinds: list[Choice]


class PreviewAnswer(BaseModel):
    html: str


class FileUpload(BaseModel):
    id: str
    name: str
    url: str
    fields: dict[str, str]
