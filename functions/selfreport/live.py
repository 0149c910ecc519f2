"""The yearly self-report on the live parts (the table, the roster in the table, the audit log): one factory for the
public form, the leaders' routes, the daily run and the annual report. Tests build it from fakes instead."""

from __future__ import annotations

from datetime import date, datetime
from email.message import EmailMessage

from common.audit import DynamoAuditLog
from common.aws import dynamodb
from common.settings import settings
from common.site import network
from selfreport.models import Invitation, Round
from selfreport.repository import DynamoSelfReportRepository
from selfreport.service import OnRoster, SelfReports


def repository() -> DynamoSelfReportRepository:
    return DynamoSelfReportRepository(dynamodb(), settings().table_name)


def unit_names(fresh: bool = True) -> dict[str, str]:
    """Every unit's name by its id, closed ones too (a round names the units of its time); a public route may take
    the roster's copy of the last seconds (fresh=False)."""
    from roster.live import units

    return {unit.id: unit.name for unit in units(fresh).values()}


def on_roster(day: date) -> OnRoster:
    """The resource nurses in the role on that day at the open units of every area, and those units' leaders."""
    from roster.live import roster

    service = roster(fresh=True)
    areas = [area["id"] for area in network()["areas"]]
    return OnRoster(
        nurses=service.current_nurses(areas, day),
        leaders=service.unit_leaders(None, day),
        unit_names={unit.id: unit.name for unit in service.units.values()},
    )


def nurses_at(units: tuple[str, ...], day: date) -> list[str]:
    """The names of the resource nurses in the role at these units on that day (a leader's form shows them; kept
    on no invitation, so an erased nurse is named nowhere)."""
    from roster.live import roster_repository

    repository = roster_repository()
    found = [entry.name for unit in units for entry in repository.entries_for_unit(unit) if entry.active(day)]
    return list(dict.fromkeys(name for name in found if name))


def self_reports() -> SelfReports:
    config = settings()
    names: dict[str, str] = {}

    def roster_on(day: date) -> OnRoster:
        found = on_roster(day)
        names.update(found.unit_names)
        return found

    def make_email(invitation: Invitation, path: str, found: Round, now: datetime, reminder: bool) -> EmailMessage:
        from selfreport.emails import self_report_email

        if not names:
            names.update(unit_names(fresh=False))
        return self_report_email(invitation, path, found, names, now, reminder)

    audit = DynamoAuditLog(dynamodb(), config.table_name, config.audit_retention_months)
    return SelfReports(repository(), roster_on, make_email, audit)
