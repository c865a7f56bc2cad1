"""Rate limits hold across processes: two real gunicorn servers on the test database and the test Redis share
one count, taken in turns or all at once (125 writes on one process and more on another used to pass)."""

from __future__ import annotations

import http.client
import json
import sys
from concurrent.futures import ThreadPoolExecutor

import pytest
from rest_framework.authtoken.models import Token

from tests.conftest import _database_url
from tests.deploy.test_production_serving import HOST, serve

pytestmark = [pytest.mark.worker, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

WRITES_PER_MINUTE = 10  # the window is a minute: each part of the test is over in seconds


@pytest.fixture
def servers(redis_server, tmp_path):
    import os

    env = {
        **os.environ, "DATABASE_URL": _database_url(), "REDIS_URL": redis_server,
        "ORBITFILM_API_WRITES_PER_MINUTE": str(WRITES_PER_MINUTE), "DJANGO_DEBUG": "false",
    }
    started = [
        serve(lambda port: [sys.executable, "-m", "gunicorn", "orbitfilm.wsgi", "--bind", f"{HOST}:{port}",
                            "--workers", "1", "--threads", "8", "--no-control-socket"],
              env=env, log_path=tmp_path / f"gunicorn-{index}.log")
        for index in range(2)
    ]
    yield [port for _, port in started]
    for process, _ in started:
        process.stop()


def write(port: int, token: str, path: str) -> int:
    connection = http.client.HTTPConnection(HOST, port, timeout=120)
    connection.request("PATCH", path, body=json.dumps({"priority": 6}), headers={
        "Authorization": f"Token {token}", "Content-Type": "application/json",
    })
    status = connection.getresponse().status
    connection.close()
    return status


def test_writes_taken_in_turns_on_two_processes_share_one_limit(servers, director, small_document):
    from tests.api.conftest import import_production

    import_production(small_document, director=director)
    token = Token.objects.create(user=director).key
    statuses = [write(servers[turn % 2], token, "/api/productions/tiny/scenes/002/") for turn in range(WRITES_PER_MINUTE + 2)]
    assert statuses == [200] * WRITES_PER_MINUTE + [429, 429]


def test_writes_arriving_together_on_two_processes_never_exceed_the_limit(servers, other_director):
    """Forty at once, twenty on each server: exactly the limit pass (an unknown production: 404, no database
    write to wait for), the rest are refused. A count read and then written back would let more through."""
    token = Token.objects.create(user=other_director).key
    with ThreadPoolExecutor(max_workers=16) as pool:
        statuses = list(pool.map(lambda turn: write(servers[turn % 2], token, "/api/productions/nope/scenes/zzz/"), range(40)))
    assert sorted(statuses) == [404] * WRITES_PER_MINUTE + [429] * (40 - WRITES_PER_MINUTE)
