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


@lru_cache(maxsize=1)
def settings() -> Settings:
    names = {field.alias for field in Settings.model_fields.values() if field.alias}
    return Settings.model_validate({name: os.environ[name] for name in names if name in os.environ})
