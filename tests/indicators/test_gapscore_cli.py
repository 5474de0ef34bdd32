"""`cam-atlas score` end to end on a hand-made dataset (loader stubbed: no real data needed)."""

from __future__ import annotations

import io
import json
from dataclasses import dataclass

import pandas as pd
import pytest

from dashboard.cli import main
from indicators.gapscore import cli as gs_cli
from indicators.gapscore.errors import GapScoreSpecError
from indicators.gapscore.spec import METHOD_VERSION


@dataclass(frozen=True)
class Entry:
    id: str
    direction: int
    target: float | None = None


CATALOGUE = {
    "enrol": Entry("enrol", 1, 100.0),
    "lbc": Entry("lbc", -1),
    "pop": Entry("pop", 0),
    "unused": Entry("unused", -1),
}
UNITS = pd.DataFrame(
    {
        "code": ["KG-A", "KG-B", "KG-C", "KG-D"],
        "name_en": ["Alpha", "Beta", "Gamma", "Delta"],
        "name_ru": ["Альфа", "Бета", "Гамма", "Дельта"],
    }
)
OBS = pd.DataFrame(
    [
        ("KG-A", "enrol", 2022, 95.0),
        ("KG-B", "enrol", 2021, 80.0),
        ("KG-C", "enrol", 2022, 60.0),
        ("KG-A", "lbc", 2020, 10.0),
        ("KG-B", "lbc", 2020, 30.0),
        ("KG-C", "lbc", 2019, 20.0),
        ("KG-D", "lbc", 2022, 15.0),
        ("KG-A", "pop", 2022, 1000.0),
    ],
    columns=["area_code", "indicator", "year", "value"],
)


@dataclass
class FakeDataset:
    name: str = "default"
    synthetic: bool = False
    version: str = "test"


@pytest.fixture(autouse=True)
def stub_loader(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(gs_cli, "_load", lambda args: (OBS, UNITS, CATALOGUE, FakeDataset()))


def run(capsys: pytest.CaptureFixture, *extra: str) -> tuple[int, str, str]:
    code = main(["score", "--country", "KGZ", "--level", "2", "--year", "2022", *extra])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_csv_has_one_row_per_region_with_required_columns(capsys) -> None:
    code, out, _ = run(capsys, "--weights", "enrol=2")
    assert code == 0
    table = pd.read_csv(io.StringIO(out), comment="#", dtype={"method_version": str})
    required = ["code", "name", "score", "rank", "rank_p05", "rank_p95", "rank_median"]
    required += ["uncertain", "indicators_used", "weight_share", "years_used"]
    assert set(required) <= set(table.columns)
    assert list(table["code"]) == ["KG-C", "KG-B", "KG-A", "KG-D"]
    assert table.loc[0, "score"] == pytest.approx(2.5 / 3, abs=1e-6)
    assert table.loc[0, "years_used"] == "enrol=2022;lbc=2019"
    last = table.iloc[-1]
    assert pd.isna(last["score"]) and last["status"] == "insufficient data"
    assert (table["method_version"] == METHOD_VERSION).all() and not table["synthetic"].any()


def test_default_indicators_skip_context_and_indicators_without_data(capsys) -> None:
    _, out, _ = run(capsys)
    table = pd.read_csv(io.StringIO(out), comment="#")
    assert [c for c in table.columns if c.startswith("contribution_")] == [
        "contribution_enrol",
        "contribution_lbc",
    ]


def test_json_carries_method_and_structured_rows(capsys) -> None:
    code, out, _ = run(capsys, "--format", "json", "--method", "rank,geometric", "--lang", "ru")
    assert code == 0
    doc = json.loads(out)
    assert doc["method"]["normalisation"] == "rank"
    assert doc["method"]["aggregation"] == "geometric"
    assert doc["robustness"]["draws"] == 1000
    first = doc["rows"][0]
    assert first["name"] in {"Альфа", "Бета", "Гамма"}
    assert first["indicators_used"] == ["enrol", "lbc"]
    assert set(first["years_used"]) == {"enrol", "lbc"}
    assert doc["rows"][-1]["score"] is None


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--indicators", "nope"], "unknown indicator"),
        (["--indicators", "pop"], "context only"),
        (["--weights", "enrol=-1"], "finite weight"),
        (["--weights", "enrol=abc"], "finite weight"),
        (["--indicators", "enrol", "--weights", "lbc=2"], "not among"),
        (["--method", "zscore"], "NORMALISATION"),
        (["--min-share", "1.5"], "between 0 and 1"),
        (["--min-coverage", "2"], "between 0 and 1"),
        (["--explain", "KG-Z"], "no such area"),
        (["--draws", "0"], "draws"),
        (["--year", "1990"], "no indicator"),
        (["--indicators", "unused"], "no indicator of unused"),
    ],
)
def test_bad_input_is_a_clear_error_without_traceback(capsys, args, message) -> None:
    code, out, err = run(capsys, *args)
    assert code == 2
    assert message in err and "Traceback" not in err
    assert out == ""


