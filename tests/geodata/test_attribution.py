"""Attribution text and licence information for the footer and the NOTICE file."""

from __future__ import annotations

from pathlib import Path

from geodata import attribution


def test_footer_credits_every_source_and_licence():
    text = attribution.BOUNDARY_ATTRIBUTION
    for needed in ("geokz", "CC BY 4.0", "OCHA", "CC BY-IGO", "Who's On First", "CC0"):
        assert needed in text


def test_per_layer_licences():
    kaz = attribution.layer_sources("KAZ", 2, "2024")
    assert [d.licence for d in kaz] == ["CC BY 4.0"]
    kgz = attribution.layer_sources("kgz", 1)
    assert {d.licence for d in kgz} == {"CC BY-IGO 3.0", "CC0 1.0"}
    assert all(d.licence_url.startswith("https://") for d in kaz + kgz)
    assert "Ministry of Emergency Situations" in attribution.layer_attribution("KGZ")


def test_notice_names_the_licences_and_pinned_commits():
    from geodata import sources

    notice = (Path(__file__).resolve().parents[2] / "NOTICE").read_text(encoding="utf-8")
    for needed in ("CC BY 4.0", "CC BY-IGO 3.0", "CC0", sources.GEOKZ_COMMIT,
                   sources.PRISM_COMMIT, sources.WOF_KG_COMMIT):  # fmt: skip
        assert needed in notice
