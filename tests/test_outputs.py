"""Every `-o` writes a regular file atomically, refuses what is not one, and keeps the mode."""

from __future__ import annotations

import os
import stat
import subprocess
import sys

import pytest
from conftest import one_line_exit_2

from naseigraph.graph import NaseigraphError
from naseigraph.outputs import check_folder, check_output, write_atomically


def naseigraph(*args, cwd=None):
    command = [sys.executable, "-m", "naseigraph", *map(str, args)]
    return subprocess.run(command, capture_output=True, text=True, cwd=cwd, check=False)


def test_a_fifo_is_refused_and_stays_a_fifo(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    one_line_exit_2(naseigraph("export", "json", "-o", fifo), "is a FIFO")
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


def test_a_device_is_refused_and_stays_a_device():
    with pytest.raises(NaseigraphError, match="/dev/full: is a character device"):
        write_atomically("/dev/full", "{}")
    assert stat.S_ISCHR(os.stat("/dev/full").st_mode)


@pytest.mark.parametrize("command", [("export", "json"), ("reason", "--reasoner", "rl")])
def test_a_directory_is_refused_in_one_line(tmp_path, command):
    one_line_exit_2(naseigraph(*command, "-o", tmp_path), "is a directory")


def test_a_symlink_to_a_stream_is_refused(tmp_path):
    link = tmp_path / "out"
    link.symlink_to("/dev/null")
    with pytest.raises(NaseigraphError, match="is a character device"):
        check_output(link)
    assert link.is_symlink()


def test_a_symlink_is_written_through_and_stays_a_link(tmp_path):
    target = tmp_path / "real.json"
    target.write_text("old")
    link = tmp_path / "link.json"
    link.symlink_to(target.name)
    write_atomically(link, "new")
    assert link.is_symlink() and target.read_text() == "new"
    dangling = tmp_path / "dangling.json"
    dangling.symlink_to("made.json")
    write_atomically(dangling, "made")
    assert dangling.is_symlink() and (tmp_path / "made.json").read_text() == "made"
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "dangling.json",
        "link.json",
        "made.json",
        "real.json",
    ]


def test_a_replaced_file_keeps_its_mode(tmp_path):
    target = tmp_path / "private.json"
    target.write_text("old")
    target.chmod(0o600)
    done = naseigraph("export", "json", "--view", "precursor-phase", "-o", target)
    assert done.returncode == 0, done.stderr
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert target.read_text().startswith("{")


def test_a_new_file_gets_the_umask_mode(tmp_path):
    umask = os.umask(0o022)
    try:
        write_atomically(tmp_path / "new.txt", "x")
    finally:
        os.umask(umask)
    assert stat.S_IMODE((tmp_path / "new.txt").stat().st_mode) == 0o644


def test_a_hard_link_is_never_split_silently(tmp_path):
    first = tmp_path / "a.json"
    first.write_text("shared")
    os.link(first, tmp_path / "b.json")
    with pytest.raises(NaseigraphError, match="has 2 hard links"):
        write_atomically(first, "new")
    assert (tmp_path / "b.json").read_text() == "shared" and first.stat().st_nlink == 2


def test_a_read_only_folder_is_refused_before_the_work(tmp_path, monkeypatch):
    """Checked with os.access, which the tests fake: CI runs as root, who may write anywhere."""
    from naseigraph import cli, docs, inference

    def denied(path, mode):
        return False

    def never(*args, **kwargs):
        raise AssertionError("the reasoner ran before the target was checked")

    monkeypatch.setattr(os, "access", denied)
    monkeypatch.setattr(inference, "reason", never)
    monkeypatch.setattr(inference, "materialise", never)
    assert cli.main(["reason", "--reasoner", "rl", "-o", str(tmp_path / "x.ttl")]) == 2
    with pytest.raises(NaseigraphError, match="permission denied"):
        docs.write_docs(tmp_path / "reference")
    with pytest.raises(NaseigraphError, match="permission denied"):
        check_folder(tmp_path / "reference")
    assert list(tmp_path.iterdir()) == []


def test_a_folder_is_written_whole_and_replaces_only_its_own_kind(tmp_path):
    from naseigraph.outputs import write_folder

    target = tmp_path / "site"
    write_folder(target, lambda built: (built / "a.html").write_text("first"))
    write_folder(target, lambda built: (built / "b.html").write_text("second"))
    assert sorted(p.name for p in target.iterdir()) == [".naseigraph-site", "b.html"]

    def failing(built):
        (built / "c.html").write_text("half")
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        write_folder(target, failing)
    assert (target / "b.html").read_text() == "second" and not (target / "c.html").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]  # nothing left beside it
