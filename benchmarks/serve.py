"""`mkdocs serve` on a synthetic project: how long from saving a province file until the
dev server serves the edited page in every language, and is the rest of the site intact?

Only 127.0.0.1 is used; the server is stopped (SIGINT, so MkDocs removes its temporary
site directory, then SIGTERM/SIGKILL if it lingers) whatever happens.
"""

from __future__ import annotations

import json
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from floor import _nav_pairs
from synthetic import edit_summary

POLL_S = 0.02
EDIT_TIMEOUT_S = 60.0
# Proxies from the environment must not see requests to the local dev server.
_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


class ServeError(Exception):
    pass


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str, timeout: float = 120.0) -> tuple[int | None, str]:
    try:
        with _OPENER.open(url, timeout=timeout) as response:
            return response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        return error.code, ""
    except (urllib.error.URLError, ConnectionError, TimeoutError, socket.timeout):
        return None, ""


def _log_tail(path: Path, lines: int = 40) -> str:
    try:
        return "\n".join(path.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is not None:
        return
    for sig, wait in ((signal.SIGINT, 15), (signal.SIGTERM, 5)):
        process.send_signal(sig)
        try:
            process.wait(wait)
            return
        except subprocess.TimeoutExpired:
            pass
    process.kill()
    process.wait()


def measure_serve(
    project: Path,
    scratch: Path,
    province_id: str,
    languages: list[dict],
    env: dict,
    edits: int = 3,
    first_build_timeout: float = 1800.0,
) -> dict:
    """`languages`: extra.languages of mkdocs.yml (code, prefix, paths)."""
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    pages = {
        lang["code"]: f"{base}{lang.get('prefix', '')}{lang['paths']['provinces']}/{province_id}/" for lang in languages
    }
    homes = {lang["code"]: base + lang.get("prefix", "") for lang in languages}
    indexes = {lang["code"]: f"{base}{lang.get('prefix', '')}search/search_index.json" for lang in languages}
    provinces_index = {lang["code"]: lang["paths"]["provinces"] + "/index.html" for lang in languages}
    log_path = scratch / "serve.log"
    server_tmp = scratch / "serve-tmp"  # mkdocs serve builds into a temporary directory: keep it here
    server_tmp.mkdir(exist_ok=True)
    command = [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}", "--livereload", "--no-strict"]
    with open(log_path, "w", encoding="utf-8") as log:
        process = subprocess.Popen(
            command, cwd=project, env={**env, "TMPDIR": str(server_tmp)}, stdout=log, stderr=subprocess.STDOUT
        )
    try:
        started = time.perf_counter()
        while True:
            if process.poll() is not None:
                raise ServeError(f"mkdocs serve exited with status {process.returncode}:\n{_log_tail(log_path)}")
            if time.perf_counter() - started > first_build_timeout:
                raise ServeError(f"mkdocs serve: no page after {first_build_timeout:.0f} s:\n{_log_tail(log_path)}")
            status, _ = fetch(base, timeout=first_build_timeout)
            if status == 200:
                break
            time.sleep(0.1)
        first_build_s = time.perf_counter() - started
        baseline = {code: _nav_pairs(fetch(url)[1]) for code, url in homes.items()}
        for code, nav in baseline.items():
            _check_nav(code, nav, nav, provinces_index[code])
        province_file = project / "data" / "provinces" / f"{province_id}.yml"
        times = []
        for edit in range(edits):
            token = f"cdsbench{edit}x{secrets.token_hex(5)}"
            saved = time.perf_counter()
            edit_summary(province_file, token, scratch)
            seen: dict[str, float] = {}
            while len(seen) < len(pages):
                if process.poll() is not None:
                    raise ServeError(f"mkdocs serve exited with status {process.returncode}:\n{_log_tail(log_path)}")
                for code, url in pages.items():
                    if code not in seen:
                        status, body = fetch(url)
                        if status == 200 and token in body:
                            seen[code] = time.perf_counter() - saved
                if len(seen) < len(pages):
                    if time.perf_counter() - saved > EDIT_TIMEOUT_S:
                        missing = ", ".join(url for code, url in pages.items() if code not in seen)
                        raise ServeError(
                            f"edit {edit + 1}: {missing} did not show the edit within {EDIT_TIMEOUT_S:.0f} s:\n"
                            f"{_log_tail(log_path)}"
                        )
                    time.sleep(POLL_S)
            times.append(max(seen.values()))
            # The rest of the site must have been rebuilt too, not just the edited page.
            for code, url in indexes.items():
                status, body = fetch(url)
                if status != 200 or token not in body:
                    raise ServeError(f"edit {edit + 1}: {url} does not contain the edit (HTTP {status})")
            for code, url in homes.items():
                status, body = fetch(url)
                if status != 200:
                    raise ServeError(f"edit {edit + 1}: {url} answered HTTP {status}")
                _check_nav(code, _nav_pairs(body), baseline[code], provinces_index[code])
        return {
            "serve_first_build_s": round(first_build_s, 3),
            "serve_edit_s": round(statistics.median(times), 3),
            "serve_edit_runs_s": [round(t, 3) for t in times],
            "serve_checks": "ok",
        }
    finally:
        _stop(process)


def _check_nav(code: str, nav: list, baseline: list, provinces_index: str) -> None:
    """The home page's navigation: present, linking to the provinces index, each page once,
    and the same after an edit as before the first one."""
    if not nav:
        raise ServeError(f"{code}: the home page has no navigation")
    targets = [item[2] for item in nav if item[2]]
    if provinces_index not in targets:
        raise ServeError(f"{code}: the home page's navigation does not link to the provinces index")
    if len(targets) != len(set(targets)):
        raise ServeError(f"{code}: the home page's navigation lists some pages more than once")
    if nav != baseline:
        raise ServeError(f"{code}: the navigation changed after an edit:\n{json.dumps(nav[:20], ensure_ascii=False)}")
