"""Import page logic: the CLI's validation and limits on an upload, problems with row, column,
text and fix in the page language, the preview, publishing only for a signed-in publisher, and
the request body cap raised for the upload callbacks only (problem texts of every kind:
test_import_problems.py)."""

from __future__ import annotations

import json

import pytest
from import_files import big_csv, data_url, row_errors_csv, valid_csv, zip_bomb

from dashboard.import_page import limits, problems, upload, view
from dashboard.import_page.callbacks import pid
from indicators.importers import Problem, ProblemKind


@pytest.fixture
def store_dir(tmp_path, monkeypatch):
    """An empty file store; no database."""
    monkeypatch.setenv("CAM_ATLAS_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("CAM_ATLAS_DATABASE_URL", raising=False)
    return tmp_path / "datasets"


def test_a_valid_upload_gives_its_observations_and_a_preview_map():
    checked = upload.check(data_url(valid_csv()), "officer.csv")
    assert checked.ok and checked.problems == []
    assert sorted(checked.observations["area_code"]) == ["KG-B", "KG-O"]
    choices = view.preview_choices(checked.observations)
    assert [c.value for c in choices] == ["extreme_poverty_pct|2021|KGZ|1"]
    figure = view.preview_map(checked.observations, choices[0], "en")
    assert sorted(figure.data[0].locations) == ["KG-B", "KG-O"]
    assert view.PreviewChoice.parse(choices[0].value) == choices[0]
    rows = view.preview_rows(checked.observations, "ru")
    assert {r["value"] for r in rows} == {"10,1", "5,5"}


def test_row_errors_are_listed_with_row_column_and_a_fix_in_the_language():
    checked = upload.check(data_url(row_errors_csv()), "bad.csv")
    assert not checked.ok
    rows = problems.problem_rows(checked.problems, "ru")
    assert [(r.row, r.column) for r in rows] == [("2", "region"), ("3", "value")]
    assert rows[0].problem.startswith("Неизвестный регион «Atlantis» (Кыргызстан)")
    assert "области или района" in rows[0].fix
    assert rows[1].problem == "Процент 140 вне диапазона 0–100" and "процент" in rows[1].fix
    assert rows[1].message == "percentage 140 is outside 0-100"  # the CLI's text, kept
    english = problems.problem_rows(checked.problems, "en")
    assert english[1].problem == "Percentage 140 is outside 0–100"
    assert english[1].fix.startswith("Check the figure")


def test_a_zip_bomb_is_refused_before_parsing():
    checked = upload.check(data_url(zip_bomb(), "application/zip"), "bomb.xlsx")
    assert [p.row for p in checked.problems] == [0]
    assert "zip bomb" in checked.problems[0].message
    assert checked.problems[0].kind is ProblemKind.ZIP_BOMB
    fix = problems.problem_rows(checked.problems, "en")[0].fix
    assert "unpacks" in fix
    russian = problems.problem_rows(checked.problems, "ru")[0]
    assert "zip-бомба" in russian.problem and "xl/worksheets/sheet1.xml" in russian.problem


def test_an_upload_over_the_limit_is_refused_before_decoding(monkeypatch):
    monkeypatch.setenv("CAM_ATLAS_MAX_UPLOAD_BYTES", "1000000")
    checked = upload.check(data_url(big_csv(1_200_000)), "big.csv")
    assert "at most 1 MB" in checked.problems[0].message
    text = problems.problem_text(checked.problems[0], "ru")
    assert text == "Размер файла — 1,2 МБ; импортировать можно не более 1 МБ"
    assert upload.max_callback_body_bytes() == 4 * 333_334 + upload.BODY_SLACK_BYTES


@pytest.mark.parametrize(
    ("contents", "name", "expected", "russian"),
    [
        ("data:text/csv;base64,@@@", "x.csv", "damaged", "Загруженный файл повреждён"),
        ("not a data url", "x.csv", "did not send", "Браузер не передал"),
        (data_url(b"a,b\n"), "x.exe", "only CSV or XLSX", "только таблицы CSV или XLSX"),
    ],
)
def test_unreadable_uploads_say_why(contents, name, expected, russian):
    checked = upload.check(contents, name)
    assert expected in checked.problems[0].message
    assert russian in problems.problem_text(checked.problems[0], "ru")


def test_problem_messages_name_the_upload_not_the_temporary_copy():
    message = upload._without_paths("/tmp/cam-upload-abc123/x.csv: cannot decode", "x.csv")
    assert message == "x.csv: cannot decode"
    assert upload.safe_file_name("../../etc/pass wd?.csv") == "pass wd_.csv"


def test_publish_stores_a_new_version_and_refuses_a_table_with_errors(store_dir):
    first = upload.publish(data_url(valid_csv()), "officer.csv", "officer", "", "aigul")
    second = upload.publish(data_url(valid_csv("12.5")), "officer.csv", "officer", "T", "bakyt")
    assert (first.version, second.version, second.publisher) == (1, 2, "bakyt")
    before = sorted(p.name for p in (store_dir / "officer").iterdir())
    with pytest.raises(Exception, match="Atlantis"):
        upload.publish(data_url(row_errors_csv()), "bad.csv", "officer", "", "aigul")
    assert sorted(p.name for p in (store_dir / "officer").iterdir()) == before


def test_fix_texts_exist_for_every_column_and_kind_in_every_required_language():
    from dashboard.i18n import catalogue

    entries = catalogue("import")
    for fix in [*problems.FIX_COLUMNS, *problems.FIX_BY_KIND.values(), "other", "file"]:
        assert {"en", "ru"} <= set(entries[f"fix.{fix}"]), fix
    message = "the file is 30.0 MB; at most 20 MB can be imported"
    whole = Problem("f.csv", 0, "", message, ProblemKind.TOO_BIG, {"size_mb": 30.0, "max_mb": 20})
    assert problems.fix_text(whole, "ru").startswith("Разделите")


# --- the request body cap ---------------------------------------------------------------------


def test_the_output_is_read_from_the_head_of_a_callback_body():
    assert limits.upload_output(b'{"output":"..a.b...c\\"d.e..","outputs":[]}') == '..a.b...c"d.e..'
    assert limits.upload_output(b'{"inputs":[],"output":"x"}') is None


@pytest.fixture(scope="module")
def client():
    from dashboard.app import app

    return app, app.server.test_client()


def _check_body(app, contents: str) -> bytes:
    """The body dash-renderer sends for the upload check callback."""
    output = next(k for k in limits.upload_outputs(limits._callbacks(app)) if "import-checked" in k)
    spec = limits._callbacks(app)[output]
    outputs = [
        {"id": json.loads(i) if i.startswith("{") else i, "property": p.split("@")[0]}
        for i, p in (part.rsplit(".", 1) for part in output.strip(".").split("..."))
    ]
    body = {
        "output": output,
        "outputs": outputs,
        "inputs": [{"id": pid("upload"), "property": "contents", "value": contents}],
        "changedPropIds": [json.dumps(pid("upload"), separators=(",", ":")) + ".contents"],
        "state": [
            {"id": pid("upload"), "property": "filename", "value": "officer.csv"},
            {"id": pid("lang"), "property": "data", "value": "en"},
        ],
    }
    assert len(spec["state"]) == 2
    return json.dumps(body, separators=(",", ":")).encode()


def test_the_upload_callback_may_carry_a_file_over_the_general_body_cap(client):
    app, http = client
    # A valid table grown past the general 1 MiB cap by identical repeats (kept once).
    repeat = valid_csv().split(b"\n", 1)[1]
    body = _check_body(app, data_url(valid_csv() + repeat * 8_000))
    assert len(body) > 1024 * 1024
    reply = http.post("/_dash-update-component", data=body, content_type="application/json")
    assert reply.status_code == 200, reply.get_data(as_text=True)[:300]
    assert "cam-import-valid" in reply.get_data(as_text=True)


def test_other_callbacks_keep_the_general_cap_and_uploads_the_upload_limit(client):
    app, http = client
    body = _check_body(app, data_url(b"x"))
    other = body.replace(b'"output":"..import-result', b'"output":"..other', 1)
    big = other + b" " * (1024 * 1024)
    reply = http.post("/_dash-update-component", data=big, content_type="application/json")
    assert reply.status_code == 413
    huge = body[:-1] + b" " * upload.max_callback_body_bytes() + b"}"
    reply = http.post("/_dash-update-component", data=huge, content_type="application/json")
    assert reply.status_code == 413


def test_one_big_file_at_a_time_per_process(monkeypatch):
    monkeypatch.setattr(upload, "BIG_FILE_WAIT_S", 0.01)
    big = valid_csv() + valid_csv().split(b"\n", 1)[1] * 20_000  # > 1 MB of identical repeats
    assert len(big) > upload.BIG_FILE_BYTES
    with upload.temporary_copy(big, "first.csv"):
        checked = upload.check(data_url(big), "second.csv")
    assert "reading another large file" in checked.problems[0].message
    assert problems.fix_text(checked.problems[0], "ru").startswith("Подождите минуту")
    assert upload.check(data_url(valid_csv()), "small.csv").ok  # small files never wait
    assert upload.check(data_url(big), "second.csv").ok  # the slot is free again
