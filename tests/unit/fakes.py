"""An in-memory CourseRepository with the same rules the DynamoDB one enforces with conditions."""

from __future__ import annotations

from common.errors import AlreadyRegistered, CourseNotFound
from courses.models import Course, Registration


class FakeCourseRepository:
    def __init__(self, *courses: Course) -> None:
        self.courses = {course.id: course for course in courses}
        self.registrations: list[Registration] = []

    def get_course(self, course_id: str) -> Course | None:
        return self.courses.get(course_id)

    def confirmed_count(self, course_id: str) -> int:
        return sum(
            1 for registration in self.registrations if registration.course_id == course_id and registration.confirmed
        )

    def add_registration(self, registration: Registration) -> Registration:
        course = self.courses.get(registration.course_id)
        if course is None:
            raise CourseNotFound()
        taken = [r for r in self.registrations if r.course_id == course.id]
        if any(r.email_key == registration.email_key for r in taken):
            raise AlreadyRegistered()
        confirmed = sum(1 for r in taken if r.confirmed)
        waiting = len(taken) - confirmed
        stored = registration.model_copy(
            update={"status": "waitlisted", "position": waiting + 1}
            if confirmed >= course.capacity
            else {"status": "confirmed", "position": None}
        )
        self.registrations.append(stored)
        return stored

    def registration_by_token(self, token_hash: str) -> Registration | None:
        return next((r for r in self.registrations if r.token_hash == token_hash), None)
