"""`cam-atlas score` on the real default dataset and the synthetic demo, over real layouts."""

from __future__ import annotations

import io

import pandas as pd
import pytest

from dashboard.cli import main


@pytest.fixture
def score(data_env, capsys):
    """Run `cam-atlas score` and return (table, stderr)."""

    def _run(*args: str) -> tuple[pd.DataFrame, str]:
        assert main(["score", *args]) == 0
        out = capsys.readouterr()
        return pd.read_csv(
            io.StringIO(out.out), comment="#", dtype={"method_version": str}
        ), out.err

    return _run


def test_default_dataset_every_unit_once_scored_first(score) -> None:
    from geodata.layers import units

    table, _ = score("--country", "KGZ", "--level", "1", "--year", "2022")
    assert sorted(table["code"]) == sorted(units("KGZ", 1)["code"])
    assert not table["synthetic"].any() and (table["dataset"] == "default").all()
    scored = table["status"].eq("scored")
    assert scored.any()
    assert scored.iloc[: scored.sum()].all()  # insufficient data only after all scored rows
    assert table.loc[scored, "score"].between(0, 1).all()
    assert table.loc[scored, "rank"].tolist() == sorted(table.loc[scored, "rank"])


def test_synthetic_demo_is_flagged_in_every_row_and_on_stderr(score) -> None:
    table, err = score(
        "--country", "KAZ", "--level", "2", "--year", "2023", "--dataset", "demo-synthetic"
    )
    assert len(table) == 224
    assert table["synthetic"].all() and (table["dataset"] == "demo-synthetic").all()
    assert "SYNTHETIC" in err
    assert (table["rank_p05"] <= table["rank_p95"]).all()
