"""Problem texts in the page language: every kind a validator can emit has an English and a
Russian text using only its own params, and real bad files read in Russian on a Russian page
(numbers, areas and indicators written for the language; the CLI's English message kept)."""

from __future__ import annotations

import datetime as dt
import string
from pathlib import Path

import pytest
from import_files import CITE, HEADER, data_url

from dashboard.i18n import catalogue
from dashboard.import_page import problems, upload
from indicators.importers import FileProblems, Problem, ProblemKind
from indicators.importers.problems import PARAMS

REPO = Path(__file__).resolve().parents[2]
REGISTRIES = {
    REPO / "indicators" / "importers" / "problems.py",
    REPO / "dashboard" / "import_page" / "problems.py",
}


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_kind_has_an_english_and_a_russian_text_using_only_its_params():
    entries = catalogue("import")
    for kind in ProblemKind:
        entry = entries.get(f"problem.{kind.value}")
        assert entry and {"en", "ru"} <= set(entry), kind
        assert _fields(entry["en"]) <= PARAMS[kind], kind


def test_optional_parts_belong_to_a_kind_and_one_of_its_params():
    kinds = {k.value: k for k in ProblemKind}
    for key in catalogue("import"):
        if key.startswith("problem."):
            kind, _, param = key.removeprefix("problem.").partition(".")
            assert kind in kinds, key
            assert not param or param in PARAMS[kinds[kind]], key


def test_every_kind_is_emitted_by_some_validator_and_none_is_left_unused():
    sources = "\n".join(
        path.read_text(encoding="utf-8")
        for folder in ("indicators", "dashboard")
        for path in (REPO / folder).rglob("*.py")
        if path not in REGISTRIES
    )
    unused = [kind.name for kind in ProblemKind if f"ProblemKind.{kind.name}" not in sources]
    assert unused == []


def test_a_param_the_kind_does_not_know_is_refused_at_once():
    with pytest.raises(ValueError, match="size"):
        Problem("f.csv", 0, "", "too big", ProblemKind.TOO_BIG, {"size": 3})


def _check(data: bytes, name: str = "bad.csv") -> list[Problem]:
    checked = upload.check(data_url(data), name)
    assert not checked.ok
    return checked.problems


def _russian(data: bytes) -> list[problems.ProblemRow]:
    return problems.problem_rows(_check(data), "ru")


def _csv(*rows: str, header: str = HEADER) -> bytes:
    return ("\n".join([header, *rows]) + "\n").encode()


def test_mixed_encodings_are_explained_in_russian_with_the_line():
    data = (
        b"country;region;indicator;year;value\n"
        + "KGZ;Баткенская область;extreme_poverty_pct;2021;10,1\n".encode("cp1251")
        + "KGZ;Ош облусу;extreme_poverty_pct;2021;5,5\n".encode()
    )
    [row] = _russian(data)
    assert row.problem.startswith("Строка 3 записана в UTF-8, а остальные — в Windows-1251")
    assert "Сохранить как" in row.fix
    assert "line 3 is UTF-8" in row.message


def test_a_missing_column_is_explained_in_russian():
    rows = _russian(
        _csv("KGZ,Batken,extreme_poverty_pct,2021", header="country,region,indicator,year")
    )
    assert [r.column for r in rows] == ["value"]
    assert rows[0].problem.startswith("Нет обязательного столбца (в заголовке: country, region")
    assert rows[0].fix.startswith("Используйте в первой строке")


def test_an_ambiguous_number_shows_both_readings_written_the_russian_way():
    data = 'country,region,indicator,year,value\nKGZ,Batken,extreme_poverty_pct,2021,"1,234"\n'
    [row] = _russian(data.encode())
    assert row.problem.startswith("«1,234» можно прочитать двояко (1234 или 1,234?)")
    english = problems.problem_rows(_check(data.encode()), "en")[0].problem
    assert english.startswith("“1,234” is ambiguous (1234 or 1.234?)")


def test_a_duplicate_names_the_area_and_indicator_and_writes_values_for_the_language():
    data = _csv(
        f"KGZ,Batken,extreme_poverty_pct,2021,10.1,{CITE}",
        f"KGZ,Batken,extreme_poverty_pct,2021,12.5,{CITE}",
    )
    [row] = _russian(data)
    assert row.row == "3" and row.problem.startswith("Повтор строки 2 (Баткенская область (KG-B), ")
    assert "(extreme_poverty_pct), 2021) с другим значением: здесь 12,5, там 10,1" in row.problem
    assert row.fix.startswith("Оставьте одну строку")


def test_unknown_indicator_and_implausible_year_read_in_russian():
    data = _csv(
        f"KGZ,Batken,extreme_povert_pct,2021,10.1,{CITE}",
        f"KGZ,Batken,extreme_poverty_pct,1985,10.1,{CITE}",
    )
    rows = _russian(data)
    texts = {r.column: r.problem for r in rows}
    assert texts["indicator"].startswith("Неизвестный показатель «extreme_povert_pct»; ближайшие: ")
    assert "extreme_poverty_pct" in texts["indicator"]
    next_year = dt.date.today().year + 1
    assert texts["year"] == f"Год 1985 неправдоподобен (ожидается 1990–{next_year})"  # no "1 985"


def test_kazakh_and_kyrgyz_fall_back_to_russian_where_not_translated():
    problem = Problem("f.csv", 3, "", "line 3 ...", ProblemKind.ENCODING_MIXED, {"line": 3})
    russian = problems.problem_text(problem, "ru")
    assert problems.problem_text(problem, "kk") == russian == problems.problem_text(problem, "ky")
    empty = Problem("f.csv", 0, "", "the file is empty", ProblemKind.FILE_EMPTY)
    assert problems.problem_text(empty, "kk") == "Файл бос"


def test_numbers_are_written_for_the_language_but_years_and_rows_are_not_grouped():
    assert problems.param_text("value", 12345.5, "ru") == "12\u00a0345,5"
    assert problems.param_text("value", 12345.5, "en") == "12,345.5"
    assert problems.param_text("year", 2023, "ru") == "2023"
    assert problems.param_text("first_row", 12001, "ru") == "12001"
    assert problems.param_text("encodings", ("utf-8", "cp1251"), "ru") == "utf-8, cp1251"
    assert problems.param_text("country", "KAZ", "ru") == "Казахстан"
    assert problems.param_text("catalogue_unit", "persons", "ru") == "человек"
    assert problems.param_text("candidates", ("NOT-A-CODE",), "ru") == "NOT-A-CODE"


def test_a_refused_publish_says_why_in_the_page_language():
    refused = FileProblems(_check(_csv(f"KGZ,Atlantis,extreme_poverty_pct,2021,10,{CITE}")))
    reason = problems.refusal_reason(refused, "bad.csv", "ru")
    assert reason.startswith("Строка 2: Неизвестный регион «Atlantis» (Кыргызстан)")
    busy = upload.ServerBusy("x.csv: busy", ProblemKind.SERVER_BUSY)
    assert problems.refusal_reason(busy, "x.csv", "ru").startswith("Сервер сейчас читает")
