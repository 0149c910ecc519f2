"""A submission's key and its sealed secret: the first answer to a form may carry a secret (the link to a person's
own page), and the table must not hold it readable. The secret is stored sealed, XORed with a pad derived from the
request itself, so that only the same request opens it. Light on purpose: the sign-up route imports it."""

from __future__ import annotations

import hashlib
import json

from pydantic import BaseModel


def _canonical(request: BaseModel) -> bytes:
    return json.dumps(request.model_dump(mode="json"), sort_keys=True, ensure_ascii=False).encode("utf-8")


def request_key(request: BaseModel) -> str:
    """A submission's key where it is stored with the change itself (a sign-up): a hash of everything sent."""
    return hashlib.sha256(type(request).__name__.encode() + b"\0" + _canonical(request)).hexdigest()


def _pad(request: BaseModel, length: int) -> bytes:
    canonical = _canonical(request)
    pad = b""
    counter = 0
    while len(pad) < length:
        pad += hashlib.sha256(b"lindra/sealed-secret\0%d\0" % counter + canonical).digest()
        counter += 1
    return pad[:length]


def seal(secret: str, request: BaseModel) -> str:
    data = secret.encode("ascii")
    return bytes(a ^ b for a, b in zip(data, _pad(request, len(data)), strict=True)).hex()


def unseal(sealed: str, request: BaseModel) -> str:
    data = bytes.fromhex(sealed)
    return bytes(a ^ b for a, b in zip(data, _pad(request, len(data)), strict=True)).decode("ascii")
