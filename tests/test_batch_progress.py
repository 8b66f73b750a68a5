"""Batch progress: the share of the input read (bytes of its files), the rate and the time left,
on standard error only."""

from __future__ import annotations

import json
import pathlib

import pytest

from pocapace.cli.batch import _Progress, progress_line
from pocapace.engine.tools.batch.inputsize import InputSize
from pocapace.engine.tools.batch.readers import read_records
from pocapace.engine.tools.batch.run import Summary

EXPORTS = pathlib.Path(__file__).resolve().parents[1] / "cases" / "exports"
CASE = {"regime": "pace-s63b", "at": "2026-03-14T10:20:00",
        "offences": [{"offence": "theft", "stage": "arrested"}]}


def jsonl(folder: pathlib.Path) -> pathlib.Path:
    path = folder / "in.jsonl"
    path.write_text("".join(json.dumps({**CASE, "id": str(n)}) + "\n" for n in range(300)))
    return path


def yaml_file(folder: pathlib.Path) -> pathlib.Path:
    path = folder / "in.yaml"
    path.write_text("".join(f"---\nid: '{n}'\nregime: pace-s63b\n" for n in range(300)))
    return path


def case_folder(folder: pathlib.Path) -> pathlib.Path:
    (folder / "cases").mkdir()
    for n in range(5):
        (folder / "cases" / f"{n}.json").write_text(json.dumps({**CASE, "id": str(n)}))
    return folder / "cases"


@pytest.mark.parametrize("make", [jsonl, yaml_file, case_folder, lambda _: EXPORTS / "sample.csv"])
def test_bytes_read_grow_to_the_size_of_the_input(tmp_path, make):
    path = make(tmp_path)
    size = InputSize()
    seen = [size.read() for _ in read_records(str(path), size=size)]
    expected = sum(p.stat().st_size for p in path.rglob("*")) if path.is_dir() else \
        path.stat().st_size
    assert size.total == expected
    assert seen and all(0 < r <= expected for r in seen) and seen == sorted(seen)
    assert size.read() == expected


def test_standard_input_has_no_known_size():
    assert InputSize().read() is None


def test_progress_with_a_known_size_shows_share_rate_and_time_left():
    line = progress_line(Summary(total=50, seconds=10.0, input_total=4000, input_read=1000))
    assert "50 records" in line and "25% of 4,000 bytes" in line
    assert "5/s" in line and "30 s left" in line and "errors 0" in line


def test_progress_of_a_large_input_gives_megabytes_and_minutes():
    line = progress_line(Summary(total=9, seconds=90.0, input_total=30 * 2**20,
                                 input_read=10 * 2**20))
    assert "33% of 30.0 MB" in line and "3 min 00 s left" in line


def test_progress_without_a_known_size_shows_no_share_or_time_left():
    line = progress_line(Summary(total=50, seconds=10.0))
    assert "%" not in line and "left" not in line and "5/s" in line


def test_progress_goes_to_standard_error_only(capsys):
    progress = _Progress(enabled=True)
    progress.update(Summary(total=1, seconds=1.0, input_total=10, input_read=5))
    progress.done()
    out, err = capsys.readouterr()
    assert out == "" and "50% of 10 bytes" in err
