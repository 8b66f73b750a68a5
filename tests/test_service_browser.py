"""The web page in a real browser: `pocapace serve` on a free local port, headless Chromium
driven by Selenium through Debian's chromium-driver, a PACE and a POCA interview to their
outcomes, no console errors, and a screenshot of each final page under the test's folder.

Skipped, saying why, only where Chromium or its driver cannot run (`.ci/run` installs both)."""

from __future__ import annotations

import shutil

import pytest
from service_support import serving

selenium = pytest.importorskip("selenium", reason="selenium is not installed (the test extra)")
from selenium import webdriver  # noqa: E402
from selenium.common.exceptions import WebDriverException  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402
from selenium.webdriver.support import expected_conditions as shown  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DRIVER = shutil.which("chromedriver")
WAIT = 30


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM or not DRIVER:
        pytest.skip("no Chromium and chromium-driver here (Debian: apt-get install chromium "
                    "chromium-driver; .ci/run does this)")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage",
                     "--disable-gpu", "--window-size=1280,800", "--no-first-run"):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    try:
        driver = webdriver.Chrome(service=Service(DRIVER), options=options)
    except WebDriverException as exc:
        pytest.skip(f"Chromium cannot start here: {exc.msg}")
    yield driver
    driver.quit()


@pytest.fixture(scope="module")
def url():
    with serving() as base:
        yield base


def wait(browser, condition):
    return WebDriverWait(browser, WAIT).until(condition)


def start(browser, url: str, regime: str, at: str) -> None:
    browser.get(f"{url}/?at={at}")
    wait(browser, shown.element_to_be_clickable((By.ID, "start-button")))
    browser.find_element(By.CSS_SELECTOR, f"input[name=regime][value='{regime}']").click()
    browser.find_element(By.ID, "start-button").send_keys(Keys.ENTER)


def question_number(browser) -> str:
    return browser.find_element(By.ID, "question-number").text


def answer(browser, text: str) -> None:
    """Answer the question shown as a person would: type and press Enter, or choose."""
    before = question_number(browser)
    radios = browser.find_elements(By.CSS_SELECTOR, "#answer-area input[type=radio]")
    if radios:
        labels = {r.accessible_name.strip().lower(): r for r in radios}
        assert text.lower() in labels, f"no choice {text!r} among {sorted(labels)}"
        choice = labels[text.lower()]
        choice.send_keys(Keys.SPACE)
        assert choice.is_selected()
        browser.find_element(By.ID, "next-button").send_keys(Keys.ENTER)
    else:
        field = browser.find_element(By.ID, "answer-input")
        assert browser.switch_to.active_element == field  # the focus is on the answer
        field.send_keys(text, Keys.ENTER)
    wait(browser, lambda b: not b.find_element(By.ID, "result").get_attribute("hidden")
         or question_number(b) != before
         or b.find_element(By.ID, "answer-error").is_displayed())


def interview(browser, answers: list[str]) -> str:
    """Answer until the decision shows; the outcome heading."""
    for text in answers:
        if browser.find_element(By.ID, "result").is_displayed():
            break
        wait(browser, shown.visibility_of_element_located((By.ID, "question-form")))
        answer(browser, text)
        error = browser.find_element(By.ID, "answer-error")
        assert not error.is_displayed(), error.text
    heading = wait(browser, shown.visibility_of_element_located((By.ID, "outcome-heading")))
    return heading.text


def console_errors(browser, answered: tuple[int, ...] = ()) -> list[str]:
    """The console's errors; Chromium also logs each 4xx answer the page asked for, which
    is no error of the page where the test provoked it (``answered``)."""
    return [entry["message"] for entry in browser.get_log("browser")
            if entry["level"] == "SEVERE" and not (
                entry["source"] == "network"
                and any(f"status of {status} " in entry["message"] for status in answered))]


def every_field_has_a_label(browser) -> None:
    for field in browser.find_elements(By.CSS_SELECTOR, "input, select, textarea"):
        if field.is_displayed():
            assert field.accessible_name.strip(), field.get_attribute("outerHTML")


