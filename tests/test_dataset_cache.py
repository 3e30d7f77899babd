"""The data cache across builds (both languages, every `mkdocs serve` rebuild)."""

from __future__ import annotations

import logging
import re

import pytest

from cds import dataset as cds_dataset
from cds import files as cds_files
from cds.problems import DataError


def read(project):
    return cds_dataset.read_dataset(project / "data", project / "schema", project)


def test_unchanged_files_give_the_same_model(project_copy):
    first = read(project_copy)
    assert read(project_copy) is first  # the second language's build reuses it


def test_a_cached_file_broken_by_another_file_is_still_located(project_copy):
    read(project_copy)  # caches every file; the cache keeps no positions once valid
    indicators = project_copy / "data" / "indicators.yml"
    text = indicators.read_text(encoding="utf-8")
    indicators.write_text(text.replace("- id: pci\n", "- id: pci-renamed\n", 1), encoding="utf-8")
    with pytest.raises(DataError) as raised:
        read(project_copy)
    messages = [str(problem) for problem in raised.value.problems]
    nghe_an = [m for m in messages if m.startswith("data/provinces/nghe-an.yml:")]
    assert nghe_an, messages
    # Still file:line:column, pointing at the `indicator: pci` lines of the unchanged file.
    lines = (project_copy / "data" / "provinces" / "nghe-an.yml").read_text(encoding="utf-8").splitlines()
    for message in nghe_an:
        line, column = map(int, re.match(r"data/provinces/nghe-an\.yml:(\d+):(\d+): ", message).groups())
        assert "pci" in lines[line - 1], message
        assert "found `pci`" in message


def test_an_editors_file_is_noted_once_not_at_every_build(project_copy, caplog):
    lock = project_copy / "data" / "provinces" / ".#nghe-an.yml"
    lock.symlink_to("editor@host.4242:1700000000")  # Emacs's lock: a link to nowhere
    caplog.set_level(logging.INFO, logger="mkdocs.hooks.cds")
    read(project_copy)
    read(project_copy)  # the second language's build, or a rebuild under `mkdocs serve`
    notes = [record.getMessage() for record in caplog.records if record.levelno == logging.INFO]
    assert notes == [f"data/provinces/.#nghe-an.yml: {cds_files.SKIPPED_NOTE}"]
