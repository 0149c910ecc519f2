"""The leaders' area on the real local stack: the site's server, DynamoDB Local, and the user pool and S3 on moto's
server, over HTTP as a browser would use them."""

from __future__ import annotations

import csv
import io
import json
import urllib.error
import urllib.request
from typing import Any

import pytest

from local.user_pool import DEMO_PASSWORD
from tests.support import hospitation
from tests.support.samples import form
from tests.support.stack import Site

pytestmark = pytest.mark.usefixtures("site")


def call(
    site: Site, method: str, path: str, body: Any = None, cookie: str | None = None, origin: bool = True
) -> tuple[int, dict[str, str], bytes]:
    headers = {"Accept": "application/json"}
    if origin:
        headers["Origin"] = site.url
    if cookie:
        headers["Cookie"] = cookie
    data = None
    if body is not None:
        headers["Content-Type"] = "application/json"
        data = json.dumps(body).encode()
    request = urllib.request.Request(site.url + path, data=data, headers=headers, method=method)

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args: Any, **kwargs: Any) -> None:
            return None

    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(request, timeout=30) as response:
            return response.status, dict(response.headers.items()), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers.items()), error.read()


def sign_in(site: Site, email: str) -> str:
    """The password, then the code from the app when asked (the demo network leader's is on); the session cookie."""
    return hospitation.sign_in(site, email)


def sign_up(site: Site, email: str, name: str, municipality: str = "Lørenskog") -> None:
    fields = form(email=email, name=name, municipality=municipality)
    status, _, body = call(site, "POST", f"/api/kurs/{site.open_course}/pameldinger", fields, origin=False)
    assert status == 201, body


def test_a_leader_signs_in_sees_the_course_exports_it_and_signs_out(site: Site) -> None:
    sign_up(site, "asa.odegard@example.no", "Åsa Ødegård")
    sign_up(site, "formel@example.no", '=HYPERLINK("http://example.com")')
    cookie = sign_in(site, "nettverksleder@example.no")

    status, _, body = call(site, "GET", "/api/leder/kurs", cookie=cookie)
    assert status == 200
    (listed,) = [c for c in json.loads(body)["courses"] if c["id"] == site.open_course]
    assert listed["confirmed"] >= 2

    status, headers, body = call(site, "GET", listed["csv_url"], cookie=cookie)
    assert status == 200 and headers["Content-Type"] == "text/csv; charset=utf-8"
    assert body.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"), newline=""), delimiter=";"))
    names = [row[2] for row in rows[1:]]
    assert "Åsa Ødegård" in names
    assert '\'=HYPERLINK("http://example.com")' in names

    status, _, _ = call(site, "POST", "/api/leder/utlogging", {}, cookie=cookie)
    assert status == 200
    assert call(site, "GET", "/api/leder/kurs", cookie=cookie)[0] == 401


def test_an_area_leader_gets_only_their_own_people_of_a_network_wide_course(site: Site) -> None:
    sign_up(site, "follo.person@example.no", "Fia Follo", municipality="Ås")
    sign_up(site, "nr.person@example.no", "Nils Nedre", municipality="Lillestrøm")
    cookie = sign_in(site, "omradeleder.folloregionen@example.no")
    status, _, body = call(site, "GET", f"/api/leder/kurs/{site.open_course}/pameldinger", cookie=cookie)
    assert status == 200
    names = [r["name"] for r in json.loads(body)["registrations"]]
    assert "Fia Follo" in names and "Nils Nedre" not in names


def test_an_export_too_big_for_lambda_comes_from_s3_behind_a_five_minute_link(
    site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    from exports import files

    sign_up(site, "stor.eksport@example.no", "Stine Stor")
    monkeypatch.setattr(files, "RESPONSE_LIMIT", 10)
    cookie = sign_in(site, "nettverksleder@example.no")
    status, headers, _ = call(site, "GET", f"/api/leder/kurs/{site.open_course}/pameldinger.csv", cookie=cookie)
    assert status == 303
    with urllib.request.urlopen(headers["Location"], timeout=30) as response:  # what the browser follows
        assert "attachment" in response.headers["Content-Disposition"]
        assert "Stine Stor" in response.read().decode("utf-8-sig")


def test_a_wrong_password_and_a_cross_site_post_are_refused(site: Site) -> None:
    body = {"username": "nettverksleder@example.no", "password": "ikke-riktig-123"}
    status, headers, answer = call(site, "POST", "/api/leder/innlogging", body)
    assert status == 401 and "Set-Cookie" not in headers
    assert "Feil e-post eller passord" in json.loads(answer)["message"]
    status, _, _ = call(site, "POST", "/api/leder/innlogging", body | {"password": DEMO_PASSWORD}, origin=False)
    assert status == 403
