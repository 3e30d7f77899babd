#!/usr/bin/env python3
"""Benchmark the site at any size (issue 6, "Fast at any size"). See benchmarks/README.md.

    python benchmarks/run.py --provinces 4 63 250 1000 [--runs 3] [--serve] [--serve-only] [--keep] [--check]

Prints one JSON line describing the machine, then one JSON line per number of provinces.
Progress goes to stderr. Exits non-zero, with the reason, if a build (or the dev server)
fails; with 3 if --check is given and a target is missed.
"""

from __future__ import annotations

import argparse
import datetime
import gzip
import importlib
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

HERE = Path(__file__).resolve().parent
PROJECT = HERE.parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

try:
    import mkdocs  # noqa: F401
    import yaml  # noqa: F401
except ImportError as error:  # pragma: no cover
    raise SystemExit(
        f"benchmark: {error}. Run it with the project's virtualenv: `. .venv/bin/activate` (or `make build` first)."
    ) from None

import floor as floor_module  # noqa: E402
import serve as serve_module  # noqa: E402
import synthetic  # noqa: E402

KB = 1024
BUILD_TIMEOUT_S = 3 * 3600
TIME_BIN = "/usr/bin/time"
RSS_WRAPPER = (
    "import resource, subprocess, sys\n"
    "code = subprocess.call(sys.argv[2:])\n"
    "usage = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
    "rss = usage.ru_maxrss // 1024 if sys.platform == 'darwin' else usage.ru_maxrss\n"
    "open(sys.argv[1], 'w').write(f'{rss} {usage.ru_utime + usage.ru_stime}')\n"
    "sys.exit(code)\n"
)


class BenchmarkError(Exception):
    pass


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# --- Running a build, timed, with its peak memory -------------------------------------------


def _gnu_time() -> bool:
    if not os.access(TIME_BIN, os.X_OK):
        return False
    probe = subprocess.run([TIME_BIN, "-v", "true"], capture_output=True, text=True)
    return probe.returncode == 0 and "Maximum resident set size" in probe.stderr


USE_GNU_TIME = _gnu_time()


@dataclass
class Run:
    seconds: float  # wall clock
    cpu_seconds: float  # user + system
    peak_rss_mb: float
    warnings: int
    returncode: int
    output: str


def run_measured(command: list[str], cwd: Path, env: dict, scratch: Path) -> Run:
    """Run `command`, timing its wall clock and taking its peak RSS (GNU time's "Maximum
    resident set size", or getrusage(RUSAGE_CHILDREN) in a wrapper that has one child)."""
    rss_file = scratch / "rss.txt"
    rss_file.unlink(missing_ok=True)
    if USE_GNU_TIME:
        full = [TIME_BIN, "-v", "-o", str(rss_file), *command]
    else:
        full = [sys.executable, "-c", RSS_WRAPPER, str(rss_file), *command]
    started = time.perf_counter()
    done = subprocess.run(full, cwd=cwd, env=env, capture_output=True, text=True, timeout=BUILD_TIMEOUT_S)
    seconds = time.perf_counter() - started
    rss_kb, cpu = 0, 0.0
    text = rss_file.read_text() if rss_file.exists() else ""
    if USE_GNU_TIME:
        found = dict(re.findall(r"^\s*(Maximum resident set size \(kbytes\)|User time \(seconds\)|System time \(seconds\)): ([\d.]+)", text, re.M))
        rss_kb = int(found.get("Maximum resident set size (kbytes)", 0))
        cpu = float(found.get("User time (seconds)", 0)) + float(found.get("System time (seconds)", 0))
    elif text:
        rss_kb, cpu = int(text.split()[0]), float(text.split()[1])
    output = done.stdout + done.stderr
    warnings = sum(1 for line in output.splitlines() if line.startswith("WARNING"))
    return Run(seconds, cpu, rss_kb / KB, warnings, done.returncode, output)


def _require(run: Run, what: str) -> Run:
    if run.returncode != 0:
        tail = "\n".join(run.output.splitlines()[-40:])
        raise BenchmarkError(f"{what} failed (exit status {run.returncode}). Its last output:\n{tail}")
    return run


def real_build(project: Path, site: Path, env: dict, scratch: Path) -> Run:
    shutil.rmtree(site, ignore_errors=True)
    command = [sys.executable, "-m", "mkdocs", "build", "--no-strict", "-d", str(site)]
    return run_measured(command, project, env, scratch)


def floor_build(floors: list, env: dict, scratch: Path) -> Run:
    shutil.rmtree(floors[0].site_dir, ignore_errors=True)
    command = [sys.executable, str(HERE / "floor_build.py"), *(str(f.config_file) for f in floors)]
    return run_measured(command, floors[0].config_file.parent, env, scratch)


