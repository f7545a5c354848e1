"""List the corpus folder: the files ingest can read, and the ones it passes over, with why.

A file whose size and modification time are those the last ingest recorded (its stamp) is
not read again: it is listed as an UnreadFile with the hash recorded then, as make and rsync
judge files. A stamp is only recorded for a file last modified RACY_SECONDS or more before
it was read, so that a change within the same clock tick as the reading is not missed.
"""

from __future__ import annotations

import hashlib
import os
import stat
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from cica_qa.errors import CicaError
from cica_qa.types import FileStamp

SUPPORTED_SUFFIXES = (".txt", ".md", ".html", ".htm", ".pdf", ".docx")
MAX_FILE_BYTES = 50 * 1024 * 1024
RACY_SECONDS = 2  # a file modified this recently when read gets no stamp: it is read next time


@dataclass(frozen=True)
class SourceFile:
    """A corpus file's name (relative to the corpus folder), bytes and their sha256, and its
    stamp (None when it was modified too recently to trust one)."""

    name: str
    data: bytes
    sha256: str
    stamp: FileStamp | None = None

    @property
    def suffix(self) -> str:
        """Lower-case extension with the dot, e.g. '.md'."""
        return Path(self.name).suffix.lower()


@dataclass(frozen=True)
class UnreadFile:
    """A corpus file not read again: its size and time are those of its recorded stamp."""

    name: str
    stamp: FileStamp

    @property
    def sha256(self) -> str:
        return self.stamp.sha256


@dataclass(frozen=True)
class Skipped:
    """A corpus file that was not ingested, and why."""

    name: str
    reason: str


@dataclass(frozen=True)
class Corpus:
    """The readable files of the corpus folder and the files passed over."""

    files: tuple[SourceFile | UnreadFile, ...]
    skipped: tuple[Skipped, ...]

    @property
    def hashes(self) -> dict[str, str]:
        """Each readable file's sha256, by name."""
        return {f.name: f.sha256 for f in self.files}

    @property
    def stamps(self) -> dict[str, FileStamp]:
        """Each file's stamp, by name, where it has one."""
        return {f.name: f.stamp for f in self.files if f.stamp is not None}


def load_corpus(corpus_dir: Path, known: Mapping[str, FileStamp] | None = None) -> Corpus:
    """Read every supported file below corpus_dir, in name order; hidden files are ignored.
    A file whose size and time match its `known` stamp is not read (an UnreadFile).

    What cannot be read is passed over with its reason, never followed out of the folder
    and never fatal: a link leading outside it or nowhere, a named pipe or device, a file
    or folder without read permission, a name that is not UTF-8.
    """
    if not corpus_dir.is_dir():
        raise CicaError(
            f"corpus folder {corpus_dir} does not exist: create it and add documents "
            f"({', '.join(SUPPORTED_SUFFIXES)}), or point CICA_CORPUS_DIR at one"
        )
    root = corpus_dir.resolve()
    files: list[SourceFile | UnreadFile] = []
    skipped: list[Skipped] = []
    names, unreadable = _visible_entries(root)
    for name in names:
        checked = check_file(root, name, (known or {}).get(name))
        (skipped if isinstance(checked, Skipped) else files).append(checked)
    skipped.extend(unreadable)
    return Corpus(tuple(files), tuple(sorted(skipped, key=lambda s: s.name.split("/"))))


def _visible_entries(root: Path) -> tuple[list[str], list[Skipped]]:
    """Names (posix, relative) of the entries below root outside hidden folders, sorted
    folder by folder, and the folders that could not be listed or are links (not followed).
    os.walk, not Path.rglob: at 5,000 files pathlib's objects cost more than reading them."""
    names: list[str] = []
    passed: list[Skipped] = []

    def unlistable(error: OSError) -> None:
        folder = os.path.relpath(error.filename, root).replace(os.sep, "/")
        passed.append(Skipped(folder + "/", f"folder cannot be read ({_why(error)})"))

    for folder, folders, entries in os.walk(root, onerror=unlistable):
        relative = os.path.relpath(folder, root).replace(os.sep, "/")
        prefix = "" if relative == "." else f"{relative}/"
        linked = [f for f in folders if os.path.islink(os.path.join(folder, f))]
        passed.extend(
            Skipped(f"{prefix}{f}/", "a symbolic link to a folder, not followed: copy it in")
            for f in linked
            if not f.startswith(".")
        )
        folders[:] = [f for f in folders if not f.startswith(".") and f not in linked]
        names.extend(f"{prefix}{f}" for f in entries if not f.startswith("."))
    return sorted(names, key=lambda name: name.split("/")), passed


