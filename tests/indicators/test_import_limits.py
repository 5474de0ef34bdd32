"""Hostile import files through the ``cam-atlas`` CLI (issue #13, items 4, 5, 7, 10).

Each file is refused (or read) in bounded memory: the CLI runs as a child process and its peak
resident memory (its own ``VmHWM``, written at exit) must stay under ``CLI_MEMORY_MB`` (a 1.5 MB zip
bomb used to take 3.8 GB, a 200 MB CSV 8.4 GB). A dataset stored before every attempt is still
there, unchanged, afterwards, and no other directory appears in the store.
"""

from __future__ import annotations

import io
import subprocess
import sys
import threading
import zipfile
from pathlib import Path

import openpyxl
import pytest

from indicators.importers.limits import ImportLimits, check_upload, file_warnings
from indicators.importers.problems import FileProblems

# Runs ``cam-atlas ARGS`` and writes the process's own peak RSS (VmHWM, kB) to PEAK_FILE at exit.
# ``ru_maxrss`` from ``wait4`` is not used: Linux carries the high-water mark of the memory the
# child was forked from across exec, so it reported the size of the (large) pytest process.
PEAK_WRAPPER = """
import atexit, sys
from pathlib import Path
peak_file, args = sys.argv[1], sys.argv[2:]
def write_peak():
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            Path(peak_file).write_text(line.split()[1])
atexit.register(write_peak)
from dashboard.cli import main
sys.exit(main(args))
"""
CLI_TIMEOUT_S = 120  # the 270 KB sniffer line took 24 s; the 1 MB one below would take minutes
CLI_MEMORY_MB = 600  # the CLI with pandas, geopandas and openpyxl loaded is ~250-350 MB
HEADER = "country,region,indicator,year,value,source"
GOOD = "KGZ,Баткен облусу,extreme_poverty_pct,2021,10.1,NSC via Kaktus.media"


@pytest.fixture
def data_dir(data_env, tmp_path) -> Path:
    """A data dir reusing the prepared boundaries, with one dataset ``kept`` already stored."""
    from geodata.settings import data_dir as prepared

    root = tmp_path / "data"
    root.mkdir()
    for name in ("raw", "build"):
        (root / name).symlink_to(prepared() / name, target_is_directory=True)
    good = tmp_path / "good.csv"
    good.write_text(f"{HEADER}\n{GOOD}\n", encoding="utf-8")
    code, out, _ = peak_cli(root, data_env, "import", "--dataset", "kept", str(good))
    assert code == 0, out
    return root


def peak_cli(data: Path, env: dict[str, str], *args: str) -> tuple[int, str, float]:
    """Run ``cam-atlas ARGS`` and return exit status, output (stdout + stderr), peak RSS (MB)."""
    log = data / "cli-output.txt"
    peak_file = data / "cli-peak-kb.txt"
    with log.open("wb") as sink:
        proc = subprocess.Popen(
            [sys.executable, "-c", PEAK_WRAPPER, str(peak_file), *args],
            env={**env, "CAM_ATLAS_DATA_DIR": str(data)},
            stdout=sink,
            stderr=sink,
        )
        watchdog = threading.Timer(CLI_TIMEOUT_S, proc.kill)  # a functional bound only
        watchdog.start()
        code = proc.wait()
        watchdog.cancel()
    text = log.read_text(encoding="utf-8", errors="replace")
    log.unlink()
    peak_kb = float(peak_file.read_text()) if peak_file.exists() else float("inf")
    peak_file.unlink(missing_ok=True)
    return code, text, peak_kb / 1024


def store_listing(data: Path) -> list[str]:
    """Every path in the dataset store, with file sizes (to see that nothing changed)."""
    root = data / "datasets"
    return sorted(
        f"{p.relative_to(root)} {p.stat().st_size if p.is_file() else ''}" for p in root.rglob("*")
    )


