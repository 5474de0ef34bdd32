"""``cam-atlas validate / import / export / datasets``: exit codes, messages, never a traceback."""

from __future__ import annotations

import zipfile
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dashboard.cli import main
from indicators import store as store_module

SHARED = Path(__file__).resolve().parents[3] / "shared" / "indicator-sources"
BNS_XLSX = SHARED / "native-formats" / "bns_6584_population_by_region.xlsx"
HEADER = "country,region,indicator,year,value,source"
# NSC extreme poverty 2021 via Kaktus.media (real published figures).
GOOD = [
    "KGZ,Баткен облусу,extreme_poverty_pct,2021,10.1,NSC via Kaktus.media",
    "KGZ,Бишкек шаары,extreme_poverty_pct,2021,9.5,NSC via Kaktus.media",
]


@pytest.fixture(autouse=True)
def datasets_root(data_env, tmp_path, monkeypatch) -> Path:
    """Every test gets its own empty dataset store."""
    root = tmp_path / "store"
    monkeypatch.setattr(store_module, "default_root", lambda: root)
    return root


def csv_file(tmp_path: Path, lines: list[str], name: str = "officer.csv") -> Path:
    path = tmp_path / name
    path.write_text("\n".join([HEADER, *lines]) + "\n", encoding="utf-8")
    return path


def run(capsys, *argv: str) -> tuple[int, str, str]:
    """Exit code, stdout and stderr of ``cam-atlas ARGV``."""
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


def test_validate_clean_file(capsys, tmp_path):
    code, out, _ = run(capsys, "validate", csv_file(tmp_path, GOOD))
    assert code == 0
    assert out.strip().endswith("OK (template format, 2 observations)")


def test_validate_reports_every_problem_and_exits_1(capsys, tmp_path):
    path = csv_file(
        tmp_path,
        [
            "KGZ,Чуйкая,extreme_poverty_pct,2021,10.1,x",
            "KGZ,Бишкек,extreme_poverty,2021,9.5,x",
            "KGZ,Бишкек,extreme_poverty_pct,2021,abc,x",
        ],
    )
    code, out, _ = run(capsys, "validate", path)
    lines = out.strip().splitlines()
    assert code == 1
    assert lines[0].startswith(f"{path}:2: region: unknown region 'Чуйкая'")
    assert "Chui Region (KG-C)" in lines[0]
    assert lines[1].startswith(f"{path}:3: indicator: unknown indicator 'extreme_poverty'")
    assert lines[2] == f"{path}:4: value: not a number: 'abc' is not a number"
    assert lines[3] == f"{path}: 3 problems (template format)"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\x00\x01binary\x00", "binary file"),
        (b"PK\x03\x04broken zip", "damaged zip"),
        (b"\xd0\xcf\x11\xe0" + b"\0" * 64, "XLS files are not supported"),
    ],
)
def test_unreadable_files_exit_2_with_a_message(capsys, tmp_path, content, message):
    path = tmp_path / "bad.xlsx"
    path.write_bytes(content)
    code, out, err = run(capsys, "validate", path)
    assert code == 2 and out == ""
    assert err.startswith("cam-atlas: error: ") and message in err and str(path) in err


