"""The local stand-in for the attachment bucket: a letter's files in a folder (ATTACHMENT_FOLDER, var/vedlegg in
`make run`), posted by the leaders' page to /_vedlegg/opplasting with the form the leaders' function signed, and read
from /_vedlegg/fil behind a link that works for five minutes (functions/common/files.py FolderStore), as S3's
presigned POST and GET do in AWS. Local only: never behind CloudFront."""

from __future__ import annotations

from email.message import Message
from email.parser import BytesParser
from email.policy import HTTP
from urllib.parse import parse_qsl, quote

from common.files import FolderStore

MAX_UPLOAD_BYTES = 11 * 1024 * 1024  # the letter's 10 MB and the form around it


def _store() -> FolderStore:
    from common.files import file_store

    found = file_store()
    if not isinstance(found, FolderStore):
        raise RuntimeError("ATTACHMENT_BUCKET is set: the files are in S3, not here")
    return found


def upload(content_type: str, body: bytes) -> tuple[int, bytes]:
    """A multipart form as S3 takes it: the fields, then the file. 204 when stored, 403 for a form this stack did
    not sign (or too late, or too big)."""
    message: Message = BytesParser(policy=HTTP).parsebytes(
        f"Content-Type: {content_type}\r\n\r\n".encode("latin-1") + body
    )
    if not message.is_multipart():
        return 400, b"not a form"
    fields: dict[str, str] = {}
    data: bytes | None = None
    for part in message.iter_parts():  # type: ignore[attr-defined]
        name = part.get_param("name", header="content-disposition")
        if name == "file":
            data = part.get_payload(decode=True) or b""
        elif name:
            fields[str(name)] = str(part.get_payload(decode=True).decode("utf-8"))
    store = _store()
    if data is None or not store.accepts_upload(fields, len(data)):
        return 403, b"refused"
    path = store.path(fields["key"])
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return 204, b""


def download(query: str) -> tuple[int, dict[str, str], bytes]:
    values = dict(parse_qsl(query))
    store = _store()
    if not store.accepts_download(values):
        return 403, {"Content-Type": "text/plain"}, b"refused"
    path = store.path(values["key"])
    if not path.is_file():
        return 404, {"Content-Type": "text/plain"}, b"not found"
    headers = {
        "Content-Type": values["type"],
        "Content-Disposition": f"attachment; filename*=UTF-8''{quote(values['name'])}",
    }
    return 200, headers, path.read_bytes()
