"""Productions loaded for the director, with a published schedule where a page needs one."""

import pytest

from scheduling.models import Production, ScheduleVersion
from scheduling.production_file import production_document_check
from scheduling.services import production_import
from scheduling.solver import greedy
from scheduling.solving import production_problem, schedule_publish


def load(document: dict, director) -> Production:
    production_import(document=production_document_check(document), director=director)
    return Production.objects.get(code=document["production"]["code"])


def publish(production: Production, *, replan_from=None) -> ScheduleVersion:
    """A new version from the stripboard engine, in-process: no worker needed to render pages."""
    problem = production_problem(production=production, replan_from=replan_from)
    return schedule_publish(production=production, problem=problem, solution=greedy.solve(problem))


@pytest.fixture
def tiny(small_document, director) -> Production:
    return load(small_document, director)


@pytest.fixture
def tiny_scheduled(tiny) -> Production:
    publish(tiny)
    return tiny


@pytest.fixture
def challenge(demo_document, director) -> Production:
    production = load(demo_document, director)
    publish(production)
    return production


@pytest.fixture
def director_client(client, director):
    client.force_login(director)
    return client
