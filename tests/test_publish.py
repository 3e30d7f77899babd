"""A build replaces the site only once both languages have succeeded (hooks/cds/publish.py):
whatever stops it, the previous site stays byte for byte, the build ends on one clear line
and never on a traceback. And SITE_URL is a plain http(s) address, or the build stops."""

from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from jinja2 import Environment, FileSystemLoader, StrictUndefined, TemplateError

from conftest import PROJECT_DIR, TEST_SITE_URL, copy_project, mkdocs_env, run_mkdocs

from cds.failure import describe
from cds.publish import discard, publish, stage
from cds.site_url import SiteUrlError, check_site_url


# --- The build, end to end ----------------------------------------------------------------------


def fingerprint(folder: Path) -> dict[str, str]:
    """Every file and folder under `folder`, by path: a file by the hash of its bytes."""
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else "folder"
        for path in sorted(folder.rglob("*"))
    }


@pytest.fixture
def previous_site(site, tmp_path) -> Path:
    """A site built before (a copy of the session's), alone in its folder."""
    copy = tmp_path / "published" / "site"
    shutil.copytree(site.root, copy)
    return copy


def lines_of(result: subprocess.CompletedProcess) -> list[str]:
    return (result.stdout + result.stderr).splitlines()


def assert_left_as_it_was(result: subprocess.CompletedProcess, site_dir: Path, before: dict) -> None:
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "Traceback" not in output
    assert "Aborted with" in output
    assert fingerprint(site_dir) == before, "the failed build changed the previous site"
    assert [path.name for path in site_dir.parent.iterdir()] == [site_dir.name], "the build left a folder behind"


def append_to_template(project, name: str, text: str) -> int:
    """Add a line at the end of a report template; return its line number."""
    template = project / "overrides" / "report" / name
    line = len(template.read_text(encoding="utf-8").splitlines()) + 1
    with template.open("a", encoding="utf-8") as file:
        file.write(text + "\n")
    return line


def test_a_template_mistake_leaves_the_previous_site(project_copy, previous_site):
    line = append_to_template(project_copy, "province.html", "<p>{{ no_such_value.attribute }}</p>")
    before = fingerprint(previous_site)
    result = run_mkdocs(project_copy, previous_site)
    assert_left_as_it_was(result, previous_site, before)
    expected = f"ERROR   -  overrides/report/province.html:{line}: UndefinedError: 'no_such_value' is undefined (while rendering `province/"
    assert any(text.startswith(expected) for text in lines_of(result)), result.stderr


def test_a_template_syntax_error_leaves_the_previous_site(project_copy, previous_site):
    line = append_to_template(project_copy, "glossary.html", "{% if %}")
    before = fingerprint(previous_site)
    result = run_mkdocs(project_copy, previous_site)
    assert_left_as_it_was(result, previous_site, before)
    expected = f"ERROR   -  overrides/report/glossary.html:{line}: TemplateSyntaxError: "
    assert any(text.startswith(expected) for text in lines_of(result)), result.stderr


def test_an_error_in_the_english_pages_only_leaves_the_previous_site(project_copy, previous_site):
    """The Vietnamese site builds; the English one does not: neither is published."""
    with (project_copy / "content" / "en" / "about.md").open("a", encoding="utf-8") as file:
        file.write("\n<!-- data: no-such-block -->\n")
    before = fingerprint(previous_site)
    result = run_mkdocs(project_copy, previous_site)
    assert_left_as_it_was(result, previous_site, before)
    output = lines_of(result)
    assert any("unknown data block `no-such-block`" in text for text in output), result.stderr
    assert "ERROR   -  The English site did not build; see the messages above." in output


