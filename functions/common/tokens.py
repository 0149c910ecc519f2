"""Secret links: a random token goes to the person; only its SHA-256 is stored, so the table alone opens nothing."""

from __future__ import annotations

import hashlib
import secrets


def new_token() -> str:
    """32 URL-safe characters, 192 random bits."""
    return secrets.token_urlsafe(24)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()
