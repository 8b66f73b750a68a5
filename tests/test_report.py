"""The printable decision record: self-contained, complete, in plain words, escaped, and
printed by a real headless browser (Debian's chromium) to PNG and PDF with the case reference
and page number on every page."""

from __future__ import annotations

import pathlib
import re
import shutil
import subprocess
from html.parser import HTMLParser

import pytest
import yaml
from click.testing import CliRunner

from pocapace.cli.main import main
from pocapace.engine.decision.pdf import chromium_command, find_chromium

ROOT = pathlib.Path(__file__).resolve().parent.parent
PACE = ROOT / "cases" / "pace-s63b" / \
    "charged-17-year-old-at-under-18-station-appropriate-adult.yaml"
POCA = ROOT / "cases" / "poca-s75" / \
    "four-benefiting-offences-totalling-5000-are-a-course-of-criminal-activity.yaml"
CHROMIUM = find_chromium()
PDFTOTEXT = shutil.which("pdftotext")
SECTIONS = {"pace-s63b": ["About this record", "Facts of the case", "Outcome", "Checklist",
                          "Readings of the law relied on", "Reasons", "Sign-off"],
            "poca-s75": ["About this record", "Facts of the case", "Outcome", "The tests",
                         "Figures", "The window", "Relevant benefit", "What follows", "Reasons",
                         "Sign-off"]}
HOSTILE = '<script>document.title="PWNED"</script><img src=x onerror="alert(1)">"\'&</style>'


def report(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["report", *args])
    return result.exit_code, result.output


def written(case: pathlib.Path | str, out: pathlib.Path, *more: str) -> str:
    code, output = report(str(case), "--out", str(out), *more)
    assert code == 0, output
    return out.read_text() if out.suffix == ".html" else ""


