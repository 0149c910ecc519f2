"""Course evaluations on the live parts (the table): one factory for the public form, the leaders' summary and
the daily run. Tests build it from fakes instead."""

from __future__ import annotations

from common.aws import dynamodb
from common.settings import settings
from courses.repository import DynamoCourseRepository
from evaluations.repository import DynamoEvaluationRepository
from evaluations.service import Evaluations


def evaluations(courses: DynamoCourseRepository) -> Evaluations:
    return Evaluations(DynamoEvaluationRepository(dynamodb(), settings().table_name), courses)
