"""Certificates on the live parts: the table, the stack's secret, the network's name and leader as kept now."""

from __future__ import annotations

from datetime import date

from certificates.models import VERIFY_PATH, Certificate
from certificates.repository import DynamoCertificateRepository
from certificates.service import Certificates
from common.aws import dynamodb
from common.settings import settings
from courses.service import utc_now


def certificates() -> Certificates:
    return Certificates(DynamoCertificateRepository(dynamodb(), settings().table_name), settings().form_secret, utc_now)


def verify_url(certificate: Certificate) -> str:
    return f"{settings().site_url.rstrip('/')}{VERIFY_PATH}{certificate.code}"


def network_name() -> str:
    from common.network_details import network_now

    return str(network_now()["name"])


def signer(today: date) -> str:
    """The network's leader as the governance groups name her: the leader of the first group shown (the
    arbeidsgruppe, which the network's leader leads); empty when none is named."""
    from governance.live import governance_repository

    for group in sorted(governance_repository().groups(), key=lambda one: one.order):
        for member in group.shown_members(today):
            if member.role == "leder":
                return member.name
    return ""
