"""The mail worker's rules (mailing/service.py) on fakes: at most once, backoff while SES throttles, the dead-letter
queue, bounces and complaints, the stop at such addresses, strangers' daily limit, and the sweep."""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage

import pytest
from botocore.exceptions import ClientError

from common.outbox import OutgoingEmail, address_key
from mailing.service import STRANGER_DAILY_LIMIT, Postman
from tests.unit.fakes import FakeDeadLetters, FakeMailRepository, FakeSender

NOW = datetime(2026, 12, 1, 9, 30, tzinfo=UTC)


def ses_error(code: str, message: str = "") -> ClientError:
    return ClientError({"Error": {"Code": code, "Message": message}}, "SendEmail")


def email(
    to: str = "kari@example.no", email_id: str = "01JEMAIL0000000000000000A1", **options: object
) -> OutgoingEmail:
    message = EmailMessage()
    message["To"] = f"Kari <{to}>"
    message["Subject"] = "Du er påmeldt"
    message.set_content("Hei!")
    return OutgoingEmail("confirmed", message, id=email_id, **options)  # type: ignore[arg-type]


def postman(
    sender: FakeSender | None = None,
) -> tuple[Postman, FakeMailRepository, FakeSender, FakeDeadLetters, list[float]]:
    repo, dead, waits = FakeMailRepository(), FakeDeadLetters(), []
    sender = sender or FakeSender()
    return Postman(repo, sender, dead, clock=lambda: NOW, sleep=waits.append), repo, sender, dead, waits


def test_an_email_is_sent_once_however_often_it_is_handed_over() -> None:
    worker, repo, sender, _, _ = postman()
    email_id = repo.add(email(about=("COURSE#x", "REG#1")))
    assert worker.deliver(email_id) == "sent"
    assert worker.deliver(email_id) is None, "the stream's retry, or the sweep: already sent"
    assert len(sender.sent) == 1
    assert repo.emails[email_id].body is None, "once sent, the message (with its links) is not kept"
    assert repo.told[("COURSE#x", "REG#1")] == (email_id, "sent")


def test_throttling_is_waited_out_with_a_growing_backoff() -> None:
    worker, repo, sender, dead, waits = postman(FakeSender([ses_error("TooManyRequestsException")] * 3))
    email_id = repo.add(email())
    assert worker.deliver(email_id) == "sent"
    assert waits == [0.25, 0.5, 1.0] and sender.calls == 4 and dead.letters == []


def test_an_email_ses_keeps_refusing_goes_to_the_dead_letter_queue_marked_failed_and_kept_to_send_again() -> None:
    worker, repo, sender, dead, _ = postman(FakeSender([ses_error("MessageRejected")] * 9))
    email_id = repo.add(email(about=("COURSE#x", "REG#1")))
    assert worker.deliver(email_id) == "failed"
    assert sender.calls == 1 and dead.letters == [(email_id, "ClientError")]
    assert repo.emails[email_id].status == "failed" and repo.emails[email_id].body is not None
    assert repo.told[("COURSE#x", "REG#1")] == (email_id, "failed")
    assert worker.deliver(email_id) is None, "not sent again by itself: a leader sends it again"


def test_an_email_ses_is_too_busy_for_goes_back_to_the_queue_for_the_sweep_and_is_given_up_on_at_last() -> None:
    from mailing.service import DEFERRALS

    worker, repo, sender, dead, _ = postman(FakeSender([ses_error("ThrottlingException")] * 9))
    email_id = repo.add(email(about=("COURSE#x", "REG#1")))
    assert worker.deliver(email_id) == "pending", "SES's rate, not the email: it waits for the sweep"
    assert sender.calls == 5 and dead.letters == [] and repo.emails[email_id].status == "pending"
    assert ("COURSE#x", "REG#1") not in repo.told
    assert worker.sweep()["sent"] == 1, "the sweep a few minutes later, when SES takes it"
    later = repo.add(email("ola@example.no", email_id="01JEMAIL0000000000000000Z9"))
    repo.emails[later] = replace(repo.emails[later], attempts=DEFERRALS - 1)
    sender.failures = [ses_error("ThrottlingException")] * 5
    assert worker.deliver(later) == "failed" and dead.letters == [(later, "ClientError")]


