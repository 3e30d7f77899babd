"""The GitHub Actions workflow that tests, builds and publishes the site to GitHub Pages,
and the CI entry point: parsed, not run."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
import yaml

from conftest import PROJECT_DIR

WORKFLOW = PROJECT_DIR / ".github" / "workflows" / "pages.yml"
# check-jsonschema ships GitHub's workflow schema (SchemaStore's, vendored in the package):
# it runs here with every network connection refused, so a download would fail the check.
CHECK_OFFLINE = """
import socket

def refuse(*args, **kwargs):
    raise OSError("no network in the tests")

socket.socket.connect = socket.getaddrinfo = socket.create_connection = refuse
from check_jsonschema import main
main()
"""
ON_MAIN = re.compile(r"github\.event_name\s*==\s*'push'\s*&&\s*github\.ref\s*==\s*'refs/heads/main'")


@pytest.fixture(scope="module")
def workflow() -> dict:
    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))


def steps(job: dict) -> list[dict]:
    return job.get("steps", [])


def runs(job: dict) -> str:
    return "\n".join(step.get("run", "") for step in steps(job))


def uses(job: dict) -> list[str]:
    return [step["uses"] for step in steps(job) if "uses" in step]


def readme_test_command() -> str:
    """The test command the README gives (in its set-up block)."""
    readme = (PROJECT_DIR / "README.md").read_text(encoding="utf-8")
    commands = re.findall(r"^(make test)\b", readme, flags=re.MULTILINE)
    assert commands, "the README names no test command"
    return commands[0]


def test_triggers_are_push_to_main_and_pull_requests(workflow):
    triggers = workflow.get("on", workflow.get(True))  # YAML 1.1 reads a bare `on` as true
    assert triggers["push"]["branches"] == ["main"]
    assert "pull_request" in triggers


def test_tests_run_with_the_readme_command_and_debian_chromium(workflow):
    command = readme_test_command()
    testing = [job for job in workflow["jobs"].values() if re.search(rf"^\s*{re.escape(command)}\s*$", runs(job), re.MULTILINE)]
    assert len(testing) == 1, f"one job runs `{command}`"
    job = testing[0]
    assert "if" not in job, "the tests run for pushes and pull requests alike"
    assert "actions/checkout@v4" in uses(job)
    assert re.search(r"apt-get install\b.*\bchromium\b", runs(job)), "Chromium from Debian's packages"
    assert "bookworm" in str(job.get("container", "")) or "debian" in str(job.get("container", ""))
    assert "3.11" in str(job.get("container", "")) or any("setup-python" in u for u in uses(job))


def test_site_is_built_strict_for_the_pages_address(workflow):
    building = [job for job in workflow["jobs"].values() if "mkdocs build --strict" in runs(job)]
    assert len(building) == 1
    job = building[0]
    assert "if" not in job, "pull requests are built too"
    assert "actions/checkout@v4" in uses(job)
    setup = next(step for step in steps(job) if step.get("uses", "").startswith("actions/setup-python@"))
    assert str(setup["with"]["python-version"]) == "3.11"
    configure = next(step for step in steps(job) if step.get("uses", "").startswith("actions/configure-pages@"))
    build = next(step for step in steps(job) if "mkdocs build --strict" in step.get("run", ""))
    site_url = build["env"]["SITE_URL"]
    assert f"steps.{configure['id']}.outputs.base_url" in site_url and site_url.endswith("/"), site_url
    assert steps(job).index(configure) < steps(job).index(build)
    upload = next(step for step in steps(job) if step.get("uses", "").startswith("actions/upload-pages-artifact@"))
    assert upload["with"]["path"].rstrip("/") == "site"
    assert job.get("permissions", {}).get("pages") in ("read", None)


def test_deploy_only_on_push_to_main_with_the_official_actions(workflow):
    jobs = workflow["jobs"]
    deploying = [name for name, job in jobs.items() if any(u.startswith("actions/deploy-pages@") for u in uses(job))]
    assert len(deploying) == 1
    job = jobs[deploying[0]]
    assert ON_MAIN.search(job["if"]), job["if"]
    needs = job["needs"] if isinstance(job["needs"], list) else [job["needs"]]
    building = next(name for name, other in jobs.items() if "mkdocs build --strict" in runs(other))
    testing = next(name for name, other in jobs.items() if "make test" in runs(other))
    assert building in needs and testing in needs, "deploy only what was built, once the tests pass"
    assert job["permissions"] == {"pages": "write", "id-token": "write"}
    assert job["environment"]["name"] == "github-pages"
    for name, other in jobs.items():
        if name != deploying[0]:
            assert other.get("permissions", {}).get("pages") != "write", name
    assert workflow["permissions"] == {"contents": "read"}


def test_official_action_versions(workflow):
    used = {u for job in workflow["jobs"].values() for u in uses(job)}
    for action in ("actions/checkout@v4", "actions/setup-python@v5", "actions/configure-pages@v5", "actions/upload-pages-artifact@v3", "actions/deploy-pages@v4"):
        assert action in used, action


def test_ci_entry_point_installs_chromium_and_runs_the_readme_command():
    script = (PROJECT_DIR / ".ci" / "run").read_text(encoding="utf-8")
    assert re.search(r"apt-get install\b.*\bchromium\b", script)
    assert "/usr/bin/chromium" in script  # skipped when already there
    assert re.search(rf"^\s*{re.escape(readme_test_command())}\s*$", script, re.MULTILINE)


def test_make_test_installs_what_the_tests_need():
    makefile = (PROJECT_DIR / "Makefile").read_text(encoding="utf-8")
    test_rule = re.search(r"^test:(.*)$", makefile, re.MULTILINE).group(1)
    assert ".test-installed" in test_rule and "chromium" in test_rule
    requirements = (PROJECT_DIR / "requirements-test.txt").read_text(encoding="utf-8")
    for package in ("playwright", "axe-playwright-python"):
        assert re.search(rf"^{package}==\d", requirements, re.MULTILINE), package


def check_jsonschema(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", CHECK_OFFLINE, *args], capture_output=True, text=True, timeout=120
    )


def test_workflow_is_valid_for_github():
    result = check_jsonschema("--builtin-schema", "vendor.github-workflows", str(WORKFLOW))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "ok -- validation done" in result.stdout


@pytest.mark.parametrize(
    "find, replace, complaint",
    [
        ("    timeout-minutes: 15\n", "    timeout-minute: 15\n", "'timeout-minute' was unexpected"),
        ("  pull_request:\n", "  pull-request:\n", "'pull-request'"),
    ],
    ids=["misspelt job key", "unknown trigger"],
)
def test_a_broken_workflow_is_refused(tmp_path, find, replace, complaint):
    text = WORKFLOW.read_text(encoding="utf-8")
    assert text.count(find) == 1
    broken = tmp_path / "pages.yml"
    broken.write_text(text.replace(find, replace), encoding="utf-8")
    result = check_jsonschema("--builtin-schema", "vendor.github-workflows", str(broken))
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Schema validation errors were encountered" in result.stdout
    assert complaint in result.stdout


def test_the_check_cannot_reach_the_network():
    """What makes the checks above offline: a schema that would be downloaded is not."""
    result = check_jsonschema("--schemafile", "https://json.schemastore.org/github-workflow.json", "--no-cache", str(WORKFLOW))
    assert result.returncode != 0
    assert "no network in the tests" in result.stdout + result.stderr