# --- Loading the data ---------------------------------------------------------------------------


def measure_load(project: Path, count: int, runs: int) -> dict:
    """`cds.dataset.read_dataset` over the synthetic data, in this process, with the
    per-file cache cleared before every call. One cold call first (it also compiles the
    schemas, which a build does once), then `runs` timed calls."""
    hooks = str(project / "hooks")
    for name in [name for name in sys.modules if name == "cds" or name.startswith("cds.")]:
        del sys.modules[name]
    sys.path.insert(0, hooks)
    try:
        dataset = importlib.import_module("cds.dataset")
        if not str(Path(dataset.__file__).resolve()).startswith(str(project.resolve())):
            raise BenchmarkError(f"imported {dataset.__file__}, not the synthetic project's hooks")
        if not isinstance(getattr(dataset, "_checked", None), dict):
            raise BenchmarkError("cds.dataset._checked (the per-file cache) is gone; measure_load() needs updating")
        timings, cpu = [], []
        for attempt in range(runs + 1):
            dataset._checked.clear()
            started, started_cpu = time.perf_counter(), time.process_time()
            try:
                result = dataset.read_dataset(project / "data", project / "schema", project)
            except (AttributeError, TypeError) as error:
                raise BenchmarkError(
                    f"cds.dataset.read_dataset(data_dir, schema_dir, project_dir) could not be called ({error}); "
                    "benchmarks/run.py measure_load() needs updating"
                ) from None
            timings.append(time.perf_counter() - started)
            cpu.append(time.process_time() - started_cpu)
            if len(result.provinces) != count:
                raise BenchmarkError(f"read_dataset found {len(result.provinces)} provinces, expected {count}")
            del result
        return {
            "load_ms_per_province": round(statistics.median(timings[1:]) * 1000 / count, 3),
            "load_cpu_ms_per_province": round(statistics.median(cpu[1:]) * 1000 / count, 3),
            "load_cold_ms_per_province": round(timings[0] * 1000 / count, 3),
        }
    finally:
        sys.path.remove(hooks)
        for name in [name for name in sys.modules if name == "cds" or name.startswith("cds.")]:
            del sys.modules[name]


# --- Sizes --------------------------------------------------------------------------------------


def gzip_kb(data: bytes) -> float:
    return len(gzip.compress(data, compresslevel=6)) / KB


class _Refs(HTMLParser):
    def __init__(self):
        super().__init__()
        self.refs: list[str] = []
        self.config_json = None
        self._in_config = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "link" and "stylesheet" in (attrs.get("rel") or "").lower().split() and attrs.get("href"):
            self.refs.append(attrs["href"])
        elif tag == "script":
            if attrs.get("src"):
                self.refs.append(attrs["src"])
            self._in_config = attrs.get("id") == "__config"

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_config = False

    def handle_data(self, data):
        if self._in_config:
            self.config_json = (self.config_json or "") + data


def page_weight(site: Path, page: str) -> dict:
    """A page, and every stylesheet and script it references, each gzipped on its own."""
    html = (site / page).read_bytes()
    parser = _Refs()
    parser.feed(html.decode("utf-8"))
    page_url = "http://site/" + page
    total, external = gzip_kb(html), []

    def local(ref: str) -> Path | None:
        url = urljoin(page_url, ref)
        parts = urlsplit(url)
        if parts.netloc != "site":
            external.append(ref)
            return None
        path = parts.path.lstrip("/")
        file = site / (path + "index.html" if path.endswith("/") or not path else path)
        if not file.is_file():
            raise BenchmarkError(f"{page} references {ref}, which is not in the built site")
        return file

    for ref in dict.fromkeys(parser.refs):
        file = local(ref)
        if file:
            total += gzip_kb(file.read_bytes())
    result = {"html_kb_gzip": round(gzip_kb(html), 1), "page_kb_gzip": round(total, 1)}
    # Material also starts its search worker and fetches the language's search index on
    # page load (not via a <script> or <link>): reported separately.
    if parser.config_json:
        config = json.loads(parser.config_json)
        with_search = total
        if config.get("search"):
            worker = local(config["search"])
            with_search += gzip_kb(worker.read_bytes()) if worker else 0
        base = config.get("base", ".")
        base_url = urljoin(page_url, base if base.endswith("/") else base + "/")
        index = local(urljoin(base_url, "search/search_index.json"))
        with_search += gzip_kb(index.read_bytes()) if index else 0
        result["page_kb_gzip_with_search"] = round(with_search, 1)
    if external:
        result["external_refs"] = external
    return result


# --- One size -----------------------------------------------------------------------------------


def languages_of(project: Path) -> list[dict]:
    return floor_module.load_effective_config(project / "mkdocs.yml")["extra"]["languages"]


