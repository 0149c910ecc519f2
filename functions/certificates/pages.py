"""The check's pages (theme/templates/certificate_check.html), rendered by the sign-up function."""

from __future__ import annotations

from certificates.models import Certificate, shown_code
from common.templates import render


def genuine_page(certificate: Certificate) -> str:
    return render("certificate_check.html", page=None, certificate=certificate, code=shown_code(certificate.code))


def not_found_page(typed: str) -> str:
    return render("certificate_check.html", page=None, not_found=True, typed=typed[:40])