def test_a_bundle_is_written_out_into_its_emails_and_their_items_once() -> None:
    from common.outbox import bundle_put

    worker, repo, _, _, _ = postman()
    emails = [
        (
            OutgoingEmail(
                "letter",
                draft={"renderer": "letter", "to": f"n{n}@example.no"},
                address=f"n{n}@example.no",
                about=("LETTER#1", f"TO#{n:04d}"),
                id=f"01JEMAIL00000000000000{n:04d}",
            ),
            {"PK": {"S": "LETTER#1"}, "SK": {"S": f"TO#{n:04d}"}, "name": {"S": f"N{n}"}},
        )
        for n in range(3)
    ]
    bundle = repo.add_bundle(bundle_put("LindraTable", "01JEBUNDLE000000000000000", emails, NOW)["Put"]["Item"])
    assert worker.deliver_all([], [bundle]) == {"unbundled": 3}
    assert worker.unbundle(bundle) == 0, "the sweep, or the stream's retry: written out already"
    assert sorted(repo.emails) == [email.id for email, _ in emails]
    assert all(repo.emails[e.id].draft == e.draft and repo.emails[e.id].about == e.about for e, _ in emails)
    assert sorted(repo.records) == [("LETTER#1", f"TO#{n:04d}") for n in range(3)]
    with pytest.raises(ValueError, match="draft"):
        bundle_put("LindraTable", "b", [(email(), None)], NOW)


def test_a_refusal_that_waiting_cannot_cure_is_not_tried_again() -> None:
    worker, repo, sender, dead, waits = postman(FakeSender([ses_error("MessageRejected")]))
    email_id = repo.add(email())
    assert worker.deliver(email_id) == "failed"
    assert sender.calls == 1 and waits == [] and len(dead.letters) == 1