@pytest.mark.parametrize(
    "function, language",
    [("write_downloads", "Vietnamese"), ("download_links", "English")],
    ids=["in-the-vietnamese-build", "in-the-english-build-only"],
)
def test_a_bug_in_the_hooks_is_one_line_and_leaves_the_previous_site(project_copy, previous_site, function, language):
    """A Python exception in the hooks, which MkDocs would print as a traceback. The first
    language writes the downloads, the others only link to them (hooks/cds_site.py, on_files)."""
    module = project_copy / "hooks" / "cds" / "downloads.py"
    text = module.read_text(encoding="utf-8") + f"\n\ndef {function}(*args):\n    raise RuntimeError('a bug in the hooks')\n"
    module.write_text(text, encoding="utf-8")
    line = len(text.splitlines())
    before = fingerprint(previous_site)
    result = run_mkdocs(project_copy, previous_site)
    assert_left_as_it_was(result, previous_site, before)
    output = lines_of(result)
    assert f"ERROR   -  hooks/cds/downloads.py:{line}: RuntimeError: a bug in the hooks" in output, result.stderr
    if language == "English":
        assert "ERROR   -  The English site did not build; see the messages above." in output


def test_a_warning_in_strict_mode_leaves_the_previous_site(project_copy, previous_site):
    """MkDocs stops a strict build on a warning only after the last event (on_post_build)."""
    with (project_copy / "content" / "vi" / "phuong-phap.md").open("a", encoding="utf-8") as file:
        file.write("\n[Một liên kết hỏng](khong-co.md)\n")
    before = fingerprint(previous_site)
    result = run_mkdocs(project_copy, previous_site)
    assert_left_as_it_was(result, previous_site, before)
    assert "Aborted with 1 warnings in strict mode!" in result.stdout + result.stderr


@pytest.mark.parametrize(
    "site_url, message",
    [
        ("", "SITE_URL is set but empty: set it to the address the site is published at, such as https://<user>.github.io/<repo>/, or unset it to preview the site at http://127.0.0.1:8000/."),
        ('https://example.github.io/cds"><script>alert(1)</script>/', 'SITE_URL "https://example.github.io/cds"><script>alert(1)</script>/": a double quote (") cannot be part of the address (written as %22 it can); expected an address such as https://<user>.github.io/<repo>/.'),
    ],
    ids=["empty", "with-a-quote"],
)
def test_a_bad_site_url_stops_the_build_and_leaves_the_previous_site(project_copy, previous_site, site_url, message):
    before = fingerprint(previous_site)
    result = run_mkdocs(project_copy, previous_site, site_url=site_url)
    assert_left_as_it_was(result, previous_site, before)
    assert f"ERROR   -  {message}" in lines_of(result)


def test_a_successful_build_replaces_the_whole_site(project_copy, tmp_path):
    site_dir = tmp_path / "published" / "site"
    (site_dir / "en").mkdir(parents=True)
    (site_dir / "left-from-before.html").write_text("an old page", encoding="utf-8")
    (site_dir / "en" / "index.html").write_text("an old page", encoding="utf-8")
    result = run_mkdocs(project_copy, site_dir)
    assert result.returncode == 0, result.stdout + result.stderr
    assert not (site_dir / "left-from-before.html").exists()
    assert "Digital transformation" in (site_dir / "en" / "index.html").read_text(encoding="utf-8")
    assert (site_dir / "index.html").is_file() and (site_dir / "data" / "cds-figures.csv").is_file()
    assert [path.name for path in site_dir.parent.iterdir()] == ["site"], "the build left a folder behind"


