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
    # SES's configuration set (its events report bounces and complaints) and the queue of emails given up on.
    mail_configuration_set: str = Field(default="", alias="MAIL_CONFIGURATION_SET")
    mail_dead_letter_queue: str = Field(default="", alias="MAIL_DEAD_LETTER_QUEUE")
    # The leaders' user pool and its app client; the ID tokens' issuer is the pool's AWS address. Locally the keys
    # are served elsewhere (moto's server), so JWKS_URL may point there; by default it is the issuer's.
    user_pool_id: str = Field(default="", alias="USER_POOL_ID")
    user_pool_client_id: str = Field(default="", alias="USER_POOL_CLIENT_ID")
    jwks_url: str = Field(default="", alias="JWKS_URL")
    region: str = Field(default="eu-north-1", alias="AWS_REGION")
    # Exports too large for a Lambda response go here, behind a short-lived link.
    export_bucket: str = Field(default="", alias="EXPORT_BUCKET")
    # A leader's letters: their files in S3 (AttachmentBucket), or locally in a folder; the site's news feed, in the
    # site bucket or locally in the folder the server serves (functions/letters/).
    attachment_bucket: str = Field(default="", alias="ATTACHMENT_BUCKET")
    attachment_folder: str = Field(default="var/vedlegg", alias="ATTACHMENT_FOLDER")
    site_bucket: str = Field(default="", alias="SITE_BUCKET")
    site_output: str = Field(default="output", alias="SITE_OUTPUT")
    audit_retention_months: int = Field(default=36, ge=1, le=120, alias="AUDIT_RETENTION_MONTHS")
    # The roster: months a resource nurse's ended period, and a change report, are kept (annual reports look back a
    # year or two).
    roster_retention_months: int = Field(default=36, ge=1, le=120, alias="ROSTER_RETENTION_MONTHS")

    # The key the public forms' start times are signed with (common/form_guard.py). The stack makes one of its own
    # (FormSecret in infra/template.yaml); this default is for make run and the tests only.
    # What CloudFront sends in the x-lindra-origin header to the HTTP API (OriginSecret in infra/template.yaml):
    # a request without it did not come through CloudFront, and is refused (common/http.through_cloudfront). Empty
    # locally: the local server is the only way in.
    origin_secret: str = Field(default="", alias="ORIGIN_SECRET")
    form_secret: str = Field(default="lindra-local-form-secret", min_length=16, alias="FORM_SECRET")

    @property
    def issuer(self) -> str:
        return f"https://cognito-idp.{self.region}.amazonaws.com/{self.user_pool_id}"

    @property
    def keys_url(self) -> str:
        return self.jwks_url or f"{self.issuer}/.well-known/jwks.json"


@lru_cache(maxsize=1)
def settings() -> Settings:
    names = {field.alias for field in Settings.model_fields.values() if field.alias}
    return Settings.model_validate({name: os.environ[name] for name in names if name in os.environ})
