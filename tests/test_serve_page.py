"""The page at / in a real browser: headless Chromium (Debian's package) driven by Playwright's Python API. Where no
browser is found the test skips with the reason; under SLM_REQUIRE_PEERS=1 (CI) it fails instead."""
import os
import shutil

import pytest
from peers import require
from serve_helpers import Served, train_small_model

BROWSERS = ("chromium", "chromium-browser", "google-chrome")


def find_browser():
    """The path of a Chromium to drive: SLM_CHROMIUM, else the first of BROWSERS on PATH; skip (or fail in CI)."""
    path = os.environ.get("SLM_CHROMIUM") or next(filter(None, map(shutil.which, BROWSERS)), None)
    if path:
        return path
    reason = ("no Chromium found (looked for SLM_CHROMIUM and " + ", ".join(BROWSERS) + " on PATH): install it "
              "with `apt-get install -y chromium` (.ci/run does)")
    if os.environ.get("SLM_REQUIRE_PEERS") == "1":
        pytest.fail(f"SLM_REQUIRE_PEERS=1 and {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser():
    executable = find_browser()
    sync_api = require("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=executable, headless=True, args=["--no-sandbox"])
        yield b
        b.close()


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    return train_small_model(tmp_path_factory.mktemp("page"))


def test_type_a_seed_press_write_see_it_stream_press_stop(browser, trained, tmp_path):
    served = Served(trained)
    try:
        page = browser.new_page(viewport={"width": 390, "height": 800})          # a phone's screen
        page.goto(served.url + "/")
        assert page.input_value("#prompt") == "Once upon a time"
        seed = "Once upon a time"
        page.fill("#prompt", seed)
        page.eval_on_selector("#length", "e => { e.value = 1000; e.dispatchEvent(new Event('input')); }")
        page.eval_on_selector("#temperature", "e => { e.value = 0; e.dispatchEvent(new Event('input')); }")
        page.click("#write")
        page.wait_for_function(f"document.getElementById('story').textContent.length > {len(seed) + 5}",
                               timeout=60000)
        first = page.text_content("#story")
        page.wait_for_function(f"document.getElementById('story').textContent.length > {len(first)}",
                               timeout=60000)                             # more arrives: it streams
        assert page.text_content("#story").startswith(seed)
        page.click("#stop")
        page.wait_for_function("document.getElementById('status').textContent === 'Stopped.'", timeout=30000)
        assert page.is_enabled("#write") and not page.is_enabled("#stop")
        page.screenshot(path=os.environ.get("SLM_PAGE_SCREENSHOT", str(tmp_path / "page.png")))
        for _ in range(600):                                                   # the stopped story leaves its row
            if served.request("GET", "/health")[1]["writing"] == 0:
                break
            page.wait_for_timeout(50)
        assert served.request("GET", "/health")[1]["writing"] == 0
        served.stop()                                                          # the server goes away
        page.wait_for_function("document.getElementById('status').textContent.includes('server is gone')",
                               timeout=30000)
        assert page.get_attribute("#status", "class") == "bad"
    finally:
        served.stop()