def test_parse_helpers() -> None:
    assert gs_cli.parse_weights("a=2, b=0.5") == {"a": 2.0, "b": 0.5}
    assert gs_cli.parse_weights(None) == {}
    with pytest.raises(GapScoreSpecError, match="twice"):
        gs_cli.parse_weights("a=1,a=2")
    assert gs_cli.parse_method("minmax,power:-1") == {
        "normalisation": "minmax",
        "aggregation": "power",
        "power": -1.0,
    }
    assert gs_cli.parse_method("goalposts")["aggregation"] == "arithmetic"


def test_goalposts_fallback_is_announced(capsys) -> None:
    code, _, err = run(capsys, "--method", "goalposts")
    assert code == 0
    assert "no goalposts for lbc" in err


def test_output_file_with_header_notes_naming_what_was_left_out(capsys, tmp_path) -> None:
    target = tmp_path / "scores.csv"
    code, out, err = run(capsys, "-o", str(target), "--min-coverage", "1")
    assert code == 0 and out == ""
    text = target.read_text(encoding="utf-8")
    notes = [line for line in text.splitlines() if line.startswith("#")]
    assert notes[0] == f"# CAM Atlas gap scores, method {METHOD_VERSION} (docs/METHOD.md)"
    # enrol has 3 of 4 areas: below a coverage of 1, so it is left out and said so
    assert (
        "# left out: enrol: too few areas (3 of 4; at least 100% of the comparison set needed)"
        in notes
    )
    assert "# left out: pop: no direction (context: neither higher nor lower is better)" in notes
    assert "left out: enrol: too few areas (3 of 4" in err
    table = pd.read_csv(target, comment="#")
    assert "contribution_enrol" in table.columns and table["contribution_enrol"].isna().all()
    assert (table["indicators_used"] == "lbc").all()
    assert (table["certainty"] == "single indicator").all()
    assert any("rest on a single indicator" in line for line in notes)


def test_json_lists_exclusions(capsys) -> None:
    _, out, _ = run(capsys, "--format", "json", "--min-coverage", "1")
    doc = json.loads(out)
    enrol = next(e for e in doc["exclusions"] if e["indicator"] == "enrol")
    assert (enrol["reason"], enrol["areas_with_data"], enrol["areas_total"]) == (
        "too_few_areas",
        3,
        4,
    )


def test_explain_prints_one_areas_inputs_normalised_values_and_contributions(capsys) -> None:
    code, out, _ = run(capsys, "--weights", "enrol=2", "--explain", "KG-B")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].startswith("KG-B Beta: score 0.619")
    assert "rank 2" in lines[0]
    enrol = next(line.split() for line in lines if line.split()[:1] == ["enrol"])
    lbc = next(line.split() for line in lines if line.split()[:1] == ["lbc"])
    # indicator, group, value, year, gap, normalised, weight, contribution
    assert enrol[2:4] == ["80", "2021"] and float(enrol[5]) == pytest.approx(3 / 7, abs=1e-4)
    assert float(enrol[6]) == pytest.approx(2 / 3, abs=1e-4)
    assert lbc[2:4] == ["30", "2020"] and float(lbc[5]) == 1.0
    total = float(enrol[7]) + float(lbc[7])
    assert total == pytest.approx(0.619, abs=1e-3)


def test_explain_writes_to_the_output_file(capsys, tmp_path) -> None:
    target = tmp_path / "explain.txt"
    code, out, _ = run(capsys, "--explain", "KG-A", "-o", str(target))
    assert code == 0 and out == ""
    assert target.read_text(encoding="utf-8").startswith("KG-A Alpha: score")
