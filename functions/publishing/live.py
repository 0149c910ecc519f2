"""The publisher on the live parts: the table, and the bucket and distribution (AWS) or the folder (`make run`)
the environment names: SITE_BUCKET and DISTRIBUTION_ID, or SITE_OUTPUT. SITE_SOURCE is where content/, theme/ and
the settings are (the repo, or the publisher's artefact's source/); SITE_CONTENT (or LINDRA_CONTENT, a sample's)
which content folder; PELICAN_SETTINGS which settings file."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from common.aws import client, dynamodb
from common.files import file_store
from common.leader_api import every_area
from common.publishing import publish_request
from common.settings import settings
from courses.repository import DynamoCourseRepository
from documents.live import document_repository
from governance.live import governance_editor
from hospitation.live import catalogue_host_units
from news.live import news_repository
from publishing.build import SiteSource
from publishing.service import Published, SiteContent, publish
from publishing.targets import BucketTarget, FolderTarget, Target
from roster.live import catalogue_units

REPO = Path(__file__).resolve().parents[2]


def site_source() -> SiteSource:
    root = Path(os.environ.get("SITE_SOURCE") or REPO)
    return SiteSource(
        root=root,
        settings=os.environ.get("PELICAN_SETTINGS", "pelicanconf.py"),
        content=os.environ.get("SITE_CONTENT") or os.environ.get("LINDRA_CONTENT", "content"),
    )


def target() -> Target:
    if os.environ.get("SITE_OUTPUT"):
        return FolderTarget(Path(os.environ["SITE_OUTPUT"]))
    return BucketTarget(
        s3=client("s3"),
        bucket=os.environ["SITE_BUCKET"],
        cloudfront=client("cloudfront") if os.environ.get("DISTRIBUTION_ID") else None,
        distribution_id=os.environ.get("DISTRIBUTION_ID", ""),
    )


FILE_CACHE = Path(tempfile.gettempdir()) / "lindra-site-files"


def site_file(key: str) -> bytes:
    """A picture's or document's bytes from the file store, kept on this container's disk after the first build: a
    key is never reused (each upload has its own), so a copy is never stale, and a warm publisher reads each file
    from S3 once."""
    kept = FILE_CACHE / key
    if kept.is_file():
        return kept.read_bytes()
    data = file_store().read(key)
    kept.parent.mkdir(parents=True, exist_ok=True)
    partial = kept.with_name(kept.name + ".part")
    partial.write_bytes(data)
    partial.replace(kept)
    return data


def publish_now() -> Published:
    repository = DynamoCourseRepository(dynamodb(), settings().table_name, cache_seconds=0)
    site_url = os.environ.get("SITEURL", "") if os.environ.get("SITE_BUCKET") else ""
    governance = governance_editor().current
    content = SiteContent(news_repository().published, document_repository().versions, site_file, governance)
    return publish(
        repository, every_area(), site_source(), target(), site_url, catalogue_units, catalogue_host_units, content
    )


def ask_for_build(subject: str) -> None:
    """A publish request on its own (no change with it): the stream starts a build."""
    put = publish_request(settings().table_name, subject)["Put"]
    dynamodb().put_item(TableName=put["TableName"], Item=put["Item"])
