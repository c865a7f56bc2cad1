import pytest

from crew.signals import station_changed


@pytest.fixture
def told():
    """The station ids `station_changed` is sent with, in order."""
    sent = []

    def receive(sender, station_id, **kwargs):
        sent.append(station_id)

    station_changed.connect(receive, dispatch_uid="tests.crew.told")
    yield sent
    station_changed.disconnect(dispatch_uid="tests.crew.told")
