"""The page at / in a real browser: headless Chromium (Debian's package) driven by Playwright's Python API. Where no
browser is found the test skips with the reason; under SLM_REQUIRE_PEERS=1 (CI) it fails instead. The server runs in
this process (serve_helpers.InProcess), so a test can hold its model thread: a story then cannot end before the test
has pressed Stop, however busy the machine."""
import os
import shutil
import threading

import numpy as np
import pytest
from peers import require
from serve_helpers import InProcess, train_small_model

import slm

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


class Gate:
    """slm.sample_next for a server that writes one story: it never draws <|endoftext|> (the story cannot end before
    its length), and it draws token k only once allow(k) was said. open() lets it write freely."""

    def __init__(self, monkeypatch, eot):
        self.drawn, self.allowed, self.changed = 0, 0, threading.Condition()
        real = slm.sample_next

        def sample_next(logits, temperature, top_k, top_p, rng):
            with self.changed:
                assert self.changed.wait_for(lambda: self.drawn < self.allowed, timeout=120), "the gate stayed shut"
                self.drawn += 1
            logits = logits.copy()
            logits[:, eot] = -np.inf
            return real(logits, temperature, top_k, top_p, rng)
        monkeypatch.setattr(slm, "sample_next", sample_next)

    def allow(self, k):
        with self.changed:
            self.allowed = k
            self.changed.notify_all()

    def open(self):
        self.allow(10 ** 9)


def test_type_a_seed_press_write_see_it_stream_press_stop(browser, trained, tmp_path, monkeypatch):
    """The story is held after 10 tokens and again after 20 until Stop is pressed: it is still being written (Stop
    enabled) when the test presses it, on any machine (a full-suite run once saw it end before the click)."""
    served = InProcess(trained)
    gate = Gate(monkeypatch, served.batcher.eot)
    try:
        page = browser.new_page(viewport={"width": 390, "height": 800})          # a phone's screen
        page.goto(served.url + "/")
        assert page.input_value("#prompt") == "Once upon a time"
        seed = "Once upon a time"
        page.fill("#prompt", seed)
        page.eval_on_selector("#length", "e => { e.value = 1000; e.dispatchEvent(new Event('input')); }")
        page.eval_on_selector("#temperature", "e => { e.value = 0; e.dispatchEvent(new Event('input')); }")
        gate.allow(10)
        page.click("#write")
        page.wait_for_function(f"document.getElementById('story').textContent.length > {len(seed) + 5}",
                               timeout=60000)
        first = page.text_content("#story")
        gate.allow(20)
        page.wait_for_function(f"document.getElementById('story').textContent.length > {len(first)}",
                               timeout=60000)                             # more arrives: it streams
        assert page.text_content("#story").startswith(seed)
        assert page.is_enabled("#stop") and served.request("GET", "/health")[1]["writing"] == 1
        page.click("#stop")
        page.wait_for_function("document.getElementById('status').textContent === 'Stopped.'", timeout=30000)
        assert page.is_enabled("#write") and not page.is_enabled("#stop")
        page.screenshot(path=os.environ.get("SLM_PAGE_SCREENSHOT", str(tmp_path / "page.png")))
        gate.open()                                                            # the model thread sees it left
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
        gate.open()
        served.stop()


CROSS_SITE_POSTS = """async url => {
  const body = JSON.stringify({prompt: "Once upon a time", max_tokens: 50});
  const out = [];
  for (const [mode, type] of [["no-cors", "text/plain"], ["cors", "text/plain"], ["no-cors", "application/json"],
                              ["cors", "application/json"]]) {
    try {
      const r = await fetch(url, {method: "POST", mode: mode, headers: {"Content-Type": type}, body: body});
      out.push(`${mode} ${type}: ${r.type} ${r.status} ${r.type === "opaque" ? "" : await r.text()}`);
    } catch (e) { out.push(`${mode} ${type}: ${e.name}`); }
  }
  return out;
}"""


@pytest.fixture(scope="module")
def rebound(browser):
    """A second Chromium in which evil.example resolves to 127.0.0.1 (--host-resolver-rules): another site's page,
    served from this machine, so the browser applies its cross-site rules and nothing else stands in the way."""
    b = browser.browser_type.launch(executable_path=find_browser(), headless=True,
                                    args=["--no-sandbox", "--host-resolver-rules=MAP evil.example 127.0.0.1"])
    yield b
    b.close()


@pytest.fixture(scope="module")
def another_site():
    """http://evil.example:PORT/ : a page of another site (a plain HTTP server on this machine)."""
    import http.server

    class Page(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            body = b"<!doctype html><title>another site</title>"
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass
    site = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Page)
    threading.Thread(target=site.serve_forever, daemon=True).start()
    yield f"http://evil.example:{site.server_address[1]}/"
    site.shutdown()


def test_a_page_from_another_site_cannot_make_the_server_write(rebound, another_site, trained):
    """Another site's page posts to the server every way a browser lets it: text/plain goes without asking and is
    refused (415); application/json needs a CORS preflight, which is refused, so it is never sent (no-cors mode
    does not allow it either). Nothing is written, and the page can read nothing."""
    served = InProcess(trained)
    try:
        page = rebound.new_page()
        page.goto(another_site)
        results = page.evaluate(CROSS_SITE_POSTS, served.url + "/v1/completions")
        health = served.request("GET", "/health")[1]
    finally:
        served.stop()
    print("\n".join(results))
    assert len(results) == 4 and all(r.endswith("TypeError") or " opaque 0 " in r for r in results), results
    assert any(" opaque 0 " in r for r in results), "a text/plain POST reached the server"
    assert health["tokens"] == 0 and health["writing"] == 0 and health["forwards"] == 0


def test_a_name_rebound_to_this_machine_gets_no_page_and_no_story(rebound, trained):
    """DNS rebinding: evil.example now resolves to 127.0.0.1, so its page is same-origin with the server and could
    read the answers; but every request it makes says Host: evil.example:PORT and is refused (421), the page itself
    first. The same browser on the server's own address is served."""
    served = InProcess(trained)
    try:
        page = rebound.new_page()
        response = page.goto(f"http://evil.example:{served.port}/")
        assert response.status == 421 and "is not this server's address" in response.json()["error"]["message"]
        status = page.evaluate("""() => fetch("/v1/completions", {method: "POST",
            headers: {"Content-Type": "application/json"}, body: JSON.stringify({prompt: "Once", max_tokens: 50})})
            .then(r => r.status)""")
        assert status == 421
        assert served.request("GET", "/health")[1]["tokens"] == 0
        assert page.goto(served.url + "/").status == 200
    finally:
        served.stop()
