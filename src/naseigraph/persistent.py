"""A persistent Oxigraph store on disk: built once from the Turtle files, reused until they change.

Parsing Turtle is most of the time a command spends on a large graph; opening a built store
costs milliseconds. The folder holds `naseigraph-store.json` (what the store was built from:
each file's path, size and modification time; the pyoxigraph version, whose on-disk format is
not stable across minor versions; and LAYOUT) and the store itself, compacted once filled, in a
`store-*` subfolder. When the record no longer matches, a new store is built beside the old one
and swapped in by rewriting the record atomically, so a failed or interrupted build never leaves
a half-loaded store in use.

Builds take an exclusive lock (`.lock`, flock): a second command waits for the first build and
then uses it. A build killed outright leaves a `.building-*` folder; the next build, holding the
lock, knows nobody is using it and removes it, with stores the record no longer names. What
goes into a new store is the caller's (`fill`): naseigraph.store loads the files with it.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox

from naseigraph.graph import NaseigraphError

RECORD = "naseigraph-store.json"
LOCK = ".lock"
OURS = (RECORD, LOCK, ".building-*", "store-*", f".{RECORD}.*.part")  # what a store folder holds
Fill = Callable[[ox.Store], None]
LAYOUT = "compacted"  # how `build` leaves a store: optimized after its fill


def open_store(directory: Path | str, files: list[Path], fill: Fill) -> ox.Store:
    """The store built from `files` (by `fill`) in `directory`, read-only (several commands may
    share it)."""
    location = prepare(Path(directory), files, fill)
    try:
        return ox.Store.read_only(str(location))
    except OSError as error:
        raise NaseigraphError(f"{directory}: cannot open the store: {error}") from None


def prepare(directory: Path, files: list[Path], fill: Fill) -> Path:
    """The folder of an up-to-date store for `files` inside `directory`, built by `fill` when
    needed."""
    wanted = fingerprint(files)
    current = _current(directory, wanted)
    if current is not None:
        if any(directory.glob(".building-*")):  # a killed build's leftovers: tidy, if no one builds
            with _locked(directory, wait=False) as held:
                if held:
                    _remove_leftovers(directory)
        return current
    with _locked(directory):
        current = _current(directory, wanted)  # another command may have built it meanwhile
        if current is not None:
            return current
        _remove_leftovers(directory)
        return build(directory, fill, wanted)


def _current(directory: Path, wanted: dict) -> Path | None:
    """The store the record names, if it was built from `wanted`; refuses a foreign folder."""
    record = _read_record(directory)
    if record is None and directory.is_dir():
        foreign = [p.name for p in directory.iterdir() if not _ours(p.name)]
        if foreign:
            raise NaseigraphError(
                f"{directory}: not a naseigraph store (the folder holds other files, such as"
                f" {sorted(foreign)[0]}); give a new or empty folder"
            )
    if record is not None and record.get("sources") == wanted:
        location = directory / record["store"]
        if location.is_dir():
            return location
    return None


def _ours(name: str) -> bool:
    from fnmatch import fnmatch

    return any(fnmatch(name, pattern) for pattern in OURS)


@contextlib.contextmanager
def _locked(directory: Path, *, wait: bool = True):
    """Hold the folder's build lock, waiting for another build to finish (or, without `wait`,
    yield False at once where another process holds it)."""
    try:
        directory.mkdir(parents=True, exist_ok=True)
        handle = os.open(directory / LOCK, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as error:
        raise NaseigraphError(f"{directory}: cannot create the store: {error.strerror}") from None
    try:
        try:  # released by the kernel if this process dies
            fcntl.flock(handle, fcntl.LOCK_EX if wait else fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        yield True
    finally:
        os.close(handle)


def _remove_leftovers(directory: Path) -> None:
    """Folders of builds that were killed: nobody builds while this process holds the lock."""
    import shutil  # shutil, tempfile and uuid only where a store is built or tidied: 8 ms

    for leftover in directory.glob(".building-*"):
        shutil.rmtree(leftover, ignore_errors=True)


def fingerprint(files: list[Path]) -> dict:
    """What a store depends on: each file's path, size and mtime, and the store format (the
    pyoxigraph version, and LAYOUT: a store built before its stores were compacted is rebuilt
    once)."""
    sources = []
    for path in files:
        stat = Path(path).stat()
        sources.append([str(Path(path).resolve()), stat.st_size, stat.st_mtime_ns])
    # the version importlib.metadata reads, without its 30 ms
    return {"pyoxigraph": ox.__version__, "layout": LAYOUT, "files": sources}


def build(directory: Path, fill: Fill, sources: dict) -> Path:
    """`fill` a new store beside the current one, then switch the record to it."""
    import shutil
    import tempfile
    import uuid

    try:
        directory.mkdir(parents=True, exist_ok=True)
        building = Path(tempfile.mkdtemp(prefix=".building-", dir=directory))
    except OSError as error:
        raise NaseigraphError(f"{directory}: cannot create the store: {error}") from None
    try:
        store = ox.Store(str(building))
        fill(store)
        # compacted once, as pyoxigraph advises after a bulk load: queries read fewer files,
        # 0.56-0.94x the time at 1M triples for about 1 s of build (bench/compaction.md)
        store.optimize()
        store.flush()
        del store  # closes the database, so it can be renamed and opened read-only
        location = directory / f"store-{uuid.uuid4().hex[:12]}"
        building.chmod(0o755)
        building.rename(location)
        _write_record(directory, {"store": location.name, "sources": sources})
    except OSError as error:
        shutil.rmtree(building, ignore_errors=True)
        raise NaseigraphError(f"{directory}: cannot build the store: {error}") from None
    except BaseException:  # a bad file or an interrupt: nothing half-built stays behind
        shutil.rmtree(building, ignore_errors=True)
        raise
    _remove_old(directory, keep=location.name)
    return location


def _read_record(directory: Path) -> dict | None:
    try:
        record = json.loads((directory / RECORD).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return record if isinstance(record, dict) and "store" in record else None


def _write_record(directory: Path, record: dict) -> None:
    from naseigraph.outputs import write_atomically

    # 0644: a store may be shared with other users, whatever the umask of its builder
    write_atomically(directory / RECORD, json.dumps(record, indent=1), mode=0o644)


def _remove_old(directory: Path, keep: str) -> None:
    """Delete stores the record no longer names (best effort: a reader may still hold one)."""
    import shutil

    for old in directory.glob("store-*"):
        if old.name != keep:
            shutil.rmtree(old, ignore_errors=True)
