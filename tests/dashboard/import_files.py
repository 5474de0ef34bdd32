"""Files for the Import page tests: a valid table, one with row errors, a zip bomb, a big CSV."""

from __future__ import annotations

import base64
import io
import zipfile
from pathlib import Path

HEADER = "country,region,indicator,year,value,source,source_url"
CITE = (
    "NSC via Kaktus.media,"
    "https://m.kaktus.media/doc/9627_kyrgyzstanda_407_mindey_adam_oto_jakyr_jashayt.html"
)


def valid_csv(value: str = "10.1") -> bytes:
    """One cited figure for Batken region (extreme poverty, 2021) and one for Osh region."""
    return (
        f"{HEADER}\nKGZ,Баткен облусу,extreme_poverty_pct,2021,{value},{CITE}\n"
        f"KGZ,Ош облусу,extreme_poverty_pct,2021,5.5,{CITE}\n"
    ).encode()


def row_errors_csv() -> bytes:
    """Row 2: an unknown region; row 3: a percentage over 100."""
    return (
        f"{HEADER}\nKGZ,Atlantis,extreme_poverty_pct,2021,10,{CITE}\n"
        f"KGZ,Batken,extreme_poverty_pct,2021,140,{CITE}\n"
    ).encode()


def zip_bomb() -> bytes:
    """An "xlsx" whose sheet unpacks ~600 times larger than it is stored (well under 1 MB)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        row = b'<row r="2"><c r="A2" t="inlineStr"><is><t>KGZ</t></is></c></row>'
        archive.writestr("xl/worksheets/sheet1.xml", b"<worksheet><sheetData>" + row * 300_000)
    return buffer.getvalue()


def big_csv(size: int) -> bytes:
    """A CSV of ``size`` bytes (valid header, repeated rows)."""
    line = f"KGZ,Batken,extreme_poverty_pct,2021,10,{CITE}\n".encode()
    body = HEADER.encode() + b"\n" + line * (size // len(line) + 1)
    return body[:size]


def data_url(data: bytes, kind: str = "text/csv") -> str:
    """What ``dcc.Upload`` sends: a base64 data URL."""
    return f"data:{kind};base64," + base64.b64encode(data).decode()


def write(directory: Path, name: str, data: bytes) -> Path:
    path = directory / name
    path.write_bytes(data)
    return path
