"""Printing an HTML record to PDF with the system's headless Chromium (Debian's chromium).

Chromium rather than WeasyPrint: it is already what the record is tested in, it prints the
CSS page-margin boxes (running header, page numbers) the record uses, and it adds no Python
dependency. Nothing here downloads a browser: without one installed the user is told so.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from ..core.errors import PocapaceError

NAMES = ("chromium", "chromium-browser", "google-chrome")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
         "--no-first-run", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", "--no-pdf-header-footer"]
TIMEOUT = 120


def find_chromium() -> str | None:
    for name in NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


def chromium_command(browser: str, profile: Path, target: str, page: Path) -> list[str]:
    """The headless command line: a fresh profile, no network services, ``target`` such as
    ``--print-to-pdf=out.pdf`` or ``--screenshot=out.png``."""
    return [browser, *FLAGS, f"--user-data-dir={profile}", target, page.as_uri()]


def html_to_pdf(html: str, out: Path) -> None:
    """Write ``html`` to ``out`` as a PDF (A4 and margins come from the record's print CSS)."""
    browser = find_chromium()
    if browser is None:
        raise PocapaceError("a PDF needs headless Chromium, which is not installed: install "
                            "it (on Debian: apt-get install chromium) or use --format html")
    with tempfile.TemporaryDirectory(prefix="pocapace-pdf-") as tmp:
        page = Path(tmp) / "record.html"
        page.write_text(html, encoding="utf-8")
        printed = Path(tmp) / "record.pdf"
        command = chromium_command(browser, Path(tmp) / "profile", f"--print-to-pdf={printed}",
                                   page)
        try:
            result = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT,
                                    stdin=subprocess.DEVNULL)
        except subprocess.TimeoutExpired:
            raise PocapaceError(f"Chromium did not finish printing the PDF within {TIMEOUT} "
                                "seconds") from None
        if result.returncode != 0 or not printed.exists():
            detail = result.stderr.strip().splitlines()[-1:] or ["no message"]
            raise PocapaceError(f"Chromium could not print the PDF: {detail[0]}")
        out.write_bytes(printed.read_bytes())
