"""The publisher's target in AWS on moto's S3: only the files that changed are uploaded, with their type and cache
rules, files no build has any more are deleted, and CloudFront forgets just the changed addresses. And the handler's
hourly run, which only asks for a build."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from publishing.targets import HASHED_CACHE, OTHER_CACHE, BucketTarget, invalidation_paths

BUCKET = "lindra-site-test"


class RecordingCloudFront:
    """CloudFront's create_invalidation, remembered."""

    def __init__(self) -> None:
        self.batches: list[dict[str, Any]] = []

    def create_invalidation(self, DistributionId: str, InvalidationBatch: dict[str, Any]) -> None:  # noqa: N803
        self.batches.append({"distribution": DistributionId} | InvalidationBatch)


def site(folder: Path, pages: dict[str, str]) -> Path:
    for key, text in pages.items():
        (folder / key).parent.mkdir(parents=True, exist_ok=True)
        (folder / key).write_text(text, encoding="utf-8")
    return folder


@pytest.fixture
def s3(aws: Any) -> Any:
    import boto3

    client = boto3.client("s3")
    client.create_bucket(Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": "eu-north-1"})
    return client


def test_only_what_changed_is_uploaded_and_forgotten_by_cloudfront(s3: Any, tmp_path: Path) -> None:
    cloudfront = RecordingCloudFront()
    target = BucketTarget(s3, BUCKET, cloudfront, "E2TEST")
    first = site(
        tmp_path / "one",
        {
            "index.html": "<h1>Forside</h1>",
            "kurs/fagdag/index.html": "<h1>Fagdag</h1>",
            "kalender/alle.ics": "BEGIN:VCALENDAR",
            "pagefind/fragment/en_abc.pf_fragment": "x",
            "gammel/index.html": "<h1>Borte snart</h1>",
        },
    )
    done = target.publish(first)
    assert sorted(done.written) == sorted(
        [
            "index.html",
            "kurs/fagdag/index.html",
            "kalender/alle.ics",
            "pagefind/fragment/en_abc.pf_fragment",
            "gammel/index.html",
        ]
    )
    assert done.written[0].startswith("pagefind/"), "hashed files first: a page never names one not yet there"
    page = s3.get_object(Bucket=BUCKET, Key="kurs/fagdag/index.html")
    assert page["ContentType"] == "text/html; charset=utf-8" and page["CacheControl"] == OTHER_CACHE
    assert s3.get_object(Bucket=BUCKET, Key="kalender/alle.ics")["ContentType"] == "text/calendar; charset=utf-8"
    assert s3.get_object(Bucket=BUCKET, Key="pagefind/fragment/en_abc.pf_fragment")["CacheControl"] == HASHED_CACHE

    second = site(
        tmp_path / "two",
        {
            "index.html": "<h1>Forside</h1>",
            "kurs/fagdag/index.html": "<h1>Fagdag: nytt rom</h1>",
            "kalender/alle.ics": "BEGIN:VCALENDAR",
            "pagefind/fragment/en_def.pf_fragment": "y",
        },
    )
    done = target.publish(second)
    assert sorted(done.written) == ["kurs/fagdag/index.html", "pagefind/fragment/en_def.pf_fragment"]
    assert sorted(done.deleted) == ["gammel/index.html", "pagefind/fragment/en_abc.pf_fragment"]
    keys = {item["Key"] for item in s3.list_objects_v2(Bucket=BUCKET)["Contents"]}
    assert keys == {"index.html", "kurs/fagdag/index.html", "kalender/alle.ics", "pagefind/fragment/en_def.pf_fragment"}
    last = cloudfront.batches[-1]
    assert last["distribution"] == "E2TEST"
    assert last["Paths"]["Items"] == ["/gammel/", "/gammel/index.html", "/kurs/fagdag/", "/kurs/fagdag/index.html"]
    assert target.publish(second).written == [] and len(cloudfront.batches) == 2, "nothing changed, nothing forgotten"


def test_many_changed_paths_are_one_wildcard() -> None:
    assert invalidation_paths(["index.html"]) == ["/", "/index.html"]
    assert invalidation_paths([f"kurs/k{n}/index.html" for n in range(60)]) == ["/*"]


def test_the_hourly_run_only_asks_for_a_build(aws: Any) -> None:
    from publishing.app import lambda_handler
    from tests.support.function import fresh_function

    with fresh_function():

        class Context:
            function_name = "PublisherFunction"
            memory_limit_in_mb = 2048
            invoked_function_arn = "arn:aws:lambda:eu-north-1:000000000000:function:PublisherFunction"
            aws_request_id = "test"

        assert lambda_handler({"source": "aws.scheduler"}, Context()) == {"requested": True}
    item = aws.get_item(TableName="LindraTable", Key={"PK": {"S": "PUBLISH"}, "SK": {"S": "SCHEDULE"}})["Item"]
    assert int(item["expires_at"]["N"]) > 0, "a request is kept a day"
