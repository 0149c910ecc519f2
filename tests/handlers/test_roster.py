"""The roster's handlers on moto: the unit leader's change report form (no sign-in), the public counts page, and the
leaders' routes (scope by role, approve and decline, signatures, exports, the chart, the first import)."""

from __future__ import annotations

import base64
import csv
import io
import json
from typing import Any
from urllib.parse import urlencode

import pytest

from local.gateway import Answer, Gateway
from tests.support.leaders_api import SITE, leader_call, token_for
from tests.support.roster import (
    OTHER_AREA,
    OTHER_UNIT,
    REPORT_DAYS_AHEAD,
    REPORTER,
    UNIT,
    clean_file,
    day_from_today,
    messy_file,
    report_fields,
)

TABLE = "LindraTable"
FORM = "application/x-www-form-urlencoded"
JSON = "application/json"
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
RECEIPT = "/navneliste/endring/mottatt/"


def post(api: Gateway, fields: dict[str, Any], as_json: bool = False) -> Answer:
    if as_json:
        headers = {"Content-Type": JSON, "Accept": JSON}
        return api.handle("POST", "/api/endringsmeldinger", "", headers, json.dumps(fields).encode())
    headers = {"Content-Type": FORM, "Accept": BROWSER}
    return api.handle("POST", "/api/endringsmeldinger", "", headers, urlencode(fields).encode())


def items(aws: Any, entity: str) -> list[dict[str, Any]]:
    found = aws.scan(TableName=TABLE)["Items"]
    return [item for item in found if item.get("entity", {}).get("S") == entity]


def body(answer: Answer) -> Any:
    return json.loads(answer.body)


def session(api: Gateway, pool: dict[str, str], who: str) -> str | None:
    return token_for(who, api, pool)


def reported(api: Gateway, kind: str = "new", **overrides: Any) -> str:
    answer = post(api, report_fields(kind, **overrides), as_json=True)
    assert answer.status == 201, answer.body
    report_id: str = body(answer)["report_id"]
    return report_id


def approve(api: Gateway, token: str | None, report_id: str, entry: str = "") -> Answer:
    shown = leader_call(api, "GET", f"/api/leder/endringsmeldinger/{report_id}", token)
    version = body(shown)["version"] if shown.status == 200 else 1
    path = f"/api/leder/endringsmeldinger/{report_id}/godkjenning"
    return leader_call(api, "POST", path, token, {"version": version, "entry": entry})


# The public form -------------------------------------------------------------------------------------------------


def test_a_form_post_gets_a_303_to_the_receipt_and_one_pending_report_is_stored(
    api: Gateway, aws: Any, outbox: Any
) -> None:
    answer = post(api, report_fields() | {"form_token": "t-1"})

    assert answer.status == 303 and dict(answer.headers)["Location"] == RECEIPT
    (report,) = items(aws, "change_report")
    assert report["status"]["S"] == "pending" and report["GSI1PK"]["S"] == "AREA#gardermoregionen"
    assert "leaving_name" not in report, "nothing kept from the kinds not reported"
    assert int(report["expires_at"]["N"]) > 0
    assert next(str(m["To"]) for m in outbox()).endswith(f"<{REPORTER}>")
    assert len(outbox()) == 2, "the reporter's receipt and the area leader's note"


