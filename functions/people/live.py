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