def test_gh_deploy_pushes_the_site_it_built(tmp_path):
    """`mkdocs gh-deploy` pushes config.site_dir once the build is done: the published site,
    with both languages, not the staging folder the build wrote into."""
    project = copy_project(tmp_path / "project")
    remote = tmp_path / "remote.git"
    git = ["git", "-c", "user.name=Test", "-c", "user.email=test@example.org"]
    subprocess.run(["git", "init", "--quiet", "--bare", str(remote)], check=True)
    for command in (["init", "--quiet"], ["add", "--all"], ["commit", "--quiet", "-m", "site"], ["remote", "add", "origin", str(remote)]):
        subprocess.run([*git, *command], cwd=project, check=True)
    subprocess.run([*git, "config", "user.name", "Test"], cwd=project, check=True)
    subprocess.run([*git, "config", "user.email", "test@example.org"], cwd=project, check=True)
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "gh-deploy"],
        cwd=project, env=mkdocs_env(SITE_URL=TEST_SITE_URL), capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    pushed = subprocess.run(
        ["git", "--git-dir", str(remote), "ls-tree", "-r", "--name-only", "gh-pages"], capture_output=True, text=True, check=True
    ).stdout.splitlines()
    assert {"index.html", "en/index.html", "sitemap_index.xml", "data/cds-figures.csv"} <= set(pushed)
    built = {path for path, kind in fingerprint(project / "site").items() if kind != "folder"}
    assert set(pushed) - {".nojekyll"} == built
    assert not [path.name for path in project.iterdir() if path.name.startswith(".site.")]


# --- The Makefile's warning ---------------------------------------------------------------------


def warning_commands(target: str) -> list[str]:
    """The commands of `make <target>` (not run: `make -n` prints them) that check SITE_URL."""
    printed = subprocess.run(["make", "-n", target], cwd=PROJECT_DIR, capture_output=True, text=True, check=True).stdout
    return [line for line in printed.splitlines() if "SITE_URL" in line]


@pytest.mark.parametrize("target", ["build", "deploy"])
def test_make_build_and_deploy_warn_when_site_url_is_unset(target):
    [command] = warning_commands(target)
    unset = mkdocs_env()
    warned = subprocess.run(["sh", "-c", command], env=unset, capture_output=True, text=True)
    assert warned.stderr.strip() == (
        "Warning: SITE_URL is not set, so the site's canonical links, sitemap and Open Graph tags point at "
        "http://127.0.0.1:8000/. To publish, set it to the site's address: "
        f"SITE_URL=https://<user>.github.io/<repo>/ make {target}"
    )
    quiet = subprocess.run(["sh", "-c", command], env={**unset, "SITE_URL": TEST_SITE_URL}, capture_output=True, text=True)
    assert (quiet.returncode, quiet.stdout, quiet.stderr) == (0, "", "")


def test_make_serve_does_not_warn():
    assert warning_commands("serve") == []


# --- SITE_URL -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "site_url",
    ["https://example.github.io/cds-report/", "http://127.0.0.1:8000/", "https://data.example.org/", "https://example.org:8443/a-b_c~d/%C4%91/"],
)
def test_a_plain_http_address_is_accepted(site_url):
    assert check_site_url(site_url) == site_url


@pytest.mark.parametrize(
    "site_url, message",
    [
        (None, "SITE_URL is set but empty"),
        ("https://example.org/it's/", "a single quote (') cannot be part of the address (written as %27 it can)"),
        ("https://example.org/<b>/", "an angle bracket (<) cannot be part of the address (written as %3C it can)"),
        ("https://example.org/a b/", "a space cannot be part of the address (written as %20 it can)"),
        ("https://example.org/a\\b/", "a backslash (\\) cannot be part of the address (written as %5C it can)"),
        ("https://example.org/a\u202eb/", 'SITE_URL "https://example.org/a\\u202eb/": the invisible character U+202E cannot'),
        ("https://example.org/\nx/", 'SITE_URL "https://example.org/\\u000ax/": the invisible character U+000A cannot'),
        ("ftp://example.org/", "expected an http:// or https:// address, such as https://<user>.github.io/<repo>/."),
        ("javascript://example.org/%0Aalert(1)", "expected an http:// or https:// address"),
        ("https://:8000/", "no host name after https://"),
        ("https://editor:secret@example.org/", "a user name or password (before @) would be shown on every page"),
        ("https://example.org:eighty/", "the port after the host name is not a number"),
        ("https://example.org/?from=mail", "the site's address ends with its path, without ?… or #…"),
        ("https://example.org/#top", "the site's address ends with its path, without ?… or #…"),
    ],
)
def test_a_site_url_that_is_not_a_plain_address_is_refused(site_url, message):
    with pytest.raises(SiteUrlError) as refused:
        check_site_url(site_url)
    text = str(refused.value)
    assert text.startswith("SITE_URL ") and message in text
    assert "\n" not in text
    if site_url and site_url.isprintable():  # shown as it is; an invisible character as an escape (above)
        assert f'SITE_URL "{site_url}"' in text