def test_the_log_of_a_failed_send_names_the_error_not_the_recipient(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    worker, repo, _, _, _ = postman(
        FakeSender([ses_error("MessageRejected", "Address kari@example.no is blacklisted")])
    )
    worker.deliver(repo.add(email()))
    from common.logs import TypesOnlyFormatter

    # as every function's logger writes it (common/logs.py): the exception as its types and frames
    formatter = TypesOnlyFormatter()
    logged = " ".join(formatter.format(record) for record in caplog.records)
    assert "kari@example.no" not in logged and "blacklisted" not in logged
    assert '"error":"ClientError"' in logged.replace(" ", "")


def test_a_bounce_or_complaint_marks_the_email_and_stops_automatic_mail_to_the_address() -> None:
    worker, repo, sender, _, _ = postman()
    first = repo.add(email(about=("COURSE#x", "REG#1")))
    worker.deliver(first)
    report = {"eventType": "Bounce", "bounce": {"bounceType": "Permanent"}, "mail": {"tags": {"email_id": [first]}}}
    assert worker.record(report) == "bounced"
    assert repo.told[("COURSE#x", "REG#1")] == (first, "bounced")
    second = repo.add(email(email_id="01JEMAIL0000000000000000B2"))
    assert worker.deliver(second) == "suppressed" and len(sender.sent) == 1
    transient = {"eventType": "Bounce", "bounce": {"bounceType": "Transient"}, "mail": {"tags": {"email_id": [first]}}}
    assert worker.record(transient) is None, "a full mailbox is not a dead address"
    other = repo.add(email("ola@example.no", "01JEMAIL0000000000000000C3"))
    worker.deliver(other)
    complaint = {"eventType": "Complaint", "complaint": {}, "mail": {"tags": {"email_id": [other]}}}
    assert worker.record(complaint) == "complained"
    assert repo.suppressed[address_key("OLA@example.no")] == "complained"


def test_an_address_nobody_typed_in_for_themselves_gets_a_few_automatic_emails_a_day_at_most() -> None:
    worker, repo, _, _, _ = postman()
    statuses = [
        worker.deliver(repo.add(email("leder@example.no", f"01JEMAIL00000000000000000{n}", stranger=True)))
        for n in range(STRANGER_DAILY_LIMIT + 2)
    ]
    assert statuses == ["sent"] * STRANGER_DAILY_LIMIT + ["capped", "capped"]
    own = [worker.deliver(repo.add(email("kari@example.no", f"01JEMAIL0000000000000000K{n}"))) for n in range(5)]
    assert own == ["sent"] * 5, "a person's own receipts are not counted"


def test_the_sweep_sends_what_the_stream_missed_and_never_sends_twice_what_was_cut_off() -> None:
    worker, repo, sender, dead, _ = postman()
    old = (NOW - timedelta(minutes=30)).isoformat()
    missed = repo.add(email(), created_at=old)
    cut_off = repo.add(email("ola@example.no", "01JEMAIL0000000000000000D4"), created_at=old)
    repo.claim(repo.emails[cut_off], NOW)
    fresh = repo.add(email("per@example.no", "01JEMAIL0000000000000000E5"), created_at=NOW.isoformat())
    assert worker.sweep() == {"sent": 1, "failed": 1}
    assert repo.emails[missed].status == "sent" and repo.emails[cut_off].status == "failed"
    assert repo.emails[fresh].status == "pending", "the stream has it"
    assert dead.letters == [(cut_off, "CutOff")] and len(sender.sent) == 1


def test_the_local_mailbox_simulator_reports_bounces_as_ses_does(tmp_path: object) -> None:
    from pathlib import Path

    from mailing.senders import FolderSender

    worker, repo, _, _, _ = postman()
    worker.sender = FolderSender(Path(str(tmp_path)))
    bounced = repo.add(email("bounce@simulator.amazonses.com"))
    assert worker.deliver(bounced) == "sent"
    assert repo.emails[bounced].status == "bounced"
    assert repo.is_suppressed(address_key("bounce@simulator.amazonses.com"))
    complained = repo.add(email("complaint@simulator.amazonses.com", "01JEMAIL0000000000000000F6"))
    worker.deliver(complained)
    assert repo.emails[complained].status == "complained"
    assert len(list(Path(str(tmp_path)).glob("*.eml"))) == 2, "SES's simulator takes both, then reports"


def test_a_draft_is_made_into_its_message_by_the_renderer_it_names_just_before_sending() -> None:
    worker, repo, sender, dead, _ = postman()
    made: list[dict[str, object]] = []

    def render(draft: dict[str, object]) -> EmailMessage | None:
        made.append(draft)
        return email(str(draft["to"])).message if draft["to"] else None

    import sys
    from types import ModuleType

    module = ModuleType("fake_renderers")
    module.render = render  # type: ignore[attr-defined]
    sys.modules["fake_renderers"] = module
    worker.renderers = {"fake": "fake_renderers:render"}
    draft = OutgoingEmail(
        "confirmed",
        draft={"renderer": "fake", "to": "kari@example.no"},
        address="kari@example.no",
        id="01JEMAIL0000000000000000G7",
    )
    stored = repo.add(draft)
    assert repo.emails[stored].draft == {"renderer": "fake", "to": "kari@example.no"}
    assert worker.deliver(stored) == "sent" and len(sender.sent) == 1 and len(made) == 1
    gone = OutgoingEmail(
        "confirmed", draft={"renderer": "fake", "to": ""}, address="ola@example.no", id="01JEMAIL0000000000000000H8"
    )
    assert worker.deliver(repo.add(gone)) == "failed", "what it was about is gone (erased): nothing to send"
    assert dead.letters == [(gone.id, "Gone")]


def test_an_email_with_neither_message_nor_a_known_draft_is_not_stored() -> None:
    from common.outbox import email_item

    with pytest.raises(ValueError, match="renderers"):
        email_item(OutgoingEmail("x", draft={"renderer": "os:system"}, address="a@example.no", id="1"), NOW)