def test_a_pace_interview_reaches_eligible(browser, url, tmp_path):
    start(browser, url, "pace-s63b", "2026-03-14T10:20")
    wait(browser, shown.visibility_of_element_located((By.ID, "question-form")))
    every_field_has_a_label(browser)
    outcome = interview(browser, ["theft", "arrested", "02/05/1987", "Brixton", "no", "no"])
    assert outcome.startswith("ELIGIBLE")
    checklist = browser.find_element(By.ID, "short-decision").text
    assert "Warn" in checklist and "Request" in checklist
    every_field_has_a_label(browser)
    browser.find_element(By.CSS_SELECTOR, "#reasons summary").click()
    assert "Arrest condition" in browser.find_element(By.ID, "reasons-tree").text
    browser.save_screenshot(str(tmp_path / "pace-eligible.png"))
    assert (tmp_path / "pace-eligible.png").stat().st_size > 0
    assert console_errors(browser) == []


def test_a_poca_interview_reaches_a_criminal_lifestyle(browser, url, tmp_path):
    start(browser, url, "poca-s75", "2025-06-01")
    outcome = interview(browser, ["supplying cocaine", "02/03/2024", "no", "no"])
    assert outcome.startswith("CRIMINAL LIFESTYLE")
    assert "Figures" in browser.find_element(By.ID, "short-decision").text
    assert "01/06/2025" in browser.find_element(By.ID, "law-applied").text
    browser.save_screenshot(str(tmp_path / "poca-lifestyle.png"))
    browser.find_element(By.ID, "change-button").send_keys(Keys.ENTER)  # back a step
    wait(browser, shown.visibility_of_element_located((By.ID, "question-form")))
    assert browser.find_element(By.ID, "answered-list").text.count("\n") == 1
    assert console_errors(browser) == []


def test_a_misspelt_answer_is_asked_again_with_suggestions(browser, url):
    start(browser, url, "pace-s63b", "2026-03-14T10:20")
    wait(browser, shown.visibility_of_element_located((By.ID, "answer-input")))
    field = browser.find_element(By.ID, "answer-input")
    field.send_keys("Theft Act 1986 s.1", Keys.ENTER)
    error = wait(browser, shown.visibility_of_element_located((By.ID, "answer-error")))
    assert "Theft Act 1968 s.1" in error.text
    error.find_element(By.XPATH, ".//button[starts-with(., 'Theft Act 1968 s.1')]").click()
    wait(browser, lambda b: question_number(b) == "2")
    assert console_errors(browser, answered=(422,)) == []


def test_the_printable_record_opens(browser, url):
    start(browser, url, "pace-s63b", "2026-03-14T10:20")
    interview(browser, ["theft", "arrested", "02/05/1987", "Brixton", "no", "no"])
    page = browser.current_window_handle
    browser.find_element(By.ID, "record-button").send_keys(Keys.ENTER)
    wait(browser, lambda b: len(b.window_handles) == 2)
    record = next(h for h in browser.window_handles if h != page)
    browser.switch_to.window(record)
    wait(browser, lambda b: "Decision record" in b.title)
    assert "ELIGIBLE" in browser.find_element(By.TAG_NAME, "body").text.upper()
    browser.close()
    browser.switch_to.window(page)
    assert console_errors(browser) == []


def test_an_interview_by_keyboard_alone(browser, url):
    """Tab to Start, then only keys on whatever has the focus: typing, arrows and Enter."""
    browser.get(f"{url}/?at=2026-03-14T10:20")
    wait(browser, shown.element_to_be_clickable((By.ID, "start-button")))
    keys = webdriver.ActionChains(browser)
    for _ in range(10):
        if browser.switch_to.active_element.get_attribute("id") == "start-button":
            break
        keys.send_keys(Keys.TAB).perform()
    assert browser.switch_to.active_element.get_attribute("id") == "start-button"
    keys.send_keys(Keys.ENTER).perform()
    wait(browser, lambda b: b.switch_to.active_element.get_attribute("id") == "answer-input")
    # theft; arrested (the first choice); date of birth; the station; no; no
    for typed in (["theft"], [], ["02/05/1987"], ["Brixton"], [Keys.ARROW_DOWN],
                  [Keys.ARROW_DOWN]):
        number = question_number(browser)
        keys.send_keys(*typed, Keys.ENTER).perform()
        wait(browser, lambda b, n=number: b.find_element(By.ID, "result").is_displayed()
             or question_number(b) != n)
    heading = wait(browser, shown.visibility_of_element_located((By.ID, "outcome-heading")))
    assert heading.text.startswith("ELIGIBLE")
    assert browser.switch_to.active_element == heading
    assert console_errors(browser) == []