def benchmark(count: int, runs: int, work: Path, env: dict, options) -> dict:
    scratch = work / f"n{count:04d}"
    project = scratch / "project"
    log(f"N={count}: writing {count} synthetic provinces to {project}")
    ids = synthetic.make_project(PROJECT, project, count)
    languages = languages_of(project)
    result: dict = {"provinces": count}

    if not options.serve_only:
        check_site = scratch / "site"
        log(f"N={count}: first build (checks the synthetic data; not timed)")
        first = _require(real_build(project, check_site, env, scratch), f"N={count}: `mkdocs build` of the synthetic project")
        for lang in languages:
            root = check_site / lang.get("prefix", "")
            missing = [i for i in ids if not (root / lang["paths"]["provinces"] / i / "index.html").is_file()]
            if missing:
                raise BenchmarkError(f"N={count}: {len(missing)} {lang['code']} province pages missing, e.g. {missing[0]}")
        pages = floor_module.count_pages(check_site)

        log(f"N={count}: writing the floor (the same pages as hand-written Markdown)")
        floors = floor_module.write_floor(project, check_site, scratch / "floor")
        floor_first = _require(floor_build(floors, env, scratch), f"N={count}: build of the floor")
        problems = floor_module.check(
            check_site, floors, {lang["code"]: lang.get("prefix", "") for lang in languages}
        )
        if problems:
            log(f"N={count}: WARNING: the floor differs from the real site on {len(problems)} point(s), e.g.:")
            for problem in problems[:5]:
                log("  " + problem[:400])
        floor_pages = floor_module.count_pages(floors[0].site_dir)

        builds, floors_s, build_cpu, floor_cpu, rss, floor_rss = [], [], [], [], [], []
        for attempt in range(1, runs + 1):
            log(f"N={count}: run {attempt}/{runs}: real build")
            run = _require(real_build(project, scratch / "site-run", env, scratch), f"N={count}: `mkdocs build`")
            builds.append(run.seconds)
            build_cpu.append(run.cpu_seconds)
            rss.append(run.peak_rss_mb)
            log(f"N={count}: run {attempt}/{runs}: floor build")
            run = _require(floor_build(floors, env, scratch), f"N={count}: build of the floor")
            floors_s.append(run.seconds)
            floor_cpu.append(run.cpu_seconds)
            floor_rss.append(run.peak_rss_mb)
        shutil.rmtree(scratch / "site-run", ignore_errors=True)
        build_s, floor_s = statistics.median(builds), statistics.median(floors_s)
        cpu_s, floor_cpu_s = statistics.median(build_cpu), statistics.median(floor_cpu)

        log(f"N={count}: timing read_dataset")
        load = measure_load(project, count, runs)

        province_pages = [
            (lang.get("prefix", "") + lang["paths"]["provinces"] + f"/{i}/index.html") for lang in languages for i in ids
        ]
        largest = max(province_pages, key=lambda page: (check_site / page).stat().st_size)
        result.update(
            pages=pages,
            build_s=round(build_s, 3),
            floor_s=round(floor_s, 3),
            ratio=round(build_s / floor_s, 3),
            ms_per_page=round(build_s * 1000 / pages, 2),
            floor_ms_per_page=round(floor_s * 1000 / floor_pages, 2),
            build_cpu_s=round(cpu_s, 3),
            floor_cpu_s=round(floor_cpu_s, 3),
            cpu_ratio=round(cpu_s / floor_cpu_s, 3) if floor_cpu_s else None,
            peak_rss_mb=round(max(rss), 1),
            floor_peak_rss_mb=round(max(floor_rss), 1),
            **load,
            **{
                f"search_index_kb_gzip_{lang['code']}": round(
                    gzip_kb((check_site / lang.get("prefix", "") / "search" / "search_index.json").read_bytes()), 1
                )
                for lang in languages
            },
            page=largest,
            **page_weight(check_site, largest),
            warnings=first.warnings,
            floor_pages=floor_pages,
            floor_warnings=floor_first.warnings,
            floor_mismatches=len(problems),
            floor_inline_chunks=sum(f.inline_chunks for f in floors),
            runs=runs,
            build_runs_s=[round(s, 3) for s in builds],
            floor_runs_s=[round(s, 3) for s in floors_s],
        )
        if not options.keep:
            shutil.rmtree(check_site, ignore_errors=True)
            shutil.rmtree(scratch / "floor", ignore_errors=True)

    if options.serve or options.serve_only:
        log(f"N={count}: mkdocs serve: 3 edits of {ids[0]}")
        try:
            result.update(serve_module.measure_serve(project, scratch, ids[0], languages, env))
        except serve_module.ServeError as error:
            raise BenchmarkError(f"N={count}: mkdocs serve: {error}") from None
    return result


# --- Targets (--check) --------------------------------------------------------------------------


