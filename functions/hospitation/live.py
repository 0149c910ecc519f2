"""Hospitation's workflow on the live parts (the table, SES, network.json's host units): one factory for its public
routes, its leaders' routes and its daily run. Tests build it from fakes instead."""

from __future__ import annotations

from common.aws import dynamodb
from common.mail import mailer
from common.settings import settings
from hospitation.models import host_units
from hospitation.repository import DynamoHospitationRepository
from hospitation.service import Workflow


def hospitation_repository() -> DynamoHospitationRepository:
    return DynamoHospitationRepository(dynamodb(), settings().table_name)


def workflow() -> Workflow:
    return Workflow(hospitation_repository(), mailer(), host_units(), settings().retention_months)