def check_file(
    root: Path, name: str, known: FileStamp | None = None
) -> SourceFile | UnreadFile | Skipped:
    """The corpus file `name` below the (resolved) corpus folder `root` as read_file gives
    it, or not read (an UnreadFile) when its size and time are those of its `known` stamp."""
    found = _located(root, name)
    if isinstance(found, Skipped):
        return found
    target, status = found
    if (
        known is not None
        and known.size == status.st_size
        and known.mtime_ns == status.st_mtime_ns
        and os.access(target, os.R_OK)
    ):
        return UnreadFile(name, known)
    return _read(name, target, status)


def read_file(root: Path, name: str) -> SourceFile | Skipped:
    """The bytes of the corpus file `name` below the (resolved) corpus folder `root`, or why
    ingest passes over it (name, link, kind, type, size, permissions, emptiness)."""
    found = _located(root, name)
    return found if isinstance(found, Skipped) else _read(name, *found)


def _located(root: Path, name: str) -> tuple[Path, os.stat_result] | Skipped:
    """The file a corpus name leads to and its status, or why ingest passes over it."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return Skipped(name, "its name is not valid UTF-8: rename the file")
    if name.startswith("/") or ".." in name.split("/"):  # a name given from outside (viewer)
        return Skipped(name, "its name leads out of the corpus folder")
    path = target = root / name
    suffix = path.suffix.lower()
    try:
        status = os.lstat(path)  # one call for the common case: a file, not a link
        if stat.S_ISLNK(status.st_mode):
            target = path.resolve(strict=True)
            status = target.stat()
    except FileNotFoundError:
        return Skipped(name, "a symbolic link to nothing (its target is gone): fix or remove it")
    except (OSError, RuntimeError) as error:  # a link loop, a folder without permission
        return Skipped(name, f"cannot be opened ({_why(error)})")
    if target is not path and root not in target.parents:
        return Skipped(
            name, "a symbolic link to a file outside the corpus folder, not followed: copy it in"
        )
    if not stat.S_ISREG(status.st_mode):
        return Skipped(name, "not a regular file (a named pipe, socket or device)")
    if suffix not in SUPPORTED_SUFFIXES:
        return Skipped(name, f"unsupported type {suffix or '(no extension)'}")
    if status.st_size > MAX_FILE_BYTES:
        return Skipped(
            name,
            f"{status.st_size // (1024 * 1024)} MiB is over the {MAX_FILE_BYTES >> 20} MiB limit",
        )
    return target, status


def _read(name: str, target: Path, status: os.stat_result) -> SourceFile | Skipped:
    """The file's bytes and hash, stamped when it was modified long enough before."""
    read_at = time.time_ns()
    try:
        data = target.read_bytes()
    except OSError as error:
        return Skipped(name, f"cannot be read ({_why(error)}): check its permissions")
    if not data.strip():
        return Skipped(name, "empty file")
    sha256 = hashlib.sha256(data).hexdigest()
    settled = status.st_mtime_ns <= read_at - RACY_SECONDS * 1_000_000_000
    stamp = FileStamp(status.st_size, status.st_mtime_ns, sha256) if settled else None
    return SourceFile(name=name, data=data, sha256=sha256, stamp=stamp)


def _why(error: BaseException) -> str:
    """An OS error's reason without its path ("Permission denied")."""
    return getattr(error, "strerror", None) or str(error) or error.__class__.__name__
