"""The links to a letter's attached files (functions/letters/): `/api/vedlegg/{token}`, where the token names the
letter and the file and is signed with the stack's key, so that nobody makes one for a file they were not sent. The
route then sends the browser on to the file itself behind a link that works for five minutes. The courses' own page
of a registration lists a course's letters with these links too, so the kernel has them."""

from __future__ import annotations

import hashlib
import hmac

from common.settings import settings

_CONTEXT = b"lindra/download\0"


def _signature(letter_id: str, attachment_id: str) -> str:
    key = hashlib.sha256(_CONTEXT + settings().form_secret.encode("utf-8")).digest()
    message = f"{letter_id}.{attachment_id}".encode("ascii")
    return hmac.new(key, message, hashlib.sha256).hexdigest()[:32]


def download_token(letter_id: str, attachment_id: str) -> str:
    return f"{letter_id}.{attachment_id}.{_signature(letter_id, attachment_id)}"


def read_download_token(token: str) -> tuple[str, str] | None:
    """The letter and the file a token names, or None for one this stack did not make."""
    parts = token.split(".")
    if len(parts) != 3 or not all(part.isascii() and part.isalnum() for part in parts):
        return None
    letter_id, attachment_id, signature = parts
    if not hmac.compare_digest(signature, _signature(letter_id, attachment_id)):
        return None
    return letter_id, attachment_id


def download_url(letter_id: str, attachment_id: str) -> str:
    return f"{settings().site_url.rstrip('/')}/api/vedlegg/{download_token(letter_id, attachment_id)}"
