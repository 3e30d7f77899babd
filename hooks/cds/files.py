"""Which entries of data/ are data files, and which only look like one.

Only ordinary files inside the project are read. A link is followed only to a file inside
the project: one to /etc/passwd would otherwise be read, and quoted in the messages. A
named pipe, a socket or a device is never opened (reading a named pipe waits forever),
so each entry's kind is looked up before anything is read.

Files that editors and operating systems leave beside the data (lock, swap and backup
files, macOS's `._` files) are skipped, each with a one-line note. A file that is
probably data but named otherwise (`da-nang.YML`, `da-nang.yaml`, `da-nang.yml.txt`,
`indicator.yml`) is refused by name, never skipped in silence. Other files in data/
itself, such as FORMAT.md, are documentation and left alone.
"""

from __future__ import annotations

import difflib
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path

from .problems import Problem

# Names of the files editors and operating systems leave beside the files they open.
_NOT_DATA = re.compile(
    r"""
      \..*                                  # hidden: .#name (Emacs lock), ._name (macOS), .name.swp (vim), .DS_Store
    | .*~                                   # backups: Emacs, nano, gedit
    | \#.*\#                                # Emacs auto-save
    | 4913                                  # vim's test that it may write in the folder
    | ~\$.*                                 # Microsoft Office lock
    | .*\.(?:swp|swo|swx|tmp|bak|orig|rej)  # swap and temporary files, backups, leftovers of a merge
    | Thumbs\.db | desktop\.ini             # Windows' folder files
    """,
    re.VERBOSE | re.IGNORECASE,
)
# Where a name's YAML ending starts: `.yml`, `.YML`, `.yaml`, `.yml.txt` ...
_YAML_ENDING = re.compile(r"\.ya?ml(?=\.|$)", re.IGNORECASE)
_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a device"),
    (stat.S_ISBLK, "a device"),
)


@dataclass(frozen=True)
class DataFile:
    path: Path
    display: str  # as the editor knows it: data/provinces/da-nang.yml
    status: os.stat_result  # of the file itself, links followed


@dataclass
class Found:
    shared: dict[str, DataFile] = field(default_factory=dict)  # file name → file
    provinces: list[DataFile] = field(default_factory=list)
    rankings: list[DataFile] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    skipped: list[tuple[Path, str]] = field(default_factory=list)  # editors' and systems' files: (path, display)


SKIPPED_NOTE = "skipped: an editor's or the system's own file (hidden, lock, swap or backup file), not data."


def find_data_files(data_dir: Path, project_dir: Path, shared_names: list[str], province_dir: str, ranking_dir: str) -> Found:
    """The shared files, province files and ranking files to read, and the problems of every other entry."""
    found = Found()
    root = Path(os.path.realpath(project_dir))
    display = _display(data_dir, project_dir)
    if not _inside(Path(os.path.realpath(data_dir)), root):
        found.problems.append(_outside_folder(data_dir, display))
        return found
    _find_shared_files(data_dir, display, root, shared_names, (province_dir, ranking_dir), found)
    _find_folder_files(data_dir / province_dir, f"{display}/{province_dir}", root, found, "province", found.provinces)
    # Rankings are optional: a site without one has no ranking pages.
    _find_folder_files(data_dir / ranking_dir, f"{display}/{ranking_dir}", root, found, "ranking", found.rankings)
    return found


def _find_shared_files(data_dir: Path, display: str, root: Path, shared_names: list[str], folders: tuple[str, str], found: Found) -> None:
    hinted: set[str] = set()  # shared files refused, or named by a misspelling: not also "missing"
    for entry in _entries(data_dir, display, root, found):
        path, shown = Path(entry.path), f"{display}/{entry.name}"
        if entry.name in folders:
            continue
        if entry.name in shared_names:
            data_file = _regular(path, shown, root, found)
            if data_file:
                found.shared[entry.name] = data_file
            else:
                hinted.add(entry.name)
        elif _YAML_ENDING.search(entry.name) or entry.is_dir():
            is_dir = entry.is_dir()
            match = _intended(entry.name, list(folders) if is_dir else shared_names)
            if match:
                hinted.add(match)
            found.problems.append(Problem(shown, 0, 0, "", _unknown_in_data(entry.name, match, shared_names, folders, is_dir)))
    for name in shared_names:
        if name not in found.shared and name not in hinted:
            found.problems.append(
                Problem(f"{display}/{name}", 0, 0, "", "this required data file is missing; restore it (the site cannot be built without it).")
            )


