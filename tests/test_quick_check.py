"""The quick check path (``cli.quick``, no click) prints exactly what the click command prints,
takes only the plainest arguments, and leaves everything else, errors included, to click."""

from __future__ import annotations

import io
import os
import pathlib
import subprocess
import sys

import pytest
from click.testing import CliRunner

from pocapace.cli.main import main
from pocapace.cli.quick import check_arguments, quick_check

ROOT = pathlib.Path(__file__).resolve().parent.parent
WORKED = sorted(p for p in (ROOT / "cases").rglob("*.yaml")
                if p.read_text(encoding="utf-8").startswith("regime:"))
CASE = ROOT / "cases" / "pace-s63b" / "charged-adult-theft-trigger.yaml"


def _quick(monkeypatch, args: list[str], encoding: str = "utf-8") -> tuple[int | None, str]:
    out = io.TextIOWrapper(io.BytesIO(), encoding=encoding, errors="replace")
    monkeypatch.setattr(sys, "stdout", out)
    code = quick_check(args)
    out.flush()
    return code, out.buffer.getvalue().decode(encoding)


def _click(args: list[str]) -> tuple[int, str]:
    done = CliRunner().invoke(main, ["check", *args[:-1], "--", args[-1]])
    return done.exit_code, done.output


@pytest.mark.parametrize("n", range(len(WORKED)), ids=lambda n: WORKED[n].name)
def test_every_worked_case_prints_as_the_click_command_prints_it(monkeypatch, n):
    monkeypatch.delenv("POCAPACE_REGISTER", raising=False)
    monkeypatch.setenv("COLUMNS", "100")
    path = WORKED[n]
    variants = [[]] + ([["--explain"], ["--format", "json"]] if n % 6 == 0 else [])
    for options in variants:
        assert _quick(monkeypatch, [*options, str(path)]) == _click([*options, str(path)])


def test_several_files_and_both_spellings_of_format(monkeypatch):
    files = [str(p) for p in WORKED[:3]]
    assert _quick(monkeypatch, ["--format=json", *files]) == _click(["--format", "json",
                                                                      *files])
    assert _quick(monkeypatch, [*files, "--explain"])[1] == _click(["--explain", *files])[1]


@pytest.mark.parametrize("args", [["-"], ["--at", "now", "x.yaml"], ["-h"], ["--help"],
                                  ["--format", "xml", "x.yaml"], ["x.yaml", "--format"],
                                  ["--assume", "cpa-2026", "x.yaml"], ["--", "x.yaml"], [],
                                  ["--explain"]])
def test_anything_but_plain_files_explain_and_format_is_left_to_click(args):
    assert check_arguments(args) is None


def test_plain_arguments_are_read():
    assert check_arguments(["a.yaml", "--explain", "--format=json", "b.yaml"]) == (
        ["a.yaml", "b.yaml"], "json", True)


def test_a_bad_file_a_register_or_an_ascii_output_is_left_to_click(monkeypatch, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("regime: pace-s63b\nid: [\n")
    assert _quick(monkeypatch, [str(CASE), str(bad)]) == (None, "")
    assert _quick(monkeypatch, ["no-such-file.yaml"]) == (None, "")
    assert _quick(monkeypatch, [str(CASE)], encoding="ascii") == (None, "")
    monkeypatch.setenv("POCAPACE_REGISTER", str(tmp_path / "register.yaml"))
    assert _quick(monkeypatch, [str(CASE)]) == (None, "")


def _console(*args: str) -> subprocess.CompletedProcess:
    script = pathlib.Path(sys.executable).parent / "pocapace"
    env = dict(os.environ, COLUMNS="100")
    return subprocess.run([str(script), "check", *args], capture_output=True, env=env)


def test_the_console_script_gives_the_same_bytes_and_status_either_way(tmp_path):
    quick, full = _console(str(CASE)), _console("--", str(CASE))
    assert (quick.returncode, quick.stdout, quick.stderr) == (0, full.stdout, b"")
    bad = tmp_path / "bad.yaml"
    bad.write_text("regime: pace-s63b\nid: [\n")
    quick, full = _console(str(bad)), _console("--", str(bad))
    assert (quick.returncode, quick.stdout, quick.stderr) == (2, b"", full.stderr)
    assert full.stderr.startswith(b"Error: ")