def xlsx_with_sheet_xml(path: Path, sheet_xml_chunks, repeat: int) -> Path:
    """A workbook (from openpyxl) whose first sheet's XML is replaced by streamed chunks."""
    book = openpyxl.Workbook()
    book.active.append(HEADER.split(","))
    buffer = io.BytesIO()
    book.save(buffer)
    with (
        zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as source,
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for item in source.infolist():
            if item.filename == "xl/worksheets/sheet1.xml":
                with target.open(item.filename, "w") as stream:
                    head, body, tail = sheet_xml_chunks
                    stream.write(head)
                    for _ in range(repeat):
                        stream.write(body)
                    stream.write(tail)
            else:
                target.writestr(item, source.read(item.filename))
    return path


SHEET_HEAD = (
    b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns='
    b'"http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
)
SHEET_TAIL = b"</sheetData></worksheet>"


@pytest.mark.parametrize("command", ["validate", "import"])
def test_an_xlsx_zip_bomb_is_refused_in_bounded_memory(data_dir, data_env, tmp_path, command):
    # 1,000,000 rows of the same cell: 60 MB of XML that deflates to well under 1 MB.
    row = b'<row r="2"><c r="A2" t="inlineStr"><is><t>KGZ</t></is></c></row>'
    bomb = xlsx_with_sheet_xml(tmp_path / "bomb.xlsx", (SHEET_HEAD, row, SHEET_TAIL), 1_000_000)
    assert bomb.stat().st_size < 1_000_000
    before = store_listing(data_dir)
    args = (
        (command, "--dataset", "bomb", str(bomb)) if command == "import" else (command, str(bomb))
    )
    code, out, peak = peak_cli(data_dir, data_env, *args)
    assert code == 1, out
    assert "zip bomb" in out and "bomb.xlsx" in out
    assert peak < CLI_MEMORY_MB
    assert store_listing(data_dir) == before


def test_a_csv_over_the_size_limit_is_refused_in_bounded_memory(data_dir, data_env, tmp_path):
    big = tmp_path / "big.csv"
    line = (GOOD + "\n").encode()
    with big.open("wb") as stream:
        stream.write((HEADER + "\n").encode())
        stream.write(line * (ImportLimits().max_bytes // len(line) + 1000))
    before = store_listing(data_dir)
    code, out, peak = peak_cli(data_dir, data_env, "import", "--dataset", "big", str(big))
    assert code == 1 and "at most 20 MB" in out and "nothing was stored" in out
    assert peak < CLI_MEMORY_MB
    assert store_listing(data_dir) == before


def test_a_csv_with_too_many_lines_is_refused(data_dir, data_env, tmp_path):
    many = tmp_path / "many.csv"
    many.write_text(HEADER + "\n" + "K,R,I,2021,1,S\n" * 250_000, encoding="utf-8")
    before = store_listing(data_dir)
    code, out, peak = peak_cli(data_dir, data_env, "import", "--dataset", "many", str(many))
    assert code == 1 and "more than 200,000 lines" in out
    assert peak < CLI_MEMORY_MB
    assert store_listing(data_dir) == before


def test_a_very_long_first_line_is_refused_before_parsing(data_dir, data_env, tmp_path):
    # A 1 MB header of 250,000 short columns: csv.Sniffer on the whole line would take minutes
    # (24 s for 270 KB) and mapping 250,000 columns lists as many problems.
    wide = tmp_path / "wide.csv"
    wide.write_text(HEADER + ",x" * 250_000 + "\n" + GOOD + "\n", encoding="utf-8")
    code, out, peak = peak_cli(data_dir, data_env, "validate", str(wide))
    assert code == 1 and "first line is longer than 65,536 bytes" in out, out
    assert peak < CLI_MEMORY_MB


def test_the_delimiter_is_sniffed_from_a_bounded_prefix(monkeypatch):
    import csv

    from indicators.importers import readers

    seen: list[int] = []
    original = csv.Sniffer.sniff

    def recording(self, sample, delimiters=None):
        seen.append(len(sample))
        return original(self, sample, delimiters)

    monkeypatch.setattr(csv.Sniffer, "sniff", recording)
    line = "country;region;indicator" + ";x" * 100_000  # 200 KB, under the file-level bound
    assert readers.sniff_delimiter(line) == ";"
    assert seen == [readers.SNIFF_CHARS]


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (
            (HEADER + "\n").encode()
            + "KGZ,Баткен облусу,extreme_poverty_pct,2021,10.1,NSC\n".encode()
            + "KGZ,Ошская область,extreme_poverty_pct,2021,9.1,НСК\n".encode("cp1251"),
            "mixed encodings",
        ),
        (
            (HEADER + "\n" + "KGZ,Osh Region,extreme_poverty_pct,2021,9.1,Café survey\n").encode(
                "latin-1"
            ),
            "Latin-1",
        ),
    ],
    ids=["utf8-and-cp1251", "latin1"],
)
def test_garbled_text_is_refused_not_stored(data_dir, data_env, tmp_path, content, expected):
    source = tmp_path / "garbled.csv"
    source.write_bytes(content)
    before = store_listing(data_dir)
    code, out, _ = peak_cli(data_dir, data_env, "import", "--dataset", "garbled", str(source))
    assert code != 0, out
    assert expected in out and "garbled.csv: line 2" in out and "CSV UTF-8" in out
    assert store_listing(data_dir) == before


def test_windows_1251_alone_still_imports(data_dir, data_env, tmp_path):
    source = tmp_path / "ru.csv"
    source.write_bytes(
        (HEADER + "\nKGZ,Ошская область,extreme_poverty_pct,2021,9.1,НСК\n").encode("cp1251")
    )
    code, out, _ = peak_cli(data_dir, data_env, "import", "--dataset", "ru", str(source))
    assert code == 0, out


def test_a_cached_value_from_another_workbook_is_warned(data_dir, data_env, tmp_path):
    book = openpyxl.Workbook()
    book.active.append(HEADER.split(","))
    book.active.append(GOOD.split(","))
    path = tmp_path / "linked.xlsx"
    book.save(path)
    with zipfile.ZipFile(path, "a") as archive:  # the parts Excel writes for an external link
        archive.writestr(
            "xl/externalLinks/_rels/externalLink1.xml.rels",
            '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/'
            'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.'
            'openxmlformats.org/officeDocument/2006/relationships/externalLinkPath" '
            'Target="file:///C:/stats/other.xlsx" TargetMode="External"/></Relationships>',
        )
    code, out, _ = peak_cli(data_dir, data_env, "import", "--dataset", "linked", str(path))
    assert code == 0, out
    assert "warning:" in out and "file:///C:/stats/other.xlsx" in out


def test_datasets_for_an_unknown_name_fails_clearly(data_dir, data_env):
    code, out, _ = peak_cli(data_dir, data_env, "datasets", "nosuch")
    assert code != 0 and "no dataset named 'nosuch'" in out
    code, out, _ = peak_cli(data_dir, data_env, "datasets", "kept")
    assert code == 0 and "kept@1" in out


def test_check_upload_counts_cells_of_an_ordinary_workbook(tmp_path):
    book = openpyxl.Workbook()
    for i in range(300):
        book.active.append(["KGZ", "Osh", "x", 2021, i, "src"])
    path = tmp_path / "cells.xlsx"
    book.save(path)
    assert check_upload(path, "cells.xlsx") == []
    small = ImportLimits(max_cells=1000)
    (problem,) = check_upload(path, "cells.xlsx", small)
    assert "1,000 cells" in problem.message and problem.file == "cells.xlsx"
    assert check_upload(path.read_bytes(), "upload.xlsx", small)[0].file == "upload.xlsx"


def test_check_upload_bounds_bytes_for_a_browser_upload():
    data = b"country,region\n" + b"a,b\n" * 10
    assert check_upload(data, "up.csv") == []
    (problem,) = check_upload(data, "up.csv", ImportLimits(max_bytes=20))
    assert "at most" in problem.message
    with pytest.raises(FileProblems):
        from indicators.importers.limits import require_upload_ok

        require_upload_ok(data, "up.csv", ImportLimits(max_bytes=20))
    assert file_warnings(data, "up.csv") == []