def _find_folder_files(directory: Path, display: str, root: Path, found: Found, kind: str, files: list[DataFile]) -> None:
    """The `<id>.yml` files of a folder of `kind` files (province, ranking), into `files`."""
    refused = len(found.problems)
    for entry in _entries(directory, display, root, found):
        path, shown = Path(entry.path), f"{display}/{entry.name}"
        ending = _YAML_ENDING.search(entry.name)
        if ending and entry.name[ending.start():] == ".yml":
            if data_file := _regular(path, shown, root, found):
                files.append(data_file)
        elif entry.is_dir():
            found.problems.append(
                Problem(shown, 0, 0, "", f"expected only {kind} files here; found a folder, which is not read. Move its files into {display}/, or move the folder out of data/.")
            )
        elif ending:
            stem, written = entry.name[: ending.start()], entry.name[ending.start():]
            found.problems.append(
                Problem(shown, 0, 0, "", f"expected a {kind} file's name to end in .yml (lowercase); found `{written}`, so the file is not read. Rename it to {stem}.yml.")
            )
        else:
            found.problems.append(
                Problem(
                    shown, 0, 0, "",
                    f"expected only {kind} files (<id>.yml) here; found `{entry.name}`, which is not read. "
                    f"Rename it to {entry.name.partition('.')[0]}.yml if it is a {kind} file; otherwise move it out of data/.",
                )
            )
    if kind == "province" and not files and len(found.problems) == refused:
        found.problems.append(
            Problem(display, 0, 0, "", "no province files (*.yml) found. Add one with `make province ID=<id> VI=\"<tên>\" EN=\"<name>\"`.")
        )


def _entries(directory: Path, display: str, root: Path, found: Found) -> list[os.DirEntry]:
    """The folder's entries, sorted, without the editors' and systems' files (noted in
    `found.skipped`); none if the folder is missing, or a link to outside the project."""
    if not _inside(Path(os.path.realpath(directory)), root):
        found.problems.append(_outside_folder(directory, display))
        return []
    try:
        with os.scandir(directory) as scanned:
            entries = sorted(scanned, key=lambda entry: entry.name)
    except (FileNotFoundError, NotADirectoryError):
        return []
    kept = []
    for entry in entries:
        if _NOT_DATA.fullmatch(entry.name):
            found.skipped.append((Path(entry.path), f"{display}/{entry.name}"))
        else:
            kept.append(entry)
    return kept


def _outside_folder(directory: Path, display: str) -> Problem:
    target = os.readlink(directory) if directory.is_symlink() else os.path.realpath(directory)
    return Problem(
        display, 0, 0, "",
        f"expected a folder of the project; found a link to {target}, outside the project: the site reads only "
        "files inside it. Put the folder itself here instead of the link.",
    )


def _regular(path: Path, display: str, root: Path, found: Found) -> DataFile | None:
    """The file, if it is an ordinary file inside the project; else a problem saying what it is."""
    try:
        status = path.lstat()
    except OSError as error:  # gone since the folder was listed: an editor saving it, say
        found.problems.append(Problem(display, 0, 0, "", f"cannot be read: {error.strerror}."))
        return None
    if stat.S_ISLNK(status.st_mode):
        target = os.readlink(path)
        if not _inside(Path(os.path.realpath(path)), root):
            found.problems.append(
                Problem(display, 0, 0, "", f"expected a data file; found a link to {target}, outside the project: the site reads only files inside it. Put the file itself here instead of the link.")
            )
            return None
        try:
            status = path.stat()
        except OSError:
            found.problems.append(
                Problem(display, 0, 0, "", f"expected a data file; found a link to {target}, where there is no file. Put the file itself here instead of the link, or delete the link.")
            )
            return None
    if stat.S_ISREG(status.st_mode):
        return DataFile(path, display, status)
    kind = next((name for test, name in _KINDS if test(status.st_mode)), "something other than a file")
    found.problems.append(
        Problem(display, 0, 0, "", f"expected a data file; found {kind}, which is not read. Put an ordinary file here instead (or delete it).")
    )
    return None


def _intended(name: str, known: list[str]) -> str | None:
    """The known name `name` is probably a misspelling of: `Indicators.YAML`, `indicator.yml`."""
    ending = _YAML_ENDING.search(name)
    plain = (name[: ending.start()] + ".yml" if ending else name).lower()
    match = difflib.get_close_matches(plain, known, n=1, cutoff=0.8)
    return match[0] if match else None


def _unknown_in_data(name: str, match: str | None, shared_names: list[str], folders: tuple[str, str], is_dir: bool) -> str:
    province_dir, ranking_dir = folders
    what = "a folder" if is_dir else f"`{name}`"
    files = ", ".join(shared_names[:-1]) + f" and {shared_names[-1]}"
    if match in folders:
        kind = "province" if match == province_dir else "ranking"
        return f"expected the folder {match}/ for {kind} files; found {what}, which is not read. Rename it to {match}."
    if match:
        return f"expected one of the shared data files ({files}); found {what}, which is not read. Rename it to {match}."
    return (
        f"expected only the shared data files here ({files}) and the folders {province_dir}/ and {ranking_dir}/; found {what}, "
        f"which is not read. A province file goes in data/{province_dir}/, a ranking in data/{ranking_dir}/; anything else, move out of data/."
    )


def _inside(path: Path, root: Path) -> bool:
    return path.is_relative_to(root)


def _display(path: Path, project_dir: Path) -> str:
    try:
        return path.relative_to(project_dir).as_posix()
    except ValueError:
        return path.as_posix()
