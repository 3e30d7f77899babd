#!/usr/bin/env python3
"""What a page costs a reader: every file the browser loads for it, fonts included (issue 10).

    python benchmarks/page_weight.py [--site DIR] [PAGE ...]     # default: tinh/nghe-an/ en/provinces/nghe-an/

Builds the site into a temporary folder (or takes an already built --site), serves it on
127.0.0.1, opens each page in Debian's Chromium (Playwright; CHROMIUM names another binary)
at 1280×800 with an empty cache, waits until the page's fonts are loaded and the network is
idle, and adds up every response. "Transferred" is what GitHub Pages sends: text (HTML, CSS,
JavaScript, JSON, SVG) gzipped at level 6, each file on its own; woff2 fonts and images as
they are (already compressed). 1 KB = 1024 bytes.

Prints one JSON line per page: `kb_transferred` (everything), `kb_without_search` (less the
search worker and index Material fetches at page load), `kb_fonts`, the budget
(`budget_kb`, 150) and every file with its size. A benchmark, not a test: it reports
figures and asserts nothing (exit status 0 unless the build or the browser fails).
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
import os
import subprocess
import sys
import tempfile
import threading
from pathlib import Path
from urllib.parse import urlsplit

PROJECT = Path(__file__).resolve().parent.parent
KB = 1024
BUDGET_KB = 150
VIEWPORT = {"width": 1280, "height": 800}
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
# Compressed by the server (GitHub Pages gzips these); anything else is sent as it is.
TEXT_TYPES = ("text/", "application/javascript", "application/json", "image/svg+xml", "application/xml")
SEARCH_FILES = ("search/search_index.json", "/workers/search.")


def build(site: Path) -> None:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    env.pop("SITE_URL", None)
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(site)],
        cwd=PROJECT, env=env, capture_output=True, text=True,
    )
    if result.returncode:
        raise SystemExit(f"page_weight: the build failed:\n{result.stdout}{result.stderr}")


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


def transferred(body: bytes, content_type: str) -> int:
    if content_type.startswith(TEXT_TYPES):
        return len(gzip.compress(body, compresslevel=6))
    return len(body)


def weigh(browser, url: str) -> list[dict]:
    """Every response the page brought, with its size as sent."""
    context = browser.new_context(viewport=VIEWPORT)
    files = []

    def record(response):
        if response.status >= 400:
            raise SystemExit(f"page_weight: {response.url} answered HTTP {response.status}")
        body = response.body()
        content_type = (response.headers.get("content-type") or "").split(";")[0].strip()
        files.append({"url": response.url, "type": content_type, "bytes": len(body), "sent": transferred(body, content_type)})

    page = context.new_page()
    page.on("response", record)
    page.goto(url, wait_until="networkidle")
    page.evaluate("document.fonts.ready.then(() => document.fonts.size)")
    page.wait_for_load_state("networkidle")
    context.close()
    return files


def report(path: str, files: list[dict]) -> dict:
    def kb(items) -> float:
        return round(sum(item["sent"] for item in items) / KB, 1)

    fonts = [item for item in files if item["url"].endswith(".woff2")]
    search = [item for item in files if any(part in item["url"] for part in SEARCH_FILES)]
    total = kb(files)
    return {
        "page": path,
        "kb_transferred": total,
        "kb_without_search": round(total - kb(search), 1),
        "kb_fonts": kb(fonts),
        "budget_kb": BUDGET_KB,
        "within_budget": total <= BUDGET_KB,
        "requests": len(files),
        "files": [
            {"path": urlsplit(item["url"]).path, "kb_sent": round(item["sent"] / KB, 1), "kb_raw": round(item["bytes"] / KB, 1)}
            for item in sorted(files, key=lambda item: -item["sent"])
        ],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("pages", nargs="*", default=["tinh/nghe-an/", "en/provinces/nghe-an/"], metavar="PAGE")
    parser.add_argument("--site", type=Path, help="an already built site (default: build one into a temporary folder)")
    options = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="cds-weight-") as scratch:
        site = options.site
        if site is None:
            site = Path(scratch) / "site"
            build(site)
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
                for path in options.pages:
                    files = weigh(browser, f"http://127.0.0.1:{server.server_port}/{path}")
                    print(json.dumps(report(path, files), ensure_ascii=False), flush=True)
                browser.close()
        finally:
            server.shutdown()
            server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
