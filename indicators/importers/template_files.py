"""The downloadable import template (``assets/templates/cam_atlas_template.csv`` and ``.xlsx``).

Both hold the template header and ONE example row, marked "EXAMPLE" in ``notes`` (the importer
refuses it, so an unedited template is never imported by mistake). The example is a real
published figure: the population of Abai region on 1 January 2023, 610,205 persons (BNS
dynamic table 6584). The XLSX adds sheets explaining the columns and listing the indicator ids.

Regenerate after changing the template columns or the catalogue::

    python -m indicators.importers.template_files assets/templates
"""

from __future__ import annotations

import csv
import io
import sys
from pathlib import Path
from typing import TYPE_CHECKING, cast

from indicators.importers.template import REQUIRED_COLUMNS, TEMPLATE_COLUMNS
from indicators.model import Qualifier, Status

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

FILE_STEM = "cam_atlas_template"
EXAMPLE: dict[str, str] = {
    "country": "KAZ",
    "region": "Абай",
    "indicator": "population_total",
    "year": "2023",
    "value": "610205",
    "period_start": "2023-01-01",
    "period_end": "2023-01-01",
    "unit": "persons",
    "source": "Bureau of National Statistics of Kazakhstan, dynamic table 6584",
    "source_url": "https://stat.gov.kz/api/iblock/element/6584/file/ru/",
    "notes": "EXAMPLE ROW - delete it before importing. Population on 1 January 2023.",
    "ci_low": "",
    "ci_high": "",
    "status": "official_table",
    "qualifier": "exact",
}
COLUMN_HELP: dict[str, str] = {
    "country": "KAZ or KGZ (also KZ/KG or the country's name).",
    "region": "An area code (KZ-10, KG-B, KG11000000000) or a name in English, Russian, Kazakh "
    "or Kyrgyz. Districts with a common name: add the region in brackets.",
    "indicator": "An indicator id from the 'indicators' sheet.",
    "year": "Reference year, 4 digits.",
    "value": "The figure as published. Decimal comma or point; spaces between thousands are "
    "fine. Write н/д, - or ... when there is no figure (the row is then skipped).",
    "period_start": "Optional. YYYY-MM-DD or DD.MM.YYYY; default 1 January of year.",
    "period_end": "Optional. Default 31 December of year; same as period_start for a one-day "
    "figure (population on 1 January).",
    "unit": "Optional. Must match the indicator's unit when given.",
    "source": "Who published the figure (publisher, table or article).",
    "source_url": "Link to the source.",
    "notes": "Optional. Wording, caveats.",
    "ci_low": "Optional. Lower bound of the confidence interval (surveys).",
    "ci_high": "Optional. Upper bound of the confidence interval.",
    "status": "Optional, default user_import. Others need a source: "
    + ", ".join(s.value for s in Status),
    "qualifier": "Optional, default exact: " + ", ".join(q.value for q in Qualifier),
}


def template_csv() -> bytes:
    """The CSV template: UTF-8 with BOM (Excel), comma-separated, header + example row."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(TEMPLATE_COLUMNS)
    writer.writerow([EXAMPLE[c] for c in TEMPLATE_COLUMNS])
    return buffer.getvalue().encode("utf-8-sig")


def template_xlsx() -> bytes:
    """The XLSX template: sheets ``data`` (header + example row), ``columns``, ``indicators``."""
    import openpyxl
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter

    from indicators.catalogue import catalogue

    workbook = openpyxl.Workbook()
    data = cast("Worksheet", workbook.active)  # a new workbook's one sheet
    data.title = "data"
    data.append(list(TEMPLATE_COLUMNS))
    data.append([_typed(c, EXAMPLE[c]) for c in TEMPLATE_COLUMNS])
    example_fill = PatternFill("solid", fgColor="FFF2CC")
    for cell in data[1]:
        cell.font = Font(bold=True)
        cell.number_format = "@"
    for cell in data[2]:
        cell.fill = example_fill
        cell.font = Font(italic=True)
    for index in range(1, len(TEMPLATE_COLUMNS) + 1):
        data.column_dimensions[get_column_letter(index)].width = 18
    data.freeze_panes = "A2"

    columns = workbook.create_sheet("columns")
    columns.append(["column", "required", "what to write"])
    for name in TEMPLATE_COLUMNS:
        columns.append([name, "yes" if name in REQUIRED_COLUMNS else "no", COLUMN_HELP[name]])
    columns.column_dimensions["C"].width = 110

    indicators = workbook.create_sheet("indicators")
    indicators.append(["indicator", "label (en)", "label (ru)", "unit"])
    for ident, indicator in catalogue().items():
        indicators.append([ident, indicator.label("en"), indicator.label("ru"), indicator.unit])
    for letter, width in zip("ABCD", (45, 60, 60, 30), strict=True):
        indicators.column_dimensions[letter].width = width
    for sheet in (columns, indicators):
        for cell in sheet[1]:
            cell.font = Font(bold=True)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def write_templates(directory: Path) -> list[Path]:
    """Write both template files into ``directory``; returns their paths."""
    directory.mkdir(parents=True, exist_ok=True)
    csv_path = directory / f"{FILE_STEM}.csv"
    xlsx_path = directory / f"{FILE_STEM}.xlsx"
    csv_path.write_bytes(template_csv())
    xlsx_path.write_bytes(template_xlsx())
    return [csv_path, xlsx_path]


def _typed(column: str, text: str) -> object:
    """Example cells as a person would type them in Excel: numbers as numbers."""
    if column in ("year", "value") and text:
        return int(text) if text.isdigit() else float(text)
    return text


if __name__ == "__main__":
    for written in write_templates(Path(sys.argv[1] if len(sys.argv) > 1 else "assets/templates")):
        print(written)
