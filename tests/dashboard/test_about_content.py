"""What the About page lists: every indicator, every source with its figures, the documents."""

from __future__ import annotations

import pytest

from dashboard.about import content as about_content


@pytest.fixture(autouse=True)
def _data(data_env):
    """The default dataset's derived figures need the boundary build (made once per session)."""


def test_every_catalogue_indicator_is_listed_once_with_translated_direction():
    from indicators.catalogue import catalogue

    rows = [r for group in about_content.indicator_rows("ru").values() for r in group]
    assert sorted(r.id for r in rows) == sorted(catalogue())
    poverty = next(r for r in rows if r.id == "extreme_poverty_pct")
    assert poverty.direction == "чем выше, тем хуже"
    assert poverty.definition == catalogue()["extreme_poverty_pct"].definition["ru"]
    assert poverty.figures > 0


def test_kazakh_reads_the_russian_definition_when_none_is_written():
    rows = [r for group in about_content.indicator_rows("kk").values() for r in group]
    row = next(r for r in rows if r.id == "left_behind_any_parent_pct")
    assert row.definition.startswith("Доля детей")


def test_targets_are_shown_in_the_indicator_unit():
    rows = [r for group in about_content.indicator_rows("en").values() for r in group]
    measles = next(r for r in rows if r.id == "measles_vaccination_coverage_pct")
    assert measles.target == "target: 95%"


def test_every_source_is_listed_with_its_figures_strongest_tier_first():
    from indicators.dataset import load_dataset
    from indicators.sources import sources, tier_rank

    rows = about_content.source_rows()
    assert {r.id for r in rows} == set(load_dataset().sources) >= set(sources())
    ranks = [tier_rank(r.tier) for r in rows]
    assert ranks == sorted(ranks)
    observations = load_dataset().observations
    cited = observations[observations["source_id"].ne("")]
    assert sum(r.figures for r in rows) == len(cited)
    assert about_content.derived_figures() == int(observations["status"].eq("derived").sum())


def test_documents_are_read_with_asset_links_under_the_app_prefix():
    text = about_content.document("IMPORT.md", "/atlas/assets/")
    assert text is not None and "(/atlas/assets/templates/cam_atlas_template.csv)" in text
    assert "(/assets/" not in text
    assert "Method version" in (about_content.document("METHOD.md") or "")
    with pytest.raises(ValueError):
        about_content.document("../NOTICE")


def test_method_document_names_the_method_version_in_code():
    from indicators.gapscore import METHOD_VERSION

    assert f"**Method version {METHOD_VERSION}**" in about_content.document("METHOD.md")


def test_the_summary_in_every_language_states_the_method_rules():
    from dashboard.i18n import t

    for lang in ("en", "ru"):
        summary = t("about.method.summary", lang)
        for fact in ("75%", "1,000" if lang == "en" else "1000", "±25%", "0–1"):
            assert fact in summary, (lang, fact)


def test_embedded_documents_start_below_the_page_headings():
    text = about_content.document("METHOD.md")
    assert text.startswith("### Gap score method\n")
    assert "\n#### A. Gaps" in text
    assert not [line for line in text.splitlines() if line.startswith(("# ", "## "))]


def test_demoting_headings_leaves_code_and_hashtags_alone():
    markdown = "# Title\n```bash\n# a comment\n```\n#hashtag\n###### Deep\n"
    assert about_content.demote_headings(markdown, 2) == (
        "### Title\n```bash\n# a comment\n```\n#hashtag\n###### Deep\n"
    )


def test_no_markdown_on_the_page_may_render_raw_html(data_env):
    """Every dcc.Markdown of the About page (any language) keeps raw HTML off, so a document
    or a catalogue text with ``<script>`` or ``<img onerror>`` shows as text."""
    from dash import dcc
    from dash.development.base_component import Component

    from dashboard.app import app  # pages register once the app exists

    assert app is not None
    from dashboard.about import page

    def markdowns(node: object) -> list[dcc.Markdown]:
        if isinstance(node, dcc.Markdown):
            return [node]
        if isinstance(node, Component):
            return markdowns(getattr(node, "children", None))
        if isinstance(node, list | tuple):
            return [m for item in node for m in markdowns(item)]
        return []

    for lang in ("en", "ru", "kk", "ky"):
        found = markdowns(page.layout(lang=lang))
        assert len(found) >= 2  # METHOD.md and IMPORT.md at least
        assert all(getattr(m, "dangerously_allow_html", False) is False for m in found)
    raw = page.markdown("<script>alert(1)</script>")
    assert raw.dangerously_allow_html is False


def test_implausible_published_values_are_listed_as_published_with_source_and_reason():
    rows = about_content.flagged_values("en")
    ecdi = [r for r in rows if r.indicator_id == "ecdi_on_track_pct" and not r.breakdown]
    assert [(r.area, r.year, r.value) for r in ecdi] == [
        ("Kazakhstan", "2010", "861.0"),
        ("Kazakhstan", "2015", "855.0"),
    ]
    first = ecdi[0]
    assert first.platform.startswith("kaz-bns build 01fb7fe")
    assert (first.file, first.row) == ("ru/data/4-2-1.csv", "2")
    assert first.publisher.startswith("Bureau of National Statistics")
    assert first.reason == "outside the valid range 0–100 %"
    assert any(r.breakdown for r in rows)  # disaggregated values are listed too


def test_implausible_values_in_russian_and_the_kazakh_fallback():
    ru = about_content.flagged_values("ru")[0]
    assert (ru.area, ru.value) == ("Казахстан", "861,0")
    assert ru.reason.startswith("вне допустимого диапазона")
    kk = about_content.flagged_values("kk")[0]
    assert kk.area == "Қазақстан" and kk.reason == ru.reason  # no Kazakh text: Russian


def test_flagged_rows_keep_every_implausible_value_of_the_dataset():
    from indicators.dataset import load_dataset
    from indicators.plausibility import flagged_rows, implausible_mask

    dataset = load_dataset()
    totals = flagged_rows(dataset)
    both = flagged_rows(dataset, breakdowns=True)
    assert len(totals) == int(implausible_mask(dataset.observations).sum()) >= 2
    assert len(both) == len(totals) + int(implausible_mask(dataset.breakdowns).sum())
    assert len(about_content.flagged_values("en")) == len(both)
