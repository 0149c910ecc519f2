"""The news view (/leder/nyheter/) in Debian's Chromium on the real local stack: the network leader writes an article,
is told at the fields what is missing (the picture's alt text among them), has a renamed program refused at the
picture, uploads a real picture (posted to the local file store), previews the text, publishes it; within seconds the
front page, the news list, its own page with the picture, the Atom feed and search have it. Changing it, taking it
down and bringing the version before back work from the same view. Axe-clean with errors, and on the pages it
changed."""

from __future__ import annotations

import re
import struct
import uuid
import zlib
from pathlib import Path

from playwright.sync_api import Page, expect

from tests.browser.test_accessibility import axe_violations
from tests.browser.test_hospitation_leaders import sign_in_by_keyboard
from tests.support.hospitation import get_page
from tests.support.stack import Publisher, Site

NETWORK_LEADER = "nettverksleder@example.no"


def png(width: int, height: int) -> bytes:
    """A real PNG (one grey row repeated), so that Chromium shows it."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = b"".join(b"\x00" + b"\x80\x80\x80" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


def test_the_network_leader_publishes_an_article_with_a_picture_and_the_site_has_it_within_seconds(
    phone: Page, site: Site, publisher: Publisher, tmp_path: Path
) -> None:
    word = f"Hagefest{uuid.uuid4().hex[:6]}"
    sign_in_by_keyboard(phone, site, NETWORK_LEADER, "/leder/nyheter/")
    phone.get_by_role("button", name="Skriv en ny nyhet").click()
    expect(phone.locator("#news-form-heading")).to_be_focused()
    phone.get_by_label("Tittel").fill(f"Velkommen til {word}")
    program = tmp_path / "hage.jpg"
    program.write_bytes(b"MZ\x90\x00\x03\x00\x00\x00 a program with a picture's name")
    phone.locator("#news-image").set_input_files(str(program))
    expect(phone.locator("#news-image-now")).to_contain_text("er lastet opp")
    phone.get_by_role("button", name="Lagre og publiser").click()
    summary = phone.locator("#news-error .error-summary")
    expect(summary).to_be_focused()
    expect(phone.locator("#news-summary-error")).to_contain_text("ingress")
    expect(phone.locator("#news-image-alt-error")).to_contain_text("bildetekst")
    assert axe_violations(phone) == []

    phone.get_by_label("Ingress").fill("Vi møtes i hagen til sommerfest.")
    phone.get_by_label("Gjelder").select_option("alle")
    phone.get_by_label("Tekst", exact=True).fill("Det blir **grilling** og quiz.\n\n- mat\n- musikk")
    phone.get_by_label("Bildetekst for dem som ikke ser bildet").fill("Et dekket bord i en hage")
    phone.get_by_role("button", name="Lagre og publiser").click()
    expect(phone.locator("#news-image-error")).to_contain_text("hage.jpg")  # its first bytes are not a JPEG

    picture = tmp_path / "hage.png"
    picture.write_bytes(png(300, 200))
    phone.locator("#news-image").set_input_files(str(picture))
    expect(phone.locator("#news-image-now")).to_contain_text("hage.png er lastet opp")
    phone.get_by_role("button", name="Forhåndsvis").click()
    expect(phone.locator("#news-preview-heading")).to_be_focused()
    expect(phone.locator("#news-preview-body strong")).to_have_text("grilling")
    phone.get_by_role("button", name="Lagre og publiser").click()
    expect(phone.locator("#news-done")).to_be_focused()
    expect(phone.locator("#news-done")).to_contain_text("publisert")
    expect(phone.locator("#news-table tbody tr", has_text=word)).to_have_count(1)
    assert axe_violations(phone) == []

    pages = ("/", "/nyheter/", "/nyheter/atom.xml")  # the build writes one file after the other
    publisher.until(lambda: all(word in get_page(site, path).text for path in pages))  # the stream: the publisher
    phone.goto(f"{site.url}/")
    article_link = phone.get_by_role("link", name=re.compile(word))
    expect(article_link.first).to_be_visible()
    article_link.first.click()
    expect(phone.get_by_role("heading", level=1)).to_contain_text(word)
    image = phone.get_by_role("img", name="Et dekket bord i en hage")
    expect(image).to_be_visible()
    assert image.evaluate("img => img.complete && img.naturalWidth") == 300
    assert axe_violations(phone) == []
    phone.goto(f"{site.url}/sok/")
    phone.get_by_label("Hva leter du etter?").fill(word)
    phone.keyboard.press("Enter")
    expect(phone.locator("[data-search-results] a").first).to_be_visible()
    hrefs = phone.locator("[data-search-results] a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert any("/nyheter/velkommen-til-" in href for href in hrefs), hrefs


def test_a_change_the_version_before_and_taking_it_down_from_the_view(
    phone: Page, site: Site, publisher: Publisher
) -> None:
    word = f"Fagkveld{uuid.uuid4().hex[:6]}"
    sign_in_by_keyboard(phone, site, NETWORK_LEADER, "/leder/nyheter/")
    phone.get_by_role("button", name="Skriv en ny nyhet").click()
    phone.get_by_label("Tittel").fill(f"{word} i mars")
    phone.get_by_label("Ingress").fill("En kveld om smertelindring.")
    phone.get_by_label("Gjelder").select_option("alle")
    phone.get_by_label("Tekst", exact=True).fill("Velkommen til fagkveld.")
    phone.get_by_role("button", name="Lagre som utkast").click()
    expect(phone.locator("#news-done")).to_contain_text("Utkastet er lagret")
    expect(phone.locator("#news-publish")).to_be_visible()
    phone.get_by_label("Tittel").fill(f"{word} i april")
    phone.get_by_role("button", name="Lagre og publiser").click()
    expect(phone.locator("#news-done")).to_contain_text("publisert")
    expect(phone.locator("#news-versions li")).to_have_count(2)
    phone.get_by_role("button", name="Gå tilbake til forrige versjon").click()
    expect(phone.locator("#news-done")).to_contain_text("forrige versjonen")
    expect(phone.get_by_label("Tittel")).to_have_value(f"{word} i mars")
    expect(phone.locator("#news-versions li")).to_have_count(3)
    expect(phone.locator("#news-article-status")).to_contain_text("Utkast")  # as the version before was
    phone.get_by_role("button", name="Publiser", exact=True).click()
    expect(phone.locator("#news-withdraw")).to_be_visible()
    publisher.until(lambda: f"{word} i mars" in get_page(site, "/nyheter/").text)
    phone.get_by_role("button", name="Ta ned fra nettstedet").click()
    expect(phone.locator("#news-done")).to_contain_text("tatt ned")
    publisher.until(lambda: word not in get_page(site, "/nyheter/").text)
    assert axe_violations(phone) == []