def test_the_same_submission_twice_stores_one_report(api: Gateway, aws: Any) -> None:
    fields = report_fields() | {"form_token": "same"}

    first, second = post(api, fields), post(api, fields)

    assert first.status == second.status == 303
    assert len(items(aws, "change_report")) == 1


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"unit": "ukjent-enhet"}, "unit"),
        ({"kind": "promotion"}, "kind"),
        ({"effective_date": "31.02.2027"}, "effective_date"),
        ({"effective_date": "2030-01-01"}, "effective_date"),
        ({"effective_date": "99999999999999999999"}, "effective_date"),
        ({"new_email": "nora@æøå.no"}, "new_email"),
        ({"new_email": ""}, "new_email"),
        ({"new_name": "<script>alert(1)</script>"}, "new_name"),
        ({"new_education": "doktorgrad"}, "new_education"),
        ({"new_phone": "12"}, "new_phone"),
        ({"informed": ""}, "informed"),
        ({"reporter_email": "ikke en adresse"}, "reporter_email"),
        ({"comment": "x" * 1001}, "comment"),
    ],
)
def test_junk_gets_a_422_with_a_norwegian_message_at_the_field_and_nothing_is_stored(
    api: Gateway, aws: Any, overrides: dict[str, str], field: str
) -> None:
    answer = post(api, report_fields() | overrides, as_json=True)

    assert answer.status == 422
    assert field in body(answer)["errors"], body(answer)
    assert items(aws, "change_report") == []


def test_a_leaving_report_needs_the_name_and_a_contact_change_something_new(api: Gateway, aws: Any) -> None:
    leaving = post(api, report_fields("leaving", leaving_name=""), as_json=True)
    contact = post(api, report_fields("contact", contact_new_email=""), as_json=True)

    assert set(body(leaving)["errors"]) == {"leaving_name"}
    assert set(body(contact)["errors"]) == {"contact_new_name"}
    assert items(aws, "change_report") == []


@pytest.mark.parametrize(
    ("content_type", "raw", "status"),
    [
        (FORM, b"\xff\xfe", 400),
        (JSON, b"[1, 2]", 400),
        (JSON, b"{not json", 400),
        ("text/plain", b"hei", 415),
        (FORM, b"a=" + b"x" * 20_000, 413),
    ],
)
def test_a_body_that_cannot_be_read_is_a_4xx(
    api: Gateway, aws: Any, content_type: str, raw: bytes, status: int
) -> None:
    answer = api.handle("POST", "/api/endringsmeldinger", "", {"Content-Type": content_type, "Accept": JSON}, raw)

    assert answer.status == status
    assert items(aws, "change_report") == []


def test_a_browser_gets_the_form_again_with_its_values_and_a_message_at_each_field(api: Gateway, aws: Any) -> None:
    answer = post(api, report_fields(new_email="feil", new_name=""))

    page = answer.body.decode()
    assert answer.status == 422
    assert 'value="Une Enhetsleder"' in page
    assert "Skriv inn navnet på den nye ressurssykepleieren." in page
    assert "Skriv inn en gyldig e-postadresse" in page


# The public counts page ------------------------------------------------------------------------------------------


def test_the_public_page_shows_counts_and_only_the_names_of_those_who_agreed(
    api: Gateway, pool: dict[str, str], aws: Any
) -> None:
    token = session(api, pool, "network_leader")
    approve(api, token, reported(api, new_listed="ja", effective_date=day_from_today(-60)))
    hidden = {"new_name": "Hemmelig Hansen", "new_email": "hh@lillestrom.no", "effective_date": day_from_today(-60)}
    approve(api, token, reported(api, unit=OTHER_UNIT, **hidden))
    approve(
        api,
        token,
        reported(
            api, new_name="Fremtid Frida", new_email="ff@x.no", effective_date=day_from_today(330), new_listed="ja"
        ),
    )

    page = api.handle("GET", "/api/ressurssykepleiere", "", {"Accept": BROWSER}, b"")
    counts = api.handle("GET", "/api/ressurssykepleiere", "", {"Accept": JSON}, b"")

    html = page.body.decode()
    assert page.status == 200 and "max-age=300" in dict(page.headers)["Cache-Control"]
    assert "Nora Ny" in html and "<svg" in html
    assert "Hemmelig Hansen" not in html and "hh@lillestrom.no" not in html and "nora.ny@" not in html
    assert "Fremtid Frida" not in html, "not in the role yet"
    areas = {area["id"]: area for area in body(counts)["areas"]}
    assert (areas["gardermoregionen"]["covered"], areas["gardermoregionen"]["nurses"]) == (1, 1)
    assert (areas[OTHER_AREA]["covered"], areas[OTHER_AREA]["nurses"]) == (1, 1)