class Tags(HTMLParser):
    """Every element and attribute of a document, and its text."""

    def __init__(self):
        super().__init__()
        self.tags, self.attrs, self.text = [], [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs += [name for name, _ in attrs]

    def handle_data(self, data):
        self.text.append(data)


def parsed(html: str) -> Tags:
    tags = Tags()
    tags.feed(html)
    return tags


@pytest.mark.parametrize("case", [PACE, POCA], ids=["pace", "poca"])
def test_record_when_written_has_every_section_provenance_and_sign_off(case, tmp_path):
    html = written(case, tmp_path / "r.html")
    regime = yaml.safe_load(case.read_text())["regime"]
    for heading in SECTIONS[regime]:
        assert f">{heading}</h" in html, heading
    assert re.search(r"Produced</th><td>\d+ \w+ \d{4} at \d\d:\d\d \S+ \([+-]\d\d:\d\d\)", html)
    assert "pocapace 0.1.0" in html and "Rules version" in html and "Law scenario" in html
    for field in ("Name", "Rank or role", "Number (warrant, collar or staff)", "Date", "Time"):
        assert f"<th>{field}</th>" in html
    assert str(case) not in html and case.name not in html and str(ROOT) not in html


def test_pace_record_when_written_shows_facts_in_plain_words_and_a_checklist(tmp_path):
    html = written(PACE, tmp_path / "r.html")
    facts = html.split('id="facts"')[1].split("</section>")[0]
    for shown in ("Metropolitan Police District", "Holborn", "Theft (Theft Act 1968 s.1)",
                  "2 September 2008 (aged 17 on 14 March 2026)", "Charged with"):
        assert shown in facts, shown
    for raw in ("date_of_birth", "police_area", "metropolitan<", "holborn", "stage", "offences["):
        assert raw not in facts, raw
    checklist = html.split('id="checklist"')[1].split("</section>")[0]
    steps = re.findall(r"<tr><td>\d+</td><td>([^<]+)</td><td><b>([^<]+)</b>", checklist)
    # the same order as the short decision: the appropriate adult is there before the warning
    assert [label for _, label in steps][:3] == ["Appropriate adult present",
                                                 "Warn before the request",
                                                 "Request the sample (the request condition)"]
    assert checklist.count('class="box"') == len(steps) == checklist.count('class="write"')
    assert "Unconfirmed reading" in html.split('id="readings"')[1]
    assert html.index('class="notice"') < html.index('id="about"')  # flagged at the top


def test_poca_record_when_written_shows_each_relevant_benefit_part_and_why(tmp_path):
    html = written(POCA, tmp_path / "r.html")
    figures = html.split('id="figures"')[1].split("</section>")[0]
    assert "2 May 2018 to 1 May 2024" in figures
    assert figures.count('<td class="part">this offence (conviction 1)</td>') == 3
    assert '<td class="part">conviction 4</td><td class="money">£500.00</td><td>another ' \
           "offence of which the defendant is convicted in these proceedings</td>" in figures
    assert figures.count('<tr class="total">') == 12  # three totals for each of four
    assert "convictions[" not in figures
    assert 'class="notice"' not in html  # no unconfirmed reading to flag


def test_record_when_named_by_worked_case_id_is_the_same_record(tmp_path):
    by_path = written(PACE, tmp_path / "a.html")
    by_id = written("dt-0021", tmp_path / "b.html")
    strip = re.compile(r"\d+ \w+ \d{4} at \d\d:\d\d \S+ \([+-]\d\d:\d\d\)")
    assert strip.sub("", by_path) == strip.sub("", by_id)


def test_record_when_the_case_is_neither_a_file_nor_a_worked_case_says_so(tmp_path):
    code, output = report("no-such-case", "--out", str(tmp_path / "r.html"))
    assert code == 2
    assert "Error: Invalid case in no-such-case" in output and "no worked case" in output
    assert "Traceback" not in output


def test_record_when_written_loads_no_external_assets_and_forbids_scripts(tmp_path):
    html = written(POCA, tmp_path / "r.html")
    assert not set(parsed(html).tags) & {"script", "link", "img", "iframe", "object"}
    assert "url(" not in html and "default-src 'none'" in html


def hostile_cases(tmp_path: pathlib.Path) -> list[pathlib.Path]:
    pace = yaml.safe_load(PACE.read_text())
    pace.update(id=HOSTILE, title=HOSTILE)
    pace["detention"]["station"] = HOSTILE
    poca = yaml.safe_load(POCA.read_text())
    poca.update(id=HOSTILE, title=HOSTILE)
    paths = []
    for name, data in (("pace", pace), ("poca", poca)):
        path = tmp_path / f"{name}.yaml"
        path.write_text(yaml.safe_dump(data, allow_unicode=True))
        paths.append(path)
    return paths


def test_record_when_case_text_is_hostile_escapes_it_all(tmp_path):
    for case in hostile_cases(tmp_path):
        html = written(case, tmp_path / f"{case.stem}.html")
        tags = parsed(html)
        assert not set(tags.tags) & {"script", "img"}
        assert not [a for a in tags.attrs if a.startswith("on")]
        assert HOSTILE in "".join(tags.text)  # shown, as text
        header = re.search(r"@top-left \{ content: (\"[^\"]*\");", html)[1]
        assert "<" not in header and "'" not in header and " " not in header


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (.ci/run installs it)")
def test_record_when_case_text_is_hostile_runs_nothing_in_a_browser(tmp_path):
    """Even with the content security policy taken out, nothing in the case runs."""
    case = hostile_cases(tmp_path)[0]
    html = written(case, tmp_path / "r.html")
    page = tmp_path / "open.html"
    page.write_text(re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", html))
    result = subprocess.run(
        [*chromium_command(CHROMIUM, tmp_path / "profile", "--dump-dom", page)],
        capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    dom = parsed(result.stdout)
    assert not set(dom.tags) & {"script", "img"}
    assert "<title>Decision record" in result.stdout and "<title>PWNED" not in result.stdout


@pytest.mark.skipif(CHROMIUM is None or PDFTOTEXT is None,
                    reason="chromium and pdftotext are not installed (.ci/run installs them)")
@pytest.mark.parametrize("case", [PACE, POCA], ids=["pace", "poca"])
def test_record_when_printed_by_chromium_gives_png_and_a_pdf_headed_on_every_page(case, tmp_path):
    data = yaml.safe_load(case.read_text())
    html = tmp_path / "r.html"
    written(case, html)
    png = tmp_path / "r.png"
    result = subprocess.run(chromium_command(CHROMIUM, tmp_path / "profile",
                                             f"--screenshot={png}", html) +
                            ["--window-size=1100,1600"], capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    assert png.read_bytes().startswith(b"\x89PNG") and png.stat().st_size > 20_000

    pdf = tmp_path / "r.pdf"
    written(case, pdf, "--format", "pdf")
    assert pdf.read_bytes().startswith(b"%PDF")
    text = subprocess.run([PDFTOTEXT, "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    pages = [p for p in text.split("\f") if p.strip()]
    assert len(pages) >= 2
    for number, page in enumerate(pages, start=1):
        assert f"case {data['id']}" in page, f"page {number} lacks the case reference"
        assert f"Page {number} of {len(pages)}" in page
    flat = " ".join(text.split())
    for heading in SECTIONS[data["regime"]]:
        assert heading in flat, heading


def test_record_as_pdf_without_chromium_says_how_to_get_it(tmp_path, monkeypatch):
    import pocapace.engine.decision.pdf as pdf

    monkeypatch.setattr(pdf, "find_chromium", lambda: None)
    code, output = report(str(POCA), "--out", str(tmp_path / "r.pdf"))
    assert code == 1 and "needs headless Chromium" in output and "--format html" in output
    assert not (tmp_path / "r.pdf").exists()


def test_every_worked_case_gives_a_record_whose_facts_and_figures_are_in_plain_words(engine):
    import datetime as dt

    from pocapace.engine.cases import validate_case
    from pocapace.engine.decision.record_facts import facts_table
    from pocapace.engine.decision.report import render_html
    from pocapace.engine.tools.worked import case_files, load_worked

    produced = dt.datetime(2026, 12, 2, 9, 30, tzinfo=dt.UTC)
    for path in case_files([ROOT / "cases"]):
        for raw in load_worked(path):
            regime, case = validate_case(raw)
            decision = engine.decide(regime, case, raw.where)
            facts = facts_table(case, dt.date.fromisoformat(decision.law_at.date),
                                engine.ruleset(regime.name), engine.catalogues)
            html = render_html(decision, facts, "0.1.0", produced)
            assert "2 December 2026 at 09:30 UTC (+00:00)" in html
            shown = "".join(section(html, key) for key in ("facts", "figures", "missing")) + \
                "".join(re.findall(r"May apply: depends on [^<]*", html))
            for raw_form in ("_", "[0]", "None", "True", "False", str(path)):
                assert raw_form not in shown.replace('class="', ""), (path.name, raw_form)


def section(html: str, key: str) -> str:
    return html.split(f'<section id="{key}">')[1].split("</section>")[0] \
        if f'<section id="{key}">' in html else ""


@pytest.mark.parametrize("suffix", ["html", "pdf"])
def test_record_when_out_cannot_be_written_says_so(tmp_path, suffix, monkeypatch):
    import pocapace.engine.decision.pdf as pdf

    monkeypatch.setattr(pdf, "html_to_pdf", lambda html, out: out.write_bytes(b"%PDF"))
    code, output = report("DT-0001", "--out", str(tmp_path / "no" / f"r.{suffix}"))
    assert code == 2 and "annot write" in output and "Traceback" not in output
