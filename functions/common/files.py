"""The files leaders upload, where they are kept: S3 (the stack's AttachmentBucket), or locally a folder under var/.
A letter's files are under `vedlegg/` (kept 400 days), the site's own (a news article's image, a document's file)
under `nettsted/` (kept: the publisher puts them on the site at every build). The leader's browser puts a file there
itself, with a form that is good for a few minutes and for one size and type at most (S3's presigned POST), since a
file of 10 MB is more than a Lambda function takes; a download is a link that works for five minutes. The file's
first bytes must say it is what its name says (a PDF, a Word or PowerPoint document, a picture).

An upload's record (`UPLOAD#{id}`, kept two days) says whose it is, until a letter or a page takes it."""

from __future__ import annotations

import hashlib
import hmac
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import quote, urlencode

from common.settings import settings

UPLOAD_SECONDS = 600
UPLOAD_DAYS = 2  # an upload's record: until the letter is sent or the page saved
KEY_PREFIXES = ("vedlegg", "nettsted")  # a letter's files; the site's
DOWNLOAD_SECONDS = 300
LOCAL_PATH = "/_vedlegg"  # the local server's stand-in for S3 (infra/local/server.py), never behind CloudFront

# The first bytes of each kind of file a leader may upload.
_SIGNATURES: dict[str, tuple[bytes, ...]] = {
    "application/pdf": (b"%PDF-",),
    "application/msword": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",),
    "application/vnd.ms-powerpoint": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": (b"PK\x03\x04",),
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": (b"PK\x03\x04",),
    "image/png": (b"\x89PNG\r\n\x1a\n",),
    "image/jpeg": (b"\xff\xd8\xff",),
}


def looks_like(content_type: str, first_bytes: bytes) -> bool:
    return any(first_bytes.startswith(signature) for signature in _SIGNATURES.get(content_type, ()))


@dataclass(frozen=True)
class UploadForm:
    """Where the browser posts the file, and the form fields that go with it (the file last)."""

    url: str
    fields: dict[str, str]


class FileStore(Protocol):
    def upload_form(self, key: str, content_type: str, max_size: int) -> UploadForm: ...

    def size(self, key: str) -> int | None:
        """The stored file's size, or None if nothing is there."""
        ...

    def first_bytes(self, key: str, count: int = 16) -> bytes: ...

    def read(self, key: str) -> bytes:
        """The whole file (the publisher's copy for the site)."""
        ...

    def download_url(self, key: str, name: str, content_type: str) -> str: ...


def _disposition(name: str) -> str:
    return f"attachment; filename*=UTF-8''{quote(name)}"


class S3Store:
    def __init__(self, client: Any, bucket: str) -> None:
        self._client = client
        self._bucket = bucket

    def upload_form(self, key: str, content_type: str, max_size: int) -> UploadForm:
        post = self._client.generate_presigned_post(
            Bucket=self._bucket,
            Key=key,
            Fields={"Content-Type": content_type},
            Conditions=[{"Content-Type": content_type}, ["content-length-range", 1, max_size]],
            ExpiresIn=UPLOAD_SECONDS,
        )
        return UploadForm(url=str(post["url"]), fields={k: str(v) for k, v in post["fields"].items()})

    def size(self, key: str) -> int | None:
        try:
            head = self._client.head_object(Bucket=self._bucket, Key=key)
        except self._client.exceptions.ClientError as exc:
            if exc.response["Error"]["Code"] in {"404", "NoSuchKey", "NotFound"}:
                return None
            raise
        return int(head["ContentLength"])

    def first_bytes(self, key: str, count: int = 16) -> bytes:
        answer = self._client.get_object(Bucket=self._bucket, Key=key, Range=f"bytes=0-{count - 1}")
        data: bytes = answer["Body"].read()
        return data

    def read(self, key: str) -> bytes:
        data: bytes = self._client.get_object(Bucket=self._bucket, Key=key)["Body"].read()
        return data

    def download_url(self, key: str, name: str, content_type: str) -> str:
        url: str = self._client.generate_presigned_url(
            "get_object",
            Params={
                "Bucket": self._bucket,
                "Key": key,
                "ResponseContentDisposition": _disposition(name),
                "ResponseContentType": content_type,
            },
            ExpiresIn=DOWNLOAD_SECONDS,
        )
        return url


