"""An in-memory CourseRepository with the same rules the DynamoDB one enforces with conditions."""

from __future__ import annotations

from common.errors import AlreadyRegistered, CourseNotFound
from courses.models import Course, Registration


class FakeCourseRepository:
    def __init__(self, *courses: Course) -> None:
        self.courses = {course.id: course for course in courses}
        self.registrations: list[Registration] = []
        self.waitlisted: dict[str, int] = {}

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
        taken = [r for r in self.registrations if r.course_id == course.id and r.status != "cancelled"]
        if any(r.email_key == registration.email_key for r in taken):
            raise AlreadyRegistered()
        confirmed = sum(1 for r in taken if r.confirmed)
        if confirmed >= course.capacity:
            self.waitlisted[course.id] = self.waitlisted.get(course.id, 0) + 1  # positions are never reused
            stored = registration.model_copy(update={"status": "waitlisted", "position": self.waitlisted[course.id]})
        else:
            stored = registration.model_copy(update={"status": "confirmed", "position": None})
        self.registrations.append(stored)
        return stored

    def cancel(self, registration: Registration) -> Registration | None:
        index = next(i for i, r in enumerate(self.registrations) if r.id == registration.id)
        if self.registrations[index].status == "cancelled":
            return None
        self.registrations[index] = registration.model_copy(update={"status": "cancelled"})
        if not registration.confirmed:
            return None
        waiting = [r for r in self.registrations if r.course_id == registration.course_id and r.status == "waitlisted"]
        if not waiting:
            return None
        first = min(waiting, key=lambda r: r.position or 0)
        promoted = first.model_copy(update={"status": "confirmed", "position": None})
        self.registrations[self.registrations.index(first)] = promoted
        return promoted

    def place_in_line(self, registration: Registration) -> int | None:
        if registration.status != "waitlisted" or registration.position is None:
            return None
        same = [r for r in self.registrations if r.course_id == registration.course_id and r.status == "waitlisted"]
        return 1 + sum(1 for r in same if (r.position or 0) < registration.position)

    def registration_by_token(self, token_hash: str) -> Registration | None:
        return next((r for r in self.registrations if r.token_hash == token_hash), None)
