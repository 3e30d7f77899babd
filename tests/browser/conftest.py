"""The built site in a real browser: Debian's Chromium driven by Playwright.

The site is built once with `mkdocs build --strict` and served by Python's http.server
on 127.0.0.1 under a sub-path, as GitHub Pages serves a project site
(`http://127.0.0.1:<port>/cds-report/`), with the root 404.html for any missing
address, as GitHub Pages does. Every request the browser makes is recorded; any
request to another host is refused and fails the test, and so do console errors,
uncaught exceptions and failed requests.

Chromium comes from Debian (`apt-get install chromium`; `make test` installs it when
it can). Set CHROMIUM to use another binary. `playwright install` is never needed.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import sys
import threading
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from conftest import OUTPUT_DIR, PROJECT_DIR, run_mkdocs

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
BASE_PATH = "/cds-report/"  # the site lives under a sub-path, as on GitHub Pages
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 740}
SCREENSHOTS = OUTPUT_DIR / "screenshots"


class _PagesHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the site under BASE_PATH; anything missing gets the root 404.html, as on GitHub Pages."""

    def translate_path(self, path):
        path = urlsplit(path).path
        if not path.startswith(BASE_PATH):
            return str(Path(self.directory) / "does-not-exist")
        return super().translate_path("/" + path[len(BASE_PATH):])

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_file() or (path / "index.html").is_file():
            return super().send_head()
        body = (Path(self.directory) / "404.html").read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
        return None

    def log_message(self, format, *args):  # keep the test output quiet
        pass


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        # A browser that navigates away drops its connections: not an error of the site.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@dataclass
class Served:
    root: Path  # the built site on disk
    url: str  # http://127.0.0.1:<port>/cds-report/
    host: str  # 127.0.0.1:<port>

    def pages(self) -> list[str]:
        """Every page of both languages, as paths from the site root (`en/provinces/nghe-an/`),
        found in the built site, so pages added later are covered too."""
        paths = []
        for file in self.root.rglob("index.html"):
            folder = file.parent.relative_to(self.root).as_posix()
            if "assets" not in folder.split("/"):
                paths.append("" if folder == "." else folder + "/")
        return sorted(paths)

    def language_of(self, path: str) -> str:
        return "en" if path.startswith("en/") else "vi"

    def address(self, path: str) -> str:
        return self.url + path

    def path_of(self, url: str) -> str:
        """The path from the site root of an address on this server."""
        parts = urlsplit(url)
        assert parts.netloc == self.host, url
        assert parts.path.startswith(BASE_PATH), url
        return parts.path[len(BASE_PATH):]


@pytest.fixture(scope="session")
def served(tmp_path_factory):
    site_dir = tmp_path_factory.mktemp("browser-site")
    server = _Server(("127.0.0.1", 0), functools.partial(_PagesHandler, directory=str(site_dir)))
    host = f"127.0.0.1:{server.server_port}"
    url = f"http://{host}{BASE_PATH}"
    result = run_mkdocs(PROJECT_DIR, site_dir, site_url=url)
    assert result.returncode == 0, result.stdout + result.stderr
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield Served(site_dir, url, host)
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists() and not shutil.which(CHROMIUM):
        pytest.fail(f"Chromium not found at {CHROMIUM}: `apt-get install chromium` (make test does it when run as root), or set CHROMIUM.")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@dataclass
class Recorder:
    """Everything a browser context asked for, and everything that went wrong."""

    host: str
    requests: list[str] = field(default_factory=list)
    foreign: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    expected_status: dict[str, int] = field(default_factory=dict)  # url → an error status a test asked for

    def attach(self, context) -> None:
        context.route("**/*", self._route)
        context.on("request", lambda request: self.requests.append(request.url))
        context.on("requestfailed", self._failed)
        context.on("response", self._response)
        context.on("console", self._console)
        context.on("weberror", lambda error: self.console_errors.append(f"uncaught: {error.error}"))

    def _route(self, route):
        url = route.request.url
        parts = urlsplit(url)
        if parts.scheme in ("data", "blob", "about") or parts.netloc == self.host:
            route.continue_()
        else:
            self.foreign.append(url)
            route.abort("blockedbyclient")

    def _failed(self, request):
        # Leaving a page cancels what it was still loading (the search worker's files): not a fault.
        if request.failure != "net::ERR_ABORTED" or urlsplit(request.url).netloc != self.host:
            self.failed.append(f"{request.url}: {request.failure}")

    def _response(self, response):
        if response.status >= 400 and self.expected_status.get(response.url) != response.status:
            self.failed.append(f"{response.url}: HTTP {response.status}")

    def _console(self, message):
        location = (message.location or {}).get("url", "")
        if message.type == "error" and not any(url in (message.text, location) for url in self.expected_status):
            self.console_errors.append(f"{message.text} ({location})")

    def problems(self) -> list[str]:
        return (
            [f"request to another host: {url}" for url in self.foreign]
            + [f"failed request: {item}" for item in self.failed if not any(url in item for url in self.foreign)]
            + [f"console error: {item}" for item in self.console_errors]
        )


def new_context(browser, served: Served, viewport=DESKTOP, **options):
    context = browser.new_context(viewport=viewport, **options)
    context.set_default_timeout(15_000)
    recorder = Recorder(served.host)
    recorder.attach(context)
    return context, recorder


@pytest.fixture
def recorded(browser, served):
    """A fresh browser context (no stored preferences) at desktop size; at the end of the
    test, no request may have left 127.0.0.1, failed, or logged an error."""
    context, recorder = new_context(browser, served)
    yield context, recorder
    context.close()
    assert not recorder.problems(), "\n".join(recorder.problems())
