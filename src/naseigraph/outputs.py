"""Where a command may write, and how: every `-o` goes through here (export, plot, reason, docs,
the store's record, the sentence inventory).

- Only regular files are written. A directory, a device, a FIFO or a socket at the path is
  refused in one line, before any work is done (`check_output`).
- A symlink is written through: its target is replaced atomically and the link stays a link.
  A link to something that is not a regular file (`/proc/self/fd/1`, `/dev/null`) is refused.
- The write is atomic: a temporary file beside the target, flushed to disk, renamed over it. A
  failure or Ctrl-C leaves the old file whole and no temporary behind.
- A replaced file keeps its permission bits (its owner is the writer's: a rename makes a new
  file); a new one gets the usual 0666 minus the umask.
- A file with more than one hard link is refused: a rename would silently split it from its
  other names, and writing it in place would not be atomic.
"""

from __future__ import annotations

import os
import shutil
import stat
import tempfile
from pathlib import Path

from naseigraph.graph import NaseigraphError

KINDS = {
    stat.S_ISDIR: "a directory",
    stat.S_ISCHR: "a character device",
    stat.S_ISBLK: "a block device",
    stat.S_ISFIFO: "a FIFO",
    stat.S_ISSOCK: "a socket",
}


def check_output(path: Path | str) -> Path:
    """The regular file that writing `path` replaces or creates (a symlink's target).

    Raises NaseigraphError, naming `path`, when it cannot be written; nothing is touched.
    """
    if not isinstance(path, str | os.PathLike):
        raise NaseigraphError(f"an output is a file's path, not {path!r}")
    path = Path(path)
    try:
        info = path.stat()  # follows symlinks: what a write would reach
    except FileNotFoundError:
        info = None
    except OSError as error:
        raise NaseigraphError(f"{path}: cannot write: {error.strerror}") from None
    if info is not None:
        for test, kind in KINDS.items():
            if test(info.st_mode):
                raise NaseigraphError(f"{path}: is {kind}; give the name of a regular file")
        if info.st_nlink > 1:
            raise NaseigraphError(
                f"{path}: has {info.st_nlink} hard links, which replacing it would split;"
                " remove the other links or write elsewhere"
            )
    target = Path(os.path.realpath(path)) if path.is_symlink() else path  # dangling: create it
    folder = target.parent
    if not folder.is_dir():
        raise NaseigraphError(f"{path}: no such directory {folder}")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise NaseigraphError(f"{path}: cannot write into {folder}: permission denied")
    return target


def check_folder(folder: Path | str) -> Path:
    """A folder to write files into: it exists (or its parent does) and may be written."""
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise NaseigraphError(f"{folder}: is not a directory")
    parent = folder if folder.is_dir() else folder.parent
    if not parent.is_dir():
        raise NaseigraphError(f"{folder}: no such directory {parent}")
    if not os.access(parent, os.W_OK | os.X_OK):
        raise NaseigraphError(f"{folder}: cannot write into {parent}: permission denied")
    return folder


def write_atomically(path: Path | str, content: str | bytes, *, mode: int | None = None) -> None:
    """Write `content` to `path` all or nothing (see the module's rules); `mode` forces the
    permission bits, else a replaced file keeps its own."""
    target = check_output(path)
    data = content.encode("utf-8") if isinstance(content, str) else content
    try:
        handle, temporary = tempfile.mkstemp(
            dir=target.parent, prefix=f".{target.name}.", suffix=".part"
        )
    except OSError as error:
        raise NaseigraphError(f"{path}: cannot write: {error.strerror}") from None
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())  # on disk before the rename, so a crash leaves old or new
        os.chmod(temporary, _mode(target) if mode is None else mode)
        os.replace(temporary, target)
    except OSError as error:
        Path(temporary).unlink(missing_ok=True)
        raise NaseigraphError(f"{path}: cannot write: {error.strerror}") from None
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _mode(target: Path) -> int:
    """The bits of the file being replaced; for a new file 0666 minus the umask (mkstemp's
    0600 would make a shared result private)."""
    try:
        return stat.S_IMODE(target.stat().st_mode)
    except FileNotFoundError:
        return 0o666 & ~_umask()


MARK = ".naseigraph-site"  # in a folder naseigraph wrote whole, which it may therefore replace


def write_folder(folder: Path | str, fill, *, mark: bool = True) -> Path:
    """Write a folder of files all or nothing: `fill(built)` writes them into a new folder
    beside `folder`, which then takes its place. An existing `folder` is replaced only if it is
    empty or naseigraph wrote it (it holds MARK); a failure or Ctrl-C leaves it as it was.
    With `mark` False, no MARK is left and only a new or empty `folder` is taken (a release,
    whose every file its checksums list, is never replaced)."""
    folder = check_folder(folder)
    if folder.is_dir() and any(folder.iterdir()) and not (mark and (folder / MARK).is_file()):
        held = "holds files naseigraph did not write" if mark else "is not empty"
        raise NaseigraphError(f"{folder}: {held}; give a new or empty folder")
    try:
        built = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", dir=folder.parent))
    except OSError as error:
        raise NaseigraphError(f"{folder}: cannot write: {error.strerror}") from None
    try:
        fill(built)
        if mark:
            (built / MARK).write_text("written by naseigraph; it replaces this folder whole\n")
        built.chmod(0o777 & ~_umask())
        _swap(built, folder)
    except OSError as error:
        shutil.rmtree(built, ignore_errors=True)
        raise NaseigraphError(f"{folder}: cannot write: {error.strerror}") from None
    except BaseException:
        shutil.rmtree(built, ignore_errors=True)
        raise
    return folder


def _swap(built: Path, folder: Path) -> None:
    """Put `built` where `folder` is: the old one is moved aside, and back if the move fails."""
    if not folder.exists():
        os.replace(built, folder)
        return
    aside = Path(tempfile.mkdtemp(prefix=f".{folder.name}.old.", dir=folder.parent))
    os.replace(folder, aside / folder.name)
    try:
        os.replace(built, folder)
    except OSError:
        os.replace(aside / folder.name, folder)
        raise
    finally:
        shutil.rmtree(aside, ignore_errors=True)


def _umask() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return umask
