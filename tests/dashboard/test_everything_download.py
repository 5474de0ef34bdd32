"""The whole-dataset CSV (``dashboard.components.everything``) through the WSGI app."""

from __future__ import annotations

import csv
import gzip
import io

import pytest

from dashboard.components.everything import url


@pytest.fixture(scope="module")
def client(data_env):
    from dashboard.app import server

    return server.test_client()


def rows_of(content: bytes) -> list[dict]:
    assert content.startswith(b"\xef\xbb\xbf")  # spreadsheets read it as UTF-8
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))


def test_every_observation_with_provenance_as_the_cli_writes_it(client, tmp_path):
    from indicators.dataset import load_dataset
    from indicators.export_all import COLUMNS, all_observations, write_csv

    response = client.get(url("default"))
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"] == (
        'attachment; filename="cam-atlas_default_all-observations.csv"'
    )
    expected = all_observations(load_dataset())
    write_csv(expected, tmp_path / "cli.csv")  # what `cam-atlas export --all` writes
    assert response.data == (tmp_path / "cli.csv").read_bytes()
    rows = rows_of(response.data)
    assert list(rows[0]) == list(COLUMNS) and len(rows) == len(expected)
    flagged = [r for r in rows if r["implausible"] == "yes"]
    assert {"861.0", "855.0"} <= {r["value"] for r in flagged}
    assert all(r["publisher"] for r in rows if r["source_id"])


def test_the_synthetic_demo_says_so_in_the_name_and_every_row(client):
    response = client.get(url("demo-synthetic"))
    assert (
        'filename="SYNTHETIC_cam-atlas_demo-synthetic_all-observations.csv"'
        in (response.headers["Content-Disposition"])
    )
    rows = rows_of(response.data)
    assert rows and {r["status"] for r in rows} == {"synthetic"}


def test_cached_by_version_and_gzipped(client):
    first = client.get(url("demo-synthetic"), headers={"Accept-Encoding": "gzip"})
    assert first.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(first.data).startswith(b"\xef\xbb\xbf")
    etag = first.headers["ETag"]
    again = client.get(
        url("demo-synthetic"), headers={"Accept-Encoding": "gzip", "If-None-Match": etag}
    )
    assert again.status_code == 304


@pytest.mark.parametrize("name", ["no-such-dataset", "Default", "..%2Fsecret", "default%0A"])
def test_unknown_or_malformed_names_are_404(client, name):
    assert client.get(f"/downloads/all/{name}.csv").status_code == 404
