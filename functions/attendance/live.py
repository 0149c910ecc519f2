"""Attendance on the live table: one factory for its routes and the capabilities above it (evaluations, reports).
Tests build it from fakes instead."""

from __future__ import annotations

from attendance.repository import DynamoAttendanceRepository
from attendance.service import Attendances
from common.aws import dynamodb
from common.settings import settings


def attendance_repository() -> DynamoAttendanceRepository:
    return DynamoAttendanceRepository(dynamodb(), settings().table_name)


def attendances() -> Attendances:
    return Attendances(attendance_repository())