# The leaders' routes ---------------------------------------------------------------------------------------------

ROUTES = ["roster", "history", "reports", "report", "approve", "decline", "csv", "coverage", "chart", "import"]
MATRIX = {  # the report is about a unit in nedre-romerike, the area_leader's area
    "anonymous": [401] * 10,
    "nurse": [403] * 10,
    "host_unit": [403] * 10,
    "area_leader": [200, 200, 200, 200, 200, 200, 200, 200, 200, 403],
    "other_area_leader": [200, 403, 200, 403, 403, 403, 200, 200, 200, 403],
    "network_leader": [200, 200, 200, 200, 200, 200, 200, 200, 200, 200],
}


@pytest.mark.parametrize("who", list(MATRIX))
def test_the_leaders_roster_routes_answer_each_caller_as_the_matrix_says(
    who: str, api: Gateway, pool: dict[str, str], aws: Any
) -> None:
    first = reported(api, unit=OTHER_UNIT, new_email="a@lillestrom.no")
    second = reported(api, unit=OTHER_UNIT, new_email="b@lillestrom.no")
    token = session(api, pool, who)
    upload = {"filename": "liste.csv", "content": base64.b64encode(clean_file()).decode(), "confirm": False}
    calls = [
        ("GET", "/api/leder/navneliste", None),
        ("GET", f"/api/leder/navneliste/enheter/{OTHER_UNIT}", None),
        ("GET", "/api/leder/endringsmeldinger", None),
        ("GET", f"/api/leder/endringsmeldinger/{first}", None),
        ("POST", f"/api/leder/endringsmeldinger/{first}/godkjenning", {"version": 1, "entry": ""}),
        ("POST", f"/api/leder/endringsmeldinger/{second}/avslag", {"version": 1, "reason": "Feil enhet."}),
        ("GET", "/api/leder/navneliste.csv", None),
        ("GET", "/api/leder/dekning.csv", None),
        ("GET", "/api/leder/dekning.svg", None),
        ("POST", "/api/leder/navneliste/import", upload),
    ]

    statuses = [leader_call(api, method, path, token, data).status for method, path, data in calls]

    assert statuses == MATRIX[who]
    decided = {item["status"]["S"] for item in items(aws, "change_report")}
    assert decided == ({"approved", "declined"} if MATRIX[who][4] == 200 else {"pending"})


def test_an_area_leader_lists_only_their_area_in_json_and_csv(api: Gateway, pool: dict[str, str], aws: Any) -> None:
    network = session(api, pool, "network_leader")
    approve(api, network, reported(api))  # gardermoregionen
    approve(api, network, reported(api, unit=OTHER_UNIT, new_name="Per Hansen", new_email="per@lillestrom.no"))
    token = session(api, pool, "area_leader")

    listed = body(leader_call(api, "GET", "/api/leder/navneliste", token))
    exported = leader_call(api, "GET", "/api/leder/navneliste.csv", token, query="format=komma")
    reports = body(leader_call(api, "GET", "/api/leder/endringsmeldinger", token))["reports"]

    names = [entry["name"] for unit in listed["units"] for entry in unit["entries"]]
    assert names == ["Per Hansen"]
    assert {unit["area_name"] for unit in listed["units"]} == {"Nedre Romerike"}
    assert [row["area"] for row in listed["coverage"]] == [OTHER_AREA]
    rows = list(csv.reader(io.StringIO(exported.body.decode("utf-8-sig"))))
    assert rows[0][:5] == ["Område", "Kommune eller bydel", "Enhet", "Type enhet", "Navn"]
    assert [row[4] for row in rows[1:]] == ["Per Hansen"]
    assert [report["unit"] for report in reports] == [OTHER_UNIT]
    forbidden = leader_call(api, "GET", "/api/leder/navneliste", token, query="omrade=gardermoregionen")
    assert forbidden.status == 422