class FolderStore:
    """Locally: the files in a folder, posted to and read from the local server (LOCAL_PATH), with the same limits
    as S3's forms: signed with the stack's key, a size at most, and a few minutes."""

    def __init__(self, root: Path, secret: str, site_url: str = "") -> None:
        self.root = root
        self._key = hashlib.sha256(b"lindra/local-files\0" + secret.encode("utf-8")).digest()
        self._site = site_url.rstrip("/")

    def sign(self, *parts: str) -> str:
        return hmac.new(self._key, "\0".join(parts).encode("utf-8"), hashlib.sha256).hexdigest()

    def path(self, key: str) -> Path:
        prefix, _, name = key.partition("/")
        if prefix not in KEY_PREFIXES or not name.isascii() or not name.isalnum():
            raise ValueError("not a file's key")
        return self.root / key

    def upload_form(self, key: str, content_type: str, max_size: int) -> UploadForm:
        expires = str(int(time.time()) + UPLOAD_SECONDS)
        fields = {
            "key": key,
            "Content-Type": content_type,
            "max_size": str(max_size),
            "expires": expires,
            "signature": self.sign("upload", key, content_type, str(max_size), expires),
        }
        return UploadForm(url=f"{self._site}{LOCAL_PATH}/opplasting", fields=fields)

    def accepts_upload(self, fields: dict[str, str], size: int) -> bool:
        """Whether the local server may store a posted file: the form this store gave, in time, within its size."""
        try:
            expected = self.sign("upload", fields["key"], fields["Content-Type"], fields["max_size"], fields["expires"])
            in_time = int(fields["expires"]) >= time.time()
            fits = 0 < size <= int(fields["max_size"])
        except (KeyError, ValueError):
            return False
        return hmac.compare_digest(expected, fields.get("signature", "")) and in_time and fits

    def size(self, key: str) -> int | None:
        path = self.path(key)
        return path.stat().st_size if path.is_file() else None

    def first_bytes(self, key: str, count: int = 16) -> bytes:
        with self.path(key).open("rb") as file:
            return file.read(count)

    def read(self, key: str) -> bytes:
        return self.path(key).read_bytes()

    def download_url(self, key: str, name: str, content_type: str) -> str:
        expires = str(int(time.time()) + DOWNLOAD_SECONDS)
        query = {"key": key, "name": name, "type": content_type, "expires": expires}
        query["signature"] = self.sign("download", key, name, content_type, expires)
        return f"{self._site}{LOCAL_PATH}/fil?{urlencode(query)}"

    def accepts_download(self, query: dict[str, str]) -> bool:
        try:
            expected = self.sign("download", query["key"], query["name"], query["type"], query["expires"])
            in_time = int(query["expires"]) >= time.time()
        except (KeyError, ValueError):
            return False
        return hmac.compare_digest(expected, query.get("signature", "")) and in_time


@lru_cache(maxsize=1)
def _regional_s3(region: str) -> Any:
    """S3 at the bucket's own regional address (bucket.s3.<region>.amazonaws.com), the one host the site's CSP lets
    the leaders' page post a file to (infra/template.yaml)."""
    import boto3
    from botocore.config import Config

    from common.aws import CLIENT_CONFIG

    regional = CLIENT_CONFIG.merge(Config(signature_version="s3v4", s3={"addressing_style": "virtual"}))
    return boto3.client("s3", region_name=region, endpoint_url=f"https://s3.{region}.amazonaws.com", config=regional)


def file_store() -> FileStore:
    """The live store: the bucket ATTACHMENT_BUCKET names, or locally the folder ATTACHMENT_FOLDER."""
    config = settings()
    if config.attachment_bucket:
        return S3Store(_regional_s3(config.region), config.attachment_bucket)
    return FolderStore(Path(config.attachment_folder), config.form_secret, config.site_url)


@dataclass(frozen=True)
class Upload:
    """A file a leader is putting in the store: whose it is, until a letter or a page takes it."""

    id: str
    name: str
    size: int
    content_type: str
    key: str
    owner: str  # the leader's sub: only they use it
    created_at: datetime


def upload_key(upload_id: str) -> dict[str, Any]:
    return {"PK": {"S": f"UPLOAD#{upload_id}"}, "SK": {"S": "META"}}


def upload_item(upload: Upload) -> dict[str, Any]:
    expires = int((upload.created_at + timedelta(days=UPLOAD_DAYS)).timestamp())
    return upload_key(upload.id) | {
        "entity": {"S": "upload"},
        "name": {"S": upload.name},
        "size": {"N": str(upload.size)},
        "content_type": {"S": upload.content_type},
        "key": {"S": upload.key},
        "owner": {"S": upload.owner},
        "created_at": {"S": upload.created_at.isoformat()},
        "expires_at": {"N": str(expires)},
    }


def read_upload(item: dict[str, Any]) -> Upload:
    upload_id = item["PK"]["S"].removeprefix("UPLOAD#")
    return Upload(
        id=upload_id,
        name=item["name"]["S"],
        size=int(item["size"]["N"]),
        content_type=item["content_type"]["S"],
        key=item["key"]["S"] if "key" in item else f"vedlegg/{upload_id}",
        owner=item["owner"]["S"],
        created_at=datetime.fromisoformat(item["created_at"]["S"]),
    )


class DynamoUploads:
    """The uploads' records in the table."""

    def __init__(self, client: Any, table_name: str) -> None:
        self._client = client
        self._table = table_name

    def add_upload(self, upload: Upload) -> None:
        self._client.put_item(
            TableName=self._table, Item=upload_item(upload), ConditionExpression="attribute_not_exists(PK)"
        )

    def upload(self, upload_id: str) -> Upload | None:
        item = self._client.get_item(TableName=self._table, Key=upload_key(upload_id), ConsistentRead=True).get("Item")
        return read_upload(item) if item else None
