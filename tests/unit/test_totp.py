"""The authenticator app's code for make run's demo network leader and the tests (infra/local/totp.py): RFC 6238's
own test values, Cognito's secrets as it writes them, and a code that is not made at a step's last moment."""

from __future__ import annotations

import base64

import pytest

from local import totp

RFC_SECRET = base64.b32encode(b"12345678901234567890").decode()  # RFC 6238 appendix B, HMAC-SHA1


@pytest.mark.parametrize(
    ("at", "expected"),
    [
        (59, "287082"),
        (1111111109, "081804"),
        (1111111111, "050471"),
        (1234567890, "005924"),
        (2000000000, "279037"),
        (20000000000, "353130"),
    ],
)
def test_the_codes_are_rfc_6238s_own_six_digit_test_values(at: int, expected: str) -> None:
    assert totp.code(RFC_SECRET, at) == expected


def test_a_secret_is_read_in_either_case_with_spaces_and_without_padding() -> None:
    grouped = " ".join(RFC_SECRET[i : i + 4] for i in range(0, len(RFC_SECRET), 4)).lower()
    assert totp.code(grouped, 59) == "287082"
    # moto's secret for every user: 12 characters, no padding.
    assert len(totp.code("asdfasdfasdf", 0)) == 6
    assert totp.code("ASDFASDFASDF", 10) == totp.code("asdfasdfasdf", 29)  # one step: 0-29 s


def test_a_fresh_code_waits_for_the_next_step_when_this_one_is_about_to_end(monkeypatch: pytest.MonkeyPatch) -> None:
    clock = {"now": 1111111109.0}  # a second before its step ends
    slept: list[float] = []

    def sleep(seconds: float) -> None:
        slept.append(seconds)
        clock["now"] += seconds

    monkeypatch.setattr(totp.time, "time", lambda: clock["now"])
    monkeypatch.setattr(totp.time, "sleep", sleep)
    assert totp.fresh_code(RFC_SECRET) == totp.code(RFC_SECRET, 1111111111)
    assert slept and slept[0] < 1.1
    slept.clear()
    clock["now"] = 1111111095.0  # 15 s left: no wait
    assert totp.fresh_code(RFC_SECRET) == totp.code(RFC_SECRET, 1111111095)
    assert not slept


def test_the_command_prints_the_demo_network_leaders_code(capsys: pytest.CaptureFixture[str]) -> None:
    assert totp.main([]) == 0
    printed = capsys.readouterr().out.strip()
    assert printed.isdigit() and len(printed) == 6
