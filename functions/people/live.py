"""Min side on the live parts (the table, the courses' shared repository): the one factory its routes use."""

from __future__ import annotations

from common.aws import dynamodb
from common.settings import settings
from courses.live import shared_repository
from people.repository import DynamoPeopleRepository
from people.service import MyPage


def people_repository() -> DynamoPeopleRepository:
    return DynamoPeopleRepository(dynamodb(), settings().table_name)


def my_page() -> MyPage:
    return MyPage(people_repository(), shared_repository())


def unit_names() -> dict[str, str]:
    from roster.live import units

    return {unit.id: unit.name for unit in units(fresh=False).values()}


def host_unit_names() -> dict[str, str]:
    from hospitation.live import host_units

    return {unit.id: unit.name for unit in host_units(fresh=False).values()}


def function_description() -> tuple[str, str]:
    """The function description she signs: its title with the day it was approved, and its page on the site (the
    newest published version of the kind; network.json's address when the table has none)."""
    from common.formatting import date_nb
    from common.network_details import network_now
    from documents.live import document_repository

    found = [v for v in document_repository().versions() if v.kind == "funksjonsbeskrivelse" and v.on_site]
    if not found:
        return "Funksjonsbeskrivelse", str(network_now().get("roster", {}).get("function_description_url", ""))
    newest = max(found, key=lambda version: (version.approved_on, version.updated_at))
    return f"{newest.title} ({date_nb(newest.approved_on)})", newest.url