def check_targets(results: list[dict]) -> list[str]:
    by_n = {r["provinces"]: r for r in results}
    missed = []

    def want(ok: bool, text: str):
        log(("  ok    " if ok else "  MISSED ") + text)
        if not ok:
            missed.append(text)

    for n in (63, 1000):
        if n in by_n and "ratio" in by_n[n]:
            want(by_n[n]["ratio"] <= 1.0, f"N={n}: build ≤ 1.0× floor (ratio {by_n[n]['ratio']})")
    if 63 in by_n and 1000 in by_n and "ms_per_page" in by_n[63] and "ms_per_page" in by_n[1000]:
        a, b = by_n[63]["ms_per_page"], by_n[1000]["ms_per_page"]
        want(b <= 1.2 * a, f"ms/page at N=1000 ({b}) ≤ 1.2 × ms/page at N=63 ({a})")
    for n, r in by_n.items():
        if "load_ms_per_province" in r:
            want(r["load_ms_per_province"] <= 5, f"N={n}: load+validate ≤ 5 ms per province ({r['load_ms_per_province']})")
        if "page_kb_gzip" in r:
            want(r["page_kb_gzip"] <= 80, f"N={n}: province page ≤ 80 KB gzip with what it loads ({r['page_kb_gzip']})")
    if 1000 in by_n and "peak_rss_mb" in by_n[1000]:
        want(by_n[1000]["peak_rss_mb"] < 300, f"N=1000: peak RSS < 300 MB ({by_n[1000]['peak_rss_mb']})")
    if 63 in by_n:
        for key, value in by_n[63].items():
            if key.startswith("search_index_kb_gzip_"):
                want(value <= 60, f"N=63: {key} ≤ 60 KB ({value})")
    for n, limit in ((4, 1.0), (63, 2.5)):
        if n in by_n and "serve_edit_s" in by_n[n]:
            want(by_n[n]["serve_edit_s"] <= limit, f"N={n}: serve edit → page ≤ {limit} s ({by_n[n]['serve_edit_s']})")
    return missed


# --- Main ---------------------------------------------------------------------------------------


def machine() -> dict:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory_gb = None
    try:
        memory_gb = round(int(Path("/proc/meminfo").read_text().split()[1]) / 1024 / 1024, 1)
    except (OSError, IndexError, ValueError):
        pass
    from importlib.metadata import version

    return {
        "machine": {
            "cpu": cpu,
            "cores": os.cpu_count(),
            "usable_cores": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count(),
            "memory_gb": memory_gb,
            "os": platform.platform(),
            "python": platform.python_version(),
        },
        "date": datetime.datetime.now().astimezone().isoformat(timespec="seconds"),
        "mkdocs": version("mkdocs"),
        "mkdocs_material": version("mkdocs-material"),
        "peak_rss_from": f"{TIME_BIN} -v" if USE_GNU_TIME else "getrusage(RUSAGE_CHILDREN)",
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--provinces", type=int, nargs="+", default=[4, 63], metavar="N", help="numbers of provinces (default: 4 63)")
    parser.add_argument("--runs", type=int, default=3, help="timed runs per N; medians are reported (default: 3)")
    parser.add_argument("--serve", action="store_true", help="also time `mkdocs serve` rebuilds after an edit")
    parser.add_argument("--serve-only", action="store_true", help="only the `mkdocs serve` measurement")
    parser.add_argument("--keep", action="store_true", help="keep the temporary projects and sites (path on stderr)")
    parser.add_argument("--check", action="store_true", help="exit with status 3 if a target in benchmarks/README.md is missed")
    options = parser.parse_args(argv)
    if options.runs < 1 or any(n < 1 or n > 9999 for n in options.provinces):
        parser.error("--runs must be ≥ 1 and each N between 1 and 9999")

    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    env.pop("SITE_URL", None)  # the default site_url of mkdocs.yml, for the real site and the floor alike
    os.environ.pop("SITE_URL", None)
    print(json.dumps(machine(), ensure_ascii=False), flush=True)
    work = Path(tempfile.mkdtemp(prefix="cds-bench-"))
    log(f"working in {work}")
    results = []
    try:
        for count in options.provinces:
            result = benchmark(count, options.runs, work, env, options)
            results.append(result)
            print(json.dumps(result, ensure_ascii=False), flush=True)
    except BenchmarkError as error:
        print(f"benchmark failed: {error}", file=sys.stderr, flush=True)
        return 1
    except subprocess.TimeoutExpired as error:
        print(f"benchmark failed: timed out: {error}", file=sys.stderr, flush=True)
        return 1
    finally:
        if options.keep:
            log(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    if options.check:
        log("targets:")
        if check_targets(results):
            return 3
    return 0


if __name__ == "__main__":
    sys.exit(main())