def test_approve_replace_and_leave_keep_the_units_history_and_are_audited(
    api: Gateway, pool: dict[str, str], aws: Any, outbox: Any
) -> None:
    token = session(api, pool, "network_leader")
    approve(api, token, reported(api, effective_date=day_from_today(-300)))
    (nora,) = body(leader_call(api, "GET", f"/api/leder/navneliste/enheter/{UNIT}", token))["entries"]
    replacement = reported(
        api, "replacement", leaving_name="Nora Ny", leaving_email="", new_name="Berit", new_email="berit@x.no"
    )

    shown = body(leader_call(api, "GET", f"/api/leder/endringsmeldinger/{replacement}", token))
    assert shown["suggested"] == nora["id"] and [c["name"] for c in shown["candidates"]] == ["Nora Ny"]
    assert approve(api, token, replacement, nora["id"]).status == 200
    again = approve(api, token, replacement, nora["id"])

    history = body(leader_call(api, "GET", f"/api/leder/navneliste/enheter/{UNIT}", token))["entries"]
    assert again.status == 409
    assert [(e["name"], e["end"]) for e in history] == [("Nora Ny", day_from_today(REPORT_DAYS_AHEAD)), ("Berit", None)]
    audit = body(leader_call(api, "GET", "/api/leder/revisjon", token))["entries"]
    assert [e["action"] for e in audit].count("approval") == 2
    welcomes = [m for m in outbox() if "Velkommen" in str(m["Subject"])]
    assert [str(m["To"]) for m in welcomes] == ["Nora Ny <nora.ny@eidsvoll.kommune.no>", "Berit <berit@x.no>"]


def test_a_bad_approval_or_decline_gets_a_message_at_the_field_and_changes_nothing(
    api: Gateway, pool: dict[str, str], aws: Any
) -> None:
    token = session(api, pool, "network_leader")
    leaving = reported(api, "leaving")
    path = f"/api/leder/endringsmeldinger/{leaving}"

    no_entry = leader_call(api, "POST", f"{path}/godkjenning", token, {"version": 1, "entry": ""})
    no_reason = leader_call(api, "POST", f"{path}/avslag", token, {"version": 1, "reason": " "})
    no_version = leader_call(api, "POST", f"{path}/avslag", token, {"reason": "Nei."})
    stale = leader_call(api, "POST", f"{path}/avslag", token, {"version": 7, "reason": "Nei."})
    unknown = leader_call(api, "GET", "/api/leder/endringsmeldinger/finnes-ikke", token)

    assert (no_entry.status, no_reason.status, no_version.status, stale.status, unknown.status) == (
        422,
        422,
        400,
        409,
        404,
    )
    assert "entry" in body(no_entry)["errors"] and "reason" in body(no_reason)["errors"]
    assert {item["status"]["S"] for item in items(aws, "change_report")} == {"pending"}


def test_signatures_are_recorded_by_date_and_the_network_date_only_by_the_network_leader(
    api: Gateway, pool: dict[str, str], aws: Any
) -> None:
    network = session(api, pool, "network_leader")
    approve(api, network, reported(api, unit=OTHER_UNIT, new_email="s@lillestrom.no"))
    (entry,) = body(leader_call(api, "GET", f"/api/leder/navneliste/enheter/{OTHER_UNIT}", network))["entries"]
    area = session(api, pool, "area_leader")
    dates = {"version": entry["version"], "nurse": "2026-11-02", "leader": "2026-11-03", "network": "2026-11-04"}

    refused = leader_call(api, "POST", entry["signatures_url"], area, dates)
    signed = leader_call(api, "POST", entry["signatures_url"], network, dates)
    stale = leader_call(api, "POST", entry["signatures_url"], network, dates)
    bad = leader_call(api, "POST", entry["signatures_url"], network, dates | {"version": 2, "nurse": "i går"})

    assert refused.status == 422 and "network" in body(refused)["errors"]
    assert signed.status == 200 and body(signed)["signed"] is True
    assert stale.status == 409
    assert bad.status == 422 and "nurse" in body(bad)["errors"]
    listed = body(leader_call(api, "GET", "/api/leder/navneliste", network))
    assert listed["unsigned"] == [] and listed["coverage"][1]["unsigned"] == 0


