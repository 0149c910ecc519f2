"""The self-report's daily run, in the evaluations' schedule (EventBridge Scheduler, 07:15 Oslo time;
evaluations/schedule.py calls it; locally with the other schedules): while a round is open, whoever was added to the
roster since is asked, and REMIND_DAYS before the close those who have not answered get their one reminder.
Idempotent: nobody is asked twice or reminded twice."""

from __future__ import annotations

from datetime import UTC, datetime

from aws_lambda_powertools import Logger

from common.errors import RoundChanged
from selfreport.live import self_reports

logger = Logger(child=True)


def run(now: datetime | None = None) -> dict[str, int]:
    moment = now or datetime.now(UTC)
    try:
        sent, reminded = self_reports().daily(moment)
    except RoundChanged:  # the network leader moved the closing day under the run: the next run finishes it
        logger.info("self-report round changed during the run")
        return {}
    done = {"self_reports_sent": sent.total, "self_report_reminders": reminded}
    logger.info("self-report schedule ran", extra=done)
    return {kind: count for kind, count in done.items() if count}
