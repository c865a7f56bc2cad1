"""What station data tells the rest of the product when it changes.

`station_changed` is sent, with the station's id, after a change to what schedules depend on (free windows,
modules and their closures, station events, crew members' caps), however it was made: the admin, the API, a
calendar import, a production file. Station data knows nothing of productions; scheduling listens and
re-checks the published schedules on that station.
"""

from django.dispatch import Signal

station_changed = Signal()  # kwargs: station_id
