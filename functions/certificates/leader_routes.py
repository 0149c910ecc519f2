"""A course's certificates for the leaders (leaders/app.py includes this router):

- `GET /api/leder/kurs/{course_id}/kursbevis.zip`: a zip of one PDF per person marked present whom the leader sees
  (an area leader: her area's people of a network-wide event), each kept for its check like one from Min side.
  Audited as an export.
"""

from __future__ import annotations

import io
import re
import zipfile

from aws_lambda_powertools import Logger
from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.router import APIGatewayHttpRouter

from common import leader_api
from common.audit import AuditEntry
from common.errors import CourseNotFound, NoneMarkedPresent
from common.formatting import OSLO
from exports.columns import export_filename

logger = Logger(child=True)
router = APIGatewayHttpRouter()  # type: ignore[no-untyped-call]
ZIP = "application/zip"


def file_name(name: str, taken: set[str]) -> str:
    stem = export_filename(f"kursbevis {name}", leader_api.now().date()).removesuffix(".csv")
    stem = re.sub(r"-\d{4}-\d{2}-\d{2}$", "", stem) or "kursbevis"
    candidate, number = f"{stem}.pdf", 1
    while candidate in taken:
        number += 1
        candidate = f"{stem}-{number}.pdf"
    taken.add(candidate)
    return candidate


# The zip is bytes, sent base64-encoded; Powertools' answer check would make it JSON text, so it is not checked.
@router.get("/api/leder/kurs/<course_id>/kursbevis.zip", enable_validation=False)
def course_certificates(course_id: str) -> Response[bytes]:
    from attendance.live import attendance_repository
    from certificates.live import certificates, network_name, signer, verify_url
    from certificates.pdf import certificate_pdf
    from courses.live import course_repository

    signed_in = leader_api.current_leader(router.current_event)
    signed_in.require_courses()
    repository = course_repository()
    course = repository.get_course(course_id[:80])
    if course is None:
        raise CourseNotFound()
    scope = signed_in.registrations_area(course)
    marks = [m for m in attendance_repository().attendance(course.id) if m.present and scope in (None, m.area)]
    if not marks:
        raise NoneMarkedPresent()
    moment = leader_api.now()
    issuer = certificates()
    description, network, leader = repository.description(course.id), network_name(), signer(moment.date())
    buffer, taken = io.BytesIO(), set[str]()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for mark in sorted(marks, key=lambda one: one.name):
            certificate = issuer.issue(course, mark, description, network, leader)
            archive.writestr(file_name(mark.name, taken), certificate_pdf(certificate, verify_url(certificate)))
    leader_api.audit_log().record(
        AuditEntry(
            at=moment,
            actor=signed_in.username,
            actor_sub=signed_in.sub,
            action="export",
            subject=f"kursbevis {course.id}",
            rows=len(marks),
        )
    )
    filename = export_filename(f"kursbevis {course.id}", moment.astimezone(OSLO).date()).removesuffix(".csv")
    headers = {
        "Content-Disposition": f'attachment; filename="{filename}.zip"',
        "Cache-Control": "no-store",
        "X-Content-Type-Options": "nosniff",
    }
    logger.info("certificates downloaded", extra={"course_id": course.id, "certificates": len(marks)})
    return Response(status_code=200, content_type=ZIP, body=buffer.getvalue(), headers=headers)
