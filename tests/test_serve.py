"""Live editing: with `mkdocs serve` running, an edit to the data, to a report template or
to the hooks' code shows on the served pages in both languages, without a restart, and
starts exactly one rebuild: reading the data during a build must not count as a change."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import copy_project, mkdocs_env

STARTUP_SECONDS = 120
CHANGE_SECONDS = 60
# How long the server must stay quiet after an edit's rebuild: several times MkDocs'
# polling interval (0.5 s) and a rebuild (about 2 s), so a rebuild that starts another
# (the endless loop this guards against ran 1.5 rebuilds a second) is seen.
SETTLE_SECONDS = 8
# MkDocs' livereload logs this line once before each rebuild.
REBUILD_LINE = "Detected file changes"
PAGES = {"vi": "tinh/nghe-an/", "en": "en/provinces/nghe-an/"}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _get(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return None


class Server:
    def __init__(self, project: Path, process: subprocess.Popen, base: str, log: Path):
        self.project, self.process, self.base, self.log = project, process, base, log

    def page(self, language: str) -> BeautifulSoup | None:
        html = _get(self.base + PAGES[language])
        return BeautifulSoup(html, "html.parser") if html else None

    def wait_for(self, check, seconds: float, what: str) -> None:
        """Poll both languages until `check(page, language)` holds for each."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            assert self.process.poll() is None, f"mkdocs serve stopped:\n{self.log.read_text()}"
            pages = {language: self.page(language) for language in PAGES}
            if all(page is not None and check(page, language) for language, page in pages.items()):
                return
            time.sleep(0.5)
        pytest.fail(f"{what}: not shown within {seconds} s.\nServer log:\n{self.log.read_text()[-4000:]}")

    def rebuilds(self) -> int:
        return self.log.read_text(encoding="utf-8").count(REBUILD_LINE)

    def assert_settles_after_one_rebuild(self, before: int) -> None:
        """The edit shown, the server must stay quiet: one edit, one rebuild."""
        time.sleep(SETTLE_SECONDS)
        after = self.rebuilds()
        assert after - before == 1, f"one edit started {after - before} rebuilds:\n{self.log.read_text()[-4000:]}"

    def edit(self, relative: str, *replacements: tuple[str, str]) -> None:
        """One save of the file, with each `(old, new)` replaced: an editor's single edit."""
        path = self.project / relative
        text = path.read_text(encoding="utf-8")
        for old, new in replacements:
            assert old in text, (relative, old)
            text = text.replace(old, new, 1)
        path.write_text(text, encoding="utf-8")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("serve") / "project")
    port = _free_port()
    log = project.parent / "serve.log"
    with open(log, "w", encoding="utf-8") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
            cwd=project,
            env=mkdocs_env(),
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    served = Server(project, process, f"http://127.0.0.1:{port}/", log)
    try:
        served.wait_for(lambda page, language: page.find("h1") is not None, STARTUP_SECONDS, "the first build")
        yield served
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)  # the server and nothing else: its own session
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=15)


def test_a_data_edit_shows_in_both_languages(server):
    assert "Nghệ An coi chuyển đổi số" in server.page("vi").select_one("p.cds-summary").get_text()
    path = "data/provinces/nghe-an.yml"
    before = server.rebuilds()
    server.edit(
        path,
        ('vi: "Nghệ An coi chuyển đổi số', 'vi: "Đã sửa khi đang xem. Nghệ An coi chuyển đổi số'),
        ('en: "Nghe An treats digital transformation', 'en: "Edited while serving. Nghe An treats digital transformation'),
    )
    expected = {"vi": "Đã sửa khi đang xem.", "en": "Edited while serving."}
    server.wait_for(
        lambda page, language: expected[language] in page.select_one("p.cds-summary").get_text(),
        CHANGE_SECONDS,
        "the edited summary",
    )
    server.assert_settles_after_one_rebuild(before)


def test_a_template_edit_shows_in_both_languages(server):
    path = server.project / "overrides" / "report" / "province.html"
    before = server.rebuilds()
    path.write_text('<p class="cds-serve-test">template edited</p>\n' + path.read_text(encoding="utf-8"), encoding="utf-8")
    server.wait_for(
        lambda page, language: page.select_one("p.cds-serve-test") is not None,
        CHANGE_SECONDS,
        "the edited template",
    )
    server.assert_settles_after_one_rebuild(before)


def test_an_interface_string_edit_shows_in_both_languages(server):
    before = server.rebuilds()
    server.edit("data/interface.yml", ("summary: {vi: Tóm tắt, en: Summary}", "summary: {vi: Tóm tắt đã sửa, en: Summary edited}"))
    expected = {"vi": "Tóm tắt đã sửa", "en": "Summary edited"}
    server.wait_for(
        lambda page, language: page.select_one("h2#summary") is not None and expected[language] in page.select_one("h2#summary").get_text(),
        CHANGE_SECONDS,
        "the edited interface string",
    )
    server.assert_settles_after_one_rebuild(before)


def test_a_change_to_the_hooks_code_is_picked_up(server):
    """hooks/cds_site.py forgets the `cds` package when one of its files changed."""
    path = server.project / "hooks" / "cds" / "formatting.py"
    before = server.rebuilds()
    path.write_text(
        path.read_text(encoding="utf-8")
        + "\n\n# Added by tests/test_serve.py: a visible change in the hooks' code.\n"
        "_serve_test_t = Formatter.t\n\n\n"
        "def _serve_test_marked(self, key, **values):\n"
        "    text = _serve_test_t(self, key, **values)\n"
        "    return text + ' [hook edited]' if key == 'press_caveat' else text\n\n\n"
        "Formatter.t = _serve_test_marked\n",
        encoding="utf-8",
    )
    server.wait_for(
        lambda page, language: "[hook edited]" in page.select_one("p.cds-caveat").get_text(),
        CHANGE_SECONDS,
        "the edited hook code",
    )
    server.assert_settles_after_one_rebuild(before)
