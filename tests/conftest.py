"""Shared fixtures: the shipped graph, loaded once per test session, and the command line."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from naseigraph.graph import resource_dir
from naseigraph.store import load, load_store

FIXTURES = Path(__file__).parent / "fixtures"
# What a fixture may point at without defining it: the review, its parts, references, substances.
CONTEXT = [resource_dir("data") / f for f in ("review.ttl", "references.ttl", "substances.ttl")]


# The one rule for tools a test needs: found with shutil.which; a missing one fails the test
# under CI (CI=true, which .ci/run sets) and skips it elsewhere, saying why.
TOOLS = {
    "java": "HermiT and Pellet run in Java: apt-get install default-jre-headless",
    "gvpr": "Graphviz reads the DOT export back: apt-get install graphviz",
    "chromium": "the browser tests drive it: apt-get install chromium",
    "chromedriver": "the browser tests drive Chromium with it: apt-get install chromium-driver",
    "node": "the Cytoscape.js test loads an export in it: apt-get install nodejs",
    "npm": "the Cytoscape.js test installs cytoscape with it: apt-get install npm",
    "virtuoso-t": "the endpoint table is checked on it: apt-get install virtuoso-opensource",
    "isql-vt": "it lets the endpoint tests push: apt-get install virtuoso-opensource",
}


def need(*tools: str) -> list[str]:
    """The paths of `tools` (see TOOLS), or the test fails under CI and skips elsewhere."""
    found = [shutil.which(tool) for tool in tools]
    absent = [tool for tool, path in zip(tools, found, strict=True) if path is None]
    if absent:
        missing("; ".join(f"{tool} is not installed ({TOOLS[tool]})" for tool in absent))
    return found


def missing(why: str):
    """Something a test needs is not here: under CI the test fails, elsewhere it skips."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI: {why}")
    pytest.skip(why)


def pytest_configure(config):
    config.addinivalue_line("markers", "needs(*tools): the test runs these tools (conftest.TOOLS)")


@pytest.fixture(autouse=True)
def _needed_tools(request):
    for mark in request.node.iter_markers("needs"):
        need(*mark.args)


@pytest.fixture(scope="session")
def graph():
    return load()


@pytest.fixture(scope="session")
def store():
    return load_store()


@pytest.fixture(scope="session")
def hermit(store):
    """The session store with what HermiT infers, computed once per test run (some 18 s) in
    this fixture's setup, so the time shows as a setup, never inside one query's test; the
    inference module's cache then hands it to every query over inferred classes."""
    need("java")
    from naseigraph.inference import inferred_store

    return inferred_store(store, "hermit")


def naseigraph(*args, cwd=None, path="", timeout=None):
    """Run `python -m naseigraph ARGS` as a user would; PATH is empty unless a test needs a tool."""
    return subprocess.run(
        [sys.executable, "-m", "naseigraph", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=cwd,
        env={"COLUMNS": "100", "PATH": path},
        timeout=timeout,
    )


def one_line_exit_2(done, message):
    """A refusal as the README promises it: exit 2, one line naming the problem, no traceback."""
    assert done.returncode == 2, (done.stdout, done.stderr)
    assert done.stderr.count("\n") == 1 and message in done.stderr, done.stderr
    assert "Traceback" not in done.stderr


WAIT = 30  # seconds: the bound on every wait for a server to start
GENERATE = Path(__file__).parents[1] / "bench" / "generate.py"


def synthetic(out: Path, triples: int, seed: int) -> Path:
    """A graph of bench/generate.py's written to `out`: about `triples` with the shipped data."""
    command = [sys.executable, GENERATE, "--triples", str(triples), "--seed", str(seed), "-o", out]
    done = subprocess.run(command, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return out


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Served:
    """`naseigraph serve ARGS` on a free port, in its own session; yields (base URL, the line it
    printed). Java is on its PATH for the inferred graph (HermiT); it is always stopped."""

    def __init__(self, *args):
        self.port, self.args = free_port(), [str(a) for a in args]

    def __enter__(self):
        import os
        import threading

        command = [sys.executable, "-m", "naseigraph", "serve", "--port", str(self.port)]
        self.process = subprocess.Popen(
            [*command, *self.args],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env={"PATH": os.environ.get("PATH", ""), "COLUMNS": "100"},
            start_new_session=True,
        )
        lines: list[str] = []
        reader = threading.Thread(target=lambda: lines.append(self.process.stdout.readline()))
        reader.daemon = True
        reader.start()
        reader.join(WAIT)
        if not lines or not lines[0]:
            self.__exit__()
            raise AssertionError(
                f"`naseigraph serve` printed nothing: {self.process.stderr.read()}"
            )
        return f"http://127.0.0.1:{self.port}", lines[0]

    def __exit__(self, *exc):
        import os
        import signal

        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)  # only the group this test started
                self.process.wait(timeout=10)
        self.stderr = self.process.stderr.read()
        self.process.stdout.close()
        self.process.stderr.close()


FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--window-size=1600,900",
    # Belt and braces: no name resolves and every proxied request goes nowhere.
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
    "--proxy-server=http://127.0.0.1:9",
]


def chromium(*, offline: bool):
    """Chromium through chromedriver (Debian's packages: CI installs them; elsewhere a missing
    one skips). Offline, no request leaves; online, only loopback is reached: every name fails
    to resolve and every other host goes to a dead proxy. The performance log records every
    request, so a test can count those that left 127.0.0.1."""
    import tempfile

    chromium_path, driver_path = need("chromium", "chromedriver")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = chromium_path
    profile = tempfile.mkdtemp(prefix="naseigraph-chromium-")
    for flag in [*FLAGS, f"--user-data-dir={profile}"]:
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"performance": "ALL", "browser": "ALL"})
    driver = webdriver.Chrome(service=Service(driver_path), options=options)
    driver.execute_cdp_cmd("Network.enable", {})
    if offline:
        driver.execute_cdp_cmd(
            "Network.emulateNetworkConditions",
            {"offline": True, "latency": 0, "downloadThroughput": 0, "uploadThroughput": 0},
        )
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture(scope="session")
def site(tmp_path_factory):
    """The static copy of the workbench, as `naseigraph export site -o DIR` writes it."""
    import os

    folder = tmp_path_factory.mktemp("site") / "site"
    done = subprocess.run(
        [sys.executable, "-m", "naseigraph", "export", "site", "-o", str(folder)],
        capture_output=True,
        text=True,
        env={"PATH": os.environ.get("PATH", "")},  # Java, for the queries over inferred classes
        timeout=600,
    )
    assert done.returncode == 0 and done.stdout == f"wrote {folder}\n", done.stderr
    return folder
