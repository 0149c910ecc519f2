"""Documents in the leaders' API: every version by kind, a new version, a change, taking one down or publishing it
again, the state before brought back, the preview, and a file to upload. Part of LeaderFunction (leaders/app.py
includes this router); the network leader's alone (documents/service.py)."""

from __future__ import annotations

from typing import Annotated, Any

from aws_lambda_powertools import Logger
from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.params import Body
from aws_lambda_powertools.event_handler.router import APIGatewayHttpRouter

from common.access import Leader
from common.answers import Choice
from common.errors import BadRequest, InvalidInput
from common.http import answer, checked_json, read_form
from common.i18n import gettext
from common.leader_api import current_leader, read_version
from common.validation import reads
from documents.answers import DocumentAnswer, DocumentDetail, DocumentList, FileUpload, PreviewAnswer
from documents.forms import DocumentChange, DocumentFields, DocumentStep, FileStart, read_document, told
from documents.live import document_editor
from documents.models import DOCUMENT_KINDS, DocumentVersion
from documents.service import current_versions, document_file

logger = Logger(child=True)
router = APIGatewayHttpRouter()  # type: ignore[no-untyped-call]


def signed_in_leader() -> Leader:
    return current_leader(router.current_event)


def _body() -> dict[str, Any]:
    checked_json(router.current_event)
    return read_form(router.current_event)


def _read_file_start(fields: dict[str, Any]) -> None:
    document_file(fields.get("name", ""), fields.get("size", ""))
    raise InvalidInput(field_errors={"file": told("file")})


def _read_change(fields: dict[str, Any]) -> None:
    read_document(fields | {"kind": next(iter(DOCUMENT_KINDS))})  # the kind is the stored one's
    read_version(fields)
    raise BadRequest()


def _read_step(fields: dict[str, Any]) -> None:
    read_version(fields)
    raise BadRequest()


reads(DocumentFields, read_document)
reads(DocumentChange, _read_change)
reads(FileStart, _read_file_start)
reads(DocumentStep, _read_step)


def _detail(document: DocumentVersion, status: int = 200) -> Response[DocumentDetail]:
    return answer(status, DocumentDetail.of(document_editor().view(signed_in_leader(), document.id)))


@router.get("/api/leder/dokumenter")
def list_documents() -> Response[DocumentList]:
    found = document_editor().versions(signed_in_leader())
    current = {versions[0].id for versions in current_versions(found).values()}
    return answer(
        200,
        DocumentList(
            documents=[DocumentAnswer.of(document, document.id in current) for document in found],
            kinds=[Choice(id=kind, label=gettext(label)) for kind, label in DOCUMENT_KINDS.items()],
        ),
    )


@router.post("/api/leder/dokumenter")
def add_document(body: Annotated[DocumentFields, Body()]) -> Response[DocumentDetail]:
    document = document_editor().add(signed_in_leader(), _body())
    logger.info("document version added", extra={"document_id": document.id, "kind": document.kind})
    return _detail(document, 201)


@router.post("/api/leder/dokumenter/forhandsvisning")
def preview_document(body: Annotated[DocumentFields, Body()]) -> Response[PreviewAnswer]:
    return answer(200, PreviewAnswer(html=str(document_editor().preview(signed_in_leader(), _body()))))


@router.post("/api/leder/dokumenter/fil")
def start_file(body: Annotated[FileStart, Body()]) -> Response[FileUpload]:
    """A document's file: its record, and the form its bytes go to the store with (S3's presigned POST)."""
    _body()
    upload, form = document_editor().start_file(signed_in_leader(), body.name, body.size)
    logger.info("document upload started", extra={"bytes": upload.size})
    return answer(201, FileUpload(id=upload.id, name=upload.name, url=form.url, fields=form.fields))


@router.get("/api/leder/dokumenter/<document_id>")
def show_document(document_id: str) -> Response[DocumentDetail]:
    return answer(200, DocumentDetail.of(document_editor().view(signed_in_leader(), document_id)))


@router.put("/api/leder/dokumenter/<document_id>")
def change_document(document_id: str, body: Annotated[DocumentChange, Body()]) -> Response[DocumentDetail]:
    document = document_editor().change(signed_in_leader(), document_id, _body(), body.version)
    logger.info("document version changed", extra={"document_id": document.id, "version": document.version})
    return _detail(document)


@router.post("/api/leder/dokumenter/<document_id>/nedtaking")
def withdraw_document(document_id: str, body: Annotated[DocumentStep, Body()]) -> Response[DocumentDetail]:
    _body()
    return _detail(document_editor().withdraw(signed_in_leader(), document_id, body.version))


@router.post("/api/leder/dokumenter/<document_id>/publisering")
def publish_document(document_id: str, body: Annotated[DocumentStep, Body()]) -> Response[DocumentDetail]:
    _body()
    return _detail(document_editor().publish(signed_in_leader(), document_id, body.version))


@router.post("/api/leder/dokumenter/<document_id>/tilbakestilling")
def restore_document(document_id: str, body: Annotated[DocumentStep, Body()]) -> Response[DocumentDetail]:
    _body()
    return _detail(document_editor().restore(signed_in_leader(), document_id, body.version))
