"""The roster's service on the live parts (the table, SES, network.json's units and area leaders): one factory for
its routes, its daily run and the capabilities above it. Tests build it from fakes instead."""

from __future__ import annotations

from common.aws import dynamodb
from common.mail import mailer
from common.settings import settings
from roster.models import area_contacts, units
from roster.repository import DynamoRosterRepository
from roster.service import Roster


def roster() -> Roster:
    config = settings()
    repository = DynamoRosterRepository(dynamodb(), config.table_name)
    return Roster(repository, mailer(), units(), config.roster_retention_months, area_contacts())
