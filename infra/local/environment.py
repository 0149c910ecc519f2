"""Pointing the functions at the local stand-ins, the courses' seed into the table, and the publisher's folders."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from local.template import function_environment, tables
from local.user_pool import EXPORT_BUCKET, LocalPool

LOCAL_AWS = {
    "AWS_REGION": "eu-north-1",
    "AWS_DEFAULT_REGION": "eu-north-1",
    "AWS_ACCESS_KEY_ID": "local",
    "AWS_SECRET_ACCESS_KEY": "local",
}


def function_env(
    dynamodb_endpoint: str,
    outbox: Path | None = None,
    site_url: str = "http://127.0.0.1:8000",
    pool: LocalPool | None = None,
) -> dict[str, str]:
    """The environment the functions run with locally: the template's variables, DynamoDB Local's endpoint, the
    local site's address for the links in emails, the folder emails are written to instead of SES (and letters'
    files beside it, instead of S3), and the user pool and export bucket on moto's server."""
    local_values = {name: name for name in tables()} | {"SiteUrl": site_url, "ExportBucket": EXPORT_BUCKET}
    local_values |= {"AttachmentBucket": ""}  # a letter's files locally: a folder beside the outbox (local/files.py)
    if pool is not None:
        local_values |= {"UserPool": pool.pool_id, "UserPoolClient": pool.client_id}
    env = LOCAL_AWS | function_environment(local_values) | {"AWS_ENDPOINT_URL_DYNAMODB": dynamodb_endpoint}
    if pool is not None:
        env |= {
            "AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER": pool.endpoint,
            "AWS_ENDPOINT_URL_S3": pool.endpoint,
            "JWKS_URL": pool.jwks_url,
        }
    if outbox:
        env |= {"MAIL_OUTBOX": str(outbox), "ATTACHMENT_FOLDER": str(outbox.parent / "vedlegg")}
    return env


def apply(env: dict[str, str]) -> None:
    """Set env before any module that makes a boto3 client is imported."""
    os.environ.update(env)


def seed_units(client: Any, table_name: str) -> int:
    """network.json's units and host units into the table, each unless it is there already (never over one the network
    leader has changed in /leder/enheter/): the number put."""
    from hospitation.live import seed_host_units
    from roster.live import seed_units as seed_roster_units

    return seed_roster_units(client, table_name) + seed_host_units(client, table_name)


def seed_governance(client: Any, table_name: str) -> int:
    """network.json's governance groups with their members, its areas' leaders and its contact details into the
    table, each unless it is there (never over one the network leader has changed in /leder/styring/): the number
    put."""
    from governance.live import seed_governance as put_governance

    return put_governance(client, table_name)


def index_people(client: Any, table_name: str) -> int:
    """The person index's keys given to the items written before the table had the index (an old var/, an old
    stack): the number given them. Run again, it gives none."""
    from common.person_index import backfill

    return backfill(client, table_name)


def seed_courses(client: Any, table_name: str, folder: Path) -> int:
    """The courses of content/kurs/*.md into the table, once: a course already there (made or changed in the
    leaders' area, or imported before) is left as it is. Returns how many were put."""
    from courses.content import course_files
    from courses.repository import DynamoCourseRepository

    repository = DynamoCourseRepository(client, table_name)
    return sum(repository.import_course(course, description) for course, description in course_files(folder))


def seed_news(client: Any, table_name: str, folder: Path) -> int:
    """The news of content/nyheter/*.md into the table, once: an article already there (written, changed or taken down
    in the leaders' area, or imported before) is left as it is. Returns how many were put."""
    from news.live import seed_news as put_news

    return put_news(client, table_name, folder)


def seed_documents(client: Any, table_name: str, folder: Path) -> int:
    """The documents of content/dokumenter/*.md into the table, once: a kind's address already there (a version
    uploaded or changed in the leaders' area, or imported before) is left as it is. Returns how many were put."""
    from documents.live import seed_documents as put_documents

    return put_documents(client, table_name, folder)


def publisher_env(output: Path, source: Path, content: str = "content") -> dict[str, str]:
    """The publisher locally: it builds from the repo (or a copy of its content) into the folder the server serves."""
    return {"SITE_OUTPUT": str(output), "SITE_SOURCE": str(source), "SITE_CONTENT": content}
