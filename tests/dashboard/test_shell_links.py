"""Navbar links carry the language and the shared filter from page to page."""

from dashboard.shell.callbacks import shared_query


def test_links_keep_language_and_shared_filter_only() -> None:
    search = "?country=KAZ&level=2&region=KZ-19&areas=KZ194200,KZ196200&indicator=x&year=2020"
    assert shared_query(search, "ru") == (
        "?lang=ru&country=KAZ&level=2&region=KZ-19&areas=KZ194200,KZ196200"
    )


def test_links_without_a_filter_keep_the_language() -> None:
    assert shared_query("", "en") == "?lang=en"
    assert shared_query(None, "kk") == "?lang=kk"


def test_link_values_are_url_encoded() -> None:
    assert shared_query("?region=<script>", "en") == "?lang=en&region=%3Cscript%3E"