# --- Publishing, step by step -------------------------------------------------------------------


def a_site(folder: Path, page: str) -> Path:
    (folder / "en").mkdir(parents=True)
    (folder / "index.html").write_text(page, encoding="utf-8")
    (folder / "en" / "index.html").write_text(page, encoding="utf-8")
    return folder


def test_staging_is_a_fresh_folder_beside_the_site(tmp_path):
    site_dir = a_site(tmp_path / "site", "published")
    leftover = a_site(tmp_path / ".site.building", "from an interrupted build")
    before = fingerprint(site_dir)
    staging = stage(site_dir)
    assert staging.folder == leftover and staging.folder.is_dir() and not any(staging.folder.iterdir())
    assert staging.site_dir == site_dir and fingerprint(site_dir) == before


def test_publishing_replaces_the_site_whole(tmp_path):
    site_dir = a_site(tmp_path / "site", "old")
    (site_dir / "gone.html").write_text("old", encoding="utf-8")
    staging = stage(site_dir)
    a_site(staging.folder / "new", "new")
    (staging.folder / "index.html").write_text("new", encoding="utf-8")
    publish(staging)
    assert sorted(fingerprint(site_dir)) == ["index.html", "new", "new/en", "new/en/index.html", "new/index.html"]
    assert [path.name for path in tmp_path.iterdir()] == ["site"]


def test_publishing_a_first_site(tmp_path):
    staging = stage(tmp_path / "out" / "site")
    a_site(staging.folder / "x", "new")
    publish(staging)
    assert (tmp_path / "out" / "site" / "x" / "index.html").read_text(encoding="utf-8") == "new"
    assert [path.name for path in (tmp_path / "out").iterdir()] == ["site"]


def test_a_discarded_build_leaves_the_site(tmp_path):
    site_dir = a_site(tmp_path / "site", "published")
    before = fingerprint(site_dir)
    staging = stage(site_dir)
    a_site(staging.folder, "half-written")
    discard(staging)
    assert fingerprint(site_dir) == before
    assert [path.name for path in tmp_path.iterdir()] == ["site"]


def test_the_previous_site_is_put_back_when_the_new_one_cannot_take_its_place(tmp_path):
    site_dir = a_site(tmp_path / "site", "published")
    before = fingerprint(site_dir)
    staging = stage(site_dir)
    staging.folder.rmdir()  # gone: the rename into place fails
    with pytest.raises(FileNotFoundError):
        publish(staging)
    assert fingerprint(site_dir) == before


# --- An unexpected error in one line ------------------------------------------------------------


def render_error(tmp_path: Path, template: str) -> TemplateError:
    (tmp_path / "page.html").write_text(template, encoding="utf-8")
    env = Environment(loader=FileSystemLoader(tmp_path), undefined=StrictUndefined)
    with pytest.raises(TemplateError) as raised:
        env.get_template("page.html").render()
    return raised.value


def test_a_template_error_is_located_in_its_template(tmp_path):
    error = render_error(tmp_path, "<h1>Title</h1>\n\n<p>{{ missing.value }}</p>\n")
    assert describe(error, tmp_path) == "page.html:3: UndefinedError: 'missing' is undefined"


def test_a_template_syntax_error_is_located_in_its_template(tmp_path):
    error = render_error(tmp_path, "<h1>Title</h1>\n{% if %}\n")
    assert re.fullmatch(r"page\.html:2: TemplateSyntaxError: \S.*", describe(error, tmp_path))
