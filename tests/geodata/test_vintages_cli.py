"""Layout vintages by year, and the command-line interface."""

from __future__ import annotations

import argparse

import pytest

from geodata import cli, vintages


@pytest.mark.parametrize(
    ("country", "level", "year", "expected"),
    [("KAZ", 1, 2023, "2024"), ("KAZ", 1, 2022, "2024"), ("KAZ", 1, 2021, "2018"),
     ("KAZ", 1, 2017, "2018"), ("KAZ", 1, 2016, "pre2018"), ("KAZ", 2, 2010, "2018"),
     ("KAZ", 1, None, "2024"), ("KGZ", 2, 2005, "2018"), ("KGZ", 1, None, "2018")],
)  # fmt: skip
def test_vintage_for_year(country, level, year, expected):
    assert vintages.vintage_for_year(country, level, year) == expected


def test_current_vintage():
    assert vintages.current_vintage("KAZ") == "2024"
    assert vintages.current_vintage("kgz") == "2018"


def _run(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="cam-atlas")
    cli.register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    return args.handler(args)


@pytest.mark.usefixtures("built")
def test_resolve_prints_code_name_level_and_vintage(capsys):
    assert _run(["resolve", "Жамбылская обл.", "--year", "2016"]) == 0
    out = capsys.readouterr().out
    assert "KZ-31" in out and "Zhambyl Region" in out and "level    1" in out
    assert "pre2018" in out


@pytest.mark.usefixtures("built")
def test_resolve_unknown_exits_1_with_candidates(capsys):
    assert _run(["resolve", "Almaty Regoin", "--country", "KAZ"]) == 1
    assert "Almaty Region (KZ-19" in capsys.readouterr().out


@pytest.mark.usefixtures("built")
def test_resolve_ambiguous_exits_1_listing_parents(capsys):
    assert _run(["resolve", "Zhambyl", "--level", "2"]) == 1
    out = capsys.readouterr().out
    assert out.count("candidates:") == 3 and "in KZ-59" in out


@pytest.mark.usefixtures("built")
def test_boundaries_check_and_prepare(capsys):
    assert _run(["boundaries", "check"]) == 0
    out = capsys.readouterr().out
    assert "kaz_adm2_2024" in out and "224 units" in out and "7 of 7 layers ok" in out
    assert _run(["boundaries", "prepare"]) == 0
    assert "KB" in capsys.readouterr().out


def test_check_exits_1_on_a_problem(monkeypatch, capsys):
    from geodata import check

    bad = check.LayerReport("kaz_adm1_2024", 19, True, 1000, ["expected 20 units, found 19"])
    monkeypatch.setattr(check, "check_all", lambda: [bad])
    assert _run(["boundaries", "check"]) == 1
    assert "expected 20 units" in capsys.readouterr().out