def test_coverage_as_csv_and_as_an_svg_chart(api: Gateway, pool: dict[str, str], aws: Any) -> None:
    token = session(api, pool, "network_leader")
    approve(api, token, reported(api))

    exported = leader_call(api, "GET", "/api/leder/dekning.csv", token)
    chart = leader_call(api, "GET", "/api/leder/dekning.svg", token)

    rows = list(csv.reader(io.StringIO(exported.body.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:3] == ["Område", "Enheter", "Med ressurssykepleier"]
    assert rows[1][:4] == ["Gardermoregionen", "8", "0", "8"], "the new nurse starts in January"
    assert dict(chart.headers)["Content-Type"].startswith("image/svg+xml")
    assert chart.body.startswith(b"<svg") and b"Gardermoregionen" in chart.body and b"<script" not in chart.body


def upload(api: Gateway, token: str | None, data: bytes, confirm: bool) -> Answer:
    payload = {"filename": "navneliste.csv", "content": base64.b64encode(data).decode(), "confirm": confirm}
    return leader_call(api, "POST", "/api/leder/navneliste/import", token, payload)


def test_a_messy_import_is_reported_row_by_row_and_nothing_is_written(
    api: Gateway, pool: dict[str, str], aws: Any
) -> None:
    token = session(api, pool, "network_leader")

    checked = upload(api, token, messy_file(), confirm=False)
    refused = upload(api, token, messy_file(), confirm=True)

    assert checked.status == 200 and body(checked)["ready"] is False
    assert [p["line"] for p in body(checked)["problems"]] == [9, 10, 11, 12, 13]
    assert body(checked)["duplicates"] == [{"line": 8, "same_as": 4}]
    assert refused.status == 422 and "Ingenting er importert" in body(refused)["message"]
    assert items(aws, "roster_entry") == [] and items(aws, "roster_import") == []


def test_a_clean_import_writes_every_row_once_and_only_once(api: Gateway, pool: dict[str, str], aws: Any) -> None:
    token = session(api, pool, "network_leader")

    imported = upload(api, token, clean_file(), confirm=True)
    again = upload(api, token, clean_file(), confirm=True)

    assert imported.status == 201 and body(imported)["imported"] == 3
    assert again.status == 409
    assert len(items(aws, "roster_entry")) == 3 and len(items(aws, "roster_marker")) == 3
    listed = body(leader_call(api, "GET", "/api/leder/navneliste", token))
    names = sorted(e["name"] for unit in listed["units"] for e in unit["entries"])
    assert names == ["Kari Nordmann", "Per Hansen", "Åse Ødegård"]
    assert listed["can_import"] is False


@pytest.mark.parametrize(
    ("payload", "status"),
    [
        ({"filename": "x.csv", "content": "ikke base64!", "confirm": False}, 400),
        ({"filename": "x.csv", "content": "", "confirm": False}, 422),
        ({"filename": "x.csv", "content": base64.b64encode(b"\x00" * 10).decode()}, 200),
        ({"filename": "x.csv", "content": base64.b64encode(b"x" * (4 * 1024 * 1024 + 1)).decode()}, 413),
    ],
)
def test_an_upload_that_cannot_be_read_is_a_4xx_or_a_report(
    api: Gateway, pool: dict[str, str], aws: Any, payload: dict[str, Any], status: int
) -> None:
    token = session(api, pool, "network_leader")

    answer = leader_call(api, "POST", "/api/leder/navneliste/import", token, payload)

    assert answer.status == status, answer.body[:300]
    if status == 200:
        assert body(answer)["file_problem"]
    assert items(aws, "roster_entry") == []


def test_personal_data_is_not_logged(
    api: Gateway, pool: dict[str, str], aws: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    token = session(api, pool, "network_leader")
    approve(api, token, reported(api))
    upload(api, token, clean_file(), confirm=True)
    leader_call(api, "GET", "/api/leder/navneliste.csv", token)

    logged = capsys.readouterr()
    for secret in ("Nora", "nora.ny", "91234567", "Une", "Kari", "kari.nordmann", REPORTER):
        assert secret not in logged.out + logged.err


def test_make_runs_demo_roster_is_made_once_with_units_covered_and_not_and_reports_waiting(aws: Any) -> None:
    from local.demo import seed_roster

    made, again = seed_roster(aws, TABLE), seed_roster(aws, TABLE)

    assert (made, again) == (24, 0)
    assert len(items(aws, "roster_entry")) == 24
    assert sorted(item["status"]["S"] for item in items(aws, "change_report")).count("pending") == 2


def test_a_finished_course_shows_on_the_nurses_entry_and_the_grunnkurs_is_no_longer_due(
    api: Gateway, pool: dict[str, str], aws: Any
) -> None:
    from datetime import UTC, datetime

    from courses.repository import DynamoCourseRepository
    from roster.schedule import run
    from tests.support.samples import course, registration

    token = session(api, pool, "network_leader")
    approve(api, token, reported(api, effective_date=day_from_today(-60)))
    repository = DynamoCourseRepository(aws, TABLE, cache_seconds=0)
    finished = course("grunnkurs-host-2026", days_ahead=-12, now=datetime.now(UTC))
    repository.put_course(finished)
    repository.add_registrations([registration(finished.id, "nora.ny@eidsvoll.kommune.no", "Nora Ny")])

    listed = body(leader_call(api, "GET", "/api/leder/navneliste", token))
    done, again = run(), run()

    (entry,) = [e for unit in listed["units"] for e in unit["entries"]]
    assert [c["title"] for c in entry["courses"]] == ["Grunnkurs i palliasjon"] and entry["grunnkurs_due"] is False
    assert (done, again) == ({"courses_recorded": 1}, {}), "recorded once on the entry by the daily run"
    (stored,) = items(aws, "roster_entry")
    assert stored["courses"]["L"][0]["M"]["course_id"]["S"] == "grunnkurs-host-2026"


def zip_bomb(unpacked: int) -> bytes:
    """An .xlsx-shaped zip whose one sheet unpacks to `unpacked` bytes of zeros (a few KB packed)."""
    import zipfile

    packed = io.BytesIO()
    with zipfile.ZipFile(packed, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            chunk = b"\0" * (1024 * 1024)
            for _ in range(unpacked // len(chunk)):
                sheet.write(chunk)
    return packed.getvalue()


def test_an_excel_file_that_unpacks_too_big_is_refused_before_it_is_opened(
    api: Gateway, pool: dict[str, str], aws: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    import openpyxl

    def never(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("openpyxl opened a zip bomb")

    monkeypatch.setattr(openpyxl, "load_workbook", never)
    token = session(api, pool, "network_leader")
    bomb = zip_bomb(64 * 1024 * 1024)
    assert len(bomb) < 200_000
    payload = {"filename": "navneliste.xlsx", "content": base64.b64encode(bomb).decode(), "confirm": False}
    answer = leader_call(api, "POST", "/api/leder/navneliste/import", token, payload)
    assert answer.status == 413
    assert body(answer)["message"].startswith("Excel-filen blir for stor når den pakkes ut.")
    assert items(aws, "roster_entry") == [] and items(aws, "roster_import") == []


def test_an_upload_of_json_nested_too_deep_is_a_400_not_a_500(api: Gateway, pool: dict[str, str]) -> None:
    token = session(api, pool, "network_leader")
    headers = {"Accept": "application/json", "Origin": SITE, "Content-Type": "application/json"}
    raw = b"[" * 100_000 + b"]" * 100_000
    answer = api.handle("POST", "/api/leder/navneliste/import", "", headers | {"Cookie": f"lindra_leder={token}"}, raw)
    assert answer.status == 400
