"""The privacy page's table of retentions says what is configured: a stack with RETENTION_MONTHS=18 keeps
registrations 18 months, and the page says so (plugins/retention)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from common.settings import settings
from people.retention import retention_rows


@pytest.fixture
def fresh_settings(monkeypatch: pytest.MonkeyPatch) -> Iterator[pytest.MonkeyPatch]:
    settings.cache_clear()
    yield monkeypatch
    settings.cache_clear()


def test_the_table_follows_the_stacks_settings(fresh_settings: pytest.MonkeyPatch) -> None:
    fresh_settings.setenv("RETENTION_MONTHS", "18")
    fresh_settings.setenv("ROSTER_RETENTION_MONTHS", "48")
    rows = dict(retention_rows())
    assert rows["Påmeldinger til kurs og møter, og fravær du melder"] == "18 måneder etter at kurset er ferdig"
    assert rows["Endringsmeldinger til navnelisten"] == "48 måneder etter at de ble sendt"
    assert rows["Kursbevis, for at de kan sjekkes"] == "6 år"
    assert len(rows) >= 15 and all(how for how in rows.values())


def test_the_plugin_puts_the_table_where_the_page_asks_for_it(fresh_settings: pytest.MonkeyPatch) -> None:
    import retention

    class Page:
        _content = "<h2>Hvor lenge</h2>\n<p>[[oppbevaring]]</p>\n<p>Mer.</p>"

    page = Page()
    retention.content_object_init(page)
    assert "[[oppbevaring]]" not in page._content
    assert '<caption id="oppbevaring-tittel">Hvor lenge vi lagrer hva</caption>' in page._content
    assert '<th scope="row">Oppmøte og timer</th>' in page._content and page._content.endswith("<p>Mer.</p>")
