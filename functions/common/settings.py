"""Function settings: one small model, read once from the environment."""

from __future__ import annotations

import os
from functools import lru_cache

from pydantic import BaseModel, ConfigDict, Field


class Settings(BaseModel):
    model_config = ConfigDict(frozen=True)

    table_name: str = Field(default="LindraTable", alias="TABLE_NAME")
    retention_months: int = Field(default=12, ge=1, le=120, alias="RETENTION_MONTHS")
    course_cache_seconds: float = Field(default=60.0, ge=0, alias="COURSE_CACHE_SECONDS")
    idempotency_table: str = Field(default="IdempotencyTable", alias="IDEMPOTENCY_TABLE")
    # The address of the site, for the links in emails (no trailing slash).
    site_url: str = Field(default="http://127.0.0.1:8000", alias="SITE_URL")
    # The sender's address, in a domain verified in SES; the name shown is the network's. Replies go to the network's
    # contact address.
    mail_from: str = Field(default="ikke-svar@lindra.local", alias="MAIL_FROM")
    # Locally: emails are written as .eml files to this folder instead of being sent through SES.
    mail_outbox: str = Field(default="", alias="MAIL_OUTBOX")


@lru_cache(maxsize=1)
def settings() -> Settings:
    names = {field.alias for field in Settings.model_fields.values() if field.alias}
    return Settings.model_validate({name: os.environ[name] for name in names if name in os.environ})
