"""An in-memory CourseRepository with the same rules the DynamoDB one enforces with conditions."""

from __future__ import annotations

from common.errors import AlreadyRegistered, CourseFull, CourseNotFound
from courses.models import Course, Registration


class FakeCourseRepository:
    def __init__(self, *courses: Course) -> None:
        self.courses = {course.id: course for course in courses}
        self.registrations: list[Registration] = []

    def get_course(self, course_id: str) -> Course | None:
        return self.courses.get(course_id)

    def confirmed_count(self, course_id: str) -> int:
        return sum(1 for registration in self.registrations if registration.course_id == course_id)

    def add_registration(self, registration: Registration) -> None:
        course = self.courses.get(registration.course_id)
        if course is None:
            raise CourseNotFound()
        taken = [r for r in self.registrations if r.course_id == course.id]
        if any(r.email_key == registration.email_key for r in taken):
            raise AlreadyRegistered()
        if len(taken) >= course.capacity:
            raise CourseFull()
        self.registrations.append(registration)
