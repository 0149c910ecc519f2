"""The publisher's handler (PublisherFunction): the table's stream (filtered to publish requests, common/
publishing.py), the hourly schedule, or `make deploy` invokes it; each time the site is built again from the table
and what changed is published. The stream gives one batch at a time, so two builds never race."""

from __future__ import annotations

from typing import Any

from common.logs import function_logger, types_only
from publishing.live import ask_for_build, publish_now

logger = function_logger()


@logger.inject_lambda_context
@types_only(logger)
def lambda_handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    """A batch of the stream's publish requests: build and publish. Anything else (the hourly schedule, `make
    deploy`): write a publish request, so that the build comes through the stream like every other."""
    if "Records" not in event:
        ask_for_build("SCHEDULE" if event.get("source") != "deploy" else "DEPLOY")
        logger.info("publish requested", extra={"source": str(event.get("source", "schedule"))[:20]})
        return {"requested": True}
    requests = [
        record["dynamodb"]["Keys"]["SK"]["S"]
        for record in event.get("Records", [])
        if record.get("dynamodb", {}).get("Keys", {}).get("PK", {}).get("S") == "PUBLISH"
    ]
    published = publish_now()
    logger.info(
        "site published",
        extra={
            "requests": len(requests),
            "courses": published.courses,
            "written": published.written,
            "deleted": published.deleted,
            "seconds": round(published.seconds, 2),
        },
    )
    return {"written": published.written, "deleted": published.deleted, "courses": published.courses}
