"""Real browsers for tests: Debian's Chromium, driven by Playwright, on pages served from localhost.

Playwright never downloads a browser here: it drives the system's Chromium (`/usr/bin/chromium`,
or STORYLINE_CHROMIUM). JavaScript libraries come from the npm registry through `npm pack`,
cached between runs. When a browser, Playwright or npm is missing, a test using them skips
saying why; STORYLINE_REQUIRE_BROWSER=1 (which `.ci/run` sets) turns that skip into a failure,
as STORYLINE_REQUIRE_POSTGRES does for PostgreSQL.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import tarfile
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, NoReturn

import pytest

REQUIRE_BROWSER = os.environ.get("STORYLINE_REQUIRE_BROWSER") == "1"

LAUNCH_ARGS = [
    "--headless",
    "--no-sandbox",  # tests run as root, where Chromium's sandbox cannot start
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    # Every host name but localhost fails to resolve: a page under test reaches nothing outside.
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1",
]


def unavailable(reason: str) -> NoReturn:
    """Skip, saying why, or fail when browser tests are mandatory."""
    if REQUIRE_BROWSER:
        pytest.fail(f"{reason}; STORYLINE_REQUIRE_BROWSER=1 makes browser tests mandatory")
    pytest.skip(f"{reason}; install Debian's chromium (apt-get install chromium) and npm to run it")


def chromium_path() -> str:
    """STORYLINE_CHROMIUM when set (and only it), else Debian's, else one on PATH."""
    chosen = os.environ.get("STORYLINE_CHROMIUM")
    candidates = [chosen] if chosen else ["/usr/bin/chromium", shutil.which("chromium")]
    for candidate in candidates:
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return candidate
    where = chosen or "/usr/bin/chromium or on PATH (STORYLINE_CHROMIUM names another)"
    unavailable(f"no Chromium at {where}")


def npm_package(spec: str, cache: Path) -> Path:
    """The unpacked `package/` folder of an npm package (`name@version`), fetched once into `cache`."""
    unpacked = cache / "package"
    if (unpacked / "package.json").is_file():
        return unpacked
    npm = shutil.which("npm")
    if npm is None:
        unavailable(f"npm is not installed, so {spec} cannot be fetched")
    with tempfile.TemporaryDirectory(dir=cache) as scratch:
        try:
            done = subprocess.run(
                [npm, "pack", spec, "--silent", "--pack-destination", scratch],
                capture_output=True,
                text=True,
                timeout=180,
                cwd=scratch,
            )
        except subprocess.TimeoutExpired:
            unavailable(f"`npm pack {spec}` took more than 3 minutes")
        tarballs = list(Path(scratch).glob("*.tgz"))
        if done.returncode != 0 or len(tarballs) != 1:
            unavailable(f"`npm pack {spec}` failed: {' '.join(done.stderr.split())[:300]}")
        with tarfile.open(tarballs[0]) as tar:
            if hasattr(tarfile, "data_filter"):  # refuses links and paths out of the folder
                tar.extractall(scratch, filter="data")
            else:  # Python 3.11 before 3.11.4 has no filters; the tarball is the registry's
                tar.extractall(scratch)
        # Moved into place whole, so an interrupted fetch never leaves half a package cached.
        Path(scratch, "package").rename(unpacked)
    return unpacked


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextmanager
def serve(folder: Path) -> Iterator[str]:
    """Serve `folder` over HTTP on 127.0.0.1 from a thread; yields the base URL (no trailing /)."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@contextmanager
def chromium(profile: Path, **options: Any) -> Iterator[Any]:
    """A headless Chromium context with a fresh profile in `profile`; yields Playwright's
    BrowserContext (`options`: Playwright's context options, e.g. java_script_enabled).
    Requests leaving 127.0.0.1 are refused and listed in `context.outside`."""
    executable = chromium_path()
    try:
        from playwright.sync_api import Error, sync_playwright
    except ImportError:
        unavailable("the playwright package is not installed (pip install -e '.[test]')")
    with sync_playwright() as pw:
        try:
            context = pw.chromium.launch_persistent_context(
                str(profile), executable_path=executable, headless=True, args=LAUNCH_ARGS, **options
            )
        except Error as exc:
            unavailable(f"Chromium at {executable} would not start: {' '.join(str(exc).split())[:300]}")
        outside: list[str] = []

        def only_local(route: Any) -> None:
            url = route.request.url
            if url.startswith(("http://127.0.0.1:", "data:", "blob:", "about:")):
                route.continue_()
            else:
                outside.append(url)
                route.abort()

        context.route("**/*", only_local)
        context.outside = outside
        try:
            yield context
        finally:
            context.close()
