"""Headless Chromium driven over the Chrome DevTools Protocol, and a live API.

``chromium`` is Debian's package (installed by ``.ci/run``); tests are skipped
with a clear reason when it is missing. The browser talks only to the
loopback API server started here (uvicorn in a thread, real embedded store
loaded with ``tests/fixtures/full``); it never reaches the internet.
"""

from __future__ import annotations

import base64
import itertools
import json
import os
import shutil
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import uvicorn
import websocket

from ecograph.api.app import create_app
from ecograph.settings import Settings
from ecograph.stores.falkordb.server import ServerState, ensure_server, stop_server
from ecograph.stores.falkordb.store import FalkorDBStore

ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts"
FIXTURE_FULL = Path(__file__).resolve().parents[1] / "fixtures" / "full"
GRAPH = "ecograph_browser"
DEMO_GRAPH = "ecograph_browser_demo"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-default-apps", "--window-size=1280,800", "--remote-debugging-port=0"]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


class Page:
    """One browser tab: navigate, evaluate JavaScript, collect errors, screenshot."""

    def __init__(self, ws_url: str) -> None:
        self._ws = websocket.create_connection(ws_url, timeout=30, suppress_origin=True)
        self._ids = itertools.count(1)
        self.errors: list[str] = []
        #: URLs the tab requested since the last :meth:`goto` (documents, frames, fetches…).
        self.requests: list[str] = []
        for method in ("Page.enable", "Runtime.enable", "Log.enable", "Network.enable"):
            self.send(method)

    def _event(self, message: dict[str, Any]) -> None:
        method, params = message.get("method"), message.get("params", {})
        if method == "Runtime.exceptionThrown":
            details = params.get("exceptionDetails", {})
            self.errors.append(str(details.get("exception", {}).get("description")
                                   or details.get("text")))
        elif method == "Runtime.consoleAPICalled" and params.get("type") == "error":
            self.errors.append(" ".join(str(a.get("value", a.get("description")))
                                        for a in params.get("args", [])))
        elif method == "Log.entryAdded" and params.get("entry", {}).get("level") == "error":
            entry = params["entry"]
            self.errors.append(f"{entry.get('text')} {entry.get('url', '')}".strip())
        elif method == "Network.requestWillBeSent":
            self.requests.append(str(params.get("request", {}).get("url")))

    def send(self, method: str, **params: Any) -> dict[str, Any]:
        """Call a CDP method and return its result (events seen meanwhile are recorded)."""
        ident = next(self._ids)
        self._ws.send(json.dumps({"id": ident, "method": method, "params": params}))
        while True:
            message = json.loads(self._ws.recv())
            if message.get("id") == ident:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                result: dict[str, Any] = message.get("result", {})
                return result
            self._event(message)

    def evaluate(self, expression: str) -> Any:
        """Value of a JavaScript expression in the page."""
        result = self.send("Runtime.evaluate", expression=expression, returnByValue=True)
        return result.get("result", {}).get("value")

    def goto(self, url: str) -> None:
        self.errors.clear()
        self.requests.clear()
        self.send("Page.navigate", url=url)

    def wait_for(self, expression: str, timeout: float = 20.0) -> Any:
        """Poll ``expression`` until truthy; return its value (or fail on timeout)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            value = self.evaluate(expression)
            if value:
                return value
            time.sleep(0.05)
        pytest.fail(f"timed out waiting for {expression!r}; errors: {self.errors}")

    def outside(self, base: str) -> list[str]:
        """Requests since the last :meth:`goto` that left the service at ``base``."""
        local = (base, "data:", "about:", "blob:")
        return [url for url in self.requests if not url.startswith(local)]

    def screenshot(self, name: str) -> Path:
        ARTIFACTS.mkdir(exist_ok=True)
        data = self.send("Page.captureScreenshot", format="png")["data"]
        path = ARTIFACTS / f"{name}.png"
        path.write_bytes(base64.b64decode(data))
        return path

    def close(self) -> None:
        self._ws.close()


@pytest.fixture(scope="session")
def chromium() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path is None:
        message = "chromium is not installed (Debian package 'chromium'; make test installs it)"
        if os.environ.get("CI"):
            pytest.fail(message)  # CI installs it: a missing browser there is a broken setup
        pytest.skip(message)
    return path


@pytest.fixture(scope="session")
def browser(chromium: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A headless Chromium; yields the DevTools HTTP base URL."""
    profile = tmp_path_factory.mktemp("chromium-profile")
    proc = subprocess.Popen([chromium, *FLAGS, f"--user-data-dir={profile}", "about:blank"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    port_file = profile / "DevToolsActivePort"
    deadline = time.monotonic() + 30
    while not port_file.exists() or not port_file.read_text().strip():
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            pytest.fail("chromium did not start")
        time.sleep(0.1)
    port = port_file.read_text().splitlines()[0]
    try:
        yield f"127.0.0.1:{port}"
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


@pytest.fixture
def page(browser: str) -> Iterator[Page]:
    """A fresh tab."""
    import urllib.request

    request = urllib.request.Request(f"http://{browser}/json/new?about:blank", method="PUT")
    with urllib.request.urlopen(request, timeout=10) as resp:
        target = json.loads(resp.read())
    tab = Page(target["webSocketDebuggerUrl"])
    try:
        yield tab
    finally:
        tab.close()
        urllib.request.urlopen(f"http://{browser}/json/close/{target['id']}", timeout=10).close()


@pytest.fixture(scope="session")
def browser_falkordb(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerState]:
    """One embedded FalkorDB server for the browser tests' graphs."""
    data_dir = tmp_path_factory.mktemp("browser-store")
    state: ServerState = ensure_server(data_dir)
    try:
        yield state
    finally:
        stop_server(data_dir)


def _loaded_store(state: ServerState, graph: str, folder: Path, name: str) -> FalkorDBStore:
    from ecograph.loaders import read_sources

    store = FalkorDBStore.connect(state.host, state.port, graph, password=state.password)
    rows = read_sources([folder], strict=False, source_name=name)
    store.load([dict(n) for n in rows.nodes], [dict(e) for e in rows.edges], source=name)
    return store


@pytest.fixture(scope="session")
def browser_store(browser_falkordb: ServerState) -> Iterator[FalkorDBStore]:
    """A graph loaded with ``tests/fixtures/full``."""
    store = _loaded_store(browser_falkordb, GRAPH, FIXTURE_FULL, "full")
    try:
        yield store
    finally:
        store.close()


@pytest.fixture(scope="session")
def demo_store(browser_falkordb: ServerState) -> Iterator[FalkorDBStore]:
    """A graph loaded with the shipped demo package (park ``P-YH`` and the others)."""
    from ecograph.resources import DEMO_DIR

    store = _loaded_store(browser_falkordb, DEMO_GRAPH, DEMO_DIR, "demo")
    try:
        yield store
    finally:
        store.close()


@pytest.fixture(scope="session")
def live_server(browser_store: FalkorDBStore) -> Iterator[str]:
    """The API on the ``full`` fixture (uvicorn in a thread); yields its base URL."""
    yield from _serve(browser_store, GRAPH)


@pytest.fixture(scope="session")
def demo_server(demo_store: FalkorDBStore) -> Iterator[str]:
    """The API on the demo data; yields its base URL."""
    yield from _serve(demo_store, DEMO_GRAPH)


def _serve(store: FalkorDBStore, graph: str) -> Iterator[str]:
    """Run the API on a free loopback port (uvicorn in a thread) while the caller needs it."""
    port = _free_port()
    app = create_app(Settings(graph_name=graph), store=store)
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port,
                                           log_level="warning", access_log=False))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline:
            pytest.fail("API server did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