def test_a_workbook_with_broken_xml_is_a_user_error(capsys, tmp_path):
    workbook = openpyxl.Workbook()
    workbook.active.append(["country", "region", "indicator", "year", "value"])
    good = tmp_path / "good.xlsx"
    workbook.save(good)
    broken = tmp_path / "broken.xlsx"
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(broken, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data[: len(data) // 2]  # truncated XML
            target.writestr(item, data)
    code, _, err = run(capsys, "import", broken, "--dataset", "x")
    assert code == 2 and "broken.xlsx" in err


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(st.binary(max_size=400))
def test_random_bytes_never_crash(capsys, tmp_path, content):
    path = tmp_path / "fuzz.csv"
    path.write_bytes(content)
    code, _, _ = run(capsys, "validate", path)
    assert code in (1, 2)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(st.lists(st.text(max_size=12), min_size=1, max_size=7), st.sampled_from([",", ";", "\t"]))
def test_random_rows_under_a_valid_header_never_crash(capsys, tmp_path, cells, delimiter):
    path = tmp_path / "fuzz.csv"
    header = delimiter.join(["country", "region", "indicator", "year", "value"])
    path.write_text(header + "\n" + delimiter.join(cells) + "\n", encoding="utf-8")
    code, _, _ = run(capsys, "validate", path)
    assert code in (0, 1, 2)


def test_import_stores_versions_and_a_bad_file_stores_nothing(capsys, tmp_path, datasets_root):
    code, out, _ = run(capsys, "import", csv_file(tmp_path, GOOD), "--dataset", "poverty")
    assert code == 0 and "stored dataset 'poverty' version 1: 2 observations" in out
    code, out, _ = run(
        capsys, "import", csv_file(tmp_path, GOOD[:1], "a.csv"), "--dataset", "poverty"
    )
    assert code == 0 and "version 2" in out
    before = sorted(datasets_root.rglob("*"))
    bad = csv_file(tmp_path, ["KGZ,Бишкек,extreme_poverty_pct,2021,250,x"], "bad.csv")
    code, out, _ = run(capsys, "import", bad, "--dataset", "poverty")
    assert code == 1
    assert out.strip().splitlines()[-1] == f"{bad}: 1 problem; nothing was stored"
    assert sorted(datasets_root.rglob("*")) == before
    code, out, _ = run(capsys, "datasets", "poverty")
    assert code == 0 and [line.split()[0] for line in out.splitlines()] == [
        "poverty@1",
        "poverty@2",
    ]


def test_import_of_the_bns_file_just_works(capsys):
    if not BNS_XLSX.is_file():
        pytest.skip("BNS fixture not available")
    code, out, _ = run(capsys, "import", BNS_XLSX, "--dataset", "bns")
    assert code == 0 and "1263 observations" in out and "(bns format)" in out


def test_bad_dataset_names_exit_2(capsys, tmp_path):
    code, _, err = run(capsys, "import", csv_file(tmp_path, GOOD), "--dataset", "../../etc")
    assert code == 2 and "not allowed" in err


def test_export_from_a_stored_dataset(capsys, tmp_path):
    run(capsys, "import", csv_file(tmp_path, GOOD), "--dataset", "poverty")
    out_path = tmp_path / "poverty.xlsx"
    code, out, _ = run(
        capsys,
        "export",
        "--indicator",
        "extreme_poverty_pct",
        "--dataset",
        "poverty@1",
        "--year",
        "2021",
        "--level",
        "1",
        "-o",
        out_path,
    )
    assert code == 0 and out.strip() == f"wrote 2 rows (xlsx) to {out_path}"
    assert openpyxl.load_workbook(out_path).sheetnames == ["data", "README"]
    geojson = tmp_path / "poverty.json"
    code, out, _ = run(
        capsys,
        "export",
        "--indicator",
        "extreme_poverty_pct",
        "--dataset",
        "poverty",
        "--level",
        "1",
        "--format",
        "geojson",
        "-o",
        geojson,
    )
    assert code == 0 and geojson.stat().st_size > 1000


def test_export_of_the_default_dataset_as_csv(capsys, tmp_path):
    out_path = tmp_path / "pov.csv"
    code, out, _ = run(
        capsys,
        "export",
        "--indicator",
        "extreme_poverty_pct",
        "--country",
        "kgz",
        "--year",
        "2021",
        "-o",
        out_path,
    )
    # 2021 is in the transcribed NSC table and on the NSC SDG platform: both rows are exported.
    assert out.startswith("wrote 20 rows (csv)")
    assert code == 0 and out_path.read_bytes().startswith(b"\xef\xbb\xbfcountry,level")


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--indicator", "nope", "-o", "{tmp}/x.csv"], "unknown indicator 'nope'"),
        (["--indicator", "extreme_poverty_pct", "--year", "1999", "-o", "{tmp}/x.csv"], "nothing"),
        (["--indicator", "extreme_poverty_pct", "-o", "{tmp}/x.pdf"], "add --format"),
        (["--indicator", "extreme_poverty_pct", "-o", "{tmp}/no/such/x.csv"], "does not exist"),
        (
            ["--indicator", "extreme_poverty_pct", "--dataset", "ghost", "-o", "{tmp}/x.csv"],
            "ghost",
        ),
    ],
)
def test_export_errors_exit_2(capsys, tmp_path, argv, message):
    argv = [a.replace("{tmp}", str(tmp_path)) for a in argv]
    code, _, err = run(capsys, "export", *argv)
    assert code == 2 and message in err


def test_datasets_lists_builtins_and_stored(capsys, tmp_path):
    code, out, _ = run(capsys, "datasets")
    assert code == 0 and "default" in out and "no imported datasets" in out
    run(capsys, "import", csv_file(tmp_path, GOOD), "--dataset", "poverty")
    code, out, _ = run(capsys, "datasets")
    assert "poverty  latest version 1  2 rows  from officer.csv" in out
